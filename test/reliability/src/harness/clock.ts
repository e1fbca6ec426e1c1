import type { Clock } from "@caduceus/auth-core";

/** The real clock, counting the timers auth-core leaves pending (0 after a clean call). */
export interface CountingClock extends Clock {
  readonly pending: number;
}

/**
 * Real time, like auth-core's `systemClock` (timers unref'd), but every timer auth-core sets is
 * counted until it fires or is cleared. `process.getActiveResourcesInfo()` cannot see unref'd timers,
 * so this is how a cell proves that no timer was left behind.
 */
export function createCountingClock(): CountingClock {
  const live = new Set<unknown>();
  return {
    now: () => Date.now(),
    random: () => Math.random(),
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      handle.unref();
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    get pending() {
      return live.size;
    },
  };
}

/** Counts of the handle types that would betray a leak: sockets and ref'd timers. */
export function activeHandles(): { sockets: number; timers: number } {
  let sockets = 0;
  let timers = 0;
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind === "TCPSocketWrap") sockets++;
    else if (kind === "Timeout") timers++;
  }
  return { sockets, timers };
}

/** Polls `done` every 10 ms until true or `limitMs` passes; returns whether it became true. */
export async function settle(done: () => boolean, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
