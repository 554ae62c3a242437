-- ARGV: worker, lease (ms), then per token: token, n, and n times ordinal, state, record.
-- Appends each outcome whose chunk still carries its token (state 0 hands the item back: the
-- chunk is cut around it), counts it, and drops a chunk once all of its items are recorded.
-- Returns {flags}: '1' per outcome written (or found written by this token before: a lost
-- acknowledgement), '0' per outcome fenced; or {'!vanished'} when the run's keys are gone.
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
local worker = ARGV[1]
local now = now_ms()
redis.call('HSET', k('workers'), worker, now + tonumber(ARGV[2]))
local delta = {0, 0, 0, 0}
local flags = {}
local touched = {}
local released = {}
-- the outcomes that passed the fence, as parallel lists (ordinals as sent, in text)
local f_at, f_o, f_s, f_rec, f_c, f_tok = {}, {}, {}, {}, {}, {}

local function written_by(o, tok, s)
  local raw = redis.call('HGET', out_key(o), o)
  if not raw then return false end
  local rec = cjson.decode(raw)
  return tostring(rec.t) == tok and rec.s == s
end

local i = 3
while i <= #ARGV do
  local tok, n = ARGV[i], tonumber(ARGV[i + 1])
  i = i + 2
  local c = nil
  for _ = 1, n do
    local text, o, s = ARGV[i], tonumber(ARGV[i]), tonumber(ARGV[i + 1])
    local rec = ARGV[i + 2]
    i = i + 3
    if not (c and o >= c.lo and o < c.hi) then
      c = chunk_at(o)
      if c and touched[c.lo] then c = touched[c.lo] end
    end
    local ok = false
    if c and c.w == worker and tostring(c.t) == tok then
      touched[c.lo] = c
      if s ~= 0 then
        local j = #f_o + 1
        f_at[j], f_o[j], f_s[j], f_rec[j], f_c[j], f_tok[j] = #flags + 1, text, s, rec, c, tok
      elseif redis.call('GETBIT', k('rec'), o) == 0 then
        released[c.lo] = released[c.lo] or {}
        table.insert(released[c.lo], o)
        ok = true
      end
    elseif s ~= 0 then
      ok = written_by(o, tok, s)
    end
    flags[#flags + 1] = ok and '1' or '0'
  end
end

-- set the bits of the fenced-in outcomes, a slice at a time; write those whose bit was clear
for from = 1, #f_o, 1000 do
  local to = math.min(#f_o, from + 999)
  local ops, fields = {}, {} -- fields: per outcome hash, ordinal and record after each other
  for j = from, to do
    local n = #ops
    ops[n + 1], ops[n + 2], ops[n + 3], ops[n + 4] = 'SET', 'u1', f_o[j], 1
  end
  local before = redis.call('BITFIELD', k('rec'), unpack(ops))
  for j = from, to do
    local s = f_s[j]
    if before[j - from + 1] == 0 then
      local key = out_key(f_o[j])
      local kf = fields[key]
      if not kf then
        kf = {}
        fields[key] = kf
      end
      local n = #kf
      kf[n + 1], kf[n + 2] = f_o[j], f_rec[j]
      f_c[j].p = f_c[j].p - 1
      delta[1] = delta[1] - 1
      delta[s] = delta[s] + 1
      if s == 3 then redis.call('SADD', k('fails'), f_o[j]) end
      flags[f_at[j]] = '1'
    elseif written_by(f_o[j], f_tok[j], s) then
      flags[f_at[j]] = '1'
    end
  end
  for key, kf in pairs(fields) do redis.call('HSET', key, unpack(kf)) end
end

-- keeps [lo, hi) of chunk c leased as it was, if any item of it is unrecorded
local function keep(c, lo, hi, score)
  if lo >= hi then return end
  local p = open_count(lo, hi)
  if p > 0 then
    chunk_put({lo = lo, hi = hi, w = c.w, t = c.t, a = c.a, i = c.i, p = p}, score)
  end
end

for lo, c in pairs(touched) do
  local rel = released[lo]
  if rel then
    local score = redis.call('ZSCORE', k('leases'), lo) or 0
    chunk_del(lo)
    table.sort(rel)
    local from = c.lo
    for _, o in ipairs(rel) do
      if o >= from then
        keep(c, from, o, score)
        chunk_put({lo = o, hi = o + 1, w = '', t = 0, a = c.a, i = c.i, p = 1}, 0)
        delta[1] = delta[1] - 1
        from = o + 1
      end
    end
    keep(c, from, c.hi, score)
  elseif c.p <= 0 then
    chunk_del(lo)
  else
    redis.call('HSET', k('chunks'), lo, cjson.encode(c))
  end
end
add_counts(delta)
redis.call('HSET', k('info'), 'lastCommit', now)
return {table.concat(flags)}
