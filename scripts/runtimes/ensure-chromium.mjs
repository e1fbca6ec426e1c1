#!/usr/bin/env node
// Makes sure Debian's Chromium is installed (`apt-get install chromium`): the browser test drives it
// with playwright-core and never downloads a browser build of its own. Prints one line when it
// installs, nothing when Chromium is already there. Runs unattended (CI has no stdin).
//
// Usage: node scripts/runtimes/ensure-chromium.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** Returns Chromium's path, or `undefined` when it is not installed. */
export function findChromium() {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    const probe = spawnSync(candidate, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Installs Chromium from apt when missing; throws a readable reason when it cannot. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.platform !== "linux" || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    throw new Error(
      "Chromium is not installed and apt-get is not available: install Chromium as /usr/bin/chromium.",
    );
  }
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const prefix = asRoot ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => {
    const [command, ...rest] = [...prefix, "apt-get", ...args];
    execFileSync(command, rest, { stdio: ["ignore", "ignore", "pipe"], env });
  };
  console.error("[chromium] not found; installing Debian's chromium with apt-get (~30 s)…");
  try {
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", "--no-install-recommends", "chromium"]);
  } catch (error) {
    const stderr = error?.stderr
      ? String(error.stderr).trim().split("\n").slice(-5).join("\n")
      : String(error);
    throw new Error(`apt-get could not install chromium:\n${stderr}`);
  }
  const installed = findChromium();
  if (!installed) throw new Error("apt-get finished but /usr/bin/chromium is still missing.");
  return installed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    ensureChromium();
  } catch (error) {
    console.error(`[chromium] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
