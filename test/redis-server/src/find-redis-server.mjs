// @ts-check
// Where the redis-server binary is, if anywhere. Looking never installs anything: installing is the
// explicit `pnpm redis:install` step (install-redis-server.mjs), run by the scripts that need Redis.
import { spawnSync } from "node:child_process";

/** The command that installs redis-server, named by every error that finds it missing. */
export const REDIS_INSTALL_COMMAND = "pnpm redis:install";

/**
 * The path (or PATH name) of a working `redis-server`, or `undefined` when none answers `--version`.
 *
 * @example
 * const binary = findRedisServer(); // "redis-server" when it is on PATH
 * @returns {string | undefined}
 */
export function findRedisServer() {
  for (const candidate of ["redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    const probe = spawnSync(candidate, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** redis-server is not installed: the message names the command that installs it. */
export class RedisServerMissingError extends Error {
  /** @override */
  name = "RedisServerMissingError";
  /** Stable code to branch on: `"REDIS_SERVER_MISSING"`. */
  code = "REDIS_SERVER_MISSING";
}

/**
 * The path of `redis-server`; fails fast when it is missing instead of installing it behind the
 * caller's back.
 *
 * @example
 * const binary = requireRedisServer(); // throws RedisServerMissingError naming `pnpm redis:install`
 * @returns {string}
 * @throws {RedisServerMissingError} when no redis-server answers `--version`.
 */
export function requireRedisServer() {
  const found = findRedisServer();
  if (found) return found;
  throw new RedisServerMissingError(
    `redis-server is not installed: run \`${REDIS_INSTALL_COMMAND}\` (installs Debian's redis-server with apt), or install Redis 7 and put redis-server on PATH.`,
  );
}
