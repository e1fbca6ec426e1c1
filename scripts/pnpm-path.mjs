// Finds a pnpm to use: the one on PATH, else a project-local copy that `setup` installs under
// .tmp/tools when a global install is not allowed (no root). turbo and publint shell out to `pnpm`,
// so callers put its folder first on PATH.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PNPM_VERSION = "10.34.9";
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const localBin = join(repoRoot, ".tmp", "tools", "node_modules", ".bin");

/** The folder holding a working pnpm, or undefined when there is none. */
export function findPnpmDir() {
  try {
    execFileSync("pnpm", ["--version"], { stdio: "ignore" });
    return "";
  } catch {
    return existsSync(join(localBin, "pnpm")) ? localBin : undefined;
  }
}

/** Installs pnpm globally, or project-locally when the global install fails; returns its folder. */
export function installPnpm() {
  const found = findPnpmDir();
  if (found !== undefined) return found;
  console.log(`Installing pnpm@${PNPM_VERSION} (corepack is not used: it fails on some machines)…`);
  try {
    execFileSync("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`], { stdio: "inherit" });
    return "";
  } catch {
    console.log("Global install refused; installing pnpm into .tmp/tools instead.");
    execFileSync("npm", ["install", "--prefix", join(repoRoot, ".tmp", "tools"), `pnpm@${PNPM_VERSION}`], {
      stdio: "inherit",
    });
    return localBin;
  }
}

/** process.env with the pnpm folder first on PATH. */
export function envWithPnpm(dir) {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
  if (dir) env.PATH = `${dir}:${env.PATH ?? ""}`;
  return env;
}
