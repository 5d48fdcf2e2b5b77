#!/usr/bin/env bash
# Benchmark of issue 2: turns/s and latency of POST /v1/chat/completions (non-streaming) through the
# whole gateway — API-key check, app lookup, conversation memory in Hazelcast (read + write), a call to
# a zero-latency fake OpenAI-compatible model over loopback HTTP, conversation log, metrics — next to a
# bare Vert.x route that only parses the request and answers. Then the gateway at half its measured
# maximum for the p99 there. Everything runs on this machine (loopback only).
#
#   bench/gateway-turns.sh [duration-seconds] [connections]
#   SWITCHBOARD_JAR=/path/to/switchboard.jar bench/gateway-turns.sh   # an older build, for before/after
#   GATEWAY_JAVA_OPTS='-Xms2g -Xmx2g -XX:StartFlightRecording=filename=/tmp/gw.jfr' ...   # to profile
#   GATEWAY_JFR=/tmp/gw.jfr bench/gateway-turns.sh   # profile the full-load phase only (jcmd JFR.start/stop)
#   BENCH_DB_OPTIONS=';CACHE_SIZE=4096' bench/gateway-turns.sh   # H2 settings appended to the database URL
#   GATEWAY_JFR_HALF=/tmp/half.jfr bench/gateway-turns.sh   # record the half-load phase (pauses, parks, latency)
#
# Needs: wrk (Debian package), a JDK >= 21, Maven. Writes bench/results/gateway-turns-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
DURATION=${1:-20}
CONNECTIONS=${2:-64}
# Ports can be moved (BENCH_PORT_BASE=28000) so two runs on one machine do not meet.
BASE=${BENCH_PORT_BASE:-18000}
GW_PORT=$((BASE + 80)) MODEL_PORT=$((BASE + 89)) BARE_PORT=$((BASE + 90)) HZ_PORT=$((BASE - 2099))
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

if [ -z "${SWITCHBOARD_JAR:-}" ]; then
  mvn -B -q -o -DskipTests -Dconsole.skip=true package 2>/dev/null || mvn -B -q -DskipTests -Dconsole.skip=true package
fi
CP_FILE=$(mktemp)
mvn -B -q -o dependency:build-classpath -pl testkit -Dmdep.outputFile="$CP_FILE" >/dev/null
TESTKIT_CP="testkit/target/classes:$(cat "$CP_FILE")"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK" "$CP_FILE"; }
trap cleanup EXIT

JAVA_FLAGS="-XX:+UseParallelGC -Xms1g -Xmx1g"
java $JAVA_FLAGS -cp "$TESTKIT_CP" io.switchboard.testkit.FakeOpenAiServer $MODEL_PORT > "$WORK/model.log" 2>&1 & PIDS+=($!)
java $JAVA_FLAGS -cp "$TESTKIT_CP" io.switchboard.testkit.BareRouteServer $BARE_PORT > "$WORK/bare.log" 2>&1 & PIDS+=($!)
SWITCHBOARD_HTTP_PORT=$GW_PORT SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR="$WORK/data" \
SWITCHBOARD_DATABASE_URL="jdbc:h2:file:$WORK/data/db${BENCH_DB_OPTIONS:-}" SWITCHBOARD_CLUSTER_PORT=$HZ_PORT \
SWITCHBOARD_CLUSTER_NETWORK_INTERFACE=127.0.0.1 SWITCHBOARD_ADMIN_PASSWORD=bench-admin-password \
JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms2g -Xmx2g}" bin/switchboard > "$WORK/gateway.log" 2>&1 & PIDS+=($!)
READY=0
for _ in $(seq 1 480); do # up to 4 min: on a loaded machine the gateway takes a while to start
  curl -sf -m 5 "http://127.0.0.1:$GW_PORT/health/ready" >/dev/null 2>&1 && curl -sf -m 5 "http://127.0.0.1:$MODEL_PORT/v1/models" >/dev/null 2>&1 && { READY=1; break; }
  sleep 0.5
done
[ $READY = 1 ] || { echo "bench: the gateway or the fake model did not get ready; gateway log:" >&2; tail -40 "$WORK/gateway.log" >&2; exit 1; }

