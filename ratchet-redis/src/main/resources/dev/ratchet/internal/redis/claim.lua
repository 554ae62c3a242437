-- ARGV: consumer, max, lease (ms), now (epoch ms), crash limit.
-- First takes over one entry whose owner was silent longer than the lease (XAUTOCLAIM), alone,
-- so an item that kills its worker cannot take a batch with it; an item whose workers died
-- holding it crash-limit times is FAILED instead. Else reads up to max new entries
-- (XREADGROUP). Each claimed item gets a new fencing token. Returns a flat list of
-- key, ordinal, input, attempts, interruptions, token per item, or {'!vanished'} when the
-- run's keys are gone.
local consumer, max, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
if redis.call('EXISTS', k('loaded')) == 0 or redis.call('EXISTS', k('queue')) == 0 then
  return {'!vanished'}
end
local out = {}
local function take(id, key, old, lapsed)
  local rec = {s = 1, a = 1, i = lapsed, m = false, tok = 1, eid = id}
  if old then
    rec.a = (old.a or 0) + 1
    rec.i = (old.i or 0) + lapsed
    rec.tok = (old.tok or 0) + 1
    rec.st = old.st
  end
  write_item(key, old, rec)
  local input = cjson.decode(redis.call('HGET', k('input'), key))
  for _, v in ipairs({key, input.o, input.v, rec.a, rec.i, rec.tok}) do
    table.insert(out, tostring(v))
  end
end
local cursor = '0-0'
for _ = 1, 100 do
  local r = redis.call('XAUTOCLAIM', k('queue'), 'workers', consumer, ARGV[3], cursor, 'COUNT', 1)
  cursor = r[1]
  local e = r[2][1]
  if e and e[2] then
    local id, key = e[1], e[2][2]
    local old = read_item(key)
    if old and (old.s == 2 or old.s == 3 or old.s == 4) then
      redis.call('XACK', k('queue'), 'workers', id)
    elseif old and old.s == 1 and (old.i or 0) + 1 >= limit then
      redis.call('XACK', k('queue'), 'workers', id)
      local n = (old.i or 0) + 1
      write_item(key, old, {s = 3, a = old.a, i = n, e = 'crashed the process ' .. n .. ' times',
                            m = false, tok = old.tok})
      redis.call('DECR', k('open'))
    else
      take(id, key, old, (old and old.s == 1) and 1 or 0)
      redis.call('HSET', k('info'), 'lastCommit', ARGV[4])
      return out
    end
  end
  if cursor == '0-0' then break end
end
local r = redis.call('XREADGROUP', 'GROUP', 'workers', consumer, 'COUNT', max,
                     'STREAMS', k('queue'), '>')
if r then
  for _, e in ipairs(r[1][2]) do
    local id, key = e[1], e[2][2]
    local old = read_item(key)
    if old and (old.s == 2 or old.s == 3 or old.s == 4) then
      redis.call('XACK', k('queue'), 'workers', id)
    else
      take(id, key, old, 0)
    end
  end
end
if #out > 0 then redis.call('HSET', k('info'), 'lastCommit', ARGV[4]) end
return out
