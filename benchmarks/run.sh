#!/usr/bin/env bash
# The JMH suite. Needs benchmarks/target/benchmarks.jar (./mvnw -pl benchmarks -am package), and
# the servers the test command installs (redis-server, dynalite).
#   benchmarks/run.sh smoke   every benchmark once, small inputs (~1 min): a broken one fails
#   benchmarks/run.sh full    the real run: JSON and a Markdown table under benchmarks/results/
#   benchmarks/run.sh peers   the metrics, cache and breaker classes beside their peers only (~15 min):
#                             results/jmh-peers.json and results/jmh-peers.md
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
case "${1:-}" in
  smoke)
    exec java -jar "$JAR" -foe true -f 1 -wi 0 -i 1 -r 200ms -w 200ms -p items=500 \
      -p metrics=10 -p valuesPerMetric=1 ;;
  full)
    mkdir -p benchmarks/results
    java -jar "$JAR" -foe true -rf json -rff benchmarks/results/jmh.json
    java -cp "$JAR" dev.slipstream.benchmarks.ResultsTable benchmarks/results/jmh.json \
      benchmarks/results/jmh.md
    java -cp "$JAR" dev.slipstream.benchmarks.HitRatio | tee benchmarks/results/hit-ratio.txt
    cat benchmarks/results/jmh.md ;;
  peers)
    mkdir -p benchmarks/results
    java -jar "$JAR" -foe true -rf json -rff benchmarks/results/jmh-peers.json \
      'MetricsRecordBenchmark|MetricsFlushBenchmark|MeasuredBenchmark.(directCall|nanoTimePair|measuredDecorator|reflectProxy)|CacheReadBenchmark|CachePeersBenchmark|CacheL2Benchmark|BreakerBenchmark'
    java -cp "$JAR" dev.slipstream.benchmarks.ResultsTable benchmarks/results/jmh-peers.json \
      benchmarks/results/jmh-peers.md
    cat benchmarks/results/jmh-peers.md ;;
  *)
    echo "usage: benchmarks/run.sh smoke|full|peers" >&2; exit 2 ;;
esac
