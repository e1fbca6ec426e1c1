// Quick start, step 1: pnpm if missing, dependencies, every SDK generated from the vendors' specs
// and built, then the demo against the embedded mock vendors. Works on a machine with only Node and npm.
import { execFileSync } from "node:child_process";
import { envWithPnpm, installPnpm, repoRoot } from "./pnpm-path.mjs";

const env = envWithPnpm(installPnpm());
const run = (...args) => execFileSync("pnpm", args, { stdio: "inherit", cwd: repoRoot, env });

try {
  run("install", ...(process.env.CI ? ["--frozen-lockfile"] : []));
  run("build");
  run("demo");
} catch (error) {
  console.error(`\nsetup failed at: ${error.cmd ?? error.message}`);
  process.exit(typeof error.status === "number" ? error.status : 1);
}
