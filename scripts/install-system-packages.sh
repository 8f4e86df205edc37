#!/usr/bin/env bash
# Installs the system packages the test suite uses, on Debian or Ubuntu: Chromium (browser tests),
# PostgreSQL and Redis (the tests start their own servers from these binaries, on free ports, with
# temporary data; no system service is configured or started). Run as root or with sudo.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "This script is for Debian or Ubuntu (apt-get). Elsewhere install Chromium, PostgreSQL (server binaries) and Redis with your package manager." >&2
  exit 1
fi
packages=(chromium postgresql redis-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "already installed: ${packages[*]}"
  exit 0
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
