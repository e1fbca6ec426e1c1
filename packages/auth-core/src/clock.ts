/**
 * Where auth-core reads time, waits and draws randomness. Injected so tests control time: an expiry
 * test on a fake clock takes milliseconds, not hours. The default uses the real clock.
 *
 * @example
 * ```ts
 * import { createFakeClock } from "@caduceus/auth-core/testing";
 * const clock = createFakeClock(); createXcuresClient({ ...creds, clock }); clock.advance(3_600_000);
 * ```
 *
 * @group Clock
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by {@link Clock.setTimeout}. */
  clearTimeout(handle: unknown): void;
  /** A number in [0, 1), used for jitter. */
  random(): number;
  /**
   * Optional: lets the timer `handle` stop keeping the process alive (Node's `timeout.unref()`). The
   * deadlines of all calls share one timer, which no longer holds the process once no call is in
   * flight. Without it that timer is cleared instead.
   */
  unref?(handle: unknown): void;
  /** Optional: makes the timer `handle` keep the process alive again (Node's `timeout.ref()`). */
  ref?(handle: unknown): void;
}

/**
 * The real clock. Its timers keep a Node process alive: every one of them is something a caller is
 * waiting on (a retry back-off, a deadline, a store call's limit), so letting the process exit under
 * it would end a script with exit code 13 and a call that never settles. Background refreshes start
 * from calls, not timers, so nothing here outlives the calls that made it.
 *
 * @example
 * ```ts
 * createAuthClient({ ...options, clock: systemClock }); // the same as leaving `clock` out
 * ```
 *
 * @group Clock
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
  // Browsers, Deno and workerd hand back a number (or an object without these): nothing to do there.
  unref: (handle) => (handle as { unref?: () => void } | null)?.unref?.(),
  ref: (handle) => (handle as { ref?: () => void } | null)?.ref?.(),
};

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason when `signal` fires first. Leaves
 * no timer and no listener behind either way. A negative `ms` counts as 0; an already aborted signal
 * rejects at once, without a timer.
 *
 * @example
 * ```ts
 * await sleep(systemClock, 250, AbortSignal.timeout(1_000)); // waits 250 ms
 * const clock = createFakeClock(); const slept = sleep(clock, 60_000); await clock.advance(60_000); await slept;
 * ```
 *
 * @group Clock
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
