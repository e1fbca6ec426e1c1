import type { Clock } from "@caduceus/auth-core";

/**
 * Resolves `true` when `promise` settles first (fulfilled), `false` when `ms` pass first on `clock`;
 * rejects with the signal's reason on abort. Leaves no timer or listener behind, and its timer never
 * keeps the process alive (a wait for another process's token is not worth staying up for).
 */
export function race(
  clock: Clock,
  promise: Promise<unknown> | undefined,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = (value: boolean) => {
      clock.clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => done(false), Math.max(0, ms));
    clock.unref?.(timer);
    signal?.addEventListener("abort", onAbort, { once: true });
    promise?.then(
      () => done(true),
      () => done(false),
    );
  });
}
