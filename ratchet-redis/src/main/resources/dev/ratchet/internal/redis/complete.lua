-- ARGV: now (epoch ms), outcomes JSON [{k, tok, s, r, e}]. Commits each outcome only if the
-- item is still IN_PROGRESS under the same fencing token; returns the keys committed, or
-- {'!vanished'} when the run's keys are gone (nothing is written then).
if redis.call('EXISTS', k('loaded')) == 0 then return {'!vanished'} end
local committed = {}
for _, o in ipairs(cjson.decode(ARGV[2])) do
  local old = read_item(o.k)
  if old and old.s == 1 and old.tok == o.tok then
    redis.call('XACK', k('queue'), 'workers', old.eid)
    if o.s == 0 then
      write_item(o.k, old, {s = 0, a = old.a, i = old.i, m = false, tok = old.tok, st = old.st})
      redis.call('XADD', k('queue'), '*', 'k', o.k)
    else
      write_item(o.k, old, {s = o.s, a = old.a, i = old.i, r = o.r, e = o.e, m = false,
                            tok = old.tok})
      redis.call('DECR', k('open'))
      if o.s == 2 then
        redis.call('RPUSH', k('output'), cjson.encode({k = o.k, r = o.r}))
      end
    end
    table.insert(committed, o.k)
  end
end
redis.call('HSET', k('info'), 'lastCommit', ARGV[1])
return committed
