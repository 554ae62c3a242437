-- ARGV: item key, new state (0 pending, 2 done, 4 skipped), error ('' for none).
-- An operator's mark of one item of a shared run. DONE or SKIPPED finishes the item by hand
-- (manual, no result, no output record; a queue entry left for it is acknowledged when read);
-- PENDING puts a finished item back in the queue (a done item loses its output record and its
-- stored sub-steps). Returns {state before} or {'!vanished'}, {'!nokey'}, {'!busy'}.
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
local key, target = ARGV[1], tonumber(ARGV[2])
if redis.call('HEXISTS', k('input'), key) == 0 then return {'!nokey'} end
local old = read_item(key)
local before = old and old.s or 0
if before == 1 then return {'!busy'} end

local function drop_output()
  local n = redis.call('LLEN', k('output'))
  for from = 0, n - 1, 1000 do
    for _, line in ipairs(redis.call('LRANGE', k('output'), from, from + 999)) do
      if cjson.decode(line).k == key then
        redis.call('LREM', k('output'), 1, line)
        return
      end
    end
  end
end

if target == 0 then
  if before == 0 then return {'0'} end
  local steps = old.st
  if before == 2 then
    drop_output()
    redis.call('HDEL', k('steps'), key)
    steps = nil
  end
  write_item(key, old, {s = 0, a = old.a, i = 0, m = true, tok = old.tok, st = steps})
  redis.call('XADD', k('queue'), '*', 'k', key)
  redis.call('INCR', k('open'))
  return {tostring(before)}
end
local err = nil
if ARGV[3] ~= '' then err = ARGV[3] end
if before == 2 then drop_output() end
write_item(key, old, {s = target, a = old and old.a or 0, i = old and old.i or 0, e = err,
                      m = true, tok = old and old.tok or nil, st = old and old.st or nil})
if before == 0 then redis.call('DECR', k('open')) end
return {tostring(before)}
