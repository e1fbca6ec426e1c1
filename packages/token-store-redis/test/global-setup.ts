import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { requireRedisServer } from "@caduceus/test-redis-server";

/**
 * Runs once before any test file. The integration tests need a `redis-server` binary: when it is
 * missing this fails at once with a message naming `pnpm redis:install` (installing is an explicit
 * step of the scripts that need Redis, never a side effect of running tests). The fleet tests' worker
 * processes run plain Node (Node 20 has no TypeScript loader), so the package is compiled first, into
 * `.tmp/dist`: not `dist/`, which a concurrent `build` task (turbo runs it beside `test`) empties while
 * it works.
 */
export default function setup(): void {
  requireRedisServer();
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", ".tmp/dist"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: "inherit",
  });
}
