// What the fleet's driver scripts and their worker processes share (test/fleet.ts with
// test/fleet-worker.mjs, bench/fleet-day.mjs with bench/fleet-day-worker.mjs): how a worker is forked
// against the mock vendor of test/mock-vendor.mjs, and the client a worker makes for a tenant. Plain
// JavaScript, as the workers are, so Node 20 runs it without a TypeScript loader.
import { fork } from "node:child_process";
import { createAuthClient } from "@caduceus/auth-core";

/**
 * Forks the worker script at `path` as fleet member `index`, pointed at `vendor` through the
 * environment (FLEET_WORKER, FLEET_TOKEN_URL, FLEET_BASE_URL), with an IPC channel.
 */
export function forkFleetWorker(path, index, vendor) {
  return fork(path, [], {
    execArgv: [],
    env: {
      ...process.env,
      FLEET_WORKER: String(index),
      FLEET_TOKEN_URL: vendor.tokenUrl,
      FLEET_BASE_URL: vendor.baseUrl,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/**
 * The auth client a worker makes for `tenant`: the mock vendor's exchange (JSON body, secret
 * `secret-of-<tenant>`), its requests tagged with the worker (header `x-fleet-worker`) so a test can
 * hold the token requests of one process. `track` sees every request's promise (the day worker counts
 * them); the other options go to `createAuthClient` as they are.
 */
export function createFleetClient({ tenant, track = (response) => response, ...options }) {
  const worker = process.env.FLEET_WORKER ?? "0";
  return createAuthClient({
    preset: {
      vendor: "FleetMock",
      encoding: "json",
      clientAuthentication: "body",
      requestFields: { grantType: null },
    },
    credentials: {
      grant: "client_credentials",
      clientId: tenant,
      clientSecret: `secret-of-${tenant}`,
    },
    baseUrl: process.env.FLEET_BASE_URL,
    tokenUrl: process.env.FLEET_TOKEN_URL,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-fleet-worker", worker);
      return track(fetch(input, { ...init, headers }));
    },
    ...options,
  });
}
