#!/usr/bin/env bash
# The reference users API on http://127.0.0.1:8080, on a fresh machine: installs what is missing
# (dynalite from npm; redis-server from Debian when apt-get can), builds, starts dynalite and
# redis-server on loopback, creates and seeds the table, and serves the Lambda handler.
# Ctrl-C stops everything it started. Arguments go to the runner: --port N, --users N.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "==> installing redis-server (optional: without it the cache runs L1 only)"
  { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      as_root apt-get install -y -qq redis-server >/dev/null; } \
    || echo "    could not install redis-server; going on without Redis"
fi
if [ ! -x test-support/node_modules/.bin/dynalite ]; then
  echo "==> installing dynalite (npm ci in test-support/)"
  npm ci --prefix test-support --no-audit --no-fund --loglevel=error
fi

echo "==> building the example"
classpath="$PWD/examples/target/classpath.txt"
./mvnw -B -q -pl examples -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$classpath" -Dmdep.includeScope=compile

exec java -cp "examples/target/classes:$(cat "$classpath")" \
  dev.slipstream.examples.users.local.LocalRunner "$@"
