#!/usr/bin/env node
// Makes sure `redis-server` is on PATH, installing Debian's package when it is missing.
// Idempotent and quiet: prints one line when it installs, nothing when redis-server is already there.
// Runs unattended (CI has no stdin): DEBIAN_FRONTEND=noninteractive, `-y`, stdin ignored.
//
// Usage: node scripts/redis/ensure-redis-server.mjs
// Exit code 0 when redis-server is available afterwards, 1 otherwise (with the reason on stderr).
import { execFileSync, spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** Returns the path of `redis-server`, or `undefined` when it is not installed. */
export function findRedisServer() {
  for (const candidate of ["redis-server", "/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    const probe = spawnSync(candidate, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Installs redis-server from apt when missing. Throws with a readable message when it cannot
 * (not root, no apt-get, the install failed).
 */
export function ensureRedisServer() {
  const found = findRedisServer();
  if (found) return found;
  if (process.platform !== "linux" || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    throw new Error(
      "redis-server is not installed and apt-get is not available: install Redis 7 and put redis-server on PATH.",
    );
  }
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => {
    const [command, ...rest] = [...prefix, ...args];
    execFileSync(command, rest, { stdio: ["ignore", "ignore", "pipe"], env });
  };
  console.error("[redis] redis-server not found; installing it with apt-get (Debian package redis-server)…");
  try {
    run(["apt-get", "update", "-qq"]);
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"]);
  } catch (error) {
    const stderr = error?.stderr
      ? String(error.stderr).trim().split("\n").slice(-5).join("\n")
      : String(error);
    throw new Error(`apt-get could not install redis-server:\n${stderr}`);
  }
  // Where systemd runs, the Debian package also starts a service on port 6379. The tests never use it
  // (each starts its own server on a random loopback port), so it is left as the package configured it.
  const installed = findRedisServer();
  if (!installed) throw new Error("apt-get finished but redis-server is still not on PATH.");
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    ensureRedisServer();
  } catch (error) {
    console.error(`[redis] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
