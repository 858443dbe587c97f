#!/usr/bin/env bash
# Make sure the journeys have coturn (`turnserver`) and nginx: the relay-only call and the reverse-proxy
# journey start their own throwaway instances (tests/services_turn.py, tests/services_nginx.py).
# Installs the distribution's packages when missing; never starts or enables their system services.
set -euo pipefail
missing=()
command -v turnserver >/dev/null || [ -x /usr/bin/turnserver ] || missing+=(coturn)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing the distribution's ${missing[*]} for the journeys" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if command -v apt-get >/dev/null; then
  # policy-rc.d 101: the packages' own services are not started (the journeys start their own)
  policy=/usr/sbin/policy-rc.d; made_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod +x "$policy" && made_policy=1
  fi
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >/dev/null || status=$?
  [ -n "$made_policy" ] && $SUDO rm -f "$policy"
  [ "${status:-0}" -eq 0 ] || { echo "could not install ${missing[*]}" >&2; exit 1; }
elif command -v dnf >/dev/null; then
  $SUDO dnf install -y "${missing[@]}" >/dev/null
fi
command -v turnserver >/dev/null || [ -x /usr/bin/turnserver ] || { echo "no coturn could be installed" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "no nginx could be installed" >&2; exit 1; }
