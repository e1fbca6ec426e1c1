// Child processes for the release test: every command has a time limit, its output is captured (and
// shown on failure), and a long-running server is stopped by its own pid, with its process group.
import { spawn } from "node:child_process";

/** Children still running, so a crash of the test still takes its servers down with it. */
const live = new Set();
process.once("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Runs a command to completion. Resolves `{ code, stdout, stderr, ms }` whatever the exit code (check
 * `code`); a command still running after `timeoutMs` is killed with its children and resolves with
 * code 124, like coreutils' `timeout`.
 */
export function run(command, args, { cwd, env, timeoutMs = 120_000, input } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      detached: true,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    live.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    if (input !== undefined) child.stdin.end(input);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    const done = (code) => {
      clearTimeout(timer);
      live.delete(child);
      if (timedOut) stderr += `\n[timed out after ${timeoutMs} ms]`;
      resolve({ code: timedOut ? 124 : (code ?? 1), stdout, stderr, ms: Date.now() - started });
    };
    child.once("error", (error) => {
      stderr += String(error?.message ?? error);
      done(127);
    });
    child.once("close", done);
  });
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export async function runOrThrow(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`\`${[command, ...args].join(" ")}\` exited with ${result.code}:\n${output}`);
  }
  return result;
}

/**
 * Starts a server process and waits until `ready(output)` finds what it prints when listening (or
 * `probe()` resolves true). Returns `{ child, output, stop }`; `stop()` ends it by pid (SIGTERM, then
 * SIGKILL after 3 s) and waits for it to exit.
 */
export function startServer(command, args, { cwd, env, ready, probe, timeoutMs = 30_000 } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  let output = "";
  let exited = false;
  const exitedPromise = new Promise((resolve) =>
    child.once("exit", () => {
      exited = true;
      live.delete(child);
      resolve();
    }),
  );
  const stop = async () => {
    if (exited) return;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3_000);
    await exitedPromise;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const fail = async (why) => {
      await stop();
      reject(
        new Error(`${command} ${args.join(" ")}: ${why}\n${output.trim().split("\n").slice(-30).join("\n")}`),
      );
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    let settled = false;
    const check = async () => {
      if (settled) return;
      const ok = ready ? ready(output) : await probe();
      if (ok && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          child,
          get output() {
            return output;
          },
          stop,
          result: typeof ok === "object" ? ok : undefined,
        });
      }
    };
    const onData = (chunk) => {
      output += chunk;
      if (ready) check();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(
          new Error(
            `${command} exited with ${code} before it was ready:\n${output.trim().split("\n").slice(-30).join("\n")}`,
          ),
        );
      }
    });
    if (probe) {
      const poll = setInterval(async () => {
        if (settled) return clearInterval(poll);
        try {
          await check();
        } catch {
          // not up yet
        }
      }, 200);
    }
  });
}

/** Asks the kernel for a free loopback port (racy by nature; callers start their server at once). */
export { freePort } from "@caduceus/test-host";

/** The last `lines` lines of a command's combined output, for a failure note. */
export function tail(result, lines = 15) {
  return `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-lines).join("\n");
}
