import { type AuthEvent, MemoryTokenStore, RetryBudget } from "@caduceus/auth-core";
import { createFakeClock, type FakeClock } from "@caduceus/auth-core/testing";
import { inProcessFetch, VendorSim } from "./sim.js";
import { type Creds, type LooseClient, makeCreds, VENDOR_SPECS, type VendorId } from "./vendors.js";

/**
 * A vendor client on a fake clock with the vendor served in process (no sockets): for property tests
 * that run hundreds of cases in a second.
 */

/**
 * Awaits `promise` on a fake clock. Fake time moves (in 50 ms steps) only while `waiting()` says the
 * client sleeps on the clock (a retry back-off): moving it while real asynchronous work is pending
 * (key hashing, body streams) would fire deadlines that real time never reaches. A call that makes no
 * progress for `realLimitMs` of real time is reported as hung.
 */
export async function onClock<T>(
  clock: FakeClock,
  promise: Promise<T>,
  waiting: () => boolean = () => false,
  realLimitMs = 10_000,
): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  const giveUpAt = Date.now() + realLimitMs;
  for (let spins = 0; !settled; spins++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled) break;
    if (Date.now() > giveUpAt) throw new Error(`call still pending after ${realLimitMs} ms of real time`);
    if (spins >= 3 && waiting()) await clock.advance(50);
    else if (spins % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return watched;
}

export interface Rig {
  clock: FakeClock;
  sim: VendorSim;
  creds: Creds;
  client: LooseClient;
  events: AuthEvent[];
  path: string;
}

export function rig(vendor: VendorId, credsOverride: Partial<Creds> = {}, timeoutMs = 10_000): Rig {
  const spec = VENDOR_SPECS[vendor];
  const clock = createFakeClock();
  const origin = `https://${vendor}.vendor.test`;
  const sim = new VendorSim(spec, clock, origin);
  const creds = { ...makeCreds(vendor, `p${Math.random().toString(36).slice(2, 8)}`), ...credsOverride };
  sim.addTenant(creds);
  const events: AuthEvent[] = [];
  (globalThis as Record<symbol, unknown>)[Symbol.for("@caduceus/auth-core/retry-budget")] = new RetryBudget();
  const client = spec.create(creds, {
    origin,
    clock,
    fetch: inProcessFetch(sim, origin),
    tokenStore: new MemoryTokenStore({ now: () => clock.now() }),
    onEvent: (event) => events.push(event),
    timeoutMs,
  });
  return { clock, sim, creds, client, events, path: spec.paths(creds).get };
}

/** One GET; fake time moves only while the client sleeps before a token-request retry. */
export async function get(r: Rig): Promise<{ status?: number; error?: unknown }> {
  const sleeping = () => {
    const retries = r.events.filter((event) => event.type === "token.retry").length;
    const requested = r.events.filter((event) => event.type === "token.requested").length;
    // After the nth retry event, the (n+1)th request has not started yet: the client is asleep.
    return retries > 0 && requested <= retries;
  };
  try {
    const { response } = await onClock(r.clock, r.client.GET(r.path, {}), sleeping);
    return { status: response.status };
  } catch (error) {
    return { error };
  }
}
