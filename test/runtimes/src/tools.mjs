// @ts-check
// The release test's tools, installed with npm from tools/package-lock.json, outside the pnpm
// workspace: Node 22 and 24 (npm `node@N`), Bun, Deno, workerd, esbuild, playwright-core (the driver
// only; the browser is Debian's Chromium) and Verdaccio. Kept out of the workspace so an everyday
// `pnpm install` does not fetch ~500 MB of runtimes, and because these packages need their install
// scripts (pnpm 10 skips dependencies' scripts unless approved).
// (`npm install --no-save` rather than `npm ci`: the registry here lacks some other platforms'
// optional binaries, which `npm ci` counts as an out-of-sync lockfile.)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The npm project (package.json, package-lock.json, node_modules) holding the tools. */
export const toolsDir = fileURLToPath(new URL("../tools/", import.meta.url));
const stamp = join(toolsDir, "node_modules", ".caduceus-lock-sha256");

/** Where each tool's executable (or, for Verdaccio, its JS entry) lives once installed. */
const bins = {
  node22: "node_modules/node22/bin/node",
  node24: "node_modules/node24/bin/node",
  bun: "node_modules/.bin/bun",
  deno: "node_modules/.bin/deno",
  workerd: "node_modules/.bin/workerd",
  esbuild: "node_modules/.bin/esbuild",
  verdaccio: "node_modules/verdaccio/bin/verdaccio",
};

/** A tool {@link installRuntimes} installs. */
/** @typedef {keyof typeof bins} ToolName */

/**
 * Absolute path of an installed tool's executable (whether or not it is installed yet).
 *
 * @example
 * runtimeBin("deno"); // ".../test/runtimes/tools/node_modules/.bin/deno"
 * @param {ToolName} name
 * @returns {string}
 * @throws {Error} for a name that is not one of the tools.
 */
export function runtimeBin(name) {
  const relative = bins[name];
  if (!relative) throw new Error(`unknown tool ${name}: one of ${Object.keys(bins).join(", ")}`);
  return join(toolsDir, relative);
}

/**
 * The path of the Node.js module an installed tool package exports, e.g. playwright-core's entry.
 *
 * @param {string} relative a path under the tools' node_modules, e.g. `"playwright-core/index.mjs"`.
 * @returns {string}
 */
export function toolModule(relative) {
  return join(toolsDir, "node_modules", relative);
}

/**
 * Installs the tools with npm when one is missing or the lockfile changed since the last install
 * (a stamp of the lockfile's SHA-256 in node_modules makes a second call a no-op).
 *
 * @example
 * installRuntimes(); // true the first time (npm install ran), false afterwards
 * @param {{ quiet?: boolean }} [options] `quiet` drops the one line printed before installing.
 * @returns {boolean} whether it installed.
 * @throws {Error} when npm fails, or finishes with a tool still missing.
 */
export function installRuntimes({ quiet = false } = {}) {
  const lock = readFileSync(join(toolsDir, "package-lock.json"));
  const hash = createHash("sha256").update(lock).digest("hex");
  const names = /** @type {ToolName[]} */ (Object.keys(bins));
  const complete = names.every((name) => existsSync(runtimeBin(name)));
  if (complete && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return false;
  if (!quiet)
    console.error(
      "[runtimes] installing Node 22/24, Bun, Deno, workerd, esbuild, playwright-core, Verdaccio (npm install from test/runtimes/tools/package-lock.json)…",
    );
  // The user's npmrc may carry options newer npm rejects; the lockfile pins every version anyway.
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: toolsDir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const missing = names.filter((name) => !existsSync(runtimeBin(name)));
  if (missing.length > 0)
    throw new Error(`npm install finished but these tools are missing: ${missing.join(", ")}`);
  writeFileSync(stamp, hash);
  return true;
}
