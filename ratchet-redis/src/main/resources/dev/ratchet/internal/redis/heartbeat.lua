-- ARGV: consumer. Resets the idle time of every entry this consumer holds, so no other worker
-- takes them over while it is alive. Returns how many it holds.
if redis.call('EXISTS', k('queue')) == 0 then return -1 end
local pending = redis.call('XPENDING', k('queue'), 'workers', '-', '+', 1000, ARGV[1])
local args = {k('queue'), 'workers', ARGV[1], 0}
for _, e in ipairs(pending) do table.insert(args, e[1]) end
if #pending > 0 then
  table.insert(args, 'JUSTID')
  redis.call('XCLAIM', unpack(args))
end
return #pending
