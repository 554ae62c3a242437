-- ARGV: lock token, lease (ms). Extends the lock if this holder still has it.
if redis.call('GET', k('lock')) == ARGV[1] then
  redis.call('PEXPIRE', k('lock'), ARGV[2])
  return 1
end
return 0
