#!/usr/bin/env bash
# The CPU quotas add to a whole gateway turn (issue 13, target <= 15 us): one build measured by
# bench/gateway-turns.sh with end-user and app quotas set (requests per minute and tokens per day, limits far
# too high to refuse) and with none, alternated (off on on off ...), 1,000 end users ("user" field, USERS).
#   bench/gateway-quotas-pairs.sh JAR [pairs=3] [duration-seconds=15] [connections=64]
# JAR as copied aside with its lib/ (cp -r gateway/target/switchboard.jar gateway/target/lib <dir>/).
# Compare gateway-cpu-per-logged-turn-us within a pair only; the load average is printed with each run.
# QUOTAS_CLUSTER=1: the gateway lists itself in cluster.members, so it runs as a member of a cluster (buckets in
# the Hazelcast map) instead of a cluster of one (buckets in process, the default). BENCH_PORT_BASE as
# bench/gateway-turns.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$1 PAIRS=${2:-3} DURATION=${3:-15} CONNECTIONS=${4:-64}
export USERS=${USERS:-1000}
LIMIT=1000000000
if [ -n "${QUOTAS_CLUSTER:-}" ]; then
  export SWITCHBOARD_CLUSTER_MEMBERS="127.0.0.1:$(( ${BENCH_PORT_BASE:-18000} - 2099 ))"
fi
for pair in $(seq 1 "$PAIRS"); do
  if [ $((pair % 2)) = 1 ]; then order="off on"; else order="on off"; fi
  for quotas in $order; do
    echo "=== pair $pair: quotas $quotas, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$quotas" = on ]; then
      env SWITCHBOARD_QUOTAS_USER_REQUESTS_PER_MINUTE=$LIMIT SWITCHBOARD_QUOTAS_USER_TOKENS_PER_DAY=$LIMIT \
        SWITCHBOARD_QUOTAS_APP_REQUESTS_PER_MINUTE=$LIMIT SWITCHBOARD_QUOTAS_APP_TOKENS_PER_DAY=$LIMIT \
        SWITCHBOARD_JAR="$JAR" bench/gateway-turns.sh "$DURATION" "$CONNECTIONS" 2>&1 | grep --line-buffered -v '^WARNING'
    else
      SWITCHBOARD_JAR="$JAR" bench/gateway-turns.sh "$DURATION" "$CONNECTIONS" 2>&1 | grep --line-buffered -v '^WARNING'
    fi
  done
done
