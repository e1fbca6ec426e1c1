import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type MockVendorStats, RESET_PATH, STATS_PATH } from "./mock-vendor.js";

/** A mock vendor running in a child process (see mock-vendor-main). */
export interface VendorProcess {
  readonly origin: string;
  stats(): Promise<MockVendorStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the mock vendor in its own Node process and waits for its origin. */
export async function startVendorProcess(): Promise<VendorProcess> {
  const main = fileURLToPath(new URL("./mock-vendor-main.js", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [main], { stdio: ["pipe", "pipe", "inherit"] });
  const origin = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`mock vendor exited early (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const newline = buffer.indexOf("\n");
      if (newline >= 0) resolve((JSON.parse(buffer.slice(0, newline)) as { origin: string }).origin);
    });
  });
  child.removeAllListeners("exit");
  return {
    origin,
    stats: async () => (await (await fetch(`${origin}${STATS_PATH}`)).json()) as MockVendorStats,
    reset: async () => {
      await (await fetch(`${origin}${RESET_PATH}`, { method: "POST" })).arrayBuffer();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
