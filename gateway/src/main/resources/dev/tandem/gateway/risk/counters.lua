-- Risk control's shared counters: one fixed window per key, starting with its first request.
-- KEYS[i] is a counter; ARGV[3i-2] its limit, ARGV[3i-1] its window in ms, ARGV[3i] the attempt
-- it counts: an Idempotency-Key (kept in a set, so that retries of one write count once) or ''
-- (a plain count of requests).
-- All or nothing, atomically: if any counter is at its limit for a new attempt, nothing is counted
-- and the answer is {i, ms until that window ends}; else the request is counted in every counter
-- and the answer is {0, 0}. A request refused by one limit so spends none of the others (a member
-- hammering a sale does not use up the promotion's share for everyone else).
-- Several keys in one script: fine for one master behind Sentinel; Redis Cluster would need them in
-- one hash slot.
local n = #KEYS
for i = 1, n do
  local key, limit, window, attempt = KEYS[i], tonumber(ARGV[3*i-2]), tonumber(ARGV[3*i-1]), ARGV[3*i]
  local seen, used
  if attempt == '' then
    seen = false
    used = tonumber(redis.call('GET', key) or '0')
  else
    seen = redis.call('SISMEMBER', key, attempt) == 1
    used = redis.call('SCARD', key)
  end
  if not seen and used >= limit then
    local left = redis.call('PTTL', key)
    if left < 0 then
      -- a counter without expiry would refuse for ever: give it its window
      redis.call('PEXPIRE', key, window)
      left = window
    end
    return {i, left}
  end
end
for i = 1, n do
  local key, window, attempt = KEYS[i], tonumber(ARGV[3*i-1]), ARGV[3*i]
  if attempt == '' then
    redis.call('INCR', key)
  else
    redis.call('SADD', key, attempt)
  end
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, window)
  end
end
return {0, 0}
