#!/usr/bin/env bash
# Signed-webhook throughput: POST /webhooks/zoom with real, correctly signed ~1 KiB
# recording.completed deliveries, against a Node.js verifier and nginx.
#
# What is measured (servers on CPU 0 with one event loop / worker, wrk on CPU 1, as in
# http-bench.sh):
#   zoom2kaltura NEW         every delivery is unseen: HMAC check, JSON decode, one job per
#                            segment written to SQLite (WAL, synchronous=FULL, group commit)
#                            before the 200. The jobs actually stored are counted in the database
#                            afterwards, and the new-event rate is that count (at most the
#                            answers) / DURATION, so a payload set that wraps cannot inflate it.
#   zoom2kaltura DUPLICATES  the same deliveries again (all already stored), re-signed with a
#                            fresh timestamp: every answer is "new":0.
#   node verifier            Benchmarks/node-verifier.js: Zoom's sample receiver (http + crypto,
#                            HMAC over the raw body, 200 or 401), no storage.
#   nginx                    one worker, `return 200` after reading the body: the floor.
#   fsyncs                   our server under strace, fed a fixed number of new events (and then
#                            the same again as duplicates): fsync+fdatasync calls per 1000 events,
#                            less those of an idle start and stop.
#
# Usage (from anywhere, as root on a fresh Debian 12 if tools are missing):
#   bash Benchmarks/webhook-bench.sh
# Environment:
#   DURATION=10        seconds of each measured wrk run (a 2 s warm-up run precedes each; at most
#                      240, so that a signature is still within the ±300 s window when used)
#   OUT_DIR=...        where raw outputs and the summary go (default: <repo>/bench-out); files
#                      are named webhook-*.txt so that http-bench.sh's are not overwritten
#   Z2K_BIN=...        benchmark this binary instead of building the release one
#   NEW_PAYLOADS=N     size of the NEW payload set (default: sized from the warm-up's rate)
#   DUP_PAYLOADS=N     the DUPLICATES set: the N most recently stored deliveries (default 20000)
#   FSYNC_EVENTS=5000  new events sent to the strace'd server
#   STRICT=1           exit 1 when a goal is missed (default: report only, exit 0)
#
# Goals: new durable events/s >= 1.0 x the Node verifier's req/s; our p99 (NEW) < 20 ms;
# DUPLICATES req/s >= 0.5 x nginx's req/s.
#
# A run is invalid, and the script fails, when our server or the Node verifier answers any
# non-2xx (a 401 or 503 answered fast would pass for throughput).
set -euo pipefail
# Also fail inside $(...), so a failed build or parse cannot pass as an old result.
shopt -s inherit_errexit

# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly GOAL_NEW_VS_NODE=1.0
readonly GOAL_P99_MS=20
readonly GOAL_DUP_VS_NGINX=0.5
readonly MAX_DURATION=240
readonly WARM_PAYLOADS=30000      # the NEW warm-up's own set: 15k/s for 2 s before it wraps
readonly MIN_PAYLOADS=2000
readonly MAX_PAYLOADS=200000      # ~220 MB of Lua: beyond it wrk's memory, not the server, matters
readonly FSYNC_EVENTS="${FSYNC_EVENTS:-5000}"
readonly FSYNC_TIMEOUT_SECONDS=120
readonly WEBHOOK_PATH=/webhooks/zoom

# --- payloads ----------------------------------------------------------------------------------

