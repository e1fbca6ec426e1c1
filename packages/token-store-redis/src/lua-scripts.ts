// The Lua scripts the store runs with EVAL. Each touches one key (KEYS[1]), so they also run on a
// Redis Cluster; PUBLISH takes no key.

/** Stores a token and announces it in one round trip, so no waiter can read between the two. */
export const SET_AND_PUBLISH = `
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/** Fenced release: deletes the lock only if it still holds this holder's random value. */
export const RELEASE_IF_HOLDER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[2] ~= '' then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
  return 1
end
return 0`;
