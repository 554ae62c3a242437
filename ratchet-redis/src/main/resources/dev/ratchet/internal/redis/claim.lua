-- ARGV: worker, max, lease (ms), crash limit. Renews the worker's lease, then leases one chunk:
-- first a returned chunk or one whose worker's lease ran out (one item of it if it was ever
-- interrupted, so an item that kills its worker cannot take its chunk with it; its unrecorded
-- items are FAILED instead once its workers died crash-limit times), else up to max items from
-- the cursor. Reads no finished item. Returns {'!chunk', token, attempts, interruptions, lo, hi,
-- ordinals ('' for all of [lo, hi), else a comma-separated list), first block, blocks...},
-- {'!wait', items leased elsewhere}, {'!finished'} or {'!vanished'}.
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
local worker, max, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local now = now_ms()
local expiry = now + tonumber(ARGV[3])
redis.call('HSET', k('workers'), worker, expiry)
local delta = {0, 0, 0, 0}

local function lease(lo, hi, a, i, ordinals, all)
  local tok = redis.call('INCR', k('token'))
  chunk_put({lo = lo, hi = hi, w = worker, t = tok, a = a, i = i, p = #ordinals}, expiry)
  delta[1] = delta[1] + #ordinals
  add_counts(delta)
  local reply = {'!chunk', tostring(tok), tostring(a), tostring(i), tostring(lo), tostring(hi),
                 all and '' or table.concat(ordinals, ',')}
  for _, v in ipairs(blocks(ordinals[1], ordinals[#ordinals] + 1)) do reply[#reply + 1] = v end
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
        for _, o in ipairs(open_ordinals(c.lo, c.hi, c.hi - c.lo)) do
          redis.call('SETBIT', k('rec'), o, 1)
          redis.call('HSET', out_key(o), o, cjson.encode({s = 3, a = c.a, i = n, t = c.t,
              e = 'crashed the process ' .. n .. ' times'}))
          redis.call('SADD', k('fails'), o)
          delta[3] = delta[3] + 1
        end
      else
        local ordinals = open_ordinals(c.lo, c.hi, n > 0 and 1 or max)
        if #ordinals > 0 then
          local last = ordinals[#ordinals] + 1
          local rest = c.p - #ordinals
          if rest > 0 and last < c.hi then
            chunk_put({lo = last, hi = c.hi, w = '', t = 0, a = c.a, i = n, p = rest}, 0)
          end
          return lease(ordinals[1], last, c.a + 1, n, ordinals, false)
        end
      end
    end
  end
end

local pos = tonumber(redis.call('GET', k('loadpos')) or '0')
local cur = tonumber(redis.call('GET', k('cursor')) or '0')
while cur < pos do
  local hi = math.min(cur + max, pos)
  local ordinals, all = open_ordinals(cur, hi, max)
  redis.call('SET', k('cursor'), hi)
  if #ordinals > 0 then return lease(cur, hi, 1, 0, ordinals, all) end
  cur = hi
end
add_counts(delta)
local c = redis.call('HMGET', k('counts'), '1', '2', '3', '4')
local finished = 0
for s = 2, 4 do finished = finished + tonumber(c[s] or '0') end
if redis.call('HLEN', k('ord')) - finished <= 0 then return {'!finished'} end
return {'!wait', c[1] or '0'}