# Writes the Python helper (signing, smoke test, job count) and the two wrk scripts to WORK_DIR.
write_helpers() {
    cat >"$WORK_DIR/payloads.py" <<'PY'
"""webhook-bench.sh's payload helper.

  sign OUT PREFIX COUNT [DB [LAST]]  write OUT, a Lua file returning COUNT deliveries
                              {body, x-zm-signature, x-zm-request-timestamp} signed now; with DB,
                              only those of the COUNT whose meeting is stored there (re-signing
                              stored deliveries makes the DUPLICATES set), the LAST most recent
                              of them if given. Prints how many.
  smoke URL                   one delivery twice (stored, then duplicate) and a bad signature
                              (401): proves the signing and the server agree before measuring.
  count DB PREFIX             jobs stored for meetings whose uuid starts with PREFIX.
The secret comes from $BENCH_SECRET.
"""
import hashlib, hmac, json, os, sqlite3, sys, time, urllib.error, urllib.request

SECRET = os.environ["BENCH_SECRET"].encode()
BODY_BYTES = 1024
CHUNK = 2000  # entries per Lua function: LuaJIT allows at most 65536 constants per function


def uuid_of(prefix, i):
    return f"{prefix}{i:08d}"


def body(uuid, topic="Lecture"):
    files = [
        {"id": uuid + "-1", "file_type": "MP4", "file_size": 1000000,
         "recording_type": "shared_screen_with_speaker_view",
         "recording_start": "2026-11-30T10:00:05Z", "recording_end": "2026-11-30T10:50:00Z",
         "download_url": "https://us06web.zoom.us/rec/webhook_download/x/1", "status": "completed"},
        {"id": uuid + "-2", "file_type": "TRANSCRIPT", "file_size": 2000,
         "recording_type": "audio_transcript",
         "recording_start": "2026-11-30T10:00:05Z", "recording_end": "2026-11-30T10:50:00Z",
         "download_url": "https://us06web.zoom.us/rec/webhook_download/x/2", "status": "completed"},
    ]
    event = {"event": "recording.completed", "event_ts": 1764500000000, "download_token": "tok",
             "payload": {"account_id": "a", "object": {
                 "uuid": uuid, "id": 85012345678, "type": 2, "topic": topic, "host_id": "h1",
                 "host_email": "host@uni.edu", "start_time": "2026-11-30T10:00:00Z", "duration": 50,
                 "recording_files": files}}}
    return json.dumps(event, separators=(",", ":"))


def padded_body(uuid):
    """The body with the topic padded so that the whole body is BODY_BYTES long."""
    short = len(body(uuid))
    return body(uuid, "Lecture " + "x" * max(0, BODY_BYTES - short - 1))


def signature(timestamp, raw):
    return "v0=" + hmac.new(SECRET, f"v0:{timestamp}:{raw}".encode(), hashlib.sha256).hexdigest()


def stored_uuids(db, prefix):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT meeting_uuid FROM jobs WHERE substr(meeting_uuid, 1, ?) = ?",
                            (len(prefix), prefix))
        return {uuid for (uuid,) in rows}


def sign(out, prefix, count, db=None, last=None):
    indices = range(int(count))
    if db:
        stored = stored_uuids(db, prefix)
        indices = [i for i in indices if uuid_of(prefix, i) in stored]
        if last:
            indices = indices[-int(last):]
    timestamp = str(int(time.time()))
    with open(out, "w") as f:
        f.write("-- Generated by webhook-bench.sh: {body, x-zm-signature, x-zm-request-timestamp}.\n")
        f.write("local P = {}\n")
        f.write("local function add(chunk) for _, p in ipairs(chunk()) do P[#P + 1] = p end end\n")
        for start in range(0, len(indices), CHUNK):
            f.write("add(function() return {\n")
            for i in indices[start:start + CHUNK]:
                raw = padded_body(uuid_of(prefix, i))
                assert "]==]" not in raw
                f.write(f'{{[==[{raw}]==],"{signature(timestamp, raw)}","{timestamp}"}},\n')
            f.write("} end)\n")
        f.write("return P\n")
    print(len(indices))


def post(url, raw, sig, timestamp):
    request = urllib.request.Request(url, data=raw.encode(), method="POST", headers={
        "Content-Type": "application/json", "x-zm-request-timestamp": timestamp, "x-zm-signature": sig})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def smoke(url):
    raw = padded_body(uuid_of("smoke", 0))
    timestamp = str(int(time.time()))
    sig = signature(timestamp, raw)
    checks = [
        ("first delivery", post(url, raw, sig, timestamp), lambda s, b: s == 200 and b["new"] == 1),
        ("same delivery again", post(url, raw, sig, timestamp),
         lambda s, b: s == 200 and b["new"] == 0 and b["duplicates"] == 1),
        ("wrong signature", post(url, raw, "v0=" + "0" * 64, timestamp), lambda s, b: s == 401),
    ]
    ok = True
    for name, (status, answer), good in checks:
        passed = good(status, answer) if isinstance(answer, dict) or status != 200 else False
        print(f"smoke: {name}: {status} {answer}", file=sys.stderr)
        ok = ok and passed
    sys.exit(0 if ok else 1)


def count(db, prefix):
    print(len(stored_uuids(db, prefix)))


commands = {"sign": sign, "smoke": smoke, "count": count}
if len(sys.argv) < 2 or sys.argv[1] not in commands:
    sys.exit(__doc__)
