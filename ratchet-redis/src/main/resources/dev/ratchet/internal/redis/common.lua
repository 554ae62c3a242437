-- Shared by every Ratchet script. KEYS[1] is the checkpoint's key prefix; every key the
-- scripts touch is KEYS[1] .. ':' .. suffix, so all of them share the prefix's hash tag.
local P = KEYS[1]
local function k(suffix) return P .. ':' .. suffix end

local function adjust(state, delta)
  if state ~= nil and state >= 1 and state <= 4 then
    redis.call('HINCRBY', k('counts'), tostring(state), delta)
  end
end

local function read_item(key)
  local raw = redis.call('HGET', k('items'), key)
  if raw then return cjson.decode(raw) end
  return nil
end

local function write_item(key, old, rec)
  local before = old and old.s or nil
  if before == 1 then redis.call('SREM', k('inprog'), key) end
  if before == 3 then redis.call('SREM', k('failed'), key) end
  if rec.s == 1 then redis.call('SADD', k('inprog'), key) end
  if rec.s == 3 then redis.call('SADD', k('failed'), key) end
  adjust(before, -1)
  adjust(rec.s, 1)
  if rec.st == nil or next(rec.st) == nil then rec.st = nil end
  redis.call('HSET', k('items'), key, cjson.encode(rec))
end

local function apply_item(c)
  local old = read_item(c.k)
  local steps = nil
  if old and c.s ~= 2 then steps = old.st end
  local rec = {s = c.s, a = c.a, i = c.i, r = c.r, e = c.e, m = c.m, st = steps}
  if old then rec.tok = old.tok end
  write_item(c.k, old, rec)
end

local function apply_step(c)
  local old = read_item(c.k)
  local rec = {s = 0, a = 0, i = 0, m = false}
  if old then
    rec = {s = old.s, a = old.a, i = old.i, r = old.r, e = old.e, m = old.m, st = old.st,
           tok = old.tok}
  end
  if rec.st == nil then rec.st = {} end
  rec.st[c.n] = c.v
  write_item(c.k, old, rec)
end

local function apply(changes, now)
  for _, c in ipairs(changes) do
    if c.t == 'i' then
      apply_item(c)
    elseif c.t == 's' then
      apply_step(c)
    elseif c.t == 'p' then
      redis.call('HSET', k('positions'), c.n, c.v)
    elseif c.t == 'm' then
      if c.v == nil then
        redis.call('HDEL', k('meta'), c.n)
      else
        redis.call('HSET', k('meta'), c.n, c.v)
      end
    end
  end
  redis.call('HSET', k('info'), 'lastCommit', now)
end
