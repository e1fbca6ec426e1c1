// @ts-check
// Starts and stops throw-away redis-server processes for tests and benchmarks.
//
// Each server listens on a random loopback port, keeps nothing on disk (`--save "" --appendonly no`)
// and is stopped by its pid. `kill()` and `restart()` exist for fault tests: Redis lost mid-run, then
// back on the same port (empty, as a real crash without persistence would leave it).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@caduceus/test-host";
import { requireRedisServer } from "./find-redis-server.mjs";

/** @typedef {import("node:child_process").ChildProcessByStdio<null, import("node:stream").Readable, import("node:stream").Readable>} RedisChild */

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Every child started here, so a crashing test process still takes its servers down with it. */
/** @type {Set<RedisChild>} */
const live = new Set();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * @param {string} binary
 * @param {number} port
 * @param {string} dir
 * @param {readonly string[]} extraArgs
 * @returns {Promise<RedisChild>}
 */
function launch(binary, port, dir, extraArgs) {
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    ...["--daemonize", "no", "--dir", dir, "--logfile", "", "--loglevel", "notice"],
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
    /** @param {string} chunk */
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
    /** @param {number | null} code @param {NodeJS.Signals | null} signal */
    const onExit = (code, signal) =>
      fail(
        new Error(
          `redis-server exited before ready on port ${port} (code ${code}, signal ${signal}): ${output.trim().split("\n").slice(-3).join(" | ")}`,
        ),
      );
    /** @param {Error} error */
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

/**
 * @param {RedisChild} child
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A redis-server started by {@link startRedisServer}: its address, and the faults a test can inflict
 * on it (crash, freeze, restart empty).
 */
export class RedisServerHandle {
  /** Loopback port it listens on (kept across `restart()`). @readonly */
  port;
  /** Always `"127.0.0.1"`. @readonly */
  host = "127.0.0.1";
  /** `redis://127.0.0.1:<port>` @readonly */
  url;
  #binary;
  #dir;
  #extraArgs;
  #child;
  #stopped = false;

  /**
   * Use {@link startRedisServer}; this wraps a server already accepting connections.
   *
   * @param {{ binary: string, port: number, dir: string, extraArgs: readonly string[], child: RedisChild }} started
   */
  constructor({ binary, port, dir, extraArgs, child }) {
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.#binary = binary;
    this.#dir = dir;
    this.#extraArgs = extraArgs;
    this.#child = child;
  }

  /** Pid of the current server process. */
  get pid() {
    return this.#child.pid;
  }

  /** Whether the current server process is alive. */
  get running() {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /**
   * Kills the server abruptly, as a crash would; `restart()` brings it back.
   *
   * @param {NodeJS.Signals} [signal] defaults to `"SIGKILL"`.
   * @returns {Promise<void>}
   */
  async kill(signal = "SIGKILL") {
    this.#child.kill(signal);
    await waitForExit(this.#child, STOP_TIMEOUT_MS);
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and commands are accepted by the kernel, but
   * nothing is answered until `thaw()`. A "slow Redis" that no client-side setting can tell from a
   * busy one.
   */
  freeze() {
    this.#child.kill("SIGSTOP");
  }

  /** Resumes a frozen server (SIGCONT); it answers everything it received meanwhile. */
  thaw() {
    this.#child.kill("SIGCONT");
  }

  /**
   * Starts the server again on the same port, empty (kills it first if it is running).
   *
   * @returns {Promise<void>}
   * @throws {Error} after `stop()`.
   */
  async restart() {
    if (this.#stopped) throw new Error("this redis-server was stopped; start a new one");
    if (this.running) await this.kill();
    this.#child = await launch(this.#binary, this.port, this.#dir, this.#extraArgs);
  }

  /**
   * Stops the server by pid (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent.
   *
   * @returns {Promise<void>}
   */
  async stop() {
    this.#stopped = true;
    if (this.running) {
      this.#child.kill("SIGCONT"); // a frozen server cannot act on SIGTERM
      this.#child.kill("SIGTERM");
      await waitForExit(this.#child, STOP_TIMEOUT_MS);
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * Starts `redis-server` on a random loopback port (or `options.port`) with no persistence, and
 * resolves once it accepts connections.
 *
 * @example
 * const redis = await startRedisServer();
 * try {
 *   // connect to redis.url
 * } finally {
 *   await redis.stop();
 * }
 * @param {{ port?: number, args?: readonly string[] }} [options] `args` are appended to redis-server's.
 * @returns {Promise<RedisServerHandle>}
 * @throws {import("./find-redis-server.mjs").RedisServerMissingError} when redis-server is not
 *   installed (`pnpm redis:install` installs it).
 */
export async function startRedisServer(options = {}) {
  const binary = requireRedisServer();
  const dir = mkdtempSync(join(tmpdir(), "caduceus-redis-"));
  const extraArgs = options.args ?? [];
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const child = await launch(binary, port, dir, extraArgs);
      return new RedisServerHandle({ binary, port, dir, extraArgs, child });
    } catch (error) {
      // Another process took the port between the probe and the bind: try another one.
      if (options.port !== undefined || attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