commands[sys.argv[1]](*sys.argv[2:])
PY

    # The measured runs: each delivery of the data file in turn (args[1]), wrapping around at
    # the end. The data is loaded in init(), which wrk runs in the load thread only, so a large
    # file is parsed once, before the clock starts. No response() hook: it would cost wrk time
    # on every answer, and the same script drives every target. (wrk calls request() once
    # before the run and does not send that one: the set's first delivery is never sent.)
    cat >"$WORK_DIR/rotate.lua" <<'LUA'
wrk.method = "POST"
local payloads, count, index = nil, 0, 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
    payloads = dofile(args[1])
    count = #payloads
    assert(count > 0, "no payloads in " .. args[1])
end

function request()
    index = index % count + 1
    local p = payloads[index]
    headers["x-zm-signature"] = p[2]
    headers["x-zm-request-timestamp"] = p[3]
    return wrk.format("POST", nil, headers, p[1])
end
LUA

    # The fsync runs: exactly args[2] deliveries, then no more webhooks; once all are answered,
    # writes "stored failed" to args[3] for the script, which then stops wrk (wrk itself only
    # knows how to run for a duration). Two wrk details shape it:
    # - wrk calls request() once before the run to check the request parses, and does not send
    #   that one; so the first call returns a GET /healthz, which writes nothing either way.
    # - delay() parks a connection once all webhooks are out, but a connection that passed it
    #   just before can still ask for a request: it gets a GET /healthz too.
    cat >"$WORK_DIR/counted.lua" <<'LUA'
wrk.method = "POST"
local payloads, count, limit, marker
local calls, sent, stored, failed, finished = 0, 0, 0, 0, false
local headers = { ["Content-Type"] = "application/json" }
local probe_headers = {}

function init(args)
    payloads = dofile(args[1])
    count = #payloads
    limit = tonumber(args[2])
    marker = args[3]
    assert(count > 0 and limit and marker, "usage: counted.lua DATA LIMIT MARKER")
end

function delay()
    if sent < limit then return 0 end
    return 3600000
end

function request()
    calls = calls + 1
    if calls == 1 or sent >= limit then
        return wrk.format("GET", "/healthz", probe_headers, nil)
    end
    sent = sent + 1
    local p = payloads[(sent - 1) % count + 1]
    headers["x-zm-signature"] = p[2]
    headers["x-zm-request-timestamp"] = p[3]
    return wrk.format("POST", nil, headers, p[1])
end

function response(status, headers, body)
    if status == 200 and body:find('"status":"stored"', 1, true) then
        stored = stored + 1
    elseif status ~= 200 then
        failed = failed + 1
    end  -- else: a GET /healthz
    if not finished and stored + failed >= limit then
        finished = true
        local f = assert(io.open(marker .. ".tmp", "w"))
        f:write(stored, " ", failed, "\n")
        f:close()
        os.rename(marker .. ".tmp", marker)
        wrk.thread:stop()
    end
end
LUA
}

# sign_payloads OUT PREFIX COUNT [DB]: writes a signed data file; prints how many it holds.
sign_payloads() {
    python3 "$WORK_DIR/payloads.py" sign "$@"
}

jobs_stored() {
    python3 "$WORK_DIR/payloads.py" count "$1" "$2"
}

# --- servers -----------------------------------------------------------------------------------

# Starts node-verifier.js on CPU 0 on an OS-chosen port; sets NODE_PORT from its first line.
start_node() {
    local logfile="$WORK_DIR/node.log" deadline=$((SECONDS + READY_TIMEOUT_SECONDS)) pid
    ZOOM_WEBHOOK_SECRET=$BENCH_SECRET taskset -c 0 node "$BENCH_ROOT/Benchmarks/node-verifier.js" 0 \
        >"$logfile" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    NODE_PID=$pid
    NODE_PORT=""
    while ((SECONDS < deadline)) && [[ -z "$NODE_PORT" ]]; do
        kill -0 "$pid" 2>/dev/null || break
        NODE_PORT=$(sed -n '/"msg":"listening"/s/.*"port":\([0-9][0-9]*\).*/\1/p' "$logfile" | head -n1)
        [[ -n "$NODE_PORT" ]] || sleep 0.1
    done
    if [[ -z "$NODE_PORT" ]] || ! wait_ready node "$pid" "http://127.0.0.1:$NODE_PORT/healthz"; then
        log "node-verifier failed to start; its log:"
        cat "$logfile" >&2
        exit 1
    fi
    log "node-verifier pid $pid on 127.0.0.1:$NODE_PORT ($(node --version))"
}

