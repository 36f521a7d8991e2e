-- wrk script of bench/all: a paged list (R3). GET PATH (e.g. /api/v1/projects?limit=50), then
-- PATH&after=NEXT with the "next" cursor of the last answer, up to PAGES pages deep, then the first
-- page again. The connections of a thread share its cursor: each request goes a page deeper than
-- the last answer the thread read.
-- Arguments (after --): PATH PAGES TOKEN
local path, pages, headers, cursor, depth

function init(args)
  path = args[1]
  pages = tonumber(args[2])
  headers = { ["Authorization"] = "Bearer " .. args[3] }
  cursor, depth = nil, 0
end

function request()
  if cursor and depth < pages then
    depth = depth + 1
    return wrk.format("GET", path .. "&after=" .. cursor, headers)
  end
  depth = 1
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  cursor = string.match(body or "", '"next":"(%d+)"')
end
