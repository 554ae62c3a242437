-- The chunk layout of a shared run (info field 'layout' = 'chunks'). Work is leased in chunks:
-- contiguous ranges of ordinals, one record per chunk, never one per item.
--   in      hash    ordinal -> '<length of key>:<key><input>' (none for a duplicate key)
--   ord     hash    key -> ordinal
--   out     hash    ordinal -> the item's outcome record {s, a, i, r | e, t}; appended, never
--                   rewritten (except that retried FAILED items are removed)
--   fails   set     ordinals FAILED
--   chunks  hash    lo -> {lo, hi, w (worker, '' when returned), t (token), a, i, p (unrecorded)}
--   cidx    zset    lo scored lo: which chunk holds an ordinal
--   leases  zset    lo scored by its worker's lease expiry when claimed (0 when returned)
--   workers hash    worker -> lease expiry (server time, ms)
--   cursor          next ordinal never leased; loadpos: ordinals loaded; token: last token given
--   counts  hash    state code -> items; '1' counts items in leased chunks not yet recorded
-- No two chunks overlap, and a chunk's p is the number of its range's loaded items without an
-- outcome; so an item is recorded, in a chunk, or past the cursor.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function chunk_get(lo)
  local raw = redis.call('HGET', k('chunks'), lo)
  if raw then return cjson.decode(raw) end
  return nil
end

local function chunk_put(c, score)
  redis.call('HSET', k('chunks'), c.lo, cjson.encode(c))
  redis.call('ZADD', k('cidx'), c.lo, c.lo)
  redis.call('ZADD', k('leases'), score, c.lo)
end

local function chunk_del(lo)
  redis.call('HDEL', k('chunks'), lo)
  redis.call('ZREM', k('cidx'), lo)
  redis.call('ZREM', k('leases'), lo)
end

-- The chunk whose range holds ordinal o, or nil.
local function chunk_at(o)
  local r = redis.call('ZREVRANGEBYSCORE', k('cidx'), o, '-inf', 'LIMIT', 0, 1)
  if #r == 0 then return nil end
  local c = chunk_get(r[1])
  if c and o < c.hi then return c end
  return nil
end

-- Up to limit loaded items of [lo, hi) without an outcome, in order, as {ordinal, slot}.
local function open_items(lo, hi, limit)
  local found = {}
  local from = lo
  while from < hi and #found < limit do
    local to = math.min(hi, from + math.min(4000, math.max(limit - #found, 100)))
    local fields = {}
    for o = from, to - 1 do fields[#fields + 1] = o end
    local ins = redis.call('HMGET', k('in'), unpack(fields))
    local outs = redis.call('HMGET', k('out'), unpack(fields))
    for j = 1, #fields do
      if ins[j] and not outs[j] and #found < limit then
        found[#found + 1] = {fields[j], ins[j]}
      end
    end
    from = to
  end
  return found
end

local function add_counts(delta)
  for s = 1, 4 do
    if delta[s] ~= 0 then redis.call('HINCRBY', k('counts'), tostring(s), delta[s]) end
  end
end
