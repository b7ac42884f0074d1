-- wrk script for interdict's /match: single-entity queries rotating through names in
-- several scripts (a few listed parties, mostly ordinary customers).
local names = {
  {"Person", "Maria Garcia Lopez"}, {"Person", "John Smith"}, {"Company", "Northwind Logistics LLC"},
  {"Person", "Шагивалеев Тимур"}, {"Company", "АО ОЭЗ ППТ Алабуга"}, {"Person", "Mohammed Al Hashimi"},
  {"Person", "王伟"}, {"Person", "김민준"}, {"Company", "Qods Aviation Industries"},
  {"Person", "Γιώργος Παπαδόπουλος"}, {"Person", "Dmitry Kuznetsov"}, {"Company", "Hans Müller GmbH"},
  {"Person", "Fatima Zahra Benali"}, {"Company", "ООО Вектор Строй"}, {"Person", "Ali Reza Mohammadi"},
  {"Company", "Shahed Aviation Industries"}, {"Person", "Jean-Pierre Dubois"}, {"Company", "ZALA AERO"},
  {"Person", "Sergei Ivanov"}, {"Company", "Golden Gate Trading Co., Ltd"}, {"Person", "佐藤ひろし"},
  {"Person", "Ahmed Hassan"}, {"Company", "Estrella Comercial S.A."}, {"Person", "Ivan Petrenko"},
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("INTERDICT_API_KEY") then
  wrk.headers["Authorization"] = "ApiKey " .. os.getenv("INTERDICT_API_KEY")
end
request = function()
  i = i % #names + 1
  local n = names[i]
  local body = string.format('{"queries": {"q": {"schema": "%s", "properties": {"name": ["%s"]}}}}', n[1], n[2])
  return wrk.format(nil, "/match/default", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  io.write(string.format("requests/s %.0f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%g %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
