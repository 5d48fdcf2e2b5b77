#!/usr/bin/env bash
# CPU per turn that tracing adds (issue 16 point 6): bench/gateway-turns.sh with tracing off (the
# default), then on (every span exported over OTLP/HTTP to testkit's FakeOtlpReceiver on loopback,
# sampling 1.0), in pairs, back to back on one build: the machine may be shared, so only pairs compare.
#
#   bench/tracing.sh [pairs=2] [duration-seconds=20] [connections=64]
#   SWITCHBOARD_JAR=gateway/target/switchboard.jar bench/tracing.sh ...   # a built jar: no package step
#   BENCH_PORT_BASE=28000 bench/tracing.sh ...   # other ports (the receiver's too), beside another run
#
# Needs what bench/gateway-turns.sh needs (wrk, a JDK >= 21, Maven). Prints one line per run and the spans
# the receiver decoded; writes bench/results/tracing-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
PAIRS=${1:-2}
DURATION=${2:-20}
CONNECTIONS=${3:-64}
OTLP_PORT=$(( ${BENCH_PORT_BASE:-18000} - 3682 ))

if [ -z "${SWITCHBOARD_JAR:-}" ]; then
  mvn -B -q -o -DskipTests -Dconsole.skip=true package 2>/dev/null || mvn -B -q -DskipTests -Dconsole.skip=true package
fi
export SWITCHBOARD_JAR=${SWITCHBOARD_JAR:-gateway/target/switchboard.jar}
CP_FILE=$(mktemp)
mvn -B -q -o dependency:build-classpath -pl testkit -Dmdep.outputFile="$CP_FILE" >/dev/null
java -XX:+UseParallelGC -Xmx512m -cp "testkit/target/classes:$(cat "$CP_FILE")" \
  io.switchboard.testkit.FakeOtlpReceiver $OTLP_PORT > /dev/null 2>&1 &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null || true; rm -f "$CP_FILE"' EXIT
for _ in $(seq 1 240); do curl -sf -m 2 "http://127.0.0.1:$OTLP_PORT/stats" >/dev/null && break; sleep 0.5; done
curl -sf -m 2 "http://127.0.0.1:$OTLP_PORT/stats" >/dev/null || { echo "bench: the fake OTLP receiver did not start" >&2; exit 1; }

mkdir -p bench/results
OUT=bench/results/tracing-$(date +%Y%m%d-%H%M%S).txt
one() { # off|on
  local state=$1 before after
  before=$(curl -sf "http://127.0.0.1:$OTLP_PORT/stats" | sed 's/.*"spans":\([0-9]*\).*/\1/')
  local lines
  if [ "$state" = on ]; then
    lines=$(SWITCHBOARD_TRACING_ENABLED=true SWITCHBOARD_TRACING_ENDPOINT="http://127.0.0.1:$OTLP_PORT/v1/traces" \
      SWITCHBOARD_TRACING_EXPORT_INTERVAL=PT1S bench/gateway-turns.sh "$DURATION" "$CONNECTIONS" 2>>"${OUT%.txt}.err")
  else
    lines=$(SWITCHBOARD_TRACING_ENABLED=false bench/gateway-turns.sh "$DURATION" "$CONNECTIONS" 2>>"${OUT%.txt}.err")
  fi
  after=$(curl -sf "http://127.0.0.1:$OTLP_PORT/stats" | sed 's/.*"spans":\([0-9]*\).*/\1/')
  echo "tracing-$state $(echo "$lines" | grep '^#' | sed 's/^# //')"
  echo "$lines" | grep -E '^(gateway-max|gateway-cpu-per-turn-us)' | sed "s/^/  tracing-$state /"
  echo "  tracing-$state spans-exported=$((after - before))"
}
{
  for i in $(seq 1 "$PAIRS"); do
    one off
    one on
  done
} | tee "$OUT"
