-- POST /status-log: a new (employee, day) and Idempotency-Key on every request.
local writes = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "writes.lua")

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"

function request()
  local _, n = writes.next_request()
  local body = '{"employee_id":"' .. writes.employee(n) .. '","date":"' .. writes.day(n) ..
    '","lines":["Shipped the OG localiser.","Fixing the CLS regression."]}'
  local key = "bench-" .. writes.first_day .. "-" .. n
  return wrk.format(nil, nil, writes.with_headers({["Idempotency-Key"] = key}), body)
end
