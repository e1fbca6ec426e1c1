// Starts and stops throw-away redis-server processes for tests and benchmarks.
//
// Each server listens on a random loopback port, keeps nothing on disk (`--save "" --appendonly no`)
// and is stopped by its pid. `kill()` and `restart()` exist for fault tests: Redis lost mid-run, then
// back on the same port (empty, as a real crash without persistence would leave it).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer } from "./ensure-redis-server.mjs";

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Every child started here, so a crashing test process still takes its servers down with it. */
const live = new Set();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Asks the kernel for a free loopback port. Racy by nature; `startRedisServer` retries on a clash. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function launch(binary, port, dir, extraArgs) {
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "no",
    "--dir",
    dir,
    "--logfile",
    "",
    "--loglevel",
    "notice",
    ...extraArgs,
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () =>
        fail(new Error(`redis-server did not become ready on port ${port} within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        cleanup();
        // Keep draining the pipes so a chatty server never blocks on a full buffer.
        child.stdout.resume();
        child.stderr.resume();
        resolve(child);
      }
    };
    const onExit = (code, signal) =>
      fail(
        new Error(
          `redis-server exited before ready on port ${port} (code ${code}, signal ${signal}): ${output.trim().split("\n").slice(-3).join(" | ")}`,
        ),
      );
    const fail = (error) => {
      cleanup();
      child.kill("SIGKILL");
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.stderr.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.once("exit", onExit);
  });
}

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Starts `redis-server` on a random loopback port (or `options.port`) and resolves once it accepts
 * connections.
 *
 * @param {{ port?: number, args?: string[] }} [options]
 * @returns {Promise<import("./redis-server.d.mts").RedisServerHandle>}
 */
export async function startRedisServer(options = {}) {
  const binary = findRedisServer();
  if (!binary)
    throw new Error("redis-server is not installed: run `node scripts/redis/ensure-redis-server.mjs` first.");
  const dir = mkdtempSync(join(tmpdir(), "caduceus-redis-"));
  const extraArgs = options.args ?? [];
  let port = options.port;
  let child;
  for (let attempt = 0; !child; attempt++) {
    const candidate = port ?? (await freePort());
    try {
      child = await launch(binary, candidate, dir, extraArgs);
      port = candidate;
    } catch (error) {
      // Another process took the port between the probe and the bind: try another one.
      if (options.port !== undefined || attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let stopped = false;
  const handle = {
    port,
    host: "127.0.0.1",
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid;
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    /** Kills the server abruptly (default SIGKILL), as a crash would; `restart()` brings it back. */
    async kill(signal = "SIGKILL") {
      child.kill(signal);
      await waitForExit(child, STOP_TIMEOUT_MS);
    },
    /**
     * Freezes the server (SIGSTOP): connections stay open and commands are accepted by the kernel, but
     * nothing is answered until `thaw()`. A "slow Redis" that no client-side setting can tell from a
     * busy one.
     */
    freeze() {
      child.kill("SIGSTOP");
    },
    /** Resumes a frozen server (SIGCONT); it answers everything it received meanwhile. */
    thaw() {
      child.kill("SIGCONT");
    },
    /** Starts the server again on the same port (after `kill()`), empty. */
    async restart() {
      if (stopped) throw new Error("this redis-server was stopped; start a new one");
      if (handle.running) await handle.kill();
      child = await launch(binary, port, dir, extraArgs);
    },
    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent. */
    async stop() {
      stopped = true;
      if (handle.running) {
        child.kill("SIGCONT"); // a frozen server cannot act on SIGTERM
        child.kill("SIGTERM");
        await waitForExit(child, STOP_TIMEOUT_MS);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
