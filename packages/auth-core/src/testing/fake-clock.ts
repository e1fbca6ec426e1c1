import type { Clock } from "../clock.js";

/**
 * A `Clock` (from `@caduceus/auth-core`) that moves only when told, for tests of expiry, refresh and
 * back-off. Pass it as the `clock` option of a client; timers fire only inside `advance`.
 */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order (and letting promises settle between them). */
  advance(ms: number): Promise<void>;
  /** Sets the next values `random()` returns (then 0.5). */
  setRandom(...values: number[]): void;
  /** Timers still pending; 0 after a clean test. */
  readonly pendingTimers: number;
}

/**
 * Creates a {@link FakeClock} starting at `start` (default 2026-01-01T00:00:00Z). `random()` returns
 * 0.5 unless told otherwise, so jitter is deterministic.
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const client = createCandidClient({ clientId, clientSecret, clock });
 * await client.GET("/payers/v3"); await clock.advance(5 * 3600_000); // the token has expired
 * ```
 */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const randoms: number[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    random: () => randoms.shift() ?? 0.5,
    setRandom(...values) {
      randoms.push(...values);
    },
    get pendingTimers() {
      return timers.size;
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let nextIdDue: number | undefined;
        let nextAt = Number.POSITIVE_INFINITY;
        for (const [id, timer] of timers) {
          if (timer.at <= target && timer.at < nextAt) {
            nextAt = timer.at;
            nextIdDue = id;
          }
        }
        if (nextIdDue === undefined) break;
        const timer = timers.get(nextIdDue)!;
        timers.delete(nextIdDue);
        now = Math.max(now, timer.at);
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
