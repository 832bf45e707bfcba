#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the integration tests start
# (Debian's redis-server and openssl, dynalite from test-support/package-lock.json), then ./mvnw -B verify.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl core -am
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)   # TLS test certificates
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]} (Debian packages)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x test-support/node_modules/.bin/dynalite ]; then
  echo "==> installing dynalite (npm ci in test-support/)"
  npm ci --prefix test-support --no-audit --no-fund --loglevel=error
fi

exec ./mvnw -B verify "$@"
