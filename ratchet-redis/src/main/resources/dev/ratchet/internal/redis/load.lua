-- ARGV: fingerprint, expected position, items JSON [[key, item text], ...], last (0/1),
--       now (epoch ms), new run id, now (ISO-8601), format version.
-- Appends the items to their blocks from the expected position on; a key seen before keeps its
-- first ordinal (the later one is left out: its bit is set and its block holds '-').
-- Returns {new position or -1 (already loaded) / -2 (other input) / -3 (moved) / -4 (another
-- layout: a run of an older version, or a single-writer checkpoint), detail}.
local loaded = redis.call('GET', k('loaded'))
if loaded then
  if loaded ~= ARGV[1] then return {-2, loaded} end
  return {-1, loaded}
end
if redis.call('EXISTS', k('info')) == 0 then
  redis.call('HSET', k('info'), 'format', ARGV[8], 'created', ARGV[5], 'layout', 'chunks',
    'outshard', 65536)
  redis.call('HSET', k('meta'), 'run.id', ARGV[6], 'run.created', ARGV[7])
elseif redis.call('HGET', k('info'), 'layout') ~= 'chunks' then
  return {-4, ''}
end
local fp = redis.call('HGET', k('info'), 'fingerprint')
if fp and fp ~= ARGV[1] then return {-2, fp} end
if not fp then redis.call('HSET', k('info'), 'fingerprint', ARGV[1]) end
local pos = tonumber(redis.call('GET', k('loadpos')) or '0')
if pos ~= tonumber(ARGV[2]) then return {-3, tostring(pos)} end
local items = cjson.decode(ARGV[3])
if #items > 0 then
  local keys = {}
  for j, it in ipairs(items) do keys[j] = it[1] end
  local known = redis.call('HMGET', k('ord'), unpack(keys))
  local seen, ords, parts = {}, {}, {}
  for j, it in ipairs(items) do
    local o = pos + j - 1
    local b = math.floor(o / BLOCK)
    if not parts[b] then parts[b] = {} end
    if known[j] or seen[it[1]] then
      redis.call('SETBIT', k('rec'), o, 1)
      table.insert(parts[b], '-')
    else
      seen[it[1]] = true
      ords[#ords + 1] = it[1]
      ords[#ords + 1] = o
      table.insert(parts[b], it[2])
    end
  end
  if #ords > 0 then redis.call('HSET', k('ord'), unpack(ords)) end
  for b, slots in pairs(parts) do
    local before = ''
    if b * BLOCK < pos then before = redis.call('HGET', k('in'), b) or '' end
    redis.call('HSET', k('in'), b, before .. table.concat(slots))
  end
end
redis.call('SET', k('loadpos'), pos + #items)
if ARGV[4] == '1' then
  redis.call('SET', k('loaded'), ARGV[1])
  redis.call('HSET', k('meta'), 'input.fingerprint', ARGV[1])
end
return {pos + #items, ''}
