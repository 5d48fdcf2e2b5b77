#!/usr/bin/env bash
# Chaos test of issue 16 (point 3): three real gateway processes (TCP-IP join on loopback, one
# PostgreSQL) under WeChat (service account) and WeCom (app) callbacks with retries landing on other nodes,
# Telegram webhook, web chat and developer-API
# traffic; one node is killed with SIGKILL and started again, then every node is restarted in turn.
# Prints and checks sent / answered / lost / duplicated / conversations whose memory was lost; exits 1
# unless lost, duplicated and memory lost are all 0. Loopback only; bounded (each phase waits at most
# 3 minutes for progress).
#
#   bench/chaos.sh [workers-per-channel=4] [turns-per-conversation=4] [turns-per-phase=40]
#
# Needs a JDK >= 21, Maven and PostgreSQL: SWITCHBOARD_TEST_PG_URL (and _USER, _PASSWORD), e.g. from
# bin/start-postgres.sh; a schema of its own is created (chaos_<time>). Writes bench/results/chaos-<time>.txt
# (and the run's whole output, with the nodes' log directory named in its last line, to chaos-<time>.log).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
WORKERS=${1:-4}
TURNS=${2:-4}
PHASE=${3:-40}
: "${SWITCHBOARD_TEST_PG_URL:?set SWITCHBOARD_TEST_PG_URL (and _USER, _PASSWORD) to a PostgreSQL}"
SCHEMA="chaos_$(date +%Y%m%d%H%M%S)"
case "$SWITCHBOARD_TEST_PG_URL" in *\?*) SEP='&' ;; *) SEP='?' ;; esac
DB_URL="$SWITCHBOARD_TEST_PG_URL${SEP}currentSchema=$SCHEMA"

CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q -o -pl gateway -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" -Dconsole.skip=true >/dev/null
CP="$PWD/gateway/target/test-classes:$PWD/gateway/target/classes:$(cat "$CP_FILE")"
mkdir -p bench/results
OUT="$PWD/bench/results/chaos-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# $(date -u) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  echo "# $WORKERS workers per channel, $TURNS turns per conversation, $PHASE turns per phase"
  # The gateways resolve config/ from the gateway module, as the test suite does.
  # Everything the run prints goes to the .log next to the result (a failure's stack trace too).
  (cd gateway && java -Xmx512m -Dhazelcast.phone.home.enabled=false -cp "$CP" io.switchboard.gateway.chaos.ChaosRun \
    "$WORKERS" "$TURNS" "$PHASE" "$DB_URL" "${SWITCHBOARD_TEST_PG_USER:-switchboard}" "${SWITCHBOARD_TEST_PG_PASSWORD:-}" \
    >"${OUT%.txt}.log" 2>&1) || true
  grep --line-buffered '^chaos:' "${OUT%.txt}.log" || true
  grep -q '^chaos: sent' "${OUT%.txt}.log" || { echo "# the run did not finish: last lines of ${OUT%.txt}.log"; tail -30 "${OUT%.txt}.log"; }
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
grep -q 'lost 0, duplicated 0, .*memory lost 0' "$OUT"
