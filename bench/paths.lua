-- wrk script of bench/all: GET the paths of a file in turn, each thread starting at its own one,
-- with an optional bearer token (R1: every project, GET /api/v1/projects/{id}).
-- Arguments (after --): FILE [TOKEN]
local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local paths, headers, i

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. args[1]) end
  headers = {}
  if args[2] then headers["Authorization"] = "Bearer " .. args[2] end
  i = (index or 0) * math.floor(#paths / 8)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], headers)
end
