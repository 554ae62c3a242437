-- ARGV: worker, max, lease (ms), crash limit. Renews the worker's lease, then leases one chunk:
-- first a returned chunk or one whose worker's lease ran out (one item of it if it was ever
-- interrupted, so an item that kills its worker cannot take its chunk with it; its unrecorded
-- items are FAILED instead once its workers died crash-limit times), else up to max items from
-- the cursor. Reads no finished item. Returns {'!chunk', token, attempts, interruptions,
-- ordinal, slot, ...}, {'!wait', items leased elsewhere}, {'!finished'} or {'!vanished'}.
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
local worker, max, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local now = now_ms()
local expiry = now + tonumber(ARGV[3])
redis.call('HSET', k('workers'), worker, expiry)
local delta = {0, 0, 0, 0}

local function lease(lo, hi, a, i, items)
  local tok = redis.call('INCR', k('token'))
  chunk_put({lo = lo, hi = hi, w = worker, t = tok, a = a, i = i, p = #items}, expiry)
  delta[1] = delta[1] + #items
  add_counts(delta)
  local reply = {'!chunk', tostring(tok), tostring(a), tostring(i)}
  for _, it in ipairs(items) do
    reply[#reply + 1] = tostring(it[1])
    reply[#reply + 1] = it[2]
  end
  return reply
end

for _ = 1, 100 do
  local due = redis.call('ZRANGEBYSCORE', k('leases'), '-inf', now, 'LIMIT', 0, 1)
  if #due == 0 then break end
  local c = chunk_get(due[1])
  if not c then
    redis.call('ZREM', k('leases'), due[1])
  else
    local lapsed = c.w ~= ''
    local alive = 0
    if lapsed then alive = tonumber(redis.call('HGET', k('workers'), c.w) or '0') end
    if alive > now then
      redis.call('ZADD', k('leases'), alive, c.lo) -- its worker renewed: look again then
    else
      local n = c.i + (lapsed and 1 or 0)
      chunk_del(c.lo)
      if lapsed then delta[1] = delta[1] - c.p end
      if lapsed and n >= limit then
        for _, it in ipairs(open_items(c.lo, c.hi, c.hi - c.lo)) do
          redis.call('HSET', k('out'), it[1], cjson.encode({s = 3, a = c.a, i = n, t = c.t,
              e = 'crashed the process ' .. n .. ' times'}))
          redis.call('SADD', k('fails'), it[1])
          delta[3] = delta[3] + 1
        end
      else
        local items = open_items(c.lo, c.hi, n > 0 and 1 or max)
        if #items > 0 then
          local last = items[#items][1] + 1
          local rest = c.p - #items
          if rest > 0 and last < c.hi then
            chunk_put({lo = last, hi = c.hi, w = '', t = 0, a = c.a, i = n, p = rest}, 0)
          end
          return lease(items[1][1], last, c.a + 1, n, items)
        end
      end
    end
  end
end

local pos = tonumber(redis.call('GET', k('loadpos')) or '0')
local cur = tonumber(redis.call('GET', k('cursor')) or '0')
while cur < pos do
  local hi = math.min(cur + max, pos)
  local items = open_items(cur, hi, max)
  redis.call('SET', k('cursor'), hi)
  if #items > 0 then return lease(cur, hi, 1, 0, items) end
  cur = hi
end
add_counts(delta)
local c = redis.call('HMGET', k('counts'), '1', '2', '3', '4')
local finished = 0
for s = 2, 4 do finished = finished + tonumber(c[s] or '0') end
if redis.call('HLEN', k('ord')) - finished <= 0 then return {'!finished'} end
return {'!wait', c[1] or '0'}
