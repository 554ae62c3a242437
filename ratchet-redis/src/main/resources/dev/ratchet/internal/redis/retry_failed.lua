-- ARGV: none. Puts every FAILED item back (except those FAILED for crashing the process, and
-- those inside a chunk still leased, which wait for it to end) as returned chunks, one per run of
-- consecutive ordinals with the same attempts; returns how many.
if redis.call('EXISTS', k('loaded')) == 0 then return 0 end
local back = {}
for _, m in ipairs(redis.call('SMEMBERS', k('fails'))) do
  local o = tonumber(m)
  local raw = redis.call('HGET', out_key(m), m)
  local rec = raw and cjson.decode(raw)
  if rec and rec.s == 3 and not (rec.e and string.sub(rec.e, 1, 20) == 'crashed the process ')
      and not chunk_at(o) then
    back[#back + 1] = {o, rec.a or 1}
  end
end
table.sort(back, function(x, y) return x[1] < y[1] end)
local j = 1
while j <= #back do
  local lo, a = back[j][1], back[j][2]
  local hi = lo + 1
  redis.call('HDEL', out_key(lo), lo)
  redis.call('SREM', k('fails'), lo)
  redis.call('SETBIT', k('rec'), lo, 0)
  j = j + 1
  while j <= #back and back[j][1] == hi and back[j][2] == a do
    redis.call('HDEL', out_key(hi), hi)
    redis.call('SREM', k('fails'), hi)
    redis.call('SETBIT', k('rec'), hi, 0)
    hi = hi + 1
    j = j + 1
  end
  chunk_put({lo = lo, hi = hi, w = '', t = 0, a = a, i = 0, p = hi - lo}, 0)
end
if #back > 0 then redis.call('HINCRBY', k('counts'), '3', -#back) end
return #back