# Stops the given pids of ours and forgets them (the exit trap must not signal recycled pids).
stop_and_forget() {
    local pid
    stop_pids "$@"
    for pid in "$@"; do forget_pid "$pid"; done
}

# The pid of PID's only child (the server strace runs), from /proc.
child_of() {
    local parent=$1 children="" stat
    if [[ -r "/proc/$parent/task/$parent/children" ]]; then
        children=$(<"/proc/$parent/task/$parent/children")
    else
        for stat in /proc/[0-9]*/stat; do
            # Field 4 (after "pid (comm) state") is the parent pid.
            [[ "$(sed 's/^.*) //' "$stat" 2>/dev/null | cut -d' ' -f2)" == "$parent" ]] &&
                children+=" $(basename "$(dirname "$stat")")"
        done
    fi
    read -r children _ <<<"$children"
    echo "${children:-}"
}

# --- measuring ---------------------------------------------------------------------------------

# Per-thread CPU ticks of PID ("tid ticks" lines), to see where the server's time went.
cpu_snapshot() {
    local pid=$1 task
    for task in /proc/"$pid"/task/*; do
        [[ -r "$task/stat" ]] || continue
        # utime and stime are fields 14 and 15; after "pid (comm) " they are 12 and 13.
        printf '%s %s\n' "${task##*/}" "$(sed 's/^.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
    done
}

# cpu_used BEFORE AFTER: "X.XX s (threads in creation order: a b c ...)" from two snapshots.
cpu_used() {
    local tck
    tck=$(getconf CLK_TCK)
    awk -v tck="$tck" 'NR == FNR { before[$1] = $2; next }
        { used[$1] = ($2 - before[$1]) / tck; total += used[$1]; tids[++n] = $1 }
        END {
            # tids sort numerically = creation order
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (tids[j] + 0 < tids[i] + 0) { t = tids[i]; tids[i] = tids[j]; tids[j] = t }
            line = ""
            for (i = 1; i <= n; i++) line = line sprintf(" %.2f", used[tids[i]])
            printf "%.2f s CPU (per thread, in creation order:%s)", total, line
        }' "$1" "$2"
}

# Dies, loudly, when a target answered non-2xx: its figures would be those of an error path.
require_all_2xx() {
    local name=$1 file=$2 logfile=${3:-} bad
    bad=$(wrk_non2xx "$file")
    ((bad == 0)) && return 0
    log "FAILED: $name answered $bad non-2xx responses (of $(wrk_requests "$file")); wrk said:"
    cat "$file" >&2
    if [[ -n "$logfile" ]]; then
        log "its log, warnings and errors by message:"
        grep -E '"level":"(warning|error)"' "$logfile" | sed 's/.*"msg":"\([^"]*\)".*/\1/' | sort | uniq -c >&2 || true
        grep -E '"level":"(warning|error)"' "$logfile" | tail -n 5 >&2 || true
    fi
    die "$name answered non-2xx: the run is invalid"
}

# Sums the fsync and fdatasync calls of an `strace -c` summary.
sync_calls() {
    awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }' "$1"
}

