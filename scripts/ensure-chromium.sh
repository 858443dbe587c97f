#!/usr/bin/env bash
# Make sure the journeys have a Chromium: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else /usr/bin/chromium,
# else Playwright's own download, else the distribution's package. Fails loudly when none works.
set -euo pipefail
if [ -n "${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-}" ]; then
  [ -x "$PLAYWRIGHT_CHROMIUM_EXECUTABLE" ] && exit 0
  echo "PLAYWRIGHT_CHROMIUM_EXECUTABLE=$PLAYWRIGHT_CHROMIUM_EXECUTABLE is not an executable" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] && exit 0
echo "no /usr/bin/chromium: trying 'playwright install chromium'" >&2
if .venv/bin/python -m playwright install chromium >/dev/null 2>&1; then exit 0; fi
echo "playwright could not download a browser: installing the distribution's chromium" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if command -v apt-get >/dev/null; then
  $SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >/dev/null
elif command -v dnf >/dev/null; then
  $SUDO dnf install -y chromium >/dev/null
fi
[ -x /usr/bin/chromium ] || { echo "no Chromium could be installed" >&2; exit 1; }
