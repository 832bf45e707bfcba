#!/usr/bin/env bash
# Cold start: whole processes, from JVM start to the first answer (init + one request against a
# local dynalite), median wall time and peak RSS of RUNS runs per setup, beside a Java hello-world
# (the JVM's floor). Needs benchmarks/target/benchmarks.jar (./mvnw -pl benchmarks -am package).
#   benchmarks/coldstart.sh [RUNS]      -> benchmarks/results/coldstart.md
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAR=benchmarks/target/benchmarks.jar
APACHE=$(ls benchmarks/target/sdk-default-libs/*.jar | tr '\n' ':')
WORK=$(mktemp -d)
OUT=benchmarks/results/coldstart.md
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
trap 'kill $SETUP_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

java -cp "$JAR" dev.slipstream.benchmarks.ColdStartSetup > "$WORK/setup.out" 2>"$WORK/setup.err" &
SETUP_PID=$!
for _ in $(seq 1 300); do grep -q READY "$WORK/setup.out" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$WORK/setup.out" || { cat "$WORK/setup.err"; exit 1; }
while IFS='=' read -r k v; do [ -n "$v" ] && export "$k=$v"; done < <(grep '=' "$WORK/setup.out")

# run NAME JAVA CLASSPATH MODE [JVM options…]: RUNS timed runs, prints "median_ms median_rss_mb"
run() {
  local name=$1 java=$2 cp=$3 mode=$4; shift 4
  local times=() rss=()
  for _ in $(seq 1 "$RUNS"); do
    local start end out
    start=$(date +%s%N)
    out=$("$java" "$@" -cp "$cp" dev.slipstream.benchmarks.ColdStartProbe "$mode" 2>/dev/null | tail -1)
    end=$(date +%s%N)
    case "$out" in *peakRssKb=*) ;; *) echo "$name failed: $out" >&2; return 1 ;; esac
    times+=($(( (end - start) / 1000000 )))
    rss+=($(( ${out##*peakRssKb=} / 1024 )))
  done
  local mt mr
  mt=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$mt $mr"
}

# AppCDS wants jars only on the class path, and the same class path at dump and at use.
"$JAVA17" -XX:ArchiveClassesAtExit="$WORK/app.jsa" -cp "$JAR" \
  dev.slipstream.benchmarks.ColdStartProbe example >/dev/null 2>&1
"$JAVA17" -Xshare:on -XX:SharedArchiveFile="$WORK/app.jsa" -Xlog:cds=off -cp "$JAR" \
  dev.slipstream.benchmarks.ColdStartProbe hello >/dev/null \
  || { echo "the AppCDS archive was not usable" >&2; exit 1; }

declare -A R
R[hello]=$(run hello "$JAVA17" "$JAR" hello)
R[sdk]=$(run sdk-default "$JAVA17" "$JAR:$APACHE" sdk-default)
R[slip]=$(run slipstream "$JAVA17" "$JAR" slipstream)
R[example]=$(run example "$JAVA17" "$JAR" example)
R[cds]=$(run example-cds "$JAVA17" "$JAR" example -Xshare:on -XX:SharedArchiveFile="$WORK/app.jsa")
R[c1cds]=$(run example-cds-c1 "$JAVA17" "$JAR" example -Xshare:on -XX:SharedArchiveFile="$WORK/app.jsa" -XX:TieredStopAtLevel=1)
R[lettuce]=$(run redis-lettuce "$JAVA17" "$JAR" redis-lettuce -XX:TieredStopAtLevel=1)
R[tiered]=$(run redis-tiered "$JAVA17" "$JAR" redis-tiered -XX:TieredStopAtLevel=1)
R[tieredl2]=$(run redis-tiered-l2 "$JAVA17" "$JAR" redis-tiered-l2 -XX:TieredStopAtLevel=1)
R[jetcache]=$(run redis-jetcache "$JAVA17" "$JAR" redis-jetcache -XX:TieredStopAtLevel=1)
R[redisson]=$(run redis-redisson "$JAVA17" "$JAR" redis-redisson -XX:TieredStopAtLevel=1)
AOT="n/a"
if [ -x "$JAVA25" ]; then
  "$JAVA25" -XX:AOTCacheOutput="$WORK/app.aot" -cp "$JAR" \
    dev.slipstream.benchmarks.ColdStartProbe example >/dev/null 2>&1 || true
  if [ -f "$WORK/app.aot" ]; then
    R[hello25]=$(run hello-25 "$JAVA25" "$JAR" hello)
    R[aot]=$(run example-aot "$JAVA25" "$JAR" example -XX:AOTCache="$WORK/app.aot" -XX:TieredStopAtLevel=1)
    AOT=yes
  fi
fi

floor=${R[hello]%% *}
row() { local t=${2%% *} m=${2##* }; printf '| %s | %s ms | %s MiB | %s× |\n' "$1" "$t" "$m" "$(awk -v a="$t" -v b="$floor" 'BEGIN{printf "%.1f", a/b}')"; }
{
  echo "# Cold start — $(date -u +%Y-%m-%d), $(nproc) cores, $("$JAVA17" -version 2>&1 | head -1)"
  echo
  echo "Median of $RUNS whole-process runs: JVM start → init → one request to a local dynalite → answer."
  echo "The ratio is to a Java hello-world on the same machine (the JVM's floor)."
  echo
  echo "| setup | wall | peak RSS | × hello-world |"
  echo "|---|---|---|---|"
  row "Java hello-world (floor)" "${R[hello]}"
  row "(a) SDK defaults: DynamoDbClient.builder(), Apache 5 on the class path, one GetItem" "${R[sdk]}"
  row "(b) Slipstream AwsClients, one GetItem" "${R[slip]}"
  row "(b') the users API handler: init + GET /users/{id}" "${R[example]}"
  row "(c) (b') + AppCDS archive (-Xshare:on)" "${R[cds]}"
  row "(c') (c) + -XX:TieredStopAtLevel=1 (Lambda's default)" "${R[c1cds]}"
  if [ "$AOT" = yes ]; then
    row "Temurin 25 hello-world" "${R[hello25]}"
    row "(d) (b') on Temurin 25 + AOT cache + TieredStopAtLevel=1" "${R[aot]}"
  fi
  echo
  echo "First answer from a Redis-backed read in a fresh JVM (\`-XX:TieredStopAtLevel=1\`), JVM start → value:"
  echo
  echo "| setup | wall | peak RSS | × hello-world |"
  echo "|---|---|---|---|"
  row "raw Lettuce: \`RedisClient.create(uri).connect().sync().get(key)\`" "${R[lettuce]}"
  row "\`TieredCache.get\` with the defaults (waits for the connect at most l2Timeout, then the loader)" "${R[tiered]}"
  row "\`RedisTier.warm\` then \`TieredCache.get\`: the first answer from Redis itself" "${R[tieredl2]}"
  row "JetCache 2.7 Lettuce remote cache, first \`get\`" "${R[jetcache]}"
  row "Redisson 3.52, one idle connection, first \`RBucket.get\`" "${R[redisson]}"
} | tee "$OUT"

# The handlers as Lambda runs them: the runtime interface client, a loopback Runtime API.
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" \
  dev.slipstream.benchmarks.LambdaColdStart "$RUNS" | tee benchmarks/results/lambda-coldstart.md
# The same with class-data archives written by training runs (Java 25 AOT cache, Java 17 CDS).
JAVA25_HOME=$(dirname "$(dirname "$JAVA25")") java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$JAR" dev.slipstream.benchmarks.LambdaColdStart archives "$RUNS" \
  | tee benchmarks/results/lambda-archives.md
