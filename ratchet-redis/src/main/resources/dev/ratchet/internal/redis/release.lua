-- ARGV: lock token. Releases the lock if this holder still has it.
if redis.call('GET', k('lock')) == ARGV[1] then
  redis.call('DEL', k('lock'))
  return 1
end
return 0
