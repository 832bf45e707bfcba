#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the integration tests start
# (Debian's redis-server and openssl, dynalite from test-support/package-lock.json), runs
# ./mvnw -B install (the consumer builds resolve Slipstream from the local repository, as a
# user's build would), the consumer builds under consumers/, a release rehearsal, the example's
# tests on Java 25, cfn-lint of its template, then every benchmark once.
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

./mvnw -B install "$@"

# One user's build per published module (no parent, only slipstream-bom): its main path and its
# runtime class path. Skipped when arguments narrow the build.
if [ $# -eq 0 ]; then
  echo "==> consumer builds"
  ./mvnw -B -f consumers/pom.xml verify
fi

# The bundle a release would upload to Maven Central, built and checked (not signed or sent):
# exactly the published modules, Javadoc under doclint all, POMs as Central requires.
if [ $# -eq 0 ]; then
  scripts/release-check.sh
fi

# The example on the Java its template deploys to (Runtime: java25), under the real runtime
# interface client as well: its unit and integration tests again on a Temurin 25 JDK.
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ $# -eq 0 ]; then
  if [ -x "$JAVA25_HOME/bin/java" ]; then
    echo "==> the example's tests on Java 25 (the template's runtime)"
    JAVA_HOME="$JAVA25_HOME" ./mvnw -B verify -pl examples
  else
    echo "==> no Java 25 at $JAVA25_HOME (set JAVA25_HOME): the example's tests ran on $(java -version 2>&1 | head -1) only"
  fi
fi

# The deploy template, linted with its SAM transform (cfn-lint is on the machine image).
if [ $# -eq 0 ]; then
  if command -v cfn-lint >/dev/null 2>&1; then
    echo "==> cfn-lint examples/template.yaml"
    cfn-lint examples/template.yaml
  else
    echo "==> cfn-lint not found: examples/template.yaml not linted (pip install cfn-lint)"
  fi
fi

# Every JMH benchmark once, on small inputs (~30 s): a broken benchmark fails the build too.
# Skipped when arguments narrow the build (benchmarks.jar may not have been built).
if [ $# -eq 0 ]; then
  echo "==> benchmark smoke run"
  benchmarks/run.sh smoke > benchmarks/target/smoke.log 2>&1 \
    || { tail -50 benchmarks/target/smoke.log; echo "benchmark smoke run failed"; exit 1; }
  # JMH shortens package names (d.s.benchmarks.X, d.s.metrics.Y): no results at all is a failure.
  grep -E '^[A-Za-z0-9.]+Benchmark\.' benchmarks/target/smoke.log | sed 's/^/    /' \
    || { echo "benchmark smoke run printed no results"; tail -50 benchmarks/target/smoke.log; exit 1; }
fi
