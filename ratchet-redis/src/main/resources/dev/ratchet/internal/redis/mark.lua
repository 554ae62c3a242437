-- ARGV: item key, new state (0 pending, 2 done, 4 skipped), error ('' for none).
-- An operator's mark of one item of a shared run (chunk layout), keeping chunks.lua's invariant
-- (an item is recorded, in a chunk counted in its p, or past the cursor). DONE or SKIPPED records
-- the item by hand (m = true: no result, no export) and takes it out of its chunk, or moves the
-- cursor past it (the ordinals skipped over become a returned chunk); PENDING removes a finished
-- item's record and puts it back in its chunk or in a returned chunk of its own (a done item also
-- loses its stored sub-steps). An item in a chunk whose worker's lease is live is refused.
-- Returns {state before} or {'!vanished'}, {'!nokey'}, {'!legacy'}, {'!busy', worker}.
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
if redis.call('HGET', k('info'), 'layout') ~= 'chunks' then return {'!legacy'} end
local key, target = ARGV[1], tonumber(ARGV[2])
local om = redis.call('HGET', k('ord'), key)
if not om then return {'!nokey'} end
local o = tonumber(om)
local c = chunk_at(o)
local leased = c and c.w ~= ''
if leased and tonumber(redis.call('HGET', k('workers'), c.w) or '0') > now_ms() then
  return {'!busy', c.w}
end
local raw = redis.call('HGET', out_key(om), om)
local rec = raw and cjson.decode(raw)
local before = rec and rec.s or 0

local function put_back(chunk, delta)
  chunk.p = chunk.p + delta
  if chunk.p <= 0 then
    chunk_del(chunk.lo)
  else
    chunk_put(chunk, tonumber(redis.call('ZSCORE', k('leases'), chunk.lo) or '0'))
  end
  if leased then redis.call('HINCRBY', k('counts'), '1', delta) end
end

if target == 0 then
  if not rec then return {'0'} end
  redis.call('HDEL', out_key(om), om)
  redis.call('SREM', k('fails'), om)
  redis.call('SETBIT', k('rec'), o, 0)
  redis.call('HINCRBY', k('counts'), tostring(before), -1)
  if before == 2 then redis.call('HDEL', k('steps'), key) end
  if c then
    put_back(c, 1)
  else
    chunk_put({lo = o, hi = o + 1, w = '', t = 0, a = rec.a or 1, i = 0, p = 1}, 0)
  end
  return {tostring(before)}
end

local err = nil
if ARGV[3] ~= '' then err = ARGV[3] end
local new = {s = target, a = (rec and rec.a) or (c and c.a) or 0, i = (rec and rec.i) or 0,
             e = err, m = true}
redis.call('HSET', out_key(om), om, cjson.encode(new))
redis.call('HINCRBY', k('counts'), tostring(target), 1)
if rec then
  redis.call('HINCRBY', k('counts'), tostring(before), -1)
  if before == 3 then redis.call('SREM', k('fails'), om) end
  return {tostring(before)}
end
redis.call('SETBIT', k('rec'), o, 1)
if c then
  put_back(c, -1)
else
  local cursor = tonumber(redis.call('GET', k('cursor')) or '0')
  if o >= cursor then
    if o > cursor then
      local p = open_count(cursor, o)
      if p > 0 then chunk_put({lo = cursor, hi = o, w = '', t = 0, a = 0, i = 0, p = p}, 0) end
    end
    redis.call('SET', k('cursor'), o + 1)
  end
end
return {'0'}
