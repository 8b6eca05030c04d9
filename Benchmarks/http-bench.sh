#!/usr/bin/env bash
# HTTP throughput/latency benchmark: our hand-rolled HTTP/1.1 server against nginx.
#
# Both servers get one core (CPU 0) and one event loop / worker process, and the load
# generator (wrk) gets the other core (CPU 1), so the comparison is "one core of ours"
# against "one core of nginx" without the client stealing cycles from either.
#
# Usage (from anywhere; `make bench` calls it from the repo root):
#   bash Benchmarks/http-bench.sh
# Environment:
#   DURATION=10   seconds of each measured wrk run (a 2 s warm-up run precedes each)
#   OUT_DIR=...   where raw wrk outputs and the summary go (default: <repo>/bench-out)
#   Z2K_BIN=...   benchmark this binary instead of building the release one
#   STRICT=1      exit 1 when a goal is missed (default: report only, exit 0)
#
# Goals: ours/nginx req/s >= 0.7 and ours/nginx p99 latency <= 1.5.
#
# Needs root on Debian 12 only to apt-get install what is missing (wrk, nginx, curl).
set -euo pipefail
# Also fail inside $(...), so a failed build or parse cannot pass as an old result.
shopt -s inherit_errexit

readonly DURATION="${DURATION:-10}"
readonly WARMUP_SECONDS=2
readonly CONNECTIONS=64
readonly READY_TIMEOUT_SECONDS=10
readonly GOAL_RPS_RATIO=0.7
readonly GOAL_P99_RATIO=1.5

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A relative OUT_DIR means relative to where the caller stands, as one would expect;
# the default lives in the repo root, where bench-out/ is git-ignored.
if [[ -n "${OUT_DIR:-}" ]]; then
    mkdir -p "$OUT_DIR"
    OUT_DIR="$(cd "$OUT_DIR" && pwd)"
else
    OUT_DIR="$ROOT/bench-out"
fi
cd "$ROOT"

# --- state the cleanup trap needs (everything we start is recorded here) -----------------
WORK_DIR=""            # temp dir: nginx prefix/config/logs, sqlite db, server log
PIDS=()                # processes we started, stopped by pid on exit
POLICY_RC_CREATED=0    # 1 if we wrote /usr/sbin/policy-rc.d and must remove it

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Stops what we started, by pid, whatever happened (normal end, error, Ctrl-C).
cleanup() {
    local status=$?
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    # Give each a bounded time to go (our server drains; nginx exits fast), then force it.
    for pid in "${PIDS[@]}"; do
        local i
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
    if ((POLICY_RC_CREATED)); then
        rm -f /usr/sbin/policy-rc.d
    fi
    if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
        rm -rf "$WORK_DIR"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. tools ------------------------------------------------------------------------------

# Installs wrk, nginx and curl with apt if missing; `apt-get update` only when needed.
install_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    # nginx lives in /usr/sbin, which may be off a non-root PATH: ask dpkg as well.
    if ! command -v nginx >/dev/null 2>&1 && ! dpkg -s nginx >/dev/null 2>&1; then
        missing+=(nginx)
    fi
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
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
}

nginx_bin() {
    command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } ||
        die "nginx is installed but its binary was not found"
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

