import { ensureRedisServer } from "../../../scripts/redis/ensure-redis-server.mjs";

/** Runs once before any test file: the integration tests need a `redis-server` binary. */
export default function setup(): void {
  ensureRedisServer();
}
