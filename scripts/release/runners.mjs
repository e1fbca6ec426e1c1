// One runner per runtime of the matrix. Each runs the installed consumer's checks (see consumer/) against the loopback mock and resolves `{ runtime, results }`, results
// being package name → `{ ok, note }`. A runtime that cannot run here throws a RuntimeUnavailable with
// the reason, which the matrix reports as such: it is never skipped silently.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_ARGS, findChromium, runtimeBin, toolModule } from "@caduceus/test-runtimes";
import { bundleConsumer } from "./consumer.mjs";
import { freePort, run, startServer, tail } from "./lib/run.mjs";

/** The runtime is not available on this machine (binary missing or unable to start). */
export class RuntimeUnavailable extends Error {
  name = "RuntimeUnavailable";
}

function parseLastJson(result, what) {
  const line = result.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((candidate) => candidate.startsWith("{"));
  if (result.code === 13) {
    // Node's exit code for a top-level await that can never settle: the event loop emptied while a
    // call was pending (e.g. an unref'd timer was all that would have resumed it).
    throw new Error(`${what}: a call never settled; Node exited with 13 when its event loop emptied`);
  }
  if (result.code !== 0 || !line) throw new Error(`${what} exited with ${result.code}:\n${tail(result, 20)}`);
  return JSON.parse(line);
}

function requireBin(name) {
  const bin = runtimeBin(name);
  if (!existsSync(bin)) throw new RuntimeUnavailable(`${name} is not installed (run pnpm runtimes:install)`);
  return bin;
}

/** Merges the loopback results with the in-process msw results of the same runtime. */
function merge(loopback, msw) {
  const results = {};
  for (const [name, result] of Object.entries(loopback.results)) {
    const extra = msw?.results[name];
    results[name] =
      extra && !extra.ok
        ? { ok: false, note: extra.note }
        : { ok: result.ok, note: [result.note, extra?.note].filter(Boolean).join("; ") };
  }
  return { runtime: loopback.runtime, results };
}

/** Node at `bin` (the host's Node when omitted): loopback checks plus the `./testing` mocks in msw. */
export async function runNode({ dir, origin, bin = process.execPath }) {
  const env = { ...process.env, NODE_OPTIONS: "" };
  const loopback = parseLastJson(
    await run(bin, ["run.mjs", origin], { cwd: dir, env, timeoutMs: 60_000 }),
    "run.mjs",
  );
  const msw = parseLastJson(
    await run(bin, ["msw-node.mjs"], { cwd: dir, env, timeoutMs: 60_000 }),
    "msw-node.mjs",
  );
  return merge(loopback, msw);
}

export async function runBun({ dir, origin }) {
  const bun = requireBin("bun");
  const env = { ...process.env, BUN_INSTALL_CACHE_DIR: join(dir, ".bun-cache"), DO_NOT_TRACK: "1" };
  return parseLastJson(
    await run(bun, ["run.mjs", origin], { cwd: dir, env, timeoutMs: 60_000 }),
    "bun run.mjs",
  );
}

export async function runDeno({ dir, origin }) {
  const deno = requireBin("deno");
  const env = { ...process.env, DENO_DIR: join(dir, ".deno"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  // Least privilege: the mock's loopback port and the consumer's files, nothing else; never a prompt.
  const port = new URL(origin).port;
  const args = ["run", "--no-prompt", `--allow-net=127.0.0.1:${port}`, "--allow-read=.", "run.mjs", origin];
  return parseLastJson(await run(deno, args, { cwd: dir, env, timeoutMs: 60_000 }), "deno run.mjs");
}

/**
 * Cloudflare's workerd, offline: the bundled checks as a worker whose global outbound is a network
 * service allowing loopback (workerd blocks local addresses by default).
 */
export async function runWorkerd({ dir, origin }) {
  const workerd = requireBin("workerd");
  await bundleConsumer(dir, "worker");
  const port = await freePort();
  writeFileSync(
    join(dir, "workerd.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .checks),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);

const checks :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.bundle.js") ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`,
  );
  let server;
  try {
    server = await startServer(workerd, ["serve", "workerd.capnp", "--verbose"], {
      cwd: dir,
      probe: async () => (await fetch(`http://127.0.0.1:${port}/health`, { method: "HEAD" })).status > 0,
      timeoutMs: 20_000,
    });
  } catch (error) {
    throw new RuntimeUnavailable(`workerd did not start: ${String(error.message).slice(0, 400)}`);
  }
  try {
    const response = await fetch(`http://127.0.0.1:${port}/?mock=${encodeURIComponent(origin)}`, {
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(
        `the worker answered ${response.status}: ${text.slice(0, 400)}\n${server.output.slice(-1000)}`,
      );
    return JSON.parse(text);
  } finally {
    await server.stop();
  }
}

/**
 * Debian's Chromium driven by playwright-core: the page (another loopback origin) runs the checks in
 * browser mode: the factory must refuse a secret, then work with `dangerouslyAllowBrowser` over CORS.
 */
export async function runChromium({ dir, origin, pageOrigin }) {
  const executablePath = findChromium();
  if (!executablePath)
    throw new RuntimeUnavailable("Chromium is not installed (pnpm runtimes:install installs it)");
  await bundleConsumer(dir, "browser");
  const { chromium } = await import(pathToFileURL(toolModule("playwright-core/index.mjs")).href);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${pageOrigin}/?mock=${encodeURIComponent(origin)}`, { timeout: 30_000 });
    await page.waitForFunction(() => window.__results !== undefined, undefined, { timeout: 30_000 });
    const outcome = await page.evaluate(() => window.__results);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    return { runtime: `chromium ${browser.version()}`, results: outcome.results };
  } finally {
    await browser.close();
  }
}