# Starts our server on CPU 0 with one event loop on an OS-chosen port (port 0, so no race
# with other processes for a port), and sets OURS_PORT from its "listening" log line.
start_ours() {
    local bin=$1 logfile="$WORK_DIR/z2k.log" deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    LISTEN=127.0.0.1:0 EVENT_LOOPS=1 DATABASE_URL="sqlite:$WORK_DIR/z.db" \
        taskset -c 0 "$bin" serve >"$logfile" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    OURS_PORT=""
    while ((SECONDS < deadline)) && [[ -z "$OURS_PORT" ]]; do
        kill -0 "$pid" 2>/dev/null || break
        OURS_PORT=$(sed -n '/"msg":"listening"/s/.*"listen\.port":\([0-9][0-9]*\).*/\1/p' "$logfile" | head -n1)
        [[ -n "$OURS_PORT" ]] || sleep 0.1
    done
    if [[ -z "$OURS_PORT" ]] || ! wait_ready zoom2kaltura "$pid" "http://127.0.0.1:$OURS_PORT/healthz"; then
        log "zoom2kaltura failed to start; its log:"
        cat "$logfile" >&2
        exit 1
    fi
    log "zoom2kaltura pid $pid on 127.0.0.1:$OURS_PORT"
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

# Runs a discarded warm-up, then the measured run; the raw output goes to OUT_DIR/NAME.txt.
run_wrk() {
    local name=$1 url=$2
    log "$name: warm-up ${WARMUP_SECONDS}s"
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" "$url" >"$WORK_DIR/$name-warmup.txt" ||
        { cat "$WORK_DIR/$name-warmup.txt" >&2; die "wrk warm-up against $name failed"; }
    log "$name: measuring ${DURATION}s against $url"
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$OUT_DIR/$name.txt" ||
        { cat "$OUT_DIR/$name.txt" >&2; die "wrk against $name failed"; }
    # Errors make the figures meaningless (e.g. a server answering 5xx very fast): say so.
    if grep -Eq 'Non-2xx|Socket errors' "$OUT_DIR/$name.txt"; then
        log "warning: $name had errors:"
        grep -E 'Non-2xx|Socket errors' "$OUT_DIR/$name.txt" >&2
    fi
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

# Prints the table, the ratios and the verdict; returns 1 if a goal is missed.
report() {
    local ours_rps=$1 ours_p50=$2 ours_p99=$3 nginx_rps=$4 nginx_p50=$5 nginx_p99=$6
    awk -v or="$ours_rps" -v o50="$ours_p50" -v o99="$ours_p99" \
        -v nr="$nginx_rps" -v n50="$nginx_p50" -v n99="$nginx_p99" \
        -v gr="$GOAL_RPS_RATIO" -v gp="$GOAL_P99_RATIO" -v dur="$DURATION" -v c="$CONNECTIONS" 'BEGIN {
        printf "wrk -t1 -c%d -d%ss, servers on CPU 0 (1 loop/worker), wrk on CPU 1\n\n", c, dur
        printf "%-14s %12s %10s %10s\n", "target", "req/s", "p50 ms", "p99 ms"
        printf "%-14s %12.0f %10.3f %10.3f\n", "zoom2kaltura", or, o50, o99
        printf "%-14s %12.0f %10.3f %10.3f\n", "nginx", nr, n50, n99
        rr = (nr > 0) ? or / nr : 0
        pr = (n99 > 0) ? o99 / n99 : 999
        rok = (rr >= gr); pok = (pr <= gp)
        printf "\nours/nginx req/s: %.2f (goal >= %s): %s\n", rr, gr, rok ? "met" : "NOT met"
        printf "ours/nginx p99:   %.2f (goal <= %s): %s\n", pr, gp, pok ? "met" : "NOT met"
        printf "goals: %s\n", (rok && pok) ? "met" : "NOT met"
        exit (rok && pok) ? 0 : 1
    }'
}

# The 1-minute load average and the runnable/total task counts, from /proc/loadavg.
load_average() {
    awk '{ print $1 " (runnable/tasks " $4 ")" }' /proc/loadavg 2>/dev/null || echo unknown
}

main() {
    [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
    # Pinning needs two CPUs we may run on: 0 for the servers, 1 for wrk.
    taskset -c 0,1 true 2>/dev/null || die "CPUs 0 and 1 must both be available (taskset -c 0,1 failed)"

    install_tools
    local bin
    bin=$(server_binary)
    mkdir -p "$OUT_DIR"
    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/http-bench.XXXXXX")

    LOAD_BEFORE=$(load_average)
    start_ours "$bin"
    start_nginx

    run_wrk zoom2kaltura "http://127.0.0.1:$OURS_PORT/healthz"
    run_wrk nginx "http://127.0.0.1:$NGINX_PORT/"

    local ours nginx verdict=0
    ours=$(parse_wrk "$OUT_DIR/zoom2kaltura.txt")
    nginx=$(parse_wrk "$OUT_DIR/nginx.txt")
    # shellcheck disable=SC2086 # word splitting of "RPS P50 P99" is intended
    report $ours $nginx >"$OUT_DIR/summary.txt" || verdict=1
    # Other work on the machine skews a one-core comparison: leave a trace of it.
    echo "load average before: $LOAD_BEFORE; after: $(load_average)" >>"$OUT_DIR/summary.txt"
    cat "$OUT_DIR/summary.txt"
    log "raw wrk outputs and summary in $OUT_DIR/"
    if ((verdict)) && [[ "${STRICT:-0}" == 1 ]]; then
        exit 1
    fi
}

main "$@"
