// @ts-check
// Debian's Chromium (`apt-get install chromium`): the browser test drives it with playwright-core and
// never downloads a browser build of its own. Installing is explicit (`pnpm runtimes:install`, or the
// release test's first step); finding it never installs anything.
import { spawnSync } from "node:child_process";
import { installWithApt } from "@caduceus/test-host";

/** Flags Debian's Chromium needs on a headless CI machine; playwright adds --headless itself. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Chromium's path, or `undefined` when it is not installed.
 *
 * @example
 * findChromium(); // "/usr/bin/chromium"
 * @returns {string | undefined}
 */
export function findChromium() {
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    const probe = spawnSync(candidate, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/**
 * Installs Debian's Chromium with apt when missing (~30 s) and returns its path.
 *
 * @example
 * installChromium(); // "/usr/bin/chromium"
 * @returns {string}
 * @throws {Error} when apt-get is not available or fails, or finishes without /usr/bin/chromium.
 */
export function installChromium() {
  return installWithApt({
    debianPackage: "chromium",
    label: "chromium",
    find: findChromium,
    manualHint: "install Chromium as /usr/bin/chromium.",
  });
}
