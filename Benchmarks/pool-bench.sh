#!/usr/bin/env bash
# Worker-pool benchmark: the release service (WORKERS workers) copies RECORDINGS recordings of
# one SIZE_MIB MiB MP4 each from the Zoom simulator into the Kaltura simulator, announced by
# signed webhooks; the same copies are then done one after another with curl (download to a
# file, then chunk uploads). Prints wall time (first webhook → last job done), MiB/s, the
# service's peak RSS (VmHWM) and CPU seconds, and the ratio to the curl path. The simulators run
# inside the pool-bench process; the service is its child.
#
#   RECORDINGS=50  SIZE_MIB=20  WORKERS=4  CHUNK_MIB=8  NAIVE=1 (0 skips the curl path)
#   Z2K_BIN=...    benchmark this binary instead of building the release one
set -euo pipefail
shopt -s inherit_errexit
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"

bench_init
install_tools curl
make_dirs pool-bench

BIN=$(server_binary)
log "building pool-bench (release)"
swift build -c release --product pool-bench >&2
POOL_BENCH="$(swift build -c release --show-bin-path)/pool-bench"

log "pool: ${RECORDINGS:-50} × ${SIZE_MIB:-20} MiB with ${WORKERS:-4} workers (takes a minute or two)"
TMPDIR="$WORK_DIR" "$POOL_BENCH" "$BIN" | tee "$OUT_DIR/pool-summary.txt"
