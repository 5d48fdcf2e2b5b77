#!/usr/bin/env bash
# Benchmark of issue 4: Telegram webhook updates/s through the whole gateway — secret check, update
# parsing, cluster-wide dedupe of update_id in Hazelcast, the per-chat queue — and how fast the answers
# go out: each update becomes a turn against a zero-latency fake OpenAI-compatible model and a
# sendMessage to a fake Bot API (pacing limits lifted, so the gateway itself is measured, not Telegram's
# 30 messages/s). Reports the webhook's acceptance rate and latency (wrk) and the answers sent per
# second over the run and until the backlog drained; then the intake path alone (group chatter that
# does not address the bot: checked, parsed, deduplicated, dropped). Everything runs on this machine
# (loopback only).
#
#   bench/telegram-webhook.sh [duration-seconds] [connections] [chats]
#
# Needs: wrk (Debian package), curl, a JDK >= 21, Maven. Writes bench/results/telegram-webhook-<time>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
sb_pick_jdk
DURATION=${1:-20}
CONNECTIONS=${2:-32}
export CHATS=${3:-1000}
GW_PORT=18180 MODEL_PORT=18189 TG_PORT=18181 HZ_PORT=15911
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

mvn -B -q -o -DskipTests package 2>/dev/null || mvn -B -q -DskipTests package
CP_FILE=$(mktemp)
mvn -B -q -o dependency:build-classpath -pl testkit -Dmdep.outputFile="$CP_FILE" >/dev/null
TESTKIT_CP="testkit/target/classes:$(cat "$CP_FILE")"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK" "$CP_FILE"; }
trap cleanup EXIT
# Keeps the gateway log when KEEP_LOG is set (for looking into a run).
[ -n "${KEEP_LOG:-}" ] && cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; cp "$WORK/gateway.log" bench/results/telegram-gateway.log 2>/dev/null || true; rm -rf "$WORK" "$CP_FILE"; }

JAVA_FLAGS="-XX:+UseParallelGC -Xms512m -Xmx512m"
java $JAVA_FLAGS -cp "$TESTKIT_CP" io.switchboard.testkit.FakeOpenAiServer $MODEL_PORT > "$WORK/model.log" 2>&1 & PIDS+=($!)
java $JAVA_FLAGS -cp "$TESTKIT_CP" io.switchboard.testkit.FakeTelegramBotApi $TG_PORT > "$WORK/telegram.log" 2>&1 & PIDS+=($!)
SWITCHBOARD_HTTP_PORT=$GW_PORT SWITCHBOARD_HTTP_HOST=127.0.0.1 SWITCHBOARD_DATA_DIR="$WORK/data" \
SWITCHBOARD_DATABASE_URL="jdbc:h2:file:$WORK/data/db" SWITCHBOARD_CLUSTER_PORT=$HZ_PORT \
SWITCHBOARD_CLUSTER_NETWORK_INTERFACE=127.0.0.1 SWITCHBOARD_ADMIN_PASSWORD=bench-admin-password \
SWITCHBOARD_TELEGRAM_API_BASE_URL="http://127.0.0.1:$TG_PORT" SWITCHBOARD_TELEGRAM_CHAT_INTERVAL=PT0S \
SWITCHBOARD_TELEGRAM_GROUP_MESSAGES_PER_MINUTE=1000000 SWITCHBOARD_TELEGRAM_BOT_MESSAGES_PER_SECOND=1000000 \
SWITCHBOARD_TELEGRAM_STREAM_INTERVAL=PT10S \
JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms2g -Xmx2g}" bin/switchboard > "$WORK/gateway.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$GW_PORT/health/ready" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$MODEL_PORT/v1/models" >/dev/null 2>&1 \
    && curl -sf "http://127.0.0.1:$TG_PORT/_stats" >/dev/null 2>&1 && break
  sleep 0.5
done

api() { curl -sf -X "$1" "http://127.0.0.1:$GW_PORT/admin/v1$2" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' ${3:+-d "$3"}; }
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$GW_PORT/admin/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"bench-admin-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
api POST /providers "{\"id\":\"fake\",\"kind\":\"OPENAI_COMPATIBLE\",\"baseUrl\":\"http://127.0.0.1:$MODEL_PORT/v1\",\"apiKey\":\"sk-bench\",\"maxRetries\":0}" >/dev/null
api POST /apps '{"id":"bench","config":{"name":"Bench","systemPrompt":"You answer questions about orders.","model":{"providerId":"fake","modelName":"fake-model"},"memory":{"lastMessages":10,"tokenBudget":2000}}}' >/dev/null
api POST /apps/bench/publish '{}' >/dev/null
export SECRET=bench-webhook-secret-0123456789
BINDING=$(api POST /apps/bench/channels "{\"type\":\"telegram\",\"settings\":{\"botToken\":\"123456:AAEbenchTokenForTelegramWebhook00\",\"webhookSecret\":\"$SECRET\"}}" \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
export WEBHOOK_PATH=/telegram/$BINDING

sent() { curl -sf "http://127.0.0.1:$TG_PORT/_stats" | sed -n 's/.*"sendMessage":\([0-9]*\).*/\1/p' | grep . || echo 0; }
# Waits until $1 answers were sent, or no answer went out for DRAIN_IDLE_SECONDS (default 5).
drain() { local last=-1 still=0; while [ "$(sent)" -lt "$1" ] && [ $still -lt $((2 * ${DRAIN_IDLE_SECONDS:-5})) ]; do
  local now; now=$(sent); if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi; last=$now; sleep 0.5; done; }
echo "warming up..." >&2
WARM=$(RUN=0 wrk -t2 -c"$CONNECTIONS" -d10s -s bench/telegram-updates.lua "http://127.0.0.1:$GW_PORT" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
drain "$WARM"

mkdir -p bench/results
OUT=bench/results/telegram-webhook-$(date +%Y%m%d-%H%M%S).txt
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, ${DURATION}s, ${CONNECTIONS} connections, ${CHATS} chats, JDK $(java -version 2>&1 | head -1)"
  BEFORE=$(sent); START=$(date +%s.%N)
  RESULT=$(RUN=1 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}"s -s bench/telegram-updates.lua "http://127.0.0.1:$GW_PORT" | grep RESULT)
  AT_END=$(sent); END=$(date +%s.%N)
  echo "$RESULT" | sed 's|^RESULT|webhook-accepted|'
  ACCEPTED=$(echo "$RESULT" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
  drain $((BEFORE + ACCEPTED))
  DRAINED=$(date +%s.%N); AFTER=$(sent)
  echo "updates accepted=$ACCEPTED answered=$((AFTER - BEFORE))"
  echo "answers-sent during-run=$((AT_END - BEFORE)) rate=$(echo "($AT_END - $BEFORE) / ($END - $START)" | bc) per s;" \
       "total=$((AFTER - BEFORE)) drained-after=$(echo "$DRAINED - $START" | bc | cut -c1-5)s" \
       "overall-rate=$(echo "($AFTER - $BEFORE) / ($DRAINED - $START)" | bc) per s"
  echo "fake Bot API calls: $(curl -sf "http://127.0.0.1:$TG_PORT/_stats")"
  RUN=2 CHATTER=1 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}"s -s bench/telegram-updates.lua "http://127.0.0.1:$GW_PORT" \
    | grep RESULT | sed 's|^RESULT|intake-only-group-chatter|'
  echo "fake Bot API calls after the chatter run (no new sendMessage expected): $(curl -sf "http://127.0.0.1:$TG_PORT/_stats")"
} | tee "$OUT"
