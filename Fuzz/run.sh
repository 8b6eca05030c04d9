#!/usr/bin/env bash
# Builds the libFuzzer target for the HTTP/1.1 request parser and runs it for FUZZ_SECONDS.
# Usage: Fuzz/run.sh                      fuzz for ${FUZZ_SECONDS:-60} s
#        Fuzz/run.sh path/to/crash-file   replay one input (reproduce a finding)
# Exits non-zero when the fuzzer finds a crash; the input is saved under Fuzz/artifacts/.
set -euo pipefail

cd "$(dirname "$0")/.."
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
SWIFTC="${SWIFTC:-swiftc}"
BIN=.build/fuzz/parser-fuzz
CORPUS=Fuzz/corpus
ARTIFACTS=Fuzz/artifacts

mkdir -p "$(dirname "$BIN")" "$CORPUS" "$ARTIFACTS"
# Swift's crash backtracer fights ASan's signal handling (it can hang on a crash); libFuzzer and
# ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no

# 1. Build: the HTTP1 sources and the target in one module, no SwiftPM. Rebuilt when a source
#    is newer than the binary.
sources=(Sources/HTTP1/*.swift Fuzz/ParserFuzz.swift)
rebuild=0
[[ -x "$BIN" ]] || rebuild=1
for f in "${sources[@]}"; do [[ "$f" -nt "$BIN" ]] && rebuild=1; done
if (( rebuild )); then
    echo "building $BIN"
    "$SWIFTC" -O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -warnings-as-errors -use-ld=lld \
        -module-name HTTP1Fuzz "${sources[@]}" -o "$BIN"
fi

# Replay mode: run the given inputs once each, no fuzzing.
if (( $# > 0 )); then
    exec "$BIN" "$@"
fi

# 2. Seed the corpus: each case's raw field (Latin-1, one char per byte) from the test corpus,
#    plus the hand-made seeds. File names are content hashes, as libFuzzer names its own.
python3 - "$CORPUS" <<'PY'
import hashlib, json, os, sys
out = sys.argv[1]
def put(data):
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
n = 0
with open("Tests/HTTP1Tests/Corpus/requests.jsonl", encoding="utf-8") as lines:
    for line in lines:
        if line.strip():
            put(json.loads(line)["raw"].encode("latin-1")); n += 1
for name in sorted(os.listdir("Fuzz/seeds")):
    with open(os.path.join("Fuzz/seeds", name), "rb") as f:
        put(f.read()); n += 1
print(f"seeded {n} inputs into {out}")
PY

# 3. Fuzz. Regression inputs are read as extra seeds (not written to), so they are re-checked
#    on every run.
marker=.build/fuzz/run-start
touch "$marker"
extra=()
compgen -G "Fuzz/regressions/*.bin" >/dev/null && extra+=(Fuzz/regressions)
set +e
"$BIN" "$CORPUS" "${extra[@]}" \
    -dict=Fuzz/http.dict \
    -max_total_time="$FUZZ_SECONDS" \
    -max_len=8192 \
    -timeout=10 \
    -rss_limit_mb=4096 \
    -artifact_prefix="$ARTIFACTS/" \
    -print_final_stats=1 \
    2>&1 | tee .build/fuzz/last-run.log \
    | grep --line-buffered -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE)|^"|^###### (Recommended|End of recommended)'
status=${PIPESTATUS[0]}
set -e

# 4. Summary from libFuzzer's final stats and its last status line.
log=.build/fuzz/last-run.log
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|INITED|NEW|REDUCE)' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([^ ]*\).*/coverage \1 edges, \2 features, corpus \3/p' <<<"$last")
echo "--- parser fuzz: ${execs:-?} executions, ${rate:-?} exec/s, ${cov:-coverage unknown}"
crashes=$(find "$ARTIFACTS" -maxdepth 1 -type f -newer "$marker" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
if (( status != 0 )) || [[ -n "$crashes" ]]; then
    echo "FUZZ FAILURE (libFuzzer exit $status); reproduce with: Fuzz/run.sh <file>"
    printf '  %s\n' $crashes
    exit 1
fi
echo "no crash in ${FUZZ_SECONDS}s"
