-- ARGV: none. Returns {loaded items, in progress, done, failed, skipped} read at one instant.
local total
if redis.call('HGET', k('info'), 'layout') == 'chunks' then
  total = redis.call('HLEN', k('ord'))
else
  total = redis.call('HLEN', k('input')) -- a run loaded by an older version
end
local c = redis.call('HMGET', k('counts'), '1', '2', '3', '4')
return {total, tonumber(c[1] or '0'), tonumber(c[2] or '0'), tonumber(c[3] or '0'),
        tonumber(c[4] or '0')}
