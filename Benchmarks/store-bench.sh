#!/usr/bin/env bash
# Job store benchmark: new-webhook throughput (durable enqueues with group commit, from many
# senders at once) and claim rate (claim + finish by the workers), SQLite next to PostgreSQL in
# one run, with the ratio. PostgreSQL is a throwaway server on loopback (Debian's postgresql
# package, which scripts/install-deps.sh installs) with fsync on, as SQLite runs with
# synchronous=FULL; both keep their files in the same temporary directory.
#
#   JOBS=20000  SENDERS=64  WORKERS=4
#   BENCH_DATABASE_URL=postgres://…   measure that empty database instead of a throwaway server
#                                     (not DATABASE_URL: a service's database must not get bench jobs)
set -euo pipefail
shopt -s inherit_errexit
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"

bench_init
make_dirs store-bench
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && [[ -z "${BENCH_DATABASE_URL:-}" ]]; then
    log "PostgreSQL's server is missing: running scripts/install-deps.sh"
    scripts/install-deps.sh >&2
fi

log "building store-bench (release)"
swift build -c release --product store-bench >&2
STORE_BENCH="$(swift build -c release --show-bin-path)/store-bench"

log "store: ${JOBS:-20000} webhooks, ${SENDERS:-64} senders, ${WORKERS:-4} workers; load average $(load_average)"
TMPDIR="$WORK_DIR" "$STORE_BENCH" | tee "$OUT_DIR/store-summary.txt"
