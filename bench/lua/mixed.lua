-- Four reads (list, one employee, status-log list) to one write (a status-log entry).
local writes = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "writes.lua")

wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY")
local prefix = string.gsub(wrk.path, "/$", "")

function request()
  local counter, n = writes.next_request()
  local pick = counter % 5
  if pick == 0 then
    local body = '{"employee_id":"' .. writes.employee(n) .. '","date":"' .. writes.day(n) ..
      '","lines":["Mixed."]}'
    local headers = writes.with_headers({
      ["Content-Type"] = "application/json",
      ["Idempotency-Key"] = "mixed-" .. writes.first_day .. "-" .. n,
    })
    return wrk.format("POST", prefix .. "/status-log", headers, body)
  elseif pick == 1 then
    return wrk.format("GET", prefix .. "/employees/" .. writes.employee(n))
  elseif pick == 2 then
    return wrk.format("GET", prefix .. "/status-log?limit=50")
  else
    return wrk.format("GET", prefix .. "/employees?limit=50")
  end
end
