-- What the scripts that write share: the employee ids, one (employee, day) per write,
-- headers for wrk.format(), and a tally of the answers that are not 2xx by status.
-- Loaded with dofile(); defines wrk's setup, init, response and done hooks itself.
local writes = {}

local next_thread = 0
local threads = {}
function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local ids = {}
local counter = 0
-- Days after 2030-01-01 this run starts at: each run writes days no other run has.
writes.first_day = tonumber(os.getenv("BENCH_DAY"))
local base_day = os.time({year = 2030, month = 1, day = 1, hour = 12})

function init(args)
  for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
end

-- The next request's number, unique across the threads (counter * 2 + thread_index).
function writes.next_request()
  counter = counter + 1
  return counter, counter * 2 + thread_index
end

function writes.employee(n)
  return ids[(n % #ids) + 1]
end

-- Each employee gets a new day once every employee has had this one.
function writes.day(n)
  return os.date("!%Y-%m-%d", base_day + (writes.first_day + math.floor(n / #ids)) * 86400)
end

-- wrk.format() takes the headers it is given instead of wrk.headers: merge them.
function writes.with_headers(extra)
  local all = {}
  for k, v in pairs(wrk.headers) do all[k] = v end
  for k, v in pairs(extra) do all[k] = v end
  return all
end

-- Tally answers that are not 2xx by status, so a run's errors can be told apart.
failures = {}  -- global: done() reads it from each thread
function response(status, headers, body)
  if status >= 300 then
    if not failures[status] then io.write("first " .. status .. ": " .. body .. "\n") end
    failures[status] = (failures[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local counts = thread:get("failures")
    for status, count in pairs(counts) do
      io.write(string.format("status %d: %d\n", status, count))
    end
  end
end

return writes
