import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ensureRedisServer } from "../../../scripts/redis/ensure-redis-server.mjs";

/**
 * Runs once before any test file. The integration tests need a `redis-server` binary (installed from
 * apt when missing), and the fleet tests' worker processes run plain Node (Node 20 has no TypeScript
 * loader), so the package is compiled first, into `.tmp/dist`: not `dist/`, which a concurrent `build`
 * task (turbo runs it beside `test`) empties while it works.
 */
export default function setup(): void {
  ensureRedisServer();
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", ".tmp/dist"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: "inherit",
  });
}
