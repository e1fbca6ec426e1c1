import { type Clock, sleep } from "../clock.js";
import type { Deadline } from "../deadline.js";
import { type GuardedStore, STORE_CALL_LIMIT_MS } from "../store/guarded-store.js";
import type { StoredToken, TokenStore, TokenStoreLock } from "../store/token-store.js";
import type { ScheduledToken } from "./refresh-schedule.js";

/**
 * The fleet lock protocol: with a store that can lock (`TokenStore.lock`), one process of a fleet
 * fetches a key's token while the others wait for it in the store (docs/contract.md, behaviours 2
 * and 9). A store that fails, hangs or has no lock never fails a call: the process then fetches
 * on its own.
 */

/** Poll interval while another process holds the fleet lock and the store cannot notify. */
const LOCK_POLL_MS = 50;

/** What the fleet protocol needs of one provider: its guarded store, its clock and the key. */
export interface FleetContext {
  readonly store: TokenStore;
  readonly guarded: GuardedStore;
  readonly clock: Clock;
  readonly key: string;
}

/** The outcome of a turn: adopt a token another process stored, or fetch (holding the lock if taken). */
export type FleetTurn =
  | { readonly kind: "adopt"; readonly token: ScheduledToken }
  | { readonly kind: "fetch"; readonly lock?: TokenStoreLock };

/**
 * Takes this process's turn for a key: takes the lock and re-reads the store (another process may
 * have stored a token between our read and our lock), or, when another process holds the lock, waits
 * for its token, but at most half the time left, so there is still time to fetch ourselves if it died
 * or is too slow, rather than fail the call.
 *
 * @param isFresh Whether a stored value may be adopted (and how it is scheduled).
 */
export async function takeFleetTurn(
  fleet: FleetContext,
  lockTtlMs: number,
  deadline: Deadline,
  isFresh: (token: StoredToken | undefined) => ScheduledToken | undefined,
): Promise<FleetTurn> {
  const { store, guarded, clock, key } = fleet;
  if (!store.lock) return { kind: "fetch" };
  const taken = await guarded.call("lock", (s) => s.lock!(key, lockTtlMs));
  if (!taken.ok) return { kind: "fetch" };
  if (taken.value) {
    const again = await guarded.call("get", (s) => s.get(key));
    const fresh = again.ok ? isFresh(again.value) : undefined;
    if (fresh) {
      void releaseFleetLock(guarded, taken.value);
      return { kind: "adopt", token: fresh };
    }
    return { kind: "fetch", lock: taken.value };
  }
  const limit = Math.min(lockTtlMs, (deadline.at - clock.now()) / 2);
  const waited = await waitForHolder(fleet, limit, isFresh, deadline.signal);
  return waited ? { kind: "adopt", token: waited } : { kind: "fetch" };
}

/** Releases a lock; a store that fails to is reported as a `store.error`, never a failed call. */
export async function releaseFleetLock(guarded: GuardedStore, lock: TokenStoreLock): Promise<void> {
  await guarded.call("lock", () => lock.release());
}

async function waitForHolder(
  fleet: FleetContext,
  limitMs: number,
  isFresh: (token: StoredToken | undefined) => ScheduledToken | undefined,
  signal: AbortSignal,
): Promise<ScheduledToken | undefined> {
  const { store, guarded, clock, key } = fleet;
  const until = clock.now() + limitMs;
  for (let round = 0; clock.now() < until && !signal.aborted; round++) {
    // Polling stores wait before each read; a notifying store that answered early without a
    // fresh token waits too, so a misbehaving store cannot spin this loop.
    if (round > 0 || !store.waitForToken) {
      try {
        await sleep(clock, LOCK_POLL_MS, signal);
      } catch {
        return undefined;
      }
    }
    const remaining = until - clock.now();
    if (remaining <= 0) return undefined;
    const next = store.waitForToken
      ? await guarded.call(
          "wait",
          (s) => s.waitForToken!(key, remaining, signal),
          remaining + STORE_CALL_LIMIT_MS,
        )
      : await guarded.call("get", (s) => s.get(key));
    if (!next.ok) return undefined;
    const fresh = isFresh(next.value);
    if (fresh) return fresh;
  }
  return undefined;
}
