// @ts-check
// Installs a Debian package with apt-get, for the explicit install steps (`pnpm redis:install`,
// `pnpm runtimes:install`). Idempotent and quiet: one line when it installs, nothing when the tool is
// already there. Runs unattended (CI has no stdin): DEBIAN_FRONTEND=noninteractive, `-y`, stdin ignored;
// as root, or through `sudo -n` (never a password prompt).
import { execFileSync, spawnSync } from "node:child_process";

/**
 * @typedef {object} AptInstallOptions
 * @property {string} debianPackage the package to install, e.g. `"redis-server"`.
 * @property {string} label prefix of the one line printed when installing, e.g. `"redis"`.
 * @property {() => string | undefined} find the tool's path when it is installed, else `undefined`.
 * @property {string} manualHint what to do by hand where apt-get is not available.
 */

/**
 * Returns `find()`'s path, installing `debianPackage` with apt-get first when `find()` finds nothing.
 *
 * @example
 * installWithApt({ debianPackage: "redis-server", label: "redis", find: findRedisServer,
 *   manualHint: "install Redis 7 and put redis-server on PATH." }); // "redis-server"
 * @param {AptInstallOptions} options
 * @returns {string}
 * @throws {Error} when apt-get is not available, fails (the end of its stderr is quoted), or finishes
 *   while `find()` still finds nothing.
 */
export function installWithApt({ debianPackage, label, find, manualHint }) {
  const found = find();
  if (found) return found;
  if (process.platform !== "linux" || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    throw new Error(`${debianPackage} is not installed and apt-get is not available: ${manualHint}`);
  }
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  /** @param {string[]} args */
  const apt = (args) => {
    const [command = "apt-get", ...rest] = [...prefix, "apt-get", ...args];
    execFileSync(command, rest, { stdio: ["ignore", "ignore", "pipe"], env });
  };
  console.error(`[${label}] ${debianPackage} not found; installing Debian's ${debianPackage} with apt-get…`);
  try {
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", debianPackage]);
  } catch (error) {
    const stderr =
      error && typeof error === "object" && "stderr" in error && error.stderr
        ? String(error.stderr).trim().split("\n").slice(-5).join("\n")
        : String(error);
    throw new Error(`apt-get could not install ${debianPackage}:\n${stderr}`);
  }
  const installed = find();
  if (!installed) throw new Error(`apt-get installed ${debianPackage} but it is still not found.`);
  return installed;
}
