-- ARGV: lock token, now (epoch ms), changes (JSON array). Applies all or none; refuses if the
-- caller no longer holds the checkpoint's lock (fencing against a writer whose lease ran out).
if redis.call('GET', k('lock')) ~= ARGV[1] then
  return redis.error_reply('RATCHET_LOCK_LOST the writer lock is no longer held by this store')
end
apply(cjson.decode(ARGV[3]), ARGV[2])
return 1
