-- ARGV: lock token. Removes every key of the checkpoint, the lock last.
if redis.call('GET', k('lock')) ~= ARGV[1] then
  return redis.error_reply('RATCHET_LOCK_LOST the writer lock is no longer held by this store')
end
local loaded = tonumber(redis.call('GET', k('loadpos')) or '0')
if loaded > 0 and out_key(0) ~= k('out') then
  for o = 0, loaded - 1, out_shard do redis.call('DEL', out_key(o)) end
end
for _, suffix in ipairs({'info', 'meta', 'items', 'counts', 'inprog', 'failed', 'positions',
    'queue', 'input', 'loaded', 'open', 'output', 'loadpos', 'steps', 'in', 'ord', 'rec', 'out',
    'fails', 'chunks', 'cidx', 'leases', 'workers', 'cursor', 'token'}) do
  redis.call('DEL', k(suffix))
end
redis.call('DEL', k('lock'))
return 1
