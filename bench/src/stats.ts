/**
 * Small statistics helpers for the benchmark harness. Every figure in docs/benchmarks.md is a median
 * with its spread (interquartile range and min–max), never a single run.
 */

/** Median and spread of a set of samples. */
export interface Summary {
  n: number;
  median: number;
  /** First quartile (25th percentile). */
  q1: number;
  /** Third quartile (75th percentile). */
  q3: number;
  min: number;
  max: number;
}

/**
 * The `p`-quantile (0–1) of `samples`, linearly interpolated between closest ranks (the method of
 * NumPy's default and R's type 7), so the median of an even count is the mean of the middle two.
 *
 * @throws RangeError for an empty sample or `p` outside [0, 1].
 */
export function quantile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be within [0, 1], not ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** The median of `samples`. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Median, quartiles and range of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: quantile(samples, 0.5),
    q1: quantile(samples, 0.25),
    q3: quantile(samples, 0.75),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/**
 * Per-round ratios `variant[i] / baseline[i]`. Both were measured in the same round of an
 * interleaved run, so machine noise in that round hits numerator and denominator alike.
 *
 * @throws RangeError when the two series differ in length.
 */
export function pairedRatios(variant: readonly number[], baseline: readonly number[]): number[] {
  if (variant.length !== baseline.length) {
    throw new RangeError(`paired ratios need equal lengths (${variant.length} vs ${baseline.length})`);
  }
  return variant.map((value, i) => value / baseline[i]!);
}

/**
 * The order in which `items` run in round `round`: rotated by one place per round, so that over the
 * run every variant takes every position (first after the idle pause, last before it) equally often.
 */
export function rotation<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const shift = ((round % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Formats a number with `digits` significant digits, without exponent notation for ordinary sizes. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(decimals);
}

/** `1.02× (IQR 0.99–1.05)` style text for a summary of ratios. */
export function formatRatio(summary: Summary): string {
  return `${summary.median.toFixed(2)}× (IQR ${summary.q1.toFixed(2)}–${summary.q3.toFixed(2)})`;
}

/** `123 µs (IQR 120–130, range 110–160)` style text for a summary in a unit. */
export function formatSummary(summary: Summary, unit: string, digits = 3): string {
  const f = (value: number) => formatNumber(value, digits);
  return `${f(summary.median)} ${unit} (IQR ${f(summary.q1)}–${f(summary.q3)}, range ${f(summary.min)}–${f(summary.max)})`;
}

/** Bytes as `12.3 kB` / `4.56 MB` (decimal units, as npm and bundlers print them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${formatNumber(bytes / 1000)} kB`;
  return `${formatNumber(bytes / 1_000_000)} MB`;
}
