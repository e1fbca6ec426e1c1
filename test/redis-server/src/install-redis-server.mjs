// @ts-check
import { installWithApt } from "@caduceus/test-host";
import { findRedisServer } from "./find-redis-server.mjs";

/**
 * Installs Debian's redis-server with apt when it is missing and returns its path: the body of
 * `pnpm redis:install`. Where systemd runs, the Debian package also starts a service on port 6379; the
 * tests never use it (each starts its own server on a random loopback port), so it is left as the
 * package configured it.
 *
 * @example
 * installRedisServer(); // "redis-server", after `apt-get install redis-server` if it was missing
 * @returns {string}
 * @throws {Error} when apt-get is not available or fails, or finishes without redis-server on PATH.
 */
export function installRedisServer() {
  return installWithApt({
    debianPackage: "redis-server",
    label: "redis",
    find: findRedisServer,
    manualHint: "install Redis 7 and put redis-server on PATH.",
  });
}
