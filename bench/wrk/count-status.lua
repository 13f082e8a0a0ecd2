-- Like summary.lua, and also counts responses by status: 200, 503 and anything else. wrk itself lumps every
-- non-2xx/3xx response together as an error, which cannot tell the intended 503s from real failures.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  ok = 0
  unavailable = 0
  other = 0
end

response = function(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    unavailable = unavailable + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local c200, c503, cother = 0, 0, 0
  for _, thread in ipairs(threads) do
    c200 = c200 + thread:get("ok")
    c503 = c503 + thread:get("unavailable")
    cother = cother + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "WRK_JSON {\"requests\":%d,\"durationUs\":%d,\"bytes\":%d,\"connectErrors\":%d,\"readErrors\":%d,\"writeErrors\":%d,\"statusErrors\":%d,\"timeouts\":%d,\"p50Us\":%d,\"p90Us\":%d,\"p99Us\":%d,\"maxUs\":%d,\"meanUs\":%.1f,\"status200\":%d,\"status503\":%d,\"statusOther\":%d}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, c200, c503, cother))
end
