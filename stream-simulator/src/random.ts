/**
 * Seeded pseudo-random numbers for the simulator. Every random choice in the models flows through `Rng`, so the same
 * workload and seed always give the same result. `Math.random` is never used.
 */

/** mulberry32: a small, fast 32-bit PRNG (public domain, Tommy Ettinger). Period 2^32, good enough for noise. */
/** The seed of replicate `r` of a seeded run (independent noise): the seed itself for the first. */
export function replicateSeed(seed: number, r: number): number {
  return r === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(r, 0x632be5ab)) >>> 0;
}

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

/** PCG32 constants (O'Neill, pcg-random.org): LCG multiplier and odd increment mod 2^32 (as int32), output multiplier. */
const PCG_MULTIPLIER = 747796405;
const PCG_INCREMENT = 2891336453 | 0;
const PCG_OUTPUT_MULTIPLIER = 277803737;
const NORMAL_SHIFT = 32 - NORMAL_TABLE_BITS;

/**
 * Per-second Poisson arrival counts in bulk, for the provisioned model (millions of draws per run): one tight loop per
 * kind of input, writing into a typed array.
 *
 * Uniforms come from PCG32 with the RXS-M-XS output ("pcg_oneseq_32_rxs_m_xs_32": a 32-bit LCG step, then a
 * state-dependent xor-shift, a multiply and a xor-shift of the old state). The output is a permutation of a
 * full-period LCG, so every 32-bit value occurs exactly once per period of 2^32; a draw takes about 9 integer
 * operations against mulberry32's 14, measured ~1.5× faster in V8. Each second consumes exactly one 32-bit output, and
 * its count follows `poisson`'s rule: exact inversion for λ < POISSON_EXACT_BELOW, otherwise N(λ, λ) from the
 * 4,096-cell standard-normal quantile table (top 12 bits of the output), rounded and clamped at 0 — mean and variance
 * λ up to the rounding. When the means take few distinct values (the traffic shape has two levels), `levelTable`
 * precomputes the rounded count of every table cell per level and a draw is a single lookup; `fillLevels` then gives
 * exactly the counts `fill` gives for the same means and seed.
 */
export class PoissonCounts {
  // A plain int32 field would be boxed; the loops copy the state to a local and write it back.
  private readonly state = new Int32Array(1);
  /** Largest count of the last `fill` / `fillLevels`. */
  public max = 0;

  public constructor(seed: number) {
    // Mix the seed (differently from `Rng`) so that nearby seeds give unrelated streams.
    this.state[0] = Math.imul((seed >>> 0) ^ 0x2545f491, 0x9e3779b1) ^ 0x6a09e667;
  }

  /** out[t] = a Poisson(rates[t] · scale) draw for t in [0, n). Returns Σ out; sets `max`. */
  public fill(rates: Float64Array, scale: number, out: Float64Array, n: number): number {
    const table = NORMAL_TABLE;
    const exactBelow = POISSON_EXACT_BELOW;
    let st = this.state[0];
    let sum = 0;
    let max = 0;
    let lastL = -1;
    let sqrtL = 0;
    let expL = 1;
    for (let t = 0; t < n; t++) {
      const l = rates[t] * scale;
      const s = st;
      st = (Math.imul(st, PCG_MULTIPLIER) + PCG_INCREMENT) | 0;
      let x = Math.imul((s >>> ((s >>> 28) + 4)) ^ s, PCG_OUTPUT_MULTIPLIER);
      x = (x >>> 22) ^ x;
      let c = 0;
      if (l <= 0) {
        // No arrivals expected (the draw is still consumed, so every second uses one).
      } else if (l < exactBelow) {
        const u = (x >>> 0) / 4294967296;
        if (l !== lastL) {
          lastL = l;
          expL = Math.exp(-l);
        }
        let p = expL;
        let cdf = p;
        while (u > cdf && c < 200) {
          c++;
          p *= l / c;
          cdf += p;
        }
      } else {
        if (l !== lastL) {
          lastL = l;
          sqrtL = Math.sqrt(l);
        }
        const v = Math.floor(l + 0.5 + sqrtL * table[x >>> NORMAL_SHIFT]);
        c = v > 0 ? v : 0;
      }
      out[t] = c;
      sum += c;
      if (c > max) max = c;
    }
    this.state[0] = st;
    this.max = max;
    return sum;
  }

  /**
   * `fill` for means that take few values, each 0 or ≥ POISSON_EXACT_BELOW: second t's mean is level `levelOf[t]`
   * and `counts` comes from `levelTable`. Returns Σ out; sets `max`.
   */
  public fillLevels(levelOf: Uint8Array, counts: Float64Array, out: Float64Array, n: number): number {
    let st = this.state[0];
    let sum = 0;
    let max = 0;
    for (let t = 0; t < n; t++) {
      const s = st;
      st = (Math.imul(st, PCG_MULTIPLIER) + PCG_INCREMENT) | 0;
      let x = Math.imul((s >>> ((s >>> 28) + 4)) ^ s, PCG_OUTPUT_MULTIPLIER);
      x = (x >>> 22) ^ x;
      const c = counts[(levelOf[t] << NORMAL_TABLE_BITS) | (x >>> NORMAL_SHIFT)];
      out[t] = c;
      sum += c;
      if (c > max) max = c;
    }
    this.state[0] = st;
    this.max = max;
    return sum;
  }

  /**
   * For each mean (0 or ≥ POISSON_EXACT_BELOW), the count `fill` draws for every quantile-table cell, written to
   * out[j · 2^NORMAL_TABLE_BITS + cell] (out needs means.length · 2^NORMAL_TABLE_BITS entries).
   */
  public static levelTable(means: Float64Array, out: Float64Array): void {
    const table = NORMAL_TABLE;
    const cells = NORMAL_TABLE_SIZE;
    for (let j = 0; j < means.length; j++) {
      const l = means[j];
      if (l > 0 && l < POISSON_EXACT_BELOW) throw new RangeError(`levelTable needs means of 0 or ≥ ${POISSON_EXACT_BELOW}, got ${l}`);
      const sqrtL = Math.sqrt(l);
      const base = j * cells;
      for (let i = 0; i < cells; i++) {
        let c = 0;
        if (l > 0) {
          const v = Math.floor(l + 0.5 + sqrtL * table[i]);
          c = v > 0 ? v : 0;
        }
        out[base + i] = c;
      }
    }
  }
}

/**
 * A Poisson(λ) draw: exact inversion for small λ, normal approximation N(λ, λ) rounded and clamped at 0 for large λ
 * (a table lookup; `PoissonCounts` applies the same rule in bulk for the provisioned model). Records arriving
 * independently at a mean rate λ per second give Poisson counts; splitting a Poisson stream over shards gives
 * independent Poisson counts per shard.
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
