-- ARGV: consumer. Gives every item this consumer still holds back to the others at once.
if redis.call('EXISTS', k('queue')) == 0 then return 0 end
local pending = redis.call('XPENDING', k('queue'), 'workers', '-', '+', 1000, ARGV[1])
for _, e in ipairs(pending) do
  local entry = redis.call('XRANGE', k('queue'), e[1], e[1])
  redis.call('XACK', k('queue'), 'workers', e[1])
  if entry[1] then
    local key = entry[1][2][2]
    local old = read_item(key)
    if old and old.s == 1 and old.eid == e[1] then
      write_item(key, old, {s = 0, a = old.a, i = old.i, m = false, tok = old.tok, st = old.st})
      redis.call('XADD', k('queue'), '*', 'k', key)
    end
  end
end
redis.pcall('XGROUP', 'DELCONSUMER', k('queue'), 'workers', ARGV[1])
return #pending
