import type { ChildProcess } from "node:child_process";
import type { AuthClientOptions, createAuthClient } from "@caduceus/auth-core/vendor";
import type { MockVendor } from "./mock-vendor.mjs";

/** Forks the worker script at `path` as fleet member `index`, pointed at `vendor`, with an IPC channel. */
export function forkFleetWorker(
  path: string,
  index: number,
  vendor: Pick<MockVendor, "tokenUrl" | "baseUrl">,
): ChildProcess;

/** The auth client a worker makes for `tenant` against the mock vendor, its requests tagged with the worker. */
export function createFleetClient(
  options: { tenant: string; track?: (response: Promise<Response>) => Promise<Response> } & Omit<
    AuthClientOptions,
    "preset" | "credentials" | "baseUrl" | "tokenUrl" | "fetch"
  >,
): ReturnType<typeof createAuthClient>;
