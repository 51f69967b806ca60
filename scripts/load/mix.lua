-- A realistic read mix for wrk: lists with filters, records, search, stats, a timeline.
local paths = {
  "/v1/summits",
  "/v1/visits?country=kz",
  "/v1/visits?year__gte=2010&sort=-year",
  "/v1/visits/12",
  "/v1/projects?kind=free_economic_zone&include=investments",
  "/v1/investments?country=uz&fields=id,kind,amount_usd,qualifier",
  "/v1/countries/uz/profile",
  "/v1/search?q=tashkent",
  "/v1/stats/investments?group_by=country,nature&metric=sum:amount_usd",
  "/v1/timeline?country=kg",
  "/v1/diaspora",
  "/v1/missions?host=KR",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

local errors = 0
response = function(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    "load: requests=%d non_2xx_or_socket_errors=%d error_rate=%.4f p50_ms=%.1f p99_ms=%.1f rps=%.0f\n",
    summary.requests, failed, failed / math.max(summary.requests, 1),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
