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
# The helpers (tools, servers, wrk, parsing, cleanup trap) live in Benchmarks/lib.sh.
set -euo pipefail
# Also fail inside $(...), so a failed build or parse cannot pass as an old result.
shopt -s inherit_errexit

# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly GOAL_RPS_RATIO=0.7
readonly GOAL_P99_RATIO=1.5

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

main() {
    check_basics
    install_tools wrk nginx curl taskset
    local bin
    bin=$(server_binary)
    make_dirs http-bench

    LOAD_BEFORE=$(load_average)
    start_ours z2k "$WORK_DIR/z.db" taskset -c 0 "$bin"
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

bench_init
main "$@"
