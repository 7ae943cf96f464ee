/** Latency figures of a sequential run: percentiles in milliseconds and requests per second. */
export type Latency = { n: number; p50: number; p95: number; p99: number; mean: number; throughput: number };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function summarise(samples: readonly number[], totalMs: number): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: samples.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(samples.reduce((sum, x) => sum + x, 0) / Math.max(1, samples.length)),
    throughput: round((samples.length * 1000) / Math.max(1e-9, totalMs)),
  };
}

/**
 * Runs `task(i)` `iterations` times one after another, after `warmup` unmeasured runs, and summarises
 * the latencies. Sequential on purpose: this is the latency one user sees, not the server's capacity.
 */
export async function timeSequential(task: (i: number) => Promise<unknown>, iterations: number, warmup: number): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await task(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await task(i + warmup);
    samples.push(performance.now() - t0);
  }
  return summarise(samples, performance.now() - start);
}

/**
 * Runs the app and the bare measure interleaved in rounds, so that a neighbour's load on this shared
 * machine falls on both alike; returns both summaries. Stops early, after at least five rounds, when
 * `budgetMs` is spent (a slow measure must not hold the whole run up for an hour).
 */
export async function timePaired(
  app: (i: number) => Promise<unknown>,
  bare: (i: number) => Promise<unknown>,
  iterations: number,
  warmup: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<{ app: Latency; bare: Latency }> {
  const began = performance.now();
  for (let i = 0; i < warmup && performance.now() - began < budgetMs / 4; i++) {
    await app(i);
    await bare(i);
  }
  const appSamples: number[] = [];
  const bareSamples: number[] = [];
  let appTotal = 0;
  let bareTotal = 0;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await app(i + warmup);
    const t1 = performance.now();
    await bare(i + warmup);
    const t2 = performance.now();
    appSamples.push(t1 - t0);
    bareSamples.push(t2 - t1);
    appTotal += t1 - t0;
    bareTotal += t2 - t1;
    if (i >= 4 && t2 - began > budgetMs) break;
  }
  return { app: summarise(appSamples, appTotal), bare: summarise(bareSamples, bareTotal) };
}
