-- ARGV: none. Returns {loaded items, in progress, done, failed, skipped} read at one instant.
local total = redis.call('HLEN', k('input'))
local c = redis.call('HMGET', k('counts'), '1', '2', '3', '4')
return {total, tonumber(c[1] or '0'), tonumber(c[2] or '0'), tonumber(c[3] or '0'),
        tonumber(c[4] or '0')}
