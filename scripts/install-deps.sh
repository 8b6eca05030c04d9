#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test zoom2kaltura: the -dev
# packages of the C libraries the Swift targets link (libcurl is the one not there by default).
# Idempotent: installs nothing when everything is present. Runs apt as root, or through sudo.
set -euo pipefail

packages=(pkg-config libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev zlib1g-dev "$@")
# The PostgreSQL server (initdb, postgres and the `postgres` user) for the PostgreSQL job store's
# tests, which start a throwaway server of their own; libpq-dev above is only the client.
packages+=(postgresql)
# scripts/run-checks.sh: a Python venv for the PyPI check tools; mmdebstrap and ip (iproute2)
# for scripts/checks/container.
packages+=(python3-venv mmdebstrap iproute2)
# scripts/checks/metrics.py: promtool (prometheus); scripts/checks/status-page.py: headless chromium and a font.
packages+=(prometheus chromium fonts-dejavu-core)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then
    echo "install-deps: swift is at /opt/swift/usr/bin; add it to PATH" >&2
  else
    echo "install-deps: no Swift toolchain found; install Swift 6 from swift.org (it is not a Debian package)" >&2
  fi
  exit 1
fi