# fsync_run NAME DB DATA EVENTS: our server (CPU 0) under strace, fed EVENTS deliveries from
# DATA (none: just start and stop), then stopped; the strace summary goes to
# OUT_DIR/webhook-strace-NAME.txt. Sets SYNCS (fsync+fdatasync calls) and ANSWERED ("stored failed").
fsync_run() {
    local name=$1 db=$2 data=$3 events=$4 bin=$BIN
    local trace="$OUT_DIR/webhook-strace-$name.txt" marker="$WORK_DIR/fsync-$name.done"
    # --seccomp-bpf: only the traced calls stop the process, so strace costs little between
    # fsyncs. -f: the writer thread does the fsyncs. The server is on CPU 0 as in the measured
    # runs, and strace with it: unpinned, each fsync's stop and resume crosses CPUs and
    # competes with wrk, which slowed the server (and shrank its batches) more.
    start_ours "fsync-$name" "$db" taskset -c 0 strace -f --seccomp-bpf -c -e trace=fsync,fdatasync -o "$trace" "$bin"
    local strace_pid=$OURS_PID port=$OURS_PORT server_pid
    server_pid=$(child_of "$strace_pid")
    [[ -n "$server_pid" ]] || die "cannot find the server strace started (strace pid $strace_pid)"
    # Not our child, but ours to stop if anything goes wrong before it exits.
    PIDS+=("$server_pid")
    ANSWERED="0 0"
    if ((events > 0)); then
        log "fsync/$name: $events deliveries to the strace'd server"
        taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${FSYNC_TIMEOUT_SECONDS}s" -s "$WORK_DIR/counted.lua" \
            "http://127.0.0.1:$port$WEBHOOK_PATH" -- "$data" "$events" "$marker" \
            >"$OUT_DIR/webhook-strace-$name-wrk.txt" 2>&1 &
        local wrk_pid=$! deadline=$((SECONDS + FSYNC_TIMEOUT_SECONDS))
        PIDS+=("$wrk_pid")
        while ((SECONDS < deadline)) && [[ ! -s "$marker" ]] && kill -0 "$wrk_pid" 2>/dev/null; do
            sleep 0.1
        done
        [[ -s "$marker" ]] || { cat "$OUT_DIR/webhook-strace-$name-wrk.txt" >&2; die "fsync/$name: wrk did not get $events answers"; }
        # wrk stops early on SIGINT and still prints its summary (SIGTERM would lose it).
        kill -INT "$wrk_pid" 2>/dev/null || true
        deadline=$((SECONDS + 10))
        while ((SECONDS < deadline)) && kill -0 "$wrk_pid" 2>/dev/null; do
            sleep 0.1
        done
        stop_and_forget "$wrk_pid"
        ANSWERED=$(<"$marker")
    fi
    # Stop the server itself, not strace: strace writes the summary and exits when its tracee
    # does. The server drains within SHUTDOWN_GRACE (5 s here).
    kill -TERM "$server_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while ((SECONDS < deadline)) && kill -0 "$strace_pid" 2>/dev/null; do
        sleep 0.1
    done
    if kill -0 "$strace_pid" 2>/dev/null; then
        log "fsync/$name: the server did not stop within 30 s of SIGTERM"
        stop_and_forget "$server_pid" "$strace_pid"
    else
        # strace has reaped the server: its pid may be reused from now on, so never signal it.
        forget_pid "$server_pid"
        stop_and_forget "$strace_pid"
    fi
    # strace creates the file; it stays empty when no traced call was made at all (a run of
    # repeats writes nothing, so it needs no fsync).
    [[ -e "$trace" ]] || die "strace wrote no summary to $trace"
    SYNCS=$(sync_calls "$trace")
}

# --- report ------------------------------------------------------------------------------------

# report NEW_RPS NEW_P50 NEW_P99 DUP... NODE... NGINX... STORED_RATE: the table, ratios and goals.
# Returns 1 if a goal is missed.
report() {
    awk -v nr="$1" -v n50="$2" -v n99="$3" -v dr="$4" -v d50="$5" -v d99="$6" \
        -v jr="$7" -v j50="$8" -v j99="$9" -v xr="${10}" -v x50="${11}" -v x99="${12}" -v sr="${13}" \
        -v gn="$GOAL_NEW_VS_NODE" -v gp="$GOAL_P99_MS" -v gd="$GOAL_DUP_VS_NGINX" 'BEGIN {
        row = "%-30s %10.0f %10.3f %10.3f\n"
        printf "%-30s %10s %10s %10s\n", "target", "req/s", "p50 ms", "p99 ms"
        printf row, "zoom2kaltura NEW (durable)", nr, n50, n99
        printf row, "zoom2kaltura DUPLICATES", dr, d50, d99
        printf row, "node verifier (no storage)", jr, j50, j99
        printf row, "nginx return 200", xr, x50, x99
        rn = (jr > 0) ? sr / jr : 0
        rd = (xr > 0) ? dr / xr : 0
        okn = (rn >= gn); okp = (n99 < gp); okd = (rd >= gd)
        printf "\nnew durable events/s / node req/s: %6.0f / %.0f = %.2f (goal >= %s): %s\n", sr, jr, rn, gn, okn ? "met" : "NOT met"
        printf "p99 NEW:                           %.3f ms (goal < %s ms): %s\n", n99, gp, okp ? "met" : "NOT met"
        printf "duplicates req/s / nginx req/s:    %6.0f / %.0f = %.2f (goal >= %s): %s\n", dr, xr, rd, gd, okd ? "met" : "NOT met"
        printf "goals: %s\n", (okn && okp && okd) ? "met" : "NOT met"
        exit (okn && okp && okd) ? 0 : 1
    }'
}

