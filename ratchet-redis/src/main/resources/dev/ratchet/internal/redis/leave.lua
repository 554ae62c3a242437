-- ARGV: worker. Returns the chunks this worker still leases to the others at once (their items
-- become pending again, their attempts kept) and ends its lease. Returns how many chunks.
if redis.call('EXISTS', k('loaded')) == 0 then return 0 end
local n, back = 0, 0
local all = redis.call('HGETALL', k('chunks'))
for j = 2, #all, 2 do
  local c = cjson.decode(all[j])
  if c.w == ARGV[1] then
    back = back + c.p
    c.w, c.t = '', 0
    chunk_put(c, 0)
    n = n + 1
  end
end
if back > 0 then redis.call('HINCRBY', k('counts'), '1', -back) end
redis.call('HDEL', k('workers'), ARGV[1])
return n
