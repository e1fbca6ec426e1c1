export type { RedisSubscriberClient, RedisTokenStoreClient } from "./client.js";
export {
  isRedisTokenStoreError,
  RedisTokenStoreError,
  RedisTokenStoreErrorCode,
  type RedisTokenStoreOperation,
} from "./errors.js";
export type { RedisTokenStoreEvent, RedisTokenStoreEventHandler } from "./events.js";
export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_MAX_TTL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_PREFIX,
  DEFAULT_SUBSCRIBER_IDLE_MS,
  type RedisTokenStoreOptions,
} from "./options.js";
export { createRedisTokenStore, RedisTokenStore } from "./redis-token-store.js";
