/**
 * One token-request scenario in a fresh process (so every cache starts cold), for one implementation.
 * Usage: `node dist/token-scenario.js <caduceus|official> <cold-1000|clients-20|day>`; prints one JSON
 * line: the mock vendor's counters after the scenario.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { AuthEvent } from "@caduceus/auth-core";
import { createFakeClock } from "@caduceus/auth-core/testing";
import FakeTimers from "@sinonjs/fake-timers";
import { loadCaduceusCandid } from "./caduceus-candid.js";
import { type MockVendorStats, startMockVendor } from "./mock-vendor.js";
import { caduceusVariant, officialVariant, type Variant } from "./variants.js";

export type Implementation = "caduceus" | "official";
export type Scenario = "cold-1000" | "clients-20" | "day";

/** Token lifetime the mock issues (Candid documents 5 hours). */
export const LIFETIME_SECONDS = 18_000;
/** The simulated day: one call a minute for 24 hours. */
export const DAY_MINUTES = 24 * 60;

/** What a perfect client would cost, in token requests, per scenario. */
export const IDEAL: Record<Scenario, number> = {
  "cold-1000": 1,
  "clients-20": 1,
  day: Math.ceil((DAY_MINUTES * 60) / LIFETIME_SECONDS),
};

export interface ScenarioResult extends MockVendorStats {
  implementation: Implementation;
  scenario: Scenario;
  calls: number;
  /** How time was controlled in the day scenario. */
  clock?: string;
}

async function runScenario(implementation: Implementation, scenario: Scenario): Promise<ScenarioResult> {
  if (scenario === "day") return runDay(implementation);
  const vendor = await startMockVendor({ lifetimeSeconds: LIFETIME_SECONDS });
  const caduceus = implementation === "caduceus" ? await loadCaduceusCandid() : undefined;
  const make = (): Variant =>
    caduceus ? caduceusVariant(vendor.origin, caduceus) : officialVariant(vendor.origin);
  let calls = 0;
  try {
    if (scenario === "cold-1000") {
      const client = make();
      calls = 1000;
      await Promise.all(Array.from({ length: calls }, () => client.call()));
    } else {
      // Twenty clients created separately, as twenty request handlers or modules would, each calling once.
      for (let i = 0; i < 20; i++) {
        await make().call();
        calls += 1;
      }
    }
    return { implementation, scenario, calls, ...vendor.stats };
  } finally {
    await vendor.close();
  }
}

/**
 * A day of one call per minute against 5 h tokens. Caduceus gets auth-core's fake clock (the mock
 * vendor expires tokens on the same clock). The official SDK takes no clock, so `Date` is replaced by
 * @sinonjs/fake-timers (only `Date`: sockets and timers stay real) and the mock reads the same `Date`.
 */
async function runDay(implementation: Implementation): Promise<ScenarioResult> {
  if (implementation === "official") {
    const clock = FakeTimers.install({ now: Date.UTC(2026, 0, 1), toFake: ["Date"] });
    const vendor = await startMockVendor({ lifetimeSeconds: LIFETIME_SECONDS, now: () => Date.now() });
    try {
      const client = officialVariant(vendor.origin);
      for (let minute = 0; minute < DAY_MINUTES; minute++) {
        await client.call();
        clock.tick(60_000);
      }
      return {
        implementation,
        scenario: "day",
        calls: DAY_MINUTES,
        clock: "@sinonjs/fake-timers (Date only)",
        ...vendor.stats,
      };
    } finally {
      await vendor.close();
      clock.uninstall();
    }
  }
  const clock = createFakeClock();
  const vendor = await startMockVendor({ lifetimeSeconds: LIFETIME_SECONDS, now: () => clock.now() });
  // A background refresh runs on real sockets; let it finish before time jumps past its deadline.
  let refreshing = false;
  const onEvent = (event: AuthEvent) => {
    if (event.type === "token.requested") refreshing = true;
    if (event.type === "token.obtained" || event.type === "token.failed") refreshing = false;
  };
  try {
    const caduceus = await loadCaduceusCandid();
    const client = caduceus.create({
      origin: vendor.origin,
      clientId: "bench-client",
      clientSecret: "bench-secret-not-a-real-one",
      clock,
      onEvent,
    });
    for (let minute = 0; minute < DAY_MINUTES; minute++) {
      const { error } = await client.GET("/api/payers/v3/{payer_uuid}", {
        params: { path: { payer_uuid: "d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32" } },
      });
      if (error) throw new Error(`day simulation: call at minute ${minute} failed`);
      while (refreshing) await delay(1);
      await clock.advance(60_000);
    }
    return {
      implementation,
      scenario: "day",
      calls: DAY_MINUTES,
      clock: "injected auth-core FakeClock",
      ...vendor.stats,
    };
  } finally {
    await vendor.close();
  }
}

const [implementation, scenario] = process.argv.slice(2) as [Implementation, Scenario];
if (implementation && scenario) {
  const result = await runScenario(implementation, scenario);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
