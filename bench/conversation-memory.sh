#!/usr/bin/env bash
# Benchmark of issue 16 (points 1 and 7): the cost per turn of writing conversation memory through to the
# database (memory only, H2 file, PostgreSQL when SWITCHBOARD_TEST_PG_URL is set), and the heap an idle
# conversation takes in the conversations map, to size a node for 1,000,000 conversations.
#
#   bench/conversation-memory.sh [turns=20000] [threads=16] [idle-conversations=200000]   (write, turn, idle)
#   bench/conversation-memory.sh nodes [members=3] [conversations=1000000] [size=config/hazelcast.yaml's] [heap=8g]
#
# The second form starts that many members in one JVM as the gateway starts them (config/hazelcast.yaml,
# TCP-IP join on loopback), writes the conversations and prints per member the owned entries, backups and
# their cost, the heap per member, and how many conversations the eviction bound (PER_NODE size) kept.
#
# Needs a JDK >= 21 and Maven. Writes bench/results/conversation-memory-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
if [ "${1:-}" = nodes ]; then
  MODE_NODES=1
  shift
fi
TURNS=${1:-20000}
THREADS=${2:-16}
IDLE=${3:-200000}

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" -Dconsole.skip=true >/dev/null
CP="gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")"
mkdir -p bench/results
OUT="bench/results/conversation-memory-$(date +%Y%m%d-%H%M%S).txt"
JAVA_FLAGS="-Dlogback.configurationFile=bench/logback-warn.xml -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=none -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
if [ -n "${MODE_NODES:-}" ]; then
  {
    echo "# $(date -u) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
    java -Xms${4:-8g} -Xmx${4:-8g} -XX:+UseParallelGC $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.MemoryBench \
      nodes "${1:-3}" "${2:-1000000}" "${3:-0}" config/hazelcast.yaml 2>"${OUT%.txt}.err" | grep -v '^[0-9][0-9]:' \
      | grep -E '^(  )?(member|heap|[0-9]+ members)'
    echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$OUT"
  exit 0
fi
PG=()
if [ -n "${SWITCHBOARD_TEST_PG_URL:-}" ]; then
  PG=("$SWITCHBOARD_TEST_PG_URL?currentSchema=memory_bench" "${SWITCHBOARD_TEST_PG_USER:-switchboard}" "${SWITCHBOARD_TEST_PG_PASSWORD:-}")
fi
{
  echo "# $(date -u) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  java -Xms1g -Xmx1g $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.MemoryBench write "$TURNS" "$THREADS" "${PG[@]}" 2>/dev/null | grep -v '^[0-9][0-9]:'
  # A turn's read + append on a member started as the gateway starts it (config/hazelcast.yaml), memory
  # only, write-through and write-behind (cluster.memoryWriteDelay), with the process's CPU per turn.
  java -Xms1g -Xmx1g $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.MemoryBench turn "$TURNS" "$THREADS" config/hazelcast.yaml 2>/dev/null | grep ' turns '
  java -Xms3g -Xmx3g -XX:+UseParallelGC $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.MemoryBench idle "$IDLE" 10 120 2>/dev/null | grep -v '^[0-9][0-9]:'
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
