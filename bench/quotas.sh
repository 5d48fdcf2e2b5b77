#!/usr/bin/env bash
# CPU the rate limits and quotas add per turn (issue 13; target <= 15 us): Quotas.admit + charge on one embedded
# Hazelcast member configured as a gateway member is. all: the six buckets of user, app and key, 1,000 users;
# requests: user and app requests per minute only; workspace: all + the workspace's two; rare: all, every turn
# from a user not seen before (each user bucket goes to the cluster on every call: the worst case).
#   bench/quotas.sh [turns=200000] [all|requests|workspace|rare] [concurrency=1] [cluster|single|two]
# concurrency: turns on that many virtual threads at once (the gateway runs a virtual thread per turn; 64 is
# bench/gateway-turns.sh's connection count); 1 is one caller in sequence, the worst case for Hazelcast.
# cluster (default): buckets in the member's map, as a gateway with cluster.members; single: a cluster of one
# (no cluster.members, the default configuration), whose buckets are Bucket4j's local buckets in process.
# two: two members in one process (the turns alternate between them; the CPU and operations of both).
# QUOTAS_BASE=<dir>: classes put first on the class path (e.g. another build's io/switchboard/gateway/quota/*.class),
# for back-to-back comparisons on the same class path.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dconsole.skip=true \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="${QUOTAS_BASE:+$QUOTAS_BASE:}gateway/target/test-classes:gateway/target/classes:$(cat "$CP_FILE")"
exec java -Xmx1g -Dhazelcast.phone.home.enabled=false -Dhazelcast.logging.type=none -cp "$CP" \
  io.switchboard.gateway.bench.QuotaBench "${1:-200000}" "${2:-all}" "${3:-1}" "${4:-cluster}"
