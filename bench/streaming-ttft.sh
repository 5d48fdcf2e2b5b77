#!/usr/bin/env bash
# Benchmark of issue 10: time to first token of a streamed POST /v1/chat/completions, through the
# gateway and straight to the same model, measured by the official OpenAI Python client (bench/ttft.py,
# one request at a time). Two zero-latency SSE models: testkit's FakeOpenAiServer (Vert.x) and a plain
# Python http.server (bench/sse_http_server.py: threaded, reads head and body separately, no
# TCP_NODELAY) — the second is where a request written in two TCP segments used to cost ~40 ms.
#
#   bench/streaming-ttft.sh [requests=500]
#   SWITCHBOARD_JAR=/path/to/switchboard.jar bench/streaming-ttft.sh   # an older build, for before/after
#   TTFT_WARM=0 bench/streaming-ttft.sh   # without the warm-up phase (3,000 streamed turns per model by default)
#
# Needs: python3 with the openai package, a JDK >= 21, Maven. Writes bench/results/streaming-ttft-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
N=${1:-500}
GW_PORT=18180 JAVA_MODEL_PORT=18189 PY_MODEL_PORT=18188 HZ_PORT=15951
python3 -c 'import openai' 2>/dev/null || { echo "bench: the openai Python package is missing" >&2; exit 1; }

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

java -XX:+UseParallelGC -Xms256m -Xmx256m -cp "$TESTKIT_CP" io.switchboard.testkit.FakeOpenAiServer $JAVA_MODEL_PORT \
  > "$WORK/java-model.log" 2>&1 & PIDS+=($!)
python3 bench/sse_http_server.py $PY_MODEL_PORT > "$WORK/py-model.log" 2>&1 & PIDS+=($!)
SWITCHBOARD_HTTP_PORT=$GW_PORT SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR="$WORK/data" \
SWITCHBOARD_DATABASE_URL="jdbc:h2:file:$WORK/data/db" SWITCHBOARD_CLUSTER_PORT=$HZ_PORT \
SWITCHBOARD_CLUSTER_NETWORK_INTERFACE=127.0.0.1 SWITCHBOARD_ADMIN_PASSWORD=bench-admin-password \
JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms1g -Xmx1g}" bin/switchboard > "$WORK/gateway.log" 2>&1 & PIDS+=($!)
READY=0
for _ in $(seq 1 480); do # up to 4 min: on a loaded machine the gateway takes a while to start
  curl -sf -m 5 "http://127.0.0.1:$GW_PORT/health/ready" >/dev/null 2>&1 \
    && curl -sf -m 5 "http://127.0.0.1:$JAVA_MODEL_PORT/v1/models" >/dev/null 2>&1 \
    && curl -sf -m 5 "http://127.0.0.1:$PY_MODEL_PORT/v1/models" >/dev/null 2>&1 && { READY=1; break; }
  sleep 0.5
done
# Without this the first admin call below failed silently (curl -sf under set -e) and the script printed nothing.
[ $READY = 1 ] || { echo "bench: the gateway or a fake model did not get ready; gateway log:" >&2; tail -40 "$WORK/gateway.log" >&2; exit 1; }

api() { curl -sf -X "$1" "http://127.0.0.1:$GW_PORT/admin/v1$2" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' ${3:+-d "$3"}; }
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$GW_PORT/admin/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"bench-admin-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
provision() { # provider-id port app-id -> prints the app's API key
  api POST /providers "{\"id\":\"$1\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"http://127.0.0.1:$2/v1\",\"apiKey\":\"sk-bench\",\"maxRetries\":0}" >/dev/null
  api POST /apps "{\"id\":\"$3\",\"config\":{\"name\":\"TTFT\",\"systemPrompt\":\"You answer questions about orders.\",\"model\":{\"providerId\":\"$1\",\"modelName\":\"fake-model\"}}}" >/dev/null
  api POST "/apps/$3/publish" '{}' >/dev/null
  api POST "/apps/$3/keys" '{"name":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/'
}
JAVA_KEY=$(provision fake-vertx $JAVA_MODEL_PORT ttft-vertx)
PY_KEY=$(provision fake-http-server $PY_MODEL_PORT ttft-http-server)

# Warm both paths up first, three clients at once: measured after only the 20 warm-up requests of ttft.py, the
# gateway's streamed turn still ran partly in the interpreter and C1 code (2026-12-07: the added p50 fell from
# ~8 ms to ~2 ms after 4,500 streamed turns). A gateway in service is warm; TTFT_WARM=0 measures it cold.
WARM=${TTFT_WARM:-3000}
if [ "$WARM" -gt 0 ]; then
  for target in "$JAVA_KEY ttft-vertx" "$PY_KEY ttft-http-server"; do
    set -- $target
    WARMING=()
    for _ in 1 2 3; do python3 bench/ttft.py "http://127.0.0.1:$GW_PORT/v1" "$1" "$2" $((WARM / 3)) warm >/dev/null & WARMING+=($!); done
    wait "${WARMING[@]}" # not a bare wait: the gateway and the models are children too
  done
fi

mkdir -p bench/results
OUT=bench/results/streaming-ttft-$(date +%Y%m%d-%H%M%S).txt
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${N} requests each," \
    "warm-up ${WARM} turns per model, gateway ${SWITCHBOARD_JAR:-this tree}, JDK $(java -version 2>&1 | head -1)"
  python3 bench/ttft.py "http://127.0.0.1:$JAVA_MODEL_PORT/v1" sk-bench fake-model "$N" direct-vertx-model
  python3 bench/ttft.py "http://127.0.0.1:$GW_PORT/v1" "$JAVA_KEY" ttft-vertx "$N" gateway-vertx-model
  python3 bench/ttft.py "http://127.0.0.1:$PY_MODEL_PORT/v1" sk-bench fake-model "$N" direct-http-server-model
  python3 bench/ttft.py "http://127.0.0.1:$GW_PORT/v1" "$PY_KEY" ttft-http-server "$N" gateway-http-server-model
  echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
