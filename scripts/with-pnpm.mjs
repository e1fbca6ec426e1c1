// Runs a command with pnpm on PATH (turbo and publint need it), so `npm test` works on a machine
// where pnpm was installed project-locally by `npm run setup`.
import { spawnSync } from "node:child_process";
import { envWithPnpm, findPnpmDir, repoRoot } from "./pnpm-path.mjs";

const dir = findPnpmDir();
if (dir === undefined) {
  console.error(
    "pnpm is not installed. Run `npm run setup` first (it installs pnpm@10.34.9 and the dependencies).",
  );
  process.exit(1);
}
const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, {
  stdio: "inherit",
  cwd: repoRoot,
  env: envWithPnpm(dir),
  shell: false,
});
process.exit(result.status ?? 1);
