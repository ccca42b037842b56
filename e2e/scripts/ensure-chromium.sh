#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for Playwright (no browser is ever downloaded by Playwright).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "chromium: found $CHROMIUM"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "chromium: $CHROMIUM is missing, installing Debian's chromium package…"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  exit 0
fi

cat >&2 <<MSG
chromium: $CHROMIUM is missing.
The end-to-end tests run in Debian's Chromium. Install it as root:

    sudo apt-get update && sudo apt-get install -y chromium

or point CHROMIUM_PATH at an existing Chromium/Chrome binary.
MSG
exit 1
