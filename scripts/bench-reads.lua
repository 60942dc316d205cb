-- wrk script of `make bench-reads` (scripts/bench-reads.sh): every request carries the viewer token from
-- BENCH_TOKEN; at the end one line that scripts/bench_reads.py parses:
--   bench-reads: p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. requests=.. seconds=.. rps=.. non2xx=.. socket_errors=..
--                timeouts=.. (all on one line)
-- non-2xx is counted here (wrk's own status error count only sees >= 400), per thread, summed in done(). A timeout
-- (wrk --timeout) is slowness, not a failure: it is reported apart from the connect/read/write errors.
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
wrk.headers["Accept"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  -- latency values are microseconds
  io.write(string.format(
    "bench-reads: p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d seconds=%.3f rps=%.1f"
      .. " non2xx=%d socket_errors=%d timeouts=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, seconds, summary.requests / seconds, non2xx_total,
    e.connect + e.read + e.write, e.timeout))
end
