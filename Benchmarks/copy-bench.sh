#!/usr/bin/env bash
# Transfer benchmark: copy a file simulator → simulator through the copier, next to a plain
# `curl -o /dev/null` download of the same file and the naive path (curl to a file, then curl
# uploads of 8 MiB chunks), all in one run. Prints MiB/s, CPU seconds per GiB and peak RSS,
# the simulators' own CPU, and the ratios to the goals.
#
#   SIZE_MIB=1024   file size        CHUNK_MIB=8   chunk size        CONCURRENT=4   copies at once
set -euo pipefail
shopt -s inherit_errexit
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "$0")/lib.sh"

readonly SIZE_MIB="${SIZE_MIB:-1024}" CHUNK_MIB="${CHUNK_MIB:-8}" CONCURRENT="${CONCURRENT:-4}"
readonly SIZE=$((SIZE_MIB << 20)) CHUNK=$((CHUNK_MIB << 20))

bench_init
install_tools curl python3 time dd
make_dirs copy-bench

log "building copy-bench (release)"
swift build -c release --product copy-bench >&2
BIN="$(swift build -c release --show-bin-path)/copy-bench"

# The simulators run in their own process, so that their CPU is measured apart from ours.
"$BIN" sim "$SIZE" "$CONCURRENT" >"$WORK_DIR/info.json" 2>"$WORK_DIR/sim.err" &
SIM_PID=$!
PIDS+=("$SIM_PID")
for _ in $(seq 1 600); do [[ -s "$WORK_DIR/info.json" ]] && break; sleep 0.1; done
[[ -s "$WORK_DIR/info.json" ]] || die "the simulators did not start: $(cat "$WORK_DIR/sim.err")"
field() { python3 -c "import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v[0] if isinstance(v, list) else v)" "$WORK_DIR/info.json" "$1"; }
ZOOM=$(field zoom) KALTURA=$(field kaltura) TOKEN=$(field token) FILE=$(field files) SHA=$(field sha256)
PARTNER=$(field partnerID) SECRET=$(field adminSecret)

# CPU seconds (user+system) a process has used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# Runs a command under /usr/bin/time; sets WALL, CPU (user+sys) and RSS_MIB.
timed() {
    /usr/bin/time -f "%e %U %S %M" -o "$WORK_DIR/time.txt" "$@"
    read -r WALL user sys rss <"$WORK_DIR/time.txt"
    CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    RSS_MIB=$(awk -v r="$rss" 'BEGIN { printf "%.1f", r / 1024 }')
}

# --- plain curl download --------------------------------------------------------------------
log "plain curl download of ${SIZE_MIB} MiB"
sim0=$(cpu_of "$SIM_PID")
timed curl -sS -L -o /dev/null -H "Authorization: Bearer $TOKEN" "$ZOOM/rec/webhook_download/$FILE"
CURL_WALL=$WALL CURL_CPU=$CPU CURL_RSS=$RSS_MIB CURL_SIM=$(awk -v a="$sim0" -v b="$(cpu_of "$SIM_PID")" 'BEGIN { printf "%.2f", b - a }')

