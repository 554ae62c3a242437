-- ARGV: lock token, now (epoch ms), new run id, now (ISO-8601), format version.
-- Creates the checkpoint if absent. Returns {created (0/1), stored format version}.
if redis.call('GET', k('lock')) ~= ARGV[1] then
  return redis.error_reply('RATCHET_LOCK_LOST the writer lock is no longer held by this store')
end
if redis.call('EXISTS', k('info')) == 1 then
  return {0, tonumber(redis.call('HGET', k('info'), 'format') or '0')}
end
redis.call('HSET', k('info'), 'format', ARGV[5], 'created', ARGV[2])
redis.call('HSET', k('meta'), 'run.id', ARGV[3], 'run.created', ARGV[4])
return {1, tonumber(ARGV[5])}
