#!/usr/bin/env bash
# Whole processes: JVM start -> record 3 metrics -> flush EMF to stdout -> exit, for Slipstream and
# the peers, beside hello-world (the JVM's floor) and three LongAdders. RUNS processes per mode,
# interleaved (hello, longadder, slipstream, embedded, powertools, hello, ...) so that drift on this
# machine hits every mode alike; median wall time, and classes loaded that did not come from the
# JDK's CDS archive (one extra run per mode with -Xlog:class+load).
# Needs benchmarks/target/benchmarks.jar (./mvnw -pl benchmarks -am package).
#   benchmarks/metrics-cold.sh [RUNS]      -> benchmarks/results/metrics-cold.md
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/results/metrics-cold.md
JAVA=${JAVA:-java}
MODES=(hello longadder slipstream embedded powertools)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for _ in $(seq 1 "$RUNS"); do
  for mode in "${MODES[@]}"; do
    start=$(date +%s%N)
    "$JAVA" -cp "$JAR" dev.slipstream.benchmarks.MetricsColdProbe "$mode" >"$WORK/out" 2>&1 \
      || { echo "$mode failed:"; cat "$WORK/out"; exit 1; } >&2
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 )) >> "$WORK/$mode.ms"
  done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
classes() {
  "$JAVA" -Xlog:class+load:file="$WORK/$1.classes" -cp "$JAR" \
    dev.slipstream.benchmarks.MetricsColdProbe "$1" >/dev/null 2>&1
  grep -vc 'shared objects file' "$WORK/$1.classes" || true
}

HELLO=$(median "$WORK/hello.ms")
{
  echo "# Metrics: whole-process cold start"
  echo
  echo "JVM start, record 3 metrics, flush EMF to stdout, exit. Median of $RUNS processes per mode,"
  echo "interleaved; $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); $(date -u +%F)."
  echo
  echo "| mode | median wall | over hello-world | classes not from CDS |"
  echo "|---|---|---|---|"
  for mode in "${MODES[@]}"; do
    m=$(median "$WORK/$mode.ms")
    echo "| $mode | $m ms | +$((m - HELLO)) ms | $(classes "$mode") |"
  done
} > "$OUT"
cat "$OUT"
