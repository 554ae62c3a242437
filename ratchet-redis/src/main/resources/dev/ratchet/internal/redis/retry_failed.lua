-- ARGV: none. Puts every FAILED item back in the queue, except those FAILED for crashing the
-- process; returns how many.
if redis.call('EXISTS', k('loaded')) == 0 then return 0 end
local n = 0
for _, key in ipairs(redis.call('SMEMBERS', k('failed'))) do
  local old = read_item(key)
  if old and old.s == 3 and not (old.e and string.sub(old.e, 1, 20) == 'crashed the process ') then
    write_item(key, old, {s = 0, a = old.a, i = 0, m = false, tok = old.tok, st = old.st})
    redis.call('XADD', k('queue'), '*', 'k', key)
    redis.call('INCR', k('open'))
    n = n + 1
  end
end
return n
