/**
 * The deterministic traffic shape: per-second rate multipliers whose mean over the run is exactly 1 and whose maximum
 * is exactly `peakToAverage` (the shape itself carries no randomness; arrival noise is added per shard in `shards.ts`).
 *
 * Shape: periodic bursts. The run is cut into periods of `T = max(60, ceil(2·P))` seconds (shorter when the run is
 * shorter); the last `k = max(1, floor(T / (2·P)))` seconds of every period run at the peak level `P`, every other
 * second at the base level `b = (D − K·P) / (D − K)`, where `K` is the number of burst seconds in the run of `D`
 * seconds. Hence Σ = K·P + (D − K)·b = D (mean exactly 1) and max = P (b ≤ 1 ≤ P). K·P ≤ D always holds because a
 * burst covers at most half a period at level P (and `parseWorkload` requires P ≤ D), so b ≥ 0.
 * Bursts of several consecutive seconds are what stresses token buckets and on-demand scaling, which a smooth wave
 * with the same ratio would not.
 */
export interface TrafficShape {
  /** Multiplier of the average rate for each second. */
  readonly multipliers: Float64Array;
  readonly periodSeconds: number;
  readonly burstSeconds: number;
  readonly baseLevel: number;
  readonly peakLevel: number;
}

export function trafficShape(durationSeconds: number, peakToAverage: number): TrafficShape {
  const D = durationSeconds;
  const P = peakToAverage;
  const m = new Float64Array(D);
  if (P <= 1 || D <= 1) {
    m.fill(1);
    return { multipliers: m, periodSeconds: D, burstSeconds: 0, baseLevel: 1, peakLevel: 1 };
  }
  const T = Math.min(D, Math.max(60, Math.ceil(2 * P)));
  const k = Math.max(1, Math.floor(T / (2 * P)));
  let K = 0;
  for (let t = 0; t < D; t++) if (t % T >= T - k) K++;
  const b = (D - K * P) / (D - K);
  for (let t = 0; t < D; t++) m[t] = t % T >= T - k ? P : b;
  return { multipliers: m, periodSeconds: T, burstSeconds: k, baseLevel: b, peakLevel: P };
}
