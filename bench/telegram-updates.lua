-- wrk script: POST Telegram updates to a binding's webhook as Telegram does (secret header, one JSON
-- Update per request), each with a new update_id, from CHATS private chats in turn. Set RUN to a
-- different number (0-4) for each run against one binding: repeated update_ids are (rightly) dropped.
local chats = tonumber(os.getenv("CHATS") or "1000")
local secret = os.getenv("SECRET") or "none"
local path = os.getenv("WEBHOOK_PATH") or "/telegram/none"
local run = tonumber(os.getenv("RUN") or "0")
-- CHATTER=1: group messages that do not mention the bot (taken, deduplicated, not answered): the
-- intake path alone.
local chatter = os.getenv("CHATTER") == "1"
local threads = {}
local counter = 0
base = 0 -- set per thread by setup(): update ids never collide across wrk threads

function setup(thread)
  thread:set("base", run * 400000000 + #threads * 100000000)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret

request = function()
  counter = counter + 1
  local id = base + counter
  local chat = 1000000 + (id * 7919) % chats
  local kind = '"type":"private","first_name":"B"'
  if chatter then
    kind = '"type":"supergroup","title":"G"'
    chat = -chat
  end
  local body = '{"update_id":' .. id .. ',"message":{"message_id":' .. id .. ',"date":1700000000,' ..
      '"chat":{"id":' .. chat .. ',' .. kind .. '},' ..
      '"from":{"id":' .. math.abs(chat) .. ',"is_bot":false,"first_name":"B"},"text":"question ' .. id .. ' about my order"}}'
  return wrk.format(nil, path, nil, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
