// A throw-away npm registry (Verdaccio 6.8.0 from test/runtimes) on a random loopback port, for
// the @caduceus scope only: the release publishes to it, the consumer installs the scope from it.
// No uplink: it never reaches the network. Its storage lives in a temp dir removed with it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeBin } from "@caduceus/test-runtimes";
import { freePort, startServer } from "./lib/run.mjs";

/**
 * Starts Verdaccio in `dir` and registers a publisher. Resolves `{ url, npmrc, stop }`: `npmrc` is a
 * user-level npmrc holding the registry and the auth token (pass it as NPM_CONFIG_USERCONFIG: pnpm
 * ignores tokens from environment variables in a project .npmrc).
 */
export async function startVerdaccio({ dir }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(dir, { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 10",
      "packages:",
      "  '@caduceus/*':",
      "    access: $all",
      "    publish: $authenticated",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const server = await startServer(
    process.execPath,
    [runtimeBin("verdaccio"), "--config", config, "--listen", `127.0.0.1:${port}`],
    {
      cwd: dir,
      env: { ...process.env, VERDACCIO_HANDLE_KILL_SIGNALS: "true" },
      probe: async () => (await fetch(`${url}-/ping`)).ok,
      timeoutMs: 30_000,
    },
  );
  try {
    const response = await fetch(`${url}-/user/org.couchdb.user:release-test`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "release-test", password: "release-test-password" }),
    });
    const body = await response.json();
    if (!response.ok || typeof body.token !== "string") {
      throw new Error(`could not register a publisher: HTTP ${response.status} ${JSON.stringify(body)}`);
    }
    const npmrc = join(dir, "npmrc");
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);
    return { url, port, npmrc, stop: server.stop, pid: server.child.pid };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
