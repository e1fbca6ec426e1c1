// Fails early with a clear message when pnpm is missing: turbo and publint shell out to it.
import { execSync } from "node:child_process";

try {
  execSync("pnpm --version", { stdio: "ignore" });
} catch {
  console.error("pnpm is not on PATH. Run `npm run setup` first (it installs pnpm@10.34.9).");
  process.exit(1);
}
