/**
 * Seeded pseudo-random numbers for the simulator. Every random choice in the models flows through `Rng`, so the same
 * workload and seed always give the same result. `Math.random` is never used.
 */

/** mulberry32: a small, fast 32-bit PRNG (public domain, Tommy Ettinger). Period 2^32, good enough for noise. */
export class Rng {
  // Held in an Int32Array: a plain int32 field would be boxed (V8 small integers are 31-bit) and allocate per draw.
  private readonly state = new Int32Array(1);

  public constructor(seed: number) {
    // Mix the seed so that nearby seeds (1, 2, 3…) give unrelated streams.
    this.state[0] = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x5bd1e995;
  }

  /** Next unsigned 32-bit integer. */
  public nextUint32(): number {
    const st = this.state;
    let t = (st[0] = (st[0] + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** The generator's state, for loops that inline the step (see `shards.ts`); `setState` resumes from it. */
  public getState(): number {
    return this.state[0];
  }

  public setState(state: number): void {
    this.state[0] = state;
  }

  /** Uniform in [0, 1). */
  public next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  public int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Bits of the standard-normal quantile table used for fast Gaussian draws. */
export const NORMAL_TABLE_BITS = 12;
const NORMAL_TABLE_SIZE = 1 << NORMAL_TABLE_BITS;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Standard-normal quantiles at the midpoints of 4096 equal-probability cells: a draw is one table lookup. */
export const NORMAL_TABLE: Float64Array = (() => {
  const t = new Float64Array(NORMAL_TABLE_SIZE);
  for (let i = 0; i < NORMAL_TABLE_SIZE; i++) t[i] = normalQuantile((i + 0.5) / NORMAL_TABLE_SIZE);
  return t;
})();

/** Below this mean a Poisson draw is exact (inversion); above it the normal approximation is used. */
export const POISSON_EXACT_BELOW = 12;

/**
 * A Poisson(λ) draw: exact inversion for small λ, normal approximation N(λ, λ) rounded and clamped at 0 for large λ
 * (a table lookup — this is the simulator's inner loop). Records arriving independently at a mean rate λ per second
 * give Poisson counts; splitting a Poisson stream over shards gives independent Poisson counts per shard.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < POISSON_EXACT_BELOW) {
    const u = rng.next();
    let p = Math.exp(-lambda);
    let s = p;
    let k = 0;
    while (u > s && k < 200) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }
  const z = NORMAL_TABLE[rng.nextUint32() >>> (32 - NORMAL_TABLE_BITS)];
  const v = Math.floor(lambda + 0.5 + Math.sqrt(lambda) * z);
  return v > 0 ? v : 0;
}
