// @ts-check
// Throw-away redis-server processes for tests and benchmarks. Installing Redis is a separate,
// explicit step: `pnpm redis:install`.

export { freePort } from "@caduceus/test-host";
export {
  findRedisServer,
  REDIS_INSTALL_COMMAND,
  RedisServerMissingError,
  requireRedisServer,
} from "./find-redis-server.mjs";
export { installRedisServer } from "./install-redis-server.mjs";
export { RedisServerHandle, startRedisServer } from "./redis-server.mjs";