# fsync_line LABEL EVENTS SYNCS BASELINE: the fsync figures of one strace run.
fsync_line() {
    awk -v label="$1" -v e="$2" -v s="$3" -v b="$4" 'BEGIN {
        net = s - b; if (net < 0) net = 0
        printf "%-11s %5d events: %4d fsync+fdatasync (%d at an idle start/stop) -> %.1f per 1000 events", label, e, s, b, (e > 0) ? net * 1000 / e : 0
        if (net > 0) printf ", %.1f events per fsync", e / net
        printf "\n"
    }'
}

main() {
    check_basics
    ((DURATION <= MAX_DURATION)) ||
        die "DURATION=$DURATION: at most $MAX_DURATION, or the signatures (±300 s) expire during a run"
    if ! [[ "$FSYNC_EVENTS" =~ ^[1-9][0-9]*$ ]] || ((FSYNC_EVENTS < CONNECTIONS)); then
        die "FSYNC_EVENTS must be a whole number >= $CONNECTIONS (the connections), got '$FSYNC_EVENTS'"
    fi
    [[ -z "${NEW_PAYLOADS:-}" || "$NEW_PAYLOADS" =~ ^[1-9][0-9]*$ ]] || die "NEW_PAYLOADS must be a positive whole number"
    install_tools wrk nginx curl taskset node strace python3
    python3 -c 'import sqlite3, hmac, hashlib' 2>/dev/null || die "python3 lacks sqlite3/hmac/hashlib"
    BIN=$(server_binary)
    make_dirs webhook-bench
    # A throwaway secret for this run, shared by the signer, our server and the Node verifier.
    BENCH_SECRET=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    export BENCH_SECRET
    OURS_ENV=("ZOOM_WEBHOOK_SECRET=$BENCH_SECRET" "SHUTDOWN_GRACE=5s")
    write_helpers
    rm -f "$OUT_DIR"/webhook-*.txt

    LOAD_BEFORE=$(load_average)
    local db="$WORK_DIR/data/jobs.db"
    mkdir -p "$WORK_DIR/data"
    start_ours z2k "$db" taskset -c 0 "$BIN"
    local ours_pid=$OURS_PID ours_url="http://127.0.0.1:$OURS_PORT$WEBHOOK_PATH"
    python3 "$WORK_DIR/payloads.py" smoke "$ours_url" || die "smoke test failed: signing and server disagree"

    # --- NEW ---
    # The warm-up gets its own payloads ("warm" prefix). Warming up with the measured set would
    # store its first part, so the measured run would start with cheap duplicates and report a
    # rate no new event gets. It does go through the same durable path (and leaves a non-empty
    # table behind, as production has), and its rate sizes the measured set below.
    local warm_data="$WORK_DIR/warm.lua" new_data="$WORK_DIR/new.lua" dup_data="$WORK_DIR/dup.lua"
    sign_payloads "$warm_data" warm "$WARM_PAYLOADS" >/dev/null
    log "zoom2kaltura NEW: warm-up ${WARMUP_SECONDS}s on $WARM_PAYLOADS other deliveries"
    wrk_once "$WORK_DIR/ours-new-warmup.txt" "$WARMUP_SECONDS" -s "$WORK_DIR/rotate.lua" "$ours_url" -- "$warm_data"
    require_all_2xx "zoom2kaltura (NEW warm-up)" "$WORK_DIR/ours-new-warmup.txt" "$WORK_DIR/z2k.log"
    # Enough unique deliveries that the measured run does not wrap around into duplicates:
    # 1.5 x the warm-up's rate x DURATION. If it wraps all the same, the database count below
    # still gives the true new-event rate.
    local payloads warm_rate
    warm_rate=$(awk -v r="$(wrk_requests "$WORK_DIR/ours-new-warmup.txt")" -v s="$WARMUP_SECONDS" 'BEGIN { printf "%d", r / s }')
    payloads=${NEW_PAYLOADS:-$(awk -v r="$warm_rate" -v d="$DURATION" -v c="$CONNECTIONS" -v lo="$MIN_PAYLOADS" -v hi="$MAX_PAYLOADS" \
        'BEGIN { n = int(r * d * 1.5) + 2 * c; if (n < lo) n = lo; if (n > hi) n = hi; print n }')}
    sign_payloads "$new_data" new "$payloads" >/dev/null
    local before after
    before=$(cpu_snapshot "$ours_pid")
    log "zoom2kaltura NEW: measuring ${DURATION}s, $payloads unique deliveries (warm-up rate $warm_rate/s)"
    wrk_once "$OUT_DIR/webhook-ours-new.txt" "$DURATION" -s "$WORK_DIR/rotate.lua" "$ours_url" -- "$new_data"
    after=$(cpu_snapshot "$ours_pid")
    local cpu_new
    cpu_new=$(cpu_used <(echo "$before") <(echo "$after"))
    require_all_2xx "zoom2kaltura (NEW)" "$OUT_DIR/webhook-ours-new.txt" "$WORK_DIR/z2k.log"
    warn_wrk_errors "zoom2kaltura NEW" "$OUT_DIR/webhook-ours-new.txt"
    local answered stored wrapped=""
    answered=$(wrk_requests "$OUT_DIR/webhook-ours-new.txt")
    stored=$(jobs_stored "$db" new)
    ((answered <= payloads)) || wrapped="; WRAPPED: $((answered - payloads)) of the answers were duplicates"
    # The rate counts stored jobs (not answers, which include duplicates if the set wrapped),
    # but no more than were answered: the last CONNECTIONS requests, still in flight when wrk
    # stopped, are stored after the window.
    local stored_rate
    stored_rate=$(awk -v n="$stored" -v a="$answered" -v d="$DURATION" 'BEGIN { if (a < n) n = a; printf "%.1f", n / d }')

    # --- DUPLICATES ---
    # The most recent DUP_PAYLOADS deliveries the NEW run stored, signed again with a fresh
    # timestamp (the dedupe key is the meeting and its files, not the signature): every answer
    # is "new":0. Recent ones, because repeats in the wild are Zoom's retries (within ~85 min)
    # and duplicate subscriptions (at once), not a sweep over everything ever stored.
    local dup_count
    dup_count=$(sign_payloads "$dup_data" new "$payloads" "$db" "${DUP_PAYLOADS:-20000}")
    ((dup_count > 0)) || die "no stored deliveries to repeat"
    log "zoom2kaltura DUPLICATES: warm-up ${WARMUP_SECONDS}s"
    wrk_once "$WORK_DIR/ours-dup-warmup.txt" "$WARMUP_SECONDS" -s "$WORK_DIR/rotate.lua" "$ours_url" -- "$dup_data"
    require_all_2xx "zoom2kaltura (DUPLICATES warm-up)" "$WORK_DIR/ours-dup-warmup.txt" "$WORK_DIR/z2k.log"
    before=$(cpu_snapshot "$ours_pid")
    log "zoom2kaltura DUPLICATES: measuring ${DURATION}s over the $dup_count stored deliveries"
    wrk_once "$OUT_DIR/webhook-ours-dup.txt" "$DURATION" -s "$WORK_DIR/rotate.lua" "$ours_url" -- "$dup_data"
    after=$(cpu_snapshot "$ours_pid")
    local cpu_dup stored_after
    cpu_dup=$(cpu_used <(echo "$before") <(echo "$after"))
    require_all_2xx "zoom2kaltura (DUPLICATES)" "$OUT_DIR/webhook-ours-dup.txt" "$WORK_DIR/z2k.log"
    warn_wrk_errors "zoom2kaltura DUPLICATES" "$OUT_DIR/webhook-ours-dup.txt"
    stored_after=$(jobs_stored "$db" new)
    ((stored_after == stored)) || log "warning: the DUPLICATES run stored $((stored_after - stored)) new jobs"
    cp "$WORK_DIR/z2k.log" "$OUT_DIR/webhook-ours-server.log"
    stop_and_forget "$ours_pid"

    # --- peers ---
    start_node
    run_wrk webhook-node -s "$WORK_DIR/rotate.lua" "http://127.0.0.1:$NODE_PORT$WEBHOOK_PATH" -- "$new_data"
    require_all_2xx "node verifier" "$OUT_DIR/webhook-node.txt" "$WORK_DIR/node.log"
    stop_and_forget "$NODE_PID"
    start_nginx
    run_wrk webhook-nginx -s "$WORK_DIR/rotate.lua" "http://127.0.0.1:$NGINX_PORT$WEBHOOK_PATH" -- "$new_data"
    stop_and_forget "${PIDS[@]}"   # nginx: all that is left running

    # --- fsyncs ---
    # The same server on CPU 0 as above, so that batching stays as close to the NEW run's as
    # strace allows (it slows the server, which the summary shows). An idle start and stop
    # (schema, WAL set-up, close-time checkpoint) is subtracted from both runs.
    local fsync_db="$WORK_DIR/fsync/jobs.db" fsync_data="$WORK_DIR/fsync.lua"
    mkdir -p "$WORK_DIR/fsync-idle" "$WORK_DIR/fsync"
    fsync_run idle "$WORK_DIR/fsync-idle/jobs.db" "" 0
    local base_syncs=$SYNCS
    sign_payloads "$fsync_data" fsync "$FSYNC_EVENTS" >/dev/null
    fsync_run new "$fsync_db" "$fsync_data" "$FSYNC_EVENTS"
    local new_syncs=$SYNCS new_answered=$ANSWERED fsync_stored
    fsync_stored=$(jobs_stored "$fsync_db" fsync)
    [[ "$new_answered" == "$FSYNC_EVENTS 0" && "$fsync_stored" == "$FSYNC_EVENTS" ]] ||
        die "fsync run: answered (stored failed) '$new_answered', jobs stored $fsync_stored; expected $FSYNC_EVENTS"
    sign_payloads "$fsync_data" fsync "$FSYNC_EVENTS" >/dev/null   # fresh timestamps
    fsync_run dup "$fsync_db" "$fsync_data" "$FSYNC_EVENTS"
    local dup_syncs=$SYNCS
    [[ "$ANSWERED" == "$FSYNC_EVENTS 0" ]] || die "fsync duplicates run: answered (stored failed) '$ANSWERED'"

    # --- report ---
    local ours_new ours_dup node nginx verdict=0
    ours_new=$(parse_wrk "$OUT_DIR/webhook-ours-new.txt")
    ours_dup=$(parse_wrk "$OUT_DIR/webhook-ours-dup.txt")
    node=$(parse_wrk "$OUT_DIR/webhook-node.txt")
    nginx=$(parse_wrk "$OUT_DIR/webhook-nginx.txt")
    local summary="$OUT_DIR/webhook-summary.txt"
    {
        echo "signed-webhook throughput: wrk -t1 -c$CONNECTIONS -d${DURATION}s, ${WARMUP_SECONDS}s warm-up discarded;"
        echo "servers on CPU 0 (1 event loop / worker), wrk on CPU 1; POST $WEBHOOK_PATH, 1 KiB signed recording.completed"
        echo
        # shellcheck disable=SC2086 # word splitting of "RPS P50 P99" is intended
        report $ours_new $ours_dup $node $nginx "$stored_rate" || verdict=1
        echo
        echo "NEW run: $answered answered 200, $stored jobs stored (incl. those in flight at the end) -> $stored_rate new events/s (payload set $payloads)$wrapped"
        echo "DUPLICATES run: $(wrk_requests "$OUT_DIR/webhook-ours-dup.txt") answered 200 over a set of $dup_count stored deliveries"
        echo "server CPU during NEW:        $cpu_new over ${DURATION}s"
        echo "server CPU during DUPLICATES: $cpu_dup over ${DURATION}s"
        echo "(zoom2kaltura's threads today, in creation order: main, SQLite writer, event loop, stop waiter)"
        echo
        echo "fsyncs (strace -f -c, server and strace on CPU 0, wrk -c$CONNECTIONS until the count is answered):"
        fsync_line "new" "$FSYNC_EVENTS" "$new_syncs" "$base_syncs"
        fsync_line "duplicates" "$FSYNC_EVENTS" "$dup_syncs" "$base_syncs"
        echo "(under strace the server answered ~$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$OUT_DIR/webhook-strace-new-wrk.txt") new and" \
            "~$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$OUT_DIR/webhook-strace-dup-wrk.txt") duplicate deliveries/s; fewer per second can mean smaller batches)"
        echo "(each commit is >= 1 fsync of the WAL; checkpoints add 2 more: events per fsync is a floor for events per commit)"
        echo
        # Other work on the machine skews a one-core comparison: leave a trace of it.
        echo "load average before: $LOAD_BEFORE; after: $(load_average)"
    } >"$summary"
    cat "$summary"
    log "raw outputs and summary in $OUT_DIR/ (webhook-*)"
    if ((verdict)) && [[ "${STRICT:-0}" == 1 ]]; then
        exit 1
    fi
}

bench_init
main "$@"
