/** Sample statistics, garbage collection and memory sampling for the benches. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Summary of a set of timings, in the unit they were given in. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/** The value at quantile `q` (0..1) of sorted samples, nearest-rank. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Median, p95, p99, mean, min and max of the samples. */
export function summarise(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i]!;
  return {
    n: sorted.length,
    mean: total / sorted.length,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Milliseconds elapsed since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

let gc: (() => void) | undefined;

/** Runs a full garbage collection, so memory baselines are comparable between phases. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
  gc();
}

/** Peak heap and RSS seen while sampling, and the baseline taken when the sampler was made. */
export class MemorySampler {
  readonly heapBefore: number;
  readonly rssBefore: number;
  heapPeak: number;
  rssPeak: number;

  constructor() {
    collectGarbage();
    const m = process.memoryUsage();
    this.heapBefore = m.heapUsed;
    this.rssBefore = m.rss;
    this.heapPeak = m.heapUsed;
    this.rssPeak = m.rss;
  }

  sample(): void {
    const m = process.memoryUsage();
    if (m.heapUsed > this.heapPeak) this.heapPeak = m.heapUsed;
    if (m.rss > this.rssPeak) this.rssPeak = m.rss;
  }
}
