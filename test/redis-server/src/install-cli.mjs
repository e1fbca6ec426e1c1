#!/usr/bin/env node
// @ts-check
// `pnpm redis:install`: the explicit step that puts redis-server on this machine before the Redis
// token store's tests or benchmark run (`npm test` runs it first). Exit code 0 when redis-server is
// available afterwards, 1 otherwise, with the reason on stderr.
import { installRedisServer } from "./install-redis-server.mjs";

try {
  installRedisServer();
} catch (error) {
  console.error(`[redis] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
