-- wrk script of bench/run: authenticated project reads. Every request is
-- GET /api/v1/projects/{id} with the officer's bearer token, cycling through the demo's projects
-- (each read looks the session up, then the project, its members and the caller's next actions).
-- Arguments (after --): TOKEN ID,ID,...
local auth, ids, i

function init(args)
  auth = "Bearer " .. args[1]
  ids = {}
  for id in string.gmatch(args[2], "%d+") do ids[#ids + 1] = id end
  i = 0
end

function request()
  i = i % #ids + 1
  return wrk.format("GET", "/api/v1/projects/" .. ids[i], { ["Authorization"] = auth })
end
