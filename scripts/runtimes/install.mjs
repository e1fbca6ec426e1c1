#!/usr/bin/env node
// Installs the release test's tools with npm, outside the pnpm workspace, from
// scripts/runtimes/package-lock.json: Node 22 and 24 (npm `node@N`), Bun, Deno, workerd, esbuild,
// playwright-core (the driver only; the browser is Debian's Chromium) and Verdaccio. Kept out of the
// workspace so an everyday `pnpm install` does not fetch ~500 MB of runtimes, and because these
// packages need their install scripts (pnpm 10 skips dependencies' scripts unless approved).
// (`npm install --no-save` rather than `npm ci`: the registry here lacks some other platforms'
// optional binaries, which `npm ci` counts as an out-of-sync lockfile.)
// Idempotent: a stamp of the lockfile's hash in node_modules skips a second install.
//
// Usage: node scripts/runtimes/install.mjs        (exit 0 when every tool is in place)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const runtimesDir = dirname(fileURLToPath(import.meta.url));
const stamp = join(runtimesDir, "node_modules", ".caduceus-lock-sha256");

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

/** Absolute path of an installed tool's executable. */
export function runtimeBin(name) {
  const relative = bins[name];
  if (!relative) throw new Error(`unknown tool ${name}`);
  return join(runtimesDir, relative);
}

/** Installs the tools when missing or when the lockfile changed; returns true when it installed. */
export function ensureRuntimes({ quiet = false } = {}) {
  const lock = readFileSync(join(runtimesDir, "package-lock.json"));
  const hash = createHash("sha256").update(lock).digest("hex");
  const complete = Object.keys(bins).every((name) => existsSync(runtimeBin(name)));
  if (complete && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return false;
  if (!quiet)
    console.error(
      "[runtimes] installing Node 22/24, Bun, Deno, workerd, esbuild, playwright-core, Verdaccio (npm install from package-lock.json)…",
    );
  // The user's npmrc may carry options newer npm rejects; the lockfile pins every version anyway.
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: runtimesDir,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const missing = Object.keys(bins).filter((name) => !existsSync(runtimeBin(name)));
  if (missing.length > 0)
    throw new Error(`npm install finished but these tools are missing: ${missing.join(", ")}`);
  writeFileSync(stamp, hash);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    ensureRuntimes();
  } catch (error) {
    console.error(`[runtimes] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
