-- The chunk layout of a shared run (info field 'layout' = 'chunks'). Work is leased in chunks:
-- contiguous ranges of ordinals, one record per chunk, never one per item.
--   in      hash    block (ordinal // BLOCK) -> the block's items, each '<key length>:<key>
--                   <input length>:<input>' (lengths in UTF-16 units), or '-' for a duplicate key
--   ord     hash    key -> ordinal
--   rec     bitmap  bit o set: item o has an outcome (or is a duplicate key): nothing to do
--   <s>:out hash    ordinal -> the item's outcome record {s, a, i, r | e, t}, for the ordinals
--                   of shard s (ordinal // info's outshard); written once (a retried FAILED
--                   item's record is removed with its bit). A run loaded without outshard keeps
--                   them all in one hash, out
--   fails   set     ordinals FAILED
--   chunks  hash    lo -> {lo, hi, w (worker, '' when returned), t (token), a, i, p (unrecorded)}
--   cidx    zset    lo scored lo: which chunk holds an ordinal
--   leases  zset    lo scored by its worker's lease expiry when claimed (0 when returned)
--   workers hash    worker -> lease expiry (server time, ms)
--   cursor          next ordinal never leased; loadpos: ordinals loaded; token: last token given
--   counts  hash    state code -> items; '1' counts items in leased chunks not yet recorded
-- No two chunks overlap, and a chunk's p is the number of its range's clear bits; so an item is
-- recorded, in a chunk, or past the cursor. Anything that records an item outside a completion
-- sets its bit, writes its record and counts it, so that claims skip it.
local BLOCK = 100

-- The outcomes are sharded so that no hash outgrows info's outshard fields: Redis grows a hash by
-- doubling its table and then moving its fields over as it is written, so one hash of a million
-- outcomes made each write after the millionth cost about twice as much while it moved.
local out_shard = nil
local function out_key(o)
  if out_shard == nil then
    out_shard = tonumber(redis.call('HGET', k('info'), 'outshard') or '0')
  end
  if out_shard == 0 then return k('out') end
  return P .. ':' .. math.floor(tonumber(o) / out_shard) .. ':out'
end

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

-- Up to limit ordinals of [lo, hi) whose bit is clear, in order; and whether that is all of them.
local function open_ordinals(lo, hi, limit)
  local first = math.floor(lo / 8)
  local bytes = redis.call('GETRANGE', k('rec'), first, math.floor((hi - 1) / 8))
  local found = {}
  if not string.find(bytes, '[^%z]') then
    for o = lo, math.min(hi, lo + limit) - 1 do found[#found + 1] = o end
    return found, #found == hi - lo
  end
  for o = lo, hi - 1 do
    if #found >= limit then break end
    local byte = string.byte(bytes, math.floor(o / 8) - first + 1) or 0
    if bit.band(byte, 2 ^ (7 - o % 8)) == 0 then found[#found + 1] = o end
  end
  return found, false
end

-- How many ordinals of [lo, hi) have a clear bit.
local function open_count(lo, hi)
  local found = open_ordinals(lo, hi, hi - lo)
  return #found
end

-- The blocks holding ordinals lo .. hi - 1: {first block, block, ...}.
local function blocks(lo, hi)
  local fields = {}
  for b = math.floor(lo / BLOCK), math.floor((hi - 1) / BLOCK) do fields[#fields + 1] = b end
  local out = {tostring(fields[1])}
  for _, v in ipairs(redis.call('HMGET', k('in'), unpack(fields))) do out[#out + 1] = v or '' end
  return out
end

local function add_counts(delta)
  for s = 1, 4 do
    if delta[s] ~= 0 then redis.call('HINCRBY', k('counts'), tostring(s), delta[s]) end
  end
end
