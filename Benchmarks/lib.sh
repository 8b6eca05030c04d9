# shellcheck shell=bash disable=SC2034 # OURS_PID and the like are read by the sourcing scripts
# Shared helpers of the benchmark scripts (http-bench.sh, webhook-bench.sh): sourced, not run.
#
# The caller sets `set -euo pipefail` and `shopt -s inherit_errexit` first, sources this file,
# then calls `bench_init` (paths, cleanup trap). Everything a script starts is recorded in PIDS
# and stopped by pid on exit; everything it writes outside OUT_DIR lives in WORK_DIR.
#
# Environment read here (the scripts document it in their usage text):
#   DURATION=10   seconds of each measured wrk run (a 2 s warm-up run precedes each)
#   OUT_DIR=...   where raw outputs and the summary go (default: <repo>/bench-out)
#   Z2K_BIN=...   benchmark this binary instead of building the release one

readonly DURATION="${DURATION:-10}"
readonly WARMUP_SECONDS=2
readonly CONNECTIONS=64
readonly READY_TIMEOUT_SECONDS=10

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BENCH_ROOT

# --- state the cleanup trap needs (everything we start is recorded here) -----------------
WORK_DIR=""            # temp dir: nginx prefix/config/logs, sqlite db, server logs, payloads
PIDS=()                # processes we started, stopped by pid on exit
POLICY_RC_CREATED=0    # 1 if we wrote /usr/sbin/policy-rc.d and must remove it
OURS_ENV=()            # extra NAME=VALUE environment for start_ours
# Set by start_ours for the caller: the port of the server it started, and the pid it got.
OURS_PORT=""
OURS_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Resolves OUT_DIR, moves to the repo root and installs the cleanup trap.
bench_init() {
    # A relative OUT_DIR means relative to where the caller stands, as one would expect;
    # the default lives in the repo root, where bench-out/ is git-ignored.
    if [[ -n "${OUT_DIR:-}" ]]; then
        mkdir -p "$OUT_DIR"
        OUT_DIR="$(cd "$OUT_DIR" && pwd)"
    else
        OUT_DIR="$BENCH_ROOT/bench-out"
    fi
    cd "$BENCH_ROOT" || exit 1
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Creates WORK_DIR (removed on exit) and OUT_DIR. NAME names the temp dir.
make_dirs() {
    mkdir -p "$OUT_DIR"
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
}

# Sends SIGTERM to each PID, gives each a bounded time to go (our server drains; nginx exits
# fast), then SIGKILL; reaps them. Only pids of our own children belong here.
stop_pids() {
    local pid i
    for pid in "$@"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "$@"; do
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid did not stop on SIGTERM; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
}

# Drops PID from PIDS once it has been reaped, so that the exit trap cannot signal a
# recycled pid that is no longer ours.
forget_pid() {
    local gone=$1 kept=() pid
    for pid in "${PIDS[@]}"; do
        [[ "$pid" == "$gone" ]] || kept+=("$pid")
    done
    PIDS=("${kept[@]}")
}

# Stops what we started, by pid, whatever happened (normal end, error, Ctrl-C).
cleanup() {
    local status=$?
    stop_pids "${PIDS[@]}"
    if ((POLICY_RC_CREATED)); then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
        rm -rf "$WORK_DIR"
    fi
    exit "$status"
}

# --- 1. tools ------------------------------------------------------------------------------

# The Debian package that provides command CMD.
package_of() {
    case $1 in
        taskset) echo util-linux ;;
        node) echo nodejs ;;
        *) echo "$1" ;;
    esac
}

# True if CMD is on PATH or in an sbin directory (nginx lives in /usr/sbin, which may be off a
# non-root PATH).
have_command() {
    command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" || -x "/sbin/$1" ]]
}

