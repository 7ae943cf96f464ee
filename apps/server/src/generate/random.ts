import { v7 } from 'uuid';

/**
 * A seeded source of randomness (mulberry32): the same seed gives the same data set, row for row.
 * Ids are UUID v7 like the application's, with the record's own creation moment and seeded random bits,
 * so ordering by id still means ordering by creation.
 */
export class Random {
  private state: number;
  private readonly bytes = new Uint8Array(16);

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let target = this.next() * total;
    for (const [item, weight] of items) {
      target -= weight;
      if (target < 0) return item;
    }
    return (items.at(-1) as readonly [T, number])[0];
  }

  /** A sample of a normal distribution (Box–Muller), for ages and gaps between spouses. */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += Math.floor(this.next() * 10);
    return text;
  }

  /** A UUID v7 for a record created at `msecs`. */
  id(msecs: number): string {
    for (let i = 0; i < 16; i++) this.bytes[i] = Math.floor(this.next() * 256);
    return v7({ msecs, random: this.bytes });
  }
}

/**
 * A sampler over items with Zipf-like weights (the n-th item weighs 1 / n^exponent), as names are
 * distributed: a few very common, a long tail of rarer ones. Sampling is a binary search of the
 * cumulative weights.
 */
export class Zipf<T> {
  private readonly cumulative: number[];

  constructor(
    readonly items: readonly T[],
    exponent: number,
  ) {
    let sum = 0;
    this.cumulative = items.map((_, index) => {
      sum += 1 / (index + 1) ** exponent;
      return sum;
    });
  }

  sample(random: Random): T {
    const target = random.next() * (this.cumulative.at(-1) ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low] as T;
  }
}
