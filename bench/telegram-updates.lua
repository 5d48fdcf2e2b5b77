-- wrk script: POST Telegram updates to a binding's webhook as Telegram does (secret header, one JSON
-- Update per request), each with a new update_id, from CHATS private chats in turn.
local chats = tonumber(os.getenv("CHATS") or "1000")
local secret = os.getenv("SECRET") or "none"
local path = os.getenv("WEBHOOK_PATH") or "/telegram/none"
local threads = {}
local counter = 0
base = 0 -- set per thread by setup(): update ids never collide across wrk threads

function setup(thread)
  thread:set("base", #threads * 100000000)
  table.insert(threads, thread)
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = secret

request = function()
  counter = counter + 1
  local id = base + counter
  local chat = 1000000 + (id * 7919) % chats
  local body = '{"update_id":' .. id .. ',"message":{"message_id":' .. id .. ',"date":1700000000,' ..
      '"chat":{"id":' .. chat .. ',"type":"private","first_name":"B"},' ..
      '"from":{"id":' .. chat .. ',"is_bot":false,"first_name":"B"},"text":"question ' .. id .. ' about my order"}}'
  return wrk.format(nil, path, nil, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
