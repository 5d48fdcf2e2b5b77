#!/usr/bin/env bash
# Benchmark of issue 14: the pulling WeChat channels (kf = WeChat customer service sync_msg, ilink =
# personal WeChat getupdates): messages/s answered with an instant model (H2 claims, Hazelcast), then
# the takeover time after the poller's member dies in a two-member cluster.
#
#   bench/weixin-pull.sh [kf|ilink] [messages=5000] [leaseTtlSeconds=15]
#
# Needs a JDK >= 21 and Maven. Writes bench/results/weixin-pull-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
MODE=${1:-kf}
MESSAGES=${2:-5000}
LEASE=${3:-15}

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
# One reactor build: sibling modules resolve to their target/classes, not to whatever ~/.m2 holds.
# The gateway module comes last, so its (test-scope) classpath is what stays in $CP_FILE.
mvn -B -q -o -pl gateway -am -Dconsole.skip=true test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")"
mkdir -p bench/results
OUT="bench/results/weixin-pull-$(date +%Y%m%d-%H%M%S).txt"
JAVA_FLAGS="-Xms1g -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=none"
{
  echo "# $(date -u) $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java $JAVA_FLAGS -cp "$CP" io.switchboard.gateway.bench.WeixinPullBench "$MODE" "$MESSAGES" "$LEASE" 2>/dev/null | grep -v '^[0-9][0-9]:'
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
