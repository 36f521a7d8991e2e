-- wrk script of bench/run: workflow actions, one write transaction with its event per request,
-- through the maker-checker path (src/core/workflow.c, app/projects.c):
--   1. the officer proposes `reject` for a project in review:
--        POST /api/v1/projects/{id}/actions/reject -> 202, a pending decision
--   2. the leader rejects that decision (it changes only the decision; the project stays in review):
--        POST /api/v1/decisions/{decision}/reject  -> 200
-- and again, for ever: each request is a real workflow write (decision.proposed, then
-- decision.rejected, appended to the chain), and the pair is repeatable.
-- One connection per wrk thread (-t N -c N), each on a project of its own, since a project has at
-- most one pending decision and wrk does not say which connection a response belongs to.
-- Arguments (after --): OFFICER_TOKEN LEADER_TOKEN ID,ID,... (at least one id per thread).
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("index", #threads)
end

local officer, leader, project, decision
local body = '{"reason":"bench/run: a repeatable workflow write"}'

function init(args)
  officer = "Bearer " .. args[1]
  leader = "Bearer " .. args[2]
  local ids = {}
  for id in string.gmatch(args[3], "%d+") do ids[#ids + 1] = id end
  project = ids[index]
  if not project then error("fewer projects in review than wrk threads") end
  decision = nil
end

function request()
  if decision then
    return wrk.format("POST", "/api/v1/decisions/" .. decision .. "/reject",
      { ["Authorization"] = leader, ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("POST", "/api/v1/projects/" .. project .. "/actions/reject",
    { ["Authorization"] = officer, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, resp)
  if decision then
    decision = nil -- settled (200), or gone: propose again either way
  elseif status == 202 then
    decision = string.match(resp, '"id":(%d+)')
  end
end
