/**
 * Resolves `true` when `promise` settles first (fulfilled), `false` when `ms` pass first; rejects with
 * the signal's reason on abort. Leaves no timer or listener behind.
 */
export function race(
  promise: Promise<unknown> | undefined,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = (value: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => done(false), Math.max(0, ms));
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener("abort", onAbort, { once: true });
    promise?.then(
      () => done(true),
      () => done(false),
    );
  });
}