api() { curl -sf -X "$1" "http://127.0.0.1:$GW_PORT/admin/v1$2" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' ${3:+-d "$3"}; }
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$GW_PORT/admin/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"bench-admin-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
api POST /providers "{\"id\":\"fake\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"http://127.0.0.1:$MODEL_PORT/v1\",\"apiKey\":\"sk-bench\",\"maxRetries\":0}" >/dev/null
api POST /apps '{"id":"bench","config":{"name":"Bench","systemPrompt":"You answer questions about orders.","model":{"providerId":"fake","modelName":"fake-model"},"memory":{"lastMessages":10,"tokenBudget":2000}}}' >/dev/null
api POST /apps/bench/publish '{}' >/dev/null
export API_KEY=$(api POST /apps/bench/keys '{"name":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
export MODEL=bench CONVERSATIONS=1000

GATEWAY_PID=${PIDS[2]} # bin/switchboard execs the JVM
gateway_cpu_ticks() { awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"; }
logged_turns() { api GET '/apps/bench/logs?limit=1' | sed 's/.*"total":\([0-9]*\).*/\1/'; }

run() { # name port connections duration [rate-per-connection]
  # A 10 s timeout (wrk's default is 2 s): on a loaded machine requests that wrk gave up on were still
  # served, and CPU per turn counted their work against the turns wrk saw.
  RATE_PER_CONNECTION=${5:-0} wrk -t2 -c"$3" -d"$4"s --timeout 10s -s bench/chat-completions.lua "http://127.0.0.1:$2" | grep RESULT | sed "s|^RESULT|$1|"
}
echo "warming up..." >&2
run warmup-gateway $GW_PORT "$CONNECTIONS" 30 >/dev/null
run warmup-bare $BARE_PORT "$CONNECTIONS" 5 >/dev/null

mkdir -p bench/results
OUT=bench/results/gateway-turns-$(date +%Y%m%d-%H%M%S).txt
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, ${DURATION}s, ${CONNECTIONS} connections, load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg), gateway ${SWITCHBOARD_JAR:-this tree}, JDK $(java -version 2>&1 | head -1)"
  run bare-route $BARE_PORT "$CONNECTIONS" "$DURATION"
  [ -n "${GATEWAY_JFR:-}" ] && jcmd "$GATEWAY_PID" JFR.start name=full-load ${GATEWAY_JFR_SETTINGS:-settings=profile} >/dev/null
  LOGGED0=$(logged_turns)
  CPU0=$(gateway_cpu_ticks)
  GW=$(run gateway-max $GW_PORT "$CONNECTIONS" "$DURATION"); echo "$GW"
  CPU1=$(gateway_cpu_ticks)
  sleep 1 # the log is written in batches within 200 ms
  LOGGED1=$(logged_turns)
  [ -n "${GATEWAY_JFR:-}" ] && jcmd "$GATEWAY_PID" JFR.stop name=full-load filename="$GATEWAY_JFR" >/dev/null
  TURNS=$(echo "$GW" | sed 's/.*requests=\([0-9]*\).*/\1/')
  # CPU time of the gateway process per turn: steadier than turns/s on a machine shared with others.
  echo "gateway-cpu-per-turn-us=$(( (CPU1 - CPU0) * 1000000 / $(getconf CLK_TCK) / TURNS ))"
  # The same CPU over the turns the gateway logged in that phase (served, whether or not wrk still waited).
  echo "gateway-cpu-per-logged-turn-us=$(( (CPU1 - CPU0) * 1000000 / $(getconf CLK_TCK) / (LOGGED1 - LOGGED0 > 0 ? LOGGED1 - LOGGED0 : 1) )) logged=$((LOGGED1 - LOGGED0))"
  MAX=$(echo "$GW" | sed 's/.*rps=\([0-9]*\).*/\1/')
  HALF_CONNECTIONS=32
  PER_CONNECTION=$(( MAX / 2 / HALF_CONNECTIONS ))
  # Under 64 turns/s that is 0, which the wrk script reads as "unpaced": the half-load phase then ran flat out.
  [ "$PER_CONNECTION" -ge 1 ] || PER_CONNECTION=1
  [ -n "${GATEWAY_JFR_HALF:-}" ] && jcmd "$GATEWAY_PID" JFR.start name=half-load ${GATEWAY_JFR_HALF_SETTINGS:-settings=profile} >/dev/null
  run "gateway-half-load-target-$((MAX / 2))-rps" $GW_PORT $HALF_CONNECTIONS "$DURATION" "$PER_CONNECTION"
  if [ -n "${GATEWAY_JFR_HALF:-}" ]; then jcmd "$GATEWAY_PID" JFR.stop name=half-load filename="$GATEWAY_JFR_HALF" >/dev/null; fi
} | tee "$OUT"
echo "turns logged: $(logged_turns)" | tee -a "$OUT"
