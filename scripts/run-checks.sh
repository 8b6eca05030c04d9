#!/usr/bin/env bash
# Runs the checks that are not Swift tests: every executable in scripts/checks/, in name order
# (a check is any program that exits non-zero on failure). `make test` runs this after
# `swift test`; it expects the debug build (`swift build --build-tests`) to be there.
#
#   scripts/run-checks.sh            every check
#   scripts/run-checks.sh openapi    only the named ones
#
# The checks share one Python virtual environment, .build/check-venv, with the PyPI tools pinned
# in scripts/check-requirements.txt (reinstalled only when that file changes). Its path is
# exported as CHECK_VENV: a check calls "$CHECK_VENV/bin/schemathesis", "$CHECK_VENV/bin/python"…
# Prints one line per check with its time and a closing "checks: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$PATH:/opt/swift/usr/bin"

venv=$root/.build/check-venv
requirements=$root/scripts/check-requirements.txt

# A venv needs the venv and ensurepip modules: pyenv's and python.org's Pythons have them,
# Debian's python3 only with the python3-venv package.
python=python3
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  scripts/install-deps.sh python3-venv
  python=/usr/bin/python3
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  echo "run-checks: creating the Python venv at ${venv#"$root"/}"
  "$python" -m venv "$venv"
fi
stamp=$venv/.requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "run-checks: installing $(grep -v '^#' "$requirements" | grep . | tr '\n' ' ')"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --requirement "$requirements"
  echo "$want" >"$stamp"
fi
export CHECK_VENV=$venv

checks=()
if (($#)); then
  for name in "$@"; do checks+=("scripts/checks/$name"); done
else
  while IFS= read -r -d '' file; do checks+=("$file"); done \
    < <(find scripts/checks -maxdepth 1 -type f -perm -u+x -print0 | LC_ALL=C sort -z)
fi

passed=0
failed=()
summary=()
for check in "${checks[@]}"; do
  name=${check#scripts/checks/}
  echo "run-checks: ── $name"
  start=$EPOCHREALTIME
  status=0
  "$check" || status=$?
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  if ((status == 0)); then
    passed=$((passed + 1))
    summary+=("$(printf 'check %-24s ok      %7s s' "$name" "$seconds")")
  else
    failed+=("$name")
    summary+=("$(printf 'check %-24s FAILED  %7s s  (exit %d)' "$name" "$seconds" "$status")")
  fi
  echo "${summary[-1]}"
done

echo "run-checks: summary"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "run-checks: failed: ${failed[*]}"
fi
echo "checks: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
