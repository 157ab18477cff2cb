/**
 * The deterministic traffic shape: per-second rate multipliers whose mean over the run is 1 and whose maximum is
 * `peakToAverage` (the shape itself carries no randomness; arrival noise is added per shard by the engines). Three
 * kinds (`Workload.trafficShape`):
 *
 * - "bursts" (default): the run is cut into periods of `T = max(60, ceil(2·P))` seconds (shorter when the run is
 *   shorter); the last `k = max(1, floor(T / (2·P)))` seconds of every period run at the peak level `P`, every other
 *   second at the base level `b = (D − K·P) / (D − K)`, where `K` is the number of burst seconds in the run of `D`
 *   seconds. Hence Σ = K·P + (D − K)·b = D (mean exactly 1) and max = P (b ≤ 1 ≤ P). K·P ≤ D always holds because a
 *   burst covers at most half a period at level P (and `parseWorkload` requires P ≤ D), so b ≥ 0. Bursts of several
 *   consecutive seconds are what stresses token buckets and on-demand scaling.
 * - "ramp": a straight rise that reaches the peak P in the last second, `m(t) = P · max(0, (t − z) / (D − 1 − z))`,
 *   with z chosen so the mean is 1: for P ≤ 2 the line starts at 2 − P (z ≤ 0); for P > 2 the first
 *   (1 − 2/P) of the run carries nothing. Traffic growing through the run (a launch, a backfill) — what on-demand
 *   scaling must follow.
 * - "daily": one trough-to-peak-to-trough cycle over the run, with `s(t) = (1 − cos(2π (t + ½) / D)) / 2`: for
 *   P ≤ 2 the sinusoid `m(t) = (2 − P) + 2 (P − 1) · s(t)` (trough 2 − P); for P > 2 a sharper peak
 *   `m(t) = c · s(t)^k`, the exponent k > 1 and scale c chosen so that mean = 1 and max = P (trough 0). With
 *   `durationSeconds: 86400` that is a day with its busiest second at noon.
 */
import type { TrafficShapeKind } from "./types";

export interface TrafficShape {
  readonly kind: TrafficShapeKind;
  /** Multiplier of the average rate for each second. */
  readonly multipliers: Float64Array;
  /** Bursts only: period, burst length and levels; for the other shapes the run, 0, the minimum and the maximum. */
  readonly periodSeconds: number;
  readonly burstSeconds: number;
  readonly baseLevel: number;
  readonly peakLevel: number;
}

/** Shapes already computed (sizing asks for the same shape many times): small, oldest dropped first. */
const shapeMemo = new Map<string, TrafficShape>();
const SHAPE_MEMO_SIZE = 16;

/**
 * The traffic shape of a run (see the module comment). Memoized by its arguments; the returned multipliers are shared
 * between callers and must not be modified.
 */
export function trafficShape(durationSeconds: number, peakToAverage: number, kind: TrafficShapeKind = "bursts"): TrafficShape {
  const key = `${durationSeconds}/${peakToAverage}/${kind}`;
  const hit = shapeMemo.get(key);
  if (hit !== undefined) return hit;
  const shape = computeShape(durationSeconds, peakToAverage, kind);
  shapeMemo.set(key, shape);
  if (shapeMemo.size > SHAPE_MEMO_SIZE) shapeMemo.delete(shapeMemo.keys().next().value as string);
  return shape;
}

function computeShape(durationSeconds: number, peakToAverage: number, kind: TrafficShapeKind): TrafficShape {
  const D = durationSeconds;
  const P = peakToAverage;
  const m = new Float64Array(D);
  if (P <= 1 || D <= 1) {
    m.fill(1);
    return { kind, multipliers: m, periodSeconds: D, burstSeconds: 0, baseLevel: 1, peakLevel: 1 };
  }
  if (kind === "ramp") return ramp(D, P, m);
  if (kind === "daily") return daily(D, P, m);
  const T = Math.min(D, Math.max(60, Math.ceil(2 * P)));
  const k = Math.max(1, Math.floor(T / (2 * P)));
  let K = 0;
  for (let t = 0; t < D; t++) if (t % T >= T - k) K++;
  const b = (D - K * P) / (D - K);
  for (let t = 0; t < D; t++) m[t] = t % T >= T - k ? P : b;
  return { kind, multipliers: m, periodSeconds: T, burstSeconds: k, baseLevel: b, peakLevel: P };
}

/** Σ_t max(0, (t − z) / (D − 1 − z)) for t = 0 … D − 1 (the ramp's sum before scaling by P). */
function rampSum(D: number, z: number): number {
  const span = D - 1 - z;
  const first = Math.max(0, Math.ceil(z));
  const n = D - first;
  // Σ (t − z) over t = first … D − 1.
  return (n * (first + D - 1)) / 2 / span - (n * z) / span;
}

function ramp(D: number, P: number, m: Float64Array): TrafficShape {
  // The sum falls as z rises (less of the run carries traffic); find z with P · sum = D.
  let lo = -1e12;
  let hi = D - 1 - 1e-9;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (P * rampSum(D, mid) > D) lo = mid;
    else hi = mid;
  }
  const z = (lo + hi) / 2;
  const span = D - 1 - z;
  let min = Infinity;
  for (let t = 0; t < D; t++) {
    m[t] = t > z ? (P * (t - z)) / span : 0;
    if (m[t] < min) min = m[t];
  }
  m[D - 1] = P;
  return { kind: "ramp", multipliers: m, periodSeconds: D, burstSeconds: 0, baseLevel: min, peakLevel: P };
}

function daily(D: number, P: number, m: Float64Array): TrafficShape {
  const s = new Float64Array(D);
  let sMax = 0;
  let sSum = 0;
  for (let t = 0; t < D; t++) {
    s[t] = (1 - Math.cos((2 * Math.PI * (t + 0.5)) / D)) / 2;
    sSum += s[t];
    if (s[t] > sMax) sMax = s[t];
  }
  if (P <= 2) {
    // Trough 2 − P, peak P: the sinusoid's discrete mean and maximum are matched exactly by an affine map of s.
    const mean = sSum / D;
    const scale = (P - 1) / (sMax - mean);
    let min = Infinity;
    for (let t = 0; t < D; t++) {
      m[t] = 1 + scale * (s[t] - mean);
      if (m[t] < min) min = m[t];
    }
    return { kind: "daily", multipliers: m, periodSeconds: D, burstSeconds: 0, baseLevel: min, peakLevel: P };
  }
  // mean(s^k) / max(s^k) falls from 1 (k = 0) towards 1/D as k grows: find k with ratio = 1/P.
  const ratio = (k: number): number => {
    let sum = 0;
    for (let t = 0; t < D; t++) sum += Math.pow(s[t] / sMax, k);
    return sum / D;
  };
  let lo = 1;
  let hi = 2;
  while (ratio(hi) > 1 / P && hi < 1e9) hi *= 2;
  for (let i = 0; i < 60 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (ratio(mid) > 1 / P) lo = mid;
    else hi = mid;
  }
  const k = (lo + hi) / 2;
  let sum = 0;
  for (let t = 0; t < D; t++) sum += (m[t] = Math.pow(s[t] / sMax, k));
  // Mean exactly 1; the maximum is then P up to the exponent's precision.
  const c = D / sum;
  let min = Infinity;
  let max = 0;
  for (let t = 0; t < D; t++) {
    m[t] *= c;
    if (m[t] < min) min = m[t];
    if (m[t] > max) max = m[t];
  }
  return { kind: "daily", multipliers: m, periodSeconds: D, burstSeconds: 0, baseLevel: min, peakLevel: max };
}