# Installs the packages of the commands CMD... that are missing with apt; `apt-get update`
# only when something is missing.
install_tools() {
    local missing=() cmd
    for cmd in "$@"; do
        have_command "$cmd" || missing+=("$(package_of "$cmd")")
    done
    ((${#missing[@]} == 0)) && return 0

    [[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}; run as root (or install them) so apt-get can add them"
    log "installing: ${missing[*]}"
    # The nginx package would start a system-wide nginx on :80; we only want the binary.
    # policy-rc.d exit 101 tells invoke-rc.d/deb-systemd-invoke not to start services.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if ((POLICY_RC_CREATED)); then
        rm -f /usr/sbin/policy-rc.d
        POLICY_RC_CREATED=0
    fi
    for cmd in "$@"; do
        have_command "$cmd" || die "installed $(package_of "$cmd") but '$cmd' is still not found"
    done
}

nginx_bin() {
    command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } ||
        die "nginx is installed but its binary was not found"
}

# Dies unless DURATION is a whole number of seconds and CPUs 0 and 1 are both ours to use.
check_basics() {
    [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
    # Pinning needs two CPUs we may run on: 0 for the servers, 1 for wrk.
    taskset -c 0,1 true 2>/dev/null || die "CPUs 0 and 1 must both be available (taskset -c 0,1 failed)"
}

# --- 2. our binary ---------------------------------------------------------------------------

# Prints the path of the server binary, building the release product unless Z2K_BIN is given.
server_binary() {
    if [[ -n "${Z2K_BIN:-}" ]]; then
        # A typo in Z2K_BIN should not silently benchmark a fresh build instead.
        [[ -x "$Z2K_BIN" ]] || die "Z2K_BIN=$Z2K_BIN is not an executable file"
        echo "$Z2K_BIN"
        return
    fi
    log "building the release binary (may wait for another build's lock)"
    swift build -c release --product zoom2kaltura >&2 || die "swift build failed"
    echo "$(swift build -c release --product zoom2kaltura --show-bin-path)/zoom2kaltura"
}

# --- 3. servers ------------------------------------------------------------------------------

# Polls URL until it answers 2xx, the process PID dies, or the timeout passes.
wait_ready() {
    local name=$1 pid=$2 url=$3 deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 1
        curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
        sleep 0.1
    done
    log "$name did not answer $url within ${READY_TIMEOUT_SECONDS}s"
    return 1
}

# start_ours NAME DB COMMAND...: runs `COMMAND serve` (COMMAND ends with our binary, e.g.
# `taskset -c 0 BIN`) with one event loop on an OS-chosen port (port 0, so no race with other
# processes for a port), SQLite at DB and the extra environment OURS_ENV. The log goes to
# WORK_DIR/NAME.log. Sets OURS_PORT from its "listening" log line and OURS_PID (the pid of
# COMMAND: the server itself unless COMMAND is a wrapper that forks, such as strace).
start_ours() {
    local name=$1 db=$2
    shift 2
    local logfile="$WORK_DIR/$name.log" deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    env LISTEN=127.0.0.1:0 EVENT_LOOPS=1 DATABASE_URL="sqlite:$db" "${OURS_ENV[@]}" \
        "$@" serve >"$logfile" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    OURS_PID=$pid
    OURS_PORT=""
    while ((SECONDS < deadline)) && [[ -z "$OURS_PORT" ]]; do
        kill -0 "$pid" 2>/dev/null || break
        OURS_PORT=$(sed -n '/"msg":"listening"/s/.*"listen\.port":\([0-9][0-9]*\).*/\1/p' "$logfile" | head -n1)
        [[ -n "$OURS_PORT" ]] || sleep 0.1
    done
    if [[ -z "$OURS_PORT" ]] || ! wait_ready "$name" "$pid" "http://127.0.0.1:$OURS_PORT/healthz"; then
        log "$name failed to start; its log:"
        cat "$logfile" >&2
        exit 1
    fi
    log "$name pid $pid on 127.0.0.1:$OURS_PORT"
}

# True if something accepts connections on 127.0.0.1:PORT (bash's /dev/tcp: no extra tools).
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts nginx (one worker, CPU 0, throwaway prefix) on a free port; sets NGINX_PORT.
# nginx cannot be told port 0 and report it, so we pick an unused port below the
# ephemeral range and retry with another if the bind still loses a race.
start_nginx() {
    local nginx prefix="$WORK_DIR/nginx" attempt port pid
    nginx=$(nginx_bin)
    mkdir -p "$prefix/logs" "$prefix/tmp"
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 10000))
        port_in_use "$port" && continue
        write_nginx_conf "$prefix" "$port"
        # -e: the startup error log, opened before the config is read (default is /var/log).
        taskset -c 0 "$nginx" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" \
            >"$prefix/logs/stdout.log" 2>&1 &
        pid=$!
        if wait_ready nginx "$pid" "http://127.0.0.1:$port/"; then
            PIDS+=("$pid")
            NGINX_PORT=$port
            log "nginx pid $pid on 127.0.0.1:$NGINX_PORT"
            return 0
        fi
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        log "nginx attempt $attempt on port $port failed:"
        cat "$prefix/logs/error.log" "$prefix/logs/stdout.log" >&2 2>/dev/null || true
    done
    die "could not start nginx"
}

write_nginx_conf() {
    local prefix=$1 port=$2
    cat >"$prefix/nginx.conf" <<EOF
# Throwaway config for the benchmark: one worker, no logging, a fixed tiny answer.
daemon off;
master_process on;
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    access_log off;
    # Keep-alive must not be cut mid-run (the default closes after 1000 requests).
    keepalive_requests 1000000;
    keepalive_timeout 65s;
    # A POSTed body (webhook-bench.sh sends ~1 KiB) is read in memory, never spooled to disk;
    # 'return' reads and discards it before answering, so the connection stays usable.
    client_body_buffer_size 64k;
    # Everything nginx may write stays in the temp dir, not under /var/lib/nginx.
    client_body_temp_path $prefix/tmp/client_body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;

    server {
        listen 127.0.0.1:$port;
        location / {
            return 200 "ok";
        }
    }
}
EOF
}

# --- 4. load ---------------------------------------------------------------------------------

# wrk_once OUTFILE SECONDS ARG...: one wrk run on CPU 1 (-t1, CONNECTIONS connections,
# --latency); ARG... are further wrk options and the URL. Dies if wrk fails.
wrk_once() {
    local out=$1 seconds=$2
    shift 2
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" >"$out" 2>&1 ||
        { cat "$out" >&2; die "wrk $* failed"; }
}

# run_wrk NAME ARG...: a discarded warm-up, then the measured run, both with the wrk
# arguments ARG... (further options, the URL, and script arguments after --); the raw output
# of the measured run goes to OUT_DIR/NAME.txt.
run_wrk() {
    local name=$1
    shift
    log "$name: warm-up ${WARMUP_SECONDS}s"
    wrk_once "$WORK_DIR/$name-warmup.txt" "$WARMUP_SECONDS" "$@"
    log "$name: measuring ${DURATION}s: wrk $*"
    wrk_once "$OUT_DIR/$name.txt" "$DURATION" "$@"
    warn_wrk_errors "$name" "$OUT_DIR/$name.txt"
}

# Errors make the figures meaningless (e.g. a server answering 5xx very fast): say so.
warn_wrk_errors() {
    local name=$1 file=$2
    if grep -Eq 'Non-2xx|Socket errors' "$file"; then
        log "warning: $name had errors:"
        grep -E 'Non-2xx|Socket errors' "$file" >&2
    fi
}

# The number of non-2xx/3xx answers in a wrk output (0 when wrk printed no such line).
wrk_non2xx() {
    awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$1"
}

# The number of requests completed in a wrk run ("N requests in Xs").
wrk_requests() {
    awk '$2 == "requests" && $3 == "in" { print $1 }' "$1"
}

# Converts a wrk duration (e.g. 812.00us, 1.23ms, 2.01s, 1.00m) to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (match(v, /^[0-9.]+/) == 0) { print "NaN"; exit 1 }
        n = substr(v, 1, RLENGTH); u = substr(v, RLENGTH + 1)
        if (u == "us") f = 0.001; else if (u == "ms") f = 1; else if (u == "s") f = 1000
        else if (u == "m") f = 60000; else if (u == "h") f = 3600000; else { print "NaN"; exit 1 }
        printf "%.3f", n * f
    }'
}

# Prints "RPS P50_MS P99_MS" parsed from a wrk --latency output file.
parse_wrk() {
    local file=$1 rps p50 p99
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(awk '$1 == "50%" { print $2 }' "$file")
    p99=$(awk '$1 == "99%" { print $2 }' "$file")
    [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || die "could not parse wrk output $file"
    echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}

# --- 5. report -------------------------------------------------------------------------------

# The 1-minute load average and the runnable/total task counts, from /proc/loadavg.
load_average() {
    awk '{ print $1 " (runnable/tasks " $4 ")" }' /proc/loadavg 2>/dev/null || echo unknown
}
