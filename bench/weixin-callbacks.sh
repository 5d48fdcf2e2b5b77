#!/usr/bin/env bash
# Benchmark of issue 3: signed WeChat official-account callbacks per second through the WeChat channel
# with an instant model and passive replies, over a real (single-member) Hazelcast shared state —
# plaintext and safe mode, p50/p90/p99. Load generator and server share this machine's cores.
#
#   bench/weixin-callbacks.sh [requests=40000] [concurrency=64]
#
# Needs a JDK >= 21 and Maven. Writes bench/results/weixin-callbacks-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
REQUESTS=${1:-40000}
CONCURRENCY=${2:-64}

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
# One reactor build: sibling modules resolve to their target/classes, not to whatever ~/.m2 holds.
# The gateway module comes last, so its (test-scope) classpath is what stays in $CP_FILE.
mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")"
mkdir -p bench/results
OUT="bench/results/weixin-callbacks-$(date +%Y%m%d-%H%M%S).txt"
JAVA_FLAGS="-Xms1g -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=none"
{
  echo "# $(date -u) $(nproc) cores, $(java -version 2>&1 | head -1)"
  for MODE in plaintext safe; do
    java $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.WeixinCallbackBench "$MODE" "$REQUESTS" "$CONCURRENCY" 2>/dev/null | grep -v '^[0-9][0-9]:'
  done
} | tee "$OUT"
