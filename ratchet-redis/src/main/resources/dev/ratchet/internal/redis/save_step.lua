-- ARGV: item key, claim token, step name, value (JSON text). Stores the value in the run's
-- steps hash (field: item key; value: a JSON object of step name to value) only while the chunk
-- holding the item is leased under the same fencing token and the item has no outcome yet (the
-- fence complete.lua uses). Returns 1 when stored, 0 when the claim was taken over, -1 when the
-- run's keys are gone.
if redis.call('EXISTS', k('loaded')) == 0 then return -1 end
local o = redis.call('HGET', k('ord'), ARGV[1])
if not o then return 0 end
local c = chunk_at(tonumber(o))
if not c or c.w == '' or tostring(c.t) ~= ARGV[2] or redis.call('HEXISTS', out_key(o), o) == 1 then
  return 0
end
local raw = redis.call('HGET', k('steps'), ARGV[1])
local steps = {}
if raw then steps = cjson.decode(raw) end
steps[ARGV[3]] = ARGV[4]
redis.call('HSET', k('steps'), ARGV[1], cjson.encode(steps))
return 1
