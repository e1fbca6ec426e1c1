import { performance } from "node:perf_hooks";
import { rotation } from "./stats.js";
import type { Variant, VariantId } from "./variants.js";

/** How the per-request comparison is run. */
export interface PerRequestPlan {
  /** Rounds; each measures every variant once, in rotated order. */
  rounds: number;
  /** Calls per variant per round, one after another. */
  sequentialCalls: number;
  /** Calls per variant per round with `concurrency` in flight. */
  concurrentCalls: number;
  concurrency: number;
  /** Untimed calls per variant before the first round (token, JIT, sockets). */
  warmupCalls: number;
}

export type Mode = "sequential" | "concurrent";

/** Microseconds per request, one sample per round, per mode and variant. */
export type PerRequestSamples = Record<Mode, Record<VariantId, number[]>>;

/**
 * Wall-clock time per request, and this process's CPU time (user + system) per request: the client's
 * own work, less sensitive than wall time to other processes on a shared machine (the mock vendor runs
 * in another process, so its work is not counted).
 */
export interface PerRequestMeasurement {
  wall: PerRequestSamples;
  cpu: PerRequestSamples;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `total` calls with at most `concurrency` in flight; resolves when all are done. */
export async function runConcurrently(call: () => Promise<unknown>, total: number, concurrency: number) {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

async function timeCalls(
  variant: Variant,
  mode: Mode,
  plan: PerRequestPlan,
): Promise<{ wall: number; cpu: number }> {
  gc?.(); // collect the previous variant's garbage before this one's clock starts
  const calls = mode === "sequential" ? plan.sequentialCalls : plan.concurrentCalls;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  if (mode === "sequential") {
    for (let i = 0; i < calls; i++) await variant.call();
  } else {
    await runConcurrently(() => variant.call(), calls, plan.concurrency);
  }
  const wall = ((performance.now() - start) * 1000) / calls;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / calls };
}

/**
 * Interleaved measurement: in every round, each variant runs its calls once, the order rotated per
 * round, so a burst of machine noise lands on all variants of that round rather than on one.
 */
export async function measurePerRequest(
  variants: readonly Variant[],
  plan: PerRequestPlan,
  onRound?: (mode: Mode, round: number) => void,
): Promise<PerRequestMeasurement> {
  for (const variant of variants) {
    await runConcurrently(() => variant.call(), plan.warmupCalls, 10);
  }
  const wall = {} as PerRequestSamples;
  const cpu = {} as PerRequestSamples;
  const empty = () =>
    Object.fromEntries(variants.map((v) => [v.id, [] as number[]])) as Record<VariantId, number[]>;
  for (const mode of ["sequential", "concurrent"] as const) {
    wall[mode] = empty();
    cpu[mode] = empty();
    for (let round = 0; round < plan.rounds; round++) {
      for (const variant of rotation(variants, round)) {
        const sample = await timeCalls(variant, mode, plan);
        wall[mode][variant.id].push(sample.wall);
        cpu[mode][variant.id].push(sample.cpu);
      }
      onRound?.(mode, round);
    }
  }
  return { wall, cpu };
}
