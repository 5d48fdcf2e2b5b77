-- wrk script: POST /v1/chat/completions (non-streaming) as an OpenAI client would, spreading the load
-- over CONVERSATIONS conversations so that memory is read and written on every turn.
-- Optional pacing for a fixed-rate run: set env RATE_PER_CONNECTION (requests/s per connection).
-- Optional end users: USERS=n sends "user":"u<k>" over n users (the developer API's end user, what an
-- end-user quota counts; without it every turn is the key's own user).
local conversations = tonumber(os.getenv("CONVERSATIONS") or "1000")
local key = os.getenv("API_KEY") or "none"
local model = os.getenv("MODEL") or "bench"
local per_connection = tonumber(os.getenv("RATE_PER_CONNECTION") or "0")
local users = tonumber(os.getenv("USERS") or "0")
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key

request = function()
  counter = counter + 1
  local conversation = (counter * 7919) % conversations
  local user = ""
  if users > 0 then
    user = ',"user":"u' .. (conversation % users) .. '"'
  end
  local body = '{"model":"' .. model .. '","conversation_id":"c' .. conversation .. '"' .. user ..
      ',"messages":[{"role":"user","content":"question ' .. counter .. ' about our order"}]}'
  return wrk.format(nil, "/v1/chat/completions", nil, body)
end

if per_connection > 0 then
  -- wrk waits this long before each request of a connection: a closed loop paced near the target rate.
  delay = function()
    return 1000 / per_connection
  end
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
