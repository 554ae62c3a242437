-- ARGV: consumer, max, lease (ms), now (epoch ms).
-- Takes over entries whose owner was silent longer than the lease (XAUTOCLAIM), then new ones
-- (XREADGROUP). Each claimed item gets a new fencing token. Returns a flat list of
-- key, ordinal, input, attempts, interruptions, token per item.
local consumer, max = ARGV[1], tonumber(ARGV[2])
local taken = {}
local cursor = '0-0'
for _ = 1, 10 do
  local r = redis.call('XAUTOCLAIM', k('queue'), 'workers', consumer, ARGV[3], cursor,
                      'COUNT', max - #taken)
  for _, e in ipairs(r[2]) do table.insert(taken, {e, 1}) end
  cursor = r[1]
  if cursor == '0-0' or #taken >= max then break end
end
if #taken < max then
  local r = redis.call('XREADGROUP', 'GROUP', 'workers', consumer, 'COUNT', max - #taken,
                       'STREAMS', k('queue'), '>')
  if r then
    for _, e in ipairs(r[1][2]) do table.insert(taken, {e, 0}) end
  end
end
local out = {}
for _, t in ipairs(taken) do
  local id, fields, lapsed = t[1][1], t[1][2], t[2]
  local key = fields[2]
  local old = read_item(key)
  if old and (old.s == 2 or old.s == 3 or old.s == 4) then
    redis.call('XACK', k('queue'), 'workers', id)
  else
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
end
if #out > 0 then redis.call('HSET', k('info'), 'lastCommit', ARGV[4]) end
return out