# --- naive path: download to a file, then upload it in chunks with curl -----------------------
log "naive path: curl to a file, then ${CHUNK_MIB} MiB chunk uploads with curl"
naive() {
    local file="$WORK_DIR/download.bin" ks token chunks i resume final
    curl -sS -L -o "$file" -H "Authorization: Bearer $TOKEN" "$ZOOM/rec/webhook_download/$FILE"
    ks=$(curl -sS -H 'Content-Type: application/json' \
        -d "{\"format\":1,\"secret\":\"$SECRET\",\"partnerId\":$PARTNER,\"type\":2,\"userId\":\"\"}" \
        "$KALTURA/api_v3/service/session/action/start" | python3 -c 'import json,sys; print(json.load(sys.stdin))')
    token=$(curl -sS -H 'Content-Type: application/json' \
        -d "{\"format\":1,\"ks\":\"$ks\",\"uploadToken\":{\"objectType\":\"KalturaUploadToken\",\"fileName\":\"naive.mp4\",\"fileSize\":$SIZE}}" \
        "$KALTURA/api_v3/service/uploadToken/action/add" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    chunks=$(((SIZE + CHUNK - 1) / CHUNK))
    for ((i = 0; i < chunks; i++)); do
        dd if="$file" of="$WORK_DIR/chunk.bin" bs="$CHUNK" skip="$i" count=1 status=none
        resume=$((i > 0 ? 1 : 0)) final=$((i == chunks - 1 ? 1 : 0))
        curl -sS -o /dev/null -F format=1 -F "ks=$ks" -F "uploadTokenId=$token" -F "resume=$resume" \
            -F "finalChunk=$final" -F "resumeAt=$((i > 0 ? i * CHUNK : -1))" \
            -F "fileData=@$WORK_DIR/chunk.bin;filename=chunk.bin;type=application/octet-stream" \
            "$KALTURA/api_v3/service/uploadToken/action/upload"
    done
    rm -f "$file" "$WORK_DIR/chunk.bin"
}
sim0=$(cpu_of "$SIM_PID")
start=$(date +%s.%N)
naive
NAIVE_WALL=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
NAIVE_SIM=$(awk -v a="$sim0" -v b="$(cpu_of "$SIM_PID")" 'BEGIN { printf "%.2f", b - a }')

# --- ours: one copy, then CONCURRENT at once -------------------------------------------------
run_ours() {
    local n=$1 sim0
    sim0=$(cpu_of "$SIM_PID")
    timed "$BIN" copy "$WORK_DIR/info.json" "$n" "$CHUNK" >"$WORK_DIR/ours-$n.json"
    OURS_SIM=$(awk -v a="$sim0" -v b="$(cpu_of "$SIM_PID")" 'BEGIN { printf "%.2f", b - a }')
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if not r["failures"] else 1)' "$WORK_DIR/ours-$n.json" \
        || die "copy failed: $(cat "$WORK_DIR/ours-$n.json")"
}
log "ours: 1 copy of ${SIZE_MIB} MiB"
run_ours 1
ONE_WALL=$WALL ONE_CPU=$CPU ONE_RSS=$RSS_MIB ONE_SIM=$OURS_SIM
log "ours: $CONCURRENT copies at once"
run_ours "$CONCURRENT"
MANY_WALL=$WALL MANY_CPU=$CPU MANY_RSS=$RSS_MIB MANY_SIM=$OURS_SIM

{
    printf 'transfer: %d MiB file, %d MiB chunks, simulators in their own process on loopback (every copy checked against the source SHA-256 %s)\n\n' \
        "$SIZE_MIB" "$CHUNK_MIB" "$SHA"
    awk -v mib="$SIZE_MIB" -v n="$CONCURRENT" \
        -v cw="$CURL_WALL" -v cc="$CURL_CPU" -v cr="$CURL_RSS" -v cs="$CURL_SIM" \
        -v nw="$NAIVE_WALL" -v ns="$NAIVE_SIM" \
        -v ow="$ONE_WALL" -v oc="$ONE_CPU" -v orss="$ONE_RSS" -v os="$ONE_SIM" \
        -v mw="$MANY_WALL" -v mc="$MANY_CPU" -v mr="$MANY_RSS" -v ms="$MANY_SIM" 'BEGIN {
        gib = mib / 1024
        printf "%-34s %10s %12s %12s %14s\n", "path", "MiB/s", "CPU s/GiB", "peak RSS MiB", "simulator CPU s"
        printf "%-34s %10.0f %12.2f %12.1f %14.2f\n", "curl -o /dev/null (download only)", mib / cw, cc / gib, cr, cs
        printf "%-34s %10.0f %12s %12s %14.2f\n", "naive: curl to file, curl chunks", mib / nw, "-", "-", ns
        printf "%-34s %10.0f %12.2f %12.1f %14.2f\n", "zoom2kaltura copier, 1 copy", mib / ow, oc / gib, orss, os
        printf "%-34s %10.0f %12.2f %12.1f %14.2f\n", sprintf("zoom2kaltura copier, %d at once", n), n * mib / mw, mc / (n * gib), mr, ms
        print ""
        r1 = (mib / ow) / (mib / cw); r2 = nw / ow; r3 = (oc / gib) / (cc / gib)
        printf "copy rate / curl download rate:   %.2f (goal >= 0.5): %s\n", r1, (r1 >= 0.5 ? "met" : "NOT met")
        printf "copy speed-up over the naive path: %.2f (goal >= 1.6): %s\n", r2, (r2 >= 1.6 ? "met" : "NOT met")
        printf "copy CPU per GiB / curl'"'"'s:          %.2f (goal <= 2.5): %s\n", r3, (r3 <= 2.5 ? "met" : "NOT met")
        printf "peak RSS, 1 copy:                  %.1f MiB (goal < 64): %s\n", orss, (orss < 64 ? "met" : "NOT met")
        printf "peak RSS, %d copies:                %.1f MiB (goal < 160): %s\n", n, mr, (mr < 160 ? "met" : "NOT met")
    }'
} | tee "$OUT_DIR/copy-summary.txt"
cp "$WORK_DIR"/ours-*.json "$OUT_DIR/" 2>/dev/null || true
