-- ARGV: worker, lease (ms). Renews the worker's lease: its chunks are not taken over while it
-- lives. Returns 1, or -1 (writing nothing) when the run's keys are gone.
if redis.call('EXISTS', k('loaded')) == 0 then return -1 end
redis.call('HSET', k('workers'), ARGV[1], now_ms() + tonumber(ARGV[2]))
return 1
