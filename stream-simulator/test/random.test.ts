import { NORMAL_TABLE, POISSON_EXACT_BELOW, PoissonCounts } from "../src/random";

const N = 200_000;

function stats(x: Float64Array): { mean: number; variance: number; lag1: number } {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  let cov = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    ss += d * d;
    if (i > 0) cov += d * (x[i - 1] - mean);
  }
  return { mean, variance: ss / (x.length - 1), lag1: cov / ss };
}

const constant = (n: number, v: number) => new Float64Array(n).fill(v);

describe("PoissonCounts: per-second arrival noise", () => {
  it.each([0.5, 3, 11.5, 12, 40, 600, 900, 20_000])("counts for λ = %d have mean ≈ λ, variance ≈ λ and no serial correlation", (lambda) => {
    const out = new Float64Array(N);
    const noise = new PoissonCounts(7);
    const sum = noise.fill(constant(N, 1), lambda, out, N);
    const s = stats(out);
    expect(sum).toBe(out.reduce((a, c) => a + c, 0));
    expect(noise.max).toBe(out.reduce((a, c) => Math.max(a, c), 0));
    // Standard error of the mean is √(λ/N); the normal approximation's rounding adds at most 1/12 to the variance.
    expect(Math.abs(s.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N) + 1e-9);
    expect(s.variance / lambda).toBeGreaterThan(0.97);
    expect(s.variance / lambda).toBeLessThan(1.03 + (lambda >= POISSON_EXACT_BELOW ? 1 / 12 / lambda : 0));
    expect(Math.abs(s.lag1)).toBeLessThan(0.01);
    expect(out.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
  });

  it("the quantile table is a standard normal: mean 0, variance ≈ 1, symmetric", () => {
    let m = 0;
    let v = 0;
    for (const z of NORMAL_TABLE) {
      m += z;
      v += z * z;
    }
    expect(Math.abs(m / NORMAL_TABLE.length)).toBeLessThan(1e-12);
    expect(v / NORMAL_TABLE.length).toBeGreaterThan(0.995);
    expect(v / NORMAL_TABLE.length).toBeLessThanOrEqual(1);
    let asymmetry = 0;
    for (let i = 0; i < NORMAL_TABLE.length; i++) asymmetry = Math.max(asymmetry, Math.abs(NORMAL_TABLE[i] + NORMAL_TABLE[NORMAL_TABLE.length - 1 - i]));
    expect(asymmetry).toBeLessThan(1e-8);
  });

  it("fillLevels (precomputed count tables) gives exactly the counts fill gives", () => {
    const D = 50_000;
    const levels = new Float64Array([0, 13, 450.5, 90_000]);
    const levelOf = new Uint8Array(D);
    const rates = new Float64Array(D);
    for (let t = 0; t < D; t++) {
      levelOf[t] = (t * 7 + (t >> 5)) % levels.length;
      rates[t] = levels[levelOf[t]];
    }
    const table = new Float64Array(levels.length * NORMAL_TABLE.length);
    PoissonCounts.levelTable(levels, table);
    const a = new Float64Array(D);
    const b = new Float64Array(D);
    const na = new PoissonCounts(42);
    const nb = new PoissonCounts(42);
    const differing = () => a.reduce((n, x, t) => n + (x === b[t] ? 0 : 1), 0);
    expect(na.fillLevels(levelOf, table, a, D)).toBe(nb.fill(rates, 1, b, D));
    expect(differing()).toBe(0);
    expect(na.max).toBe(nb.max);
    // The streams stay in step.
    na.fillLevels(levelOf, table, a, D);
    nb.fill(rates, 1, b, D);
    expect(differing()).toBe(0);
    expect(() => PoissonCounts.levelTable(new Float64Array([5]), table)).toThrow(RangeError);
  });

  it("is deterministic by seed; different seeds give different streams", () => {
    const draw = (seed: number) => {
      const out = new Float64Array(1000);
      new PoissonCounts(seed).fill(constant(1000, 500), 1, out, 1000);
      return out;
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });
});
