// Test kit for the fleet tests: a fleet of Node processes (test/fleet-worker.mjs) driven over IPC,
// against the loopback mock vendor of test/mock-vendor.mjs.
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { forkFleetWorker } from "./fleet-process.mjs";
import type { MockVendor } from "./mock-vendor.mjs";

export { type MockVendor, startMockVendor } from "./mock-vendor.mjs";

const WORKER = fileURLToPath(new URL("./fleet-worker.mjs", import.meta.url));

/** What one worker reports after a burst of calls. */
export interface BurstResult {
  statuses: Record<string, number>;
  storeErrors: number;
  /** `code` of the errors in auth-core's `store.error` events. */
  storeErrorCodes: string[];
  takeovers: number;
  maxMs: number;
  error?: string;
}

/** Parameters of a burst, as the worker reads them. */
export interface Burst {
  tenant: string;
  calls: number;
  store: "redis" | "memory";
  redisPort?: number;
  lockTtlMs?: number;
  commandTimeoutMs?: number;
  timeoutMs?: number;
}

/** N worker processes. */
export class Fleet {
  readonly workers: ChildProcess[] = [];
  #nextId = 0;

  static async start(size: number, vendor: MockVendor): Promise<Fleet> {
    const fleet = new Fleet();
    await Promise.all(
      Array.from({ length: size }, (_, i) => {
        const child = forkFleetWorker(WORKER, i, vendor);
        fleet.workers.push(child);
        return new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (code) => reject(new Error(`fleet worker ${i} exited early (code ${code})`)));
        });
      }),
    );
    return fleet;
  }

  /** Sends one burst to one worker; resolves with its report (rejects if the worker dies). */
  burstOn(index: number, burst: Burst): Promise<BurstResult> {
    const child = this.workers[index]!;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: BurstResult & { id?: number }) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`fleet worker ${index} exited during a burst`));
      };
      const cleanup = () => {
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ cmd: "burst", id, ...burst });
    });
  }

  /** The same burst on every live worker at once. */
  burst(burst: Burst, indexes = this.workers.map((_, i) => i)): Promise<BurstResult[]> {
    return Promise.all(indexes.map((i) => this.burstOn(i, burst)));
  }

  /** Asks every worker to exit cleanly, killing any that does not within 5 s. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ cmd: "exit" });
            else child.kill("SIGKILL");
          }),
      ),
    );
  }
}

/** Adds up the statuses of a fleet's reports. */
export function totalStatuses(results: BurstResult[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) total[k] = (total[k] ?? 0) + v;
  return total;
}
