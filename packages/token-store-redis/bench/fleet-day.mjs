#!/usr/bin/env node
// The fleet figure of docs/benchmarks.md ("Fleet: token requests with the Redis store"): token
// requests made by 8 processes over a simulated day, with and without the Redis token store. Real processes, real Redis, a real loopback token endpoint; only time is
// simulated (each process runs auth-core on a fake clock that this driver advances one tick at a time).
//
// Usage: pnpm --filter @caduceus/token-store-redis bench:fleet [-- --tick-min=1 --processes=8]
// The script installs redis-server when missing (`pnpm redis:install`, the explicit step) and compiles
// the package into .tmp/dist (the workers import it from there). Prints a Markdown table.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startRedisServer } from "@caduceus/test-redis-server";
import { forkFleetWorker } from "../test/fleet-process.mjs";
import { startMockVendor } from "../test/mock-vendor.mjs";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "8" },
    "tick-min": { type: "string", default: "1" },
    "calls-per-tick": { type: "string", default: "1" },
    hours: { type: "string", default: "24" },
    json: { type: "boolean", default: false },
  },
});
const PROCESSES = Number(values.processes);
const TICK_MS = Number(values["tick-min"]) * 60_000;
const CALLS = Number(values["calls-per-tick"]);
const DAY_MS = Number(values.hours) * 3_600_000;
const START = Date.UTC(2026, 0, 1);

/** Token lifetimes (Candid documents 5 h; 1 h is common elsewhere) × how long each process lives. */
const SCENARIOS = [
  { name: "long-lived processes (workers, pods)", lifetimeSeconds: 3_600, processLifeMin: null },
  { name: "long-lived processes (workers, pods)", lifetimeSeconds: 18_000, processLifeMin: null },
  {
    name: "processes replaced every 20 min (serverless, autoscaling)",
    lifetimeSeconds: 3_600,
    processLifeMin: 20,
  },
  {
    name: "processes replaced every 20 min (serverless, autoscaling)",
    lifetimeSeconds: 18_000,
    processLifeMin: 20,
  },
];

const [redis, vendor] = await Promise.all([startRedisServer(), startMockVendor({ tokenLatencyMs: 2 })]);
const workerPath = fileURLToPath(new URL("./fleet-day-worker.mjs", import.meta.url));
const workers = [];
let nextId = 0;
const pending = new Map();

try {
  await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => {
      const child = forkFleetWorker(workerPath, i, vendor);
      workers.push(child);
      child.on("message", (message) => {
        const done = pending.get(message.id);
        if (!done) return;
        pending.delete(message.id);
        if (message.error) done.reject(new Error(`worker ${i}: ${message.error}`));
        else done.resolve(message);
      });
      return new Promise((resolve) => child.once("message", resolve));
    }),
  );
  const send = (child, message) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });

  const rows = [];
  let run = 0;
  for (const scenario of SCENARIOS) {
    const row = { ...scenario, without: 0, with: 0, calls: 0 };
    for (const mode of ["memory", "redis"]) {
      const tenant = `day-${++run}-${mode}`;
      vendor.lifetimeSeconds = scenario.lifetimeSeconds;
      await Promise.all(
        workers.map((w) => send(w, { cmd: "reset", mode, tenant, start: START, redisPort: redis.port })),
      );
      const lifeMs = scenario.processLifeMin === null ? null : scenario.processLifeMin * 60_000;
      const apiBefore = vendor.apiCalls;
      for (let t = 0; t < DAY_MS; t += TICK_MS) {
        const results = await Promise.all(
          workers.map((w, i) => {
            // Replacements are staggered across the fleet, as autoscalers and rolling deploys do.
            const offset = lifeMs === null ? 0 : Math.floor((i * lifeMs) / PROCESSES / TICK_MS) * TICK_MS;
            const recycle = lifeMs !== null && t > 0 && (t - offset) % lifeMs === 0;
            return send(w, { cmd: "tick", at: START + t, calls: CALLS, recycle });
          }),
        );
        for (const r of results) {
          for (const status of Object.keys(r.statuses)) {
            if (status !== "200") throw new Error(`an API call answered ${status} at t=${t / 60_000} min`);
          }
        }
      }
      const requests = vendor.tokenRequests.get(tenant) ?? 0;
      if (mode === "memory") row.without = requests;
      else row.with = requests;
      row.calls = vendor.apiCalls - apiBefore;
    }
    rows.push(row);
    if (!values.json) {
      console.error(
        `… ${scenario.name}, ${scenario.lifetimeSeconds / 3600} h tokens: ${row.without} → ${row.with}`,
      );
    }
  }

  if (values.json) {
    console.log(
      JSON.stringify(
        { processes: PROCESSES, tickMinutes: TICK_MS / 60_000, callsPerTick: CALLS, rows },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `| fleet of ${PROCESSES} processes, ${values.hours} h | token lifetime | API calls | token requests without the store | with the Redis store |`,
    );
    console.log("|---|---|---|---|---|");
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.lifetimeSeconds / 3600} h | ${r.calls.toLocaleString("en-US")} | ${r.without} | ${r.with} |`,
      );
    }
  }
} finally {
  await Promise.all(
    workers.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.send({ cmd: "exit" });
        }),
    ),
  );
  await vendor.close();
  await redis.stop();
}
