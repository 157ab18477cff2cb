import { ShardMap } from "./routing";
import { keyModelOf } from "./keys";
import { hotKeyPeakUtilization, shardLoadOf, writeShapeOf, type WriteShape } from "./aggregation";
import type { ResolvedWorkload } from "./workload";
import type { SimulationResult } from "./types";

/**
 * Which shards the headroom rule exempts (the one rule behind `size` and `checkCapacity`).
 *
 * A shard holding a single partition key whose OWN peak one-second load exceeds the headroom can never meet it: a key
 * always maps to one shard, so no shard count lowers that load. Such a shard is held to the throttling target only;
 * every other shard still to the headroom. The key's own peak includes the arrival noise the simulator applies: with
 * Poisson arrivals the busiest second of a run is well above the mean rate (≈ λ + 3.5·√λ records for λ records/s over
 * an hour's peak seconds), so comparing only the deterministic peak (peak rate × share) with the headroom would miss
 * keys whose simulated shard can never get under it and send `size` doubling up to the shard limit.
 *
 * Fixed keys (static, entity): measured on the simulation at hand. For each heavy key, the load the key ALONE would
 * have put on its shard in that run: the shard's busiest second had c records at mean λs = peak rate × the shard's
 * share, i.e. a noise draw z = (c − λs)/√λs (the simulator draws one standard-normal quantile per shard-second
 * whatever the mean, normal approximation for λ ≥ 12); the key alone, mean λk = peak rate × its share, gets
 * λk + z·√λk from the same draw — exactly what more shards would leave on that shard once the other keys moved away.
 * At least the deterministic peak (λk); with `arrivalNoise: "none"` exactly that. The shard is exempt when that load
 * exceeds the headroom. So a key that is not exempt at some count is one the noise of that run keeps within the
 * headroom: more shards (fewer other keys beside it) bring its shard under the headroom, and the search ends.
 * Timestamp keys (every window key visits a different shard): the documented bound on the expected largest of the
 * run's D one-second counts, λ + √(2·ln D · λ) (normal tail); when it exceeds the headroom no shard is held to it
 * (as before noise was counted).
 * A key above one shard's LIMIT at its deterministic peak makes the workload infeasible (`size`); then nothing is
 * exempt. A key below the limit whose noisy peak exceeds it is not infeasible: it is throttled a little at its peaks
 * and the throttling target decides.
 */

/** A key that keeps its shard above the headroom whatever the shard count. */
export interface ExemptKey {
  readonly key: string;
  /** Index of its shard in the simulation. */
  readonly shard: number;
  /** Peak one-second load the key alone puts on its shard (arrival noise included), as a fraction of the write limit. */
  readonly peakUtilization: number;
}

export interface HeadroomExemption {
  /** Exempt keys, highest own peak first (empty: every shard is held to the headroom). */
  readonly keys: readonly ExemptKey[];
  /** True when no shard is held to the headroom (a timestamp key above it). */
  readonly allShards: boolean;
  /** Peak write utilization of the busiest shard held to the headroom (0 when none is). */
  readonly peakOutside: number;
}

/** Fractional user-record count whose load is `load` (the inverse of `shardLoadOf`, which grows with the count). */
export function countAtLoad(ws: WriteShape, load: number): number {
  if (!(load > 0)) return 0;
  let lo = 0;
  let hi = 1;
  while (shardLoadOf(ws, hi) <= load && hi < 2 ** 52) {
    lo = hi;
    hi *= 2;
  }
  for (let k = 0; k < 60 && hi - lo > 1e-9 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (shardLoadOf(ws, mid) <= load) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Peak one-second load of a timestamp window key including Poisson noise: λ + √(2·ln D · λ) records, λ = its peak
 * records/s (a bound on the expected maximum of D one-second counts); λ itself without noise.
 */
export function noisyPeakLoadBound(w: ResolvedWorkload, ws: WriteShape, lambda: number): number {
  const noise = w.arrivalNoise === "poisson" && lambda > 0 ? Math.sqrt(2 * Math.log(Math.max(2, w.durationSeconds)) * lambda) : 0;
  return shardLoadOf(ws, lambda + noise);
}

/** The exemption for simulation `r` of workload `w` (see the module comment). */
export function headroomExemption(w: ResolvedWorkload, r: SimulationResult, headroom: number): HeadroomExemption {
  const none: HeadroomExemption = { keys: [], allShards: false, peakOutside: r.maxShardWriteUtilization };
  const model = keyModelOf(w);
  const ws = writeShapeOf(w);
  const hot = hotKeyPeakUtilization(w, model, ws);
  if (hot === undefined || hot.peakUtilization > 1) return none;
  const peakRate = w.recordsPerSecond * w.peakToAverage;
  if (model.kind === "timestamp") {
    const load = noisyPeakLoadBound(w, ws, peakRate * hot.share);
    if (load <= headroom) return none;
    return { keys: [{ key: hot.key, shard: -1, peakUtilization: load }], allShards: true, peakOutside: 0 };
  }
  const n = r.perShard.length;
  const map = ShardMap.even(n);
  const noisy = w.arrivalNoise === "poisson";
  const zOf = new Map<number, number>();
  const keys: ExemptKey[] = [];
  for (const k of model.topKeys) {
    const lambdaK = peakRate * k.share;
    const deterministic = shardLoadOf(ws, lambdaK);
    const shard = map.indexForHashKey(k.hashKey);
    let own = deterministic;
    if (noisy) {
      let z = zOf.get(shard);
      if (z === undefined) {
        const s = r.perShard[shard];
        const lambdaS = peakRate * s.trafficShare;
        z = lambdaS > 0 ? (countAtLoad(ws, s.peakWriteUtilization) - lambdaS) / Math.sqrt(lambdaS) : 0;
        zOf.set(shard, z);
      }
      own = Math.max(deterministic, shardLoadOf(ws, lambdaK + z * Math.sqrt(lambdaK)));
    }
    if (own > headroom) keys.push({ key: k.key, shard, peakUtilization: own });
  }
  if (keys.length === 0) return none;
  keys.sort((a, b) => b.peakUtilization - a.peakUtilization);
  const exempt = new Set(keys.map((k) => k.shard));
  let peakOutside = 0;
  r.perShard.forEach((s, i) => {
    if (!exempt.has(i) && s.peakWriteUtilization > peakOutside) peakOutside = s.peakWriteUtilization;
  });
  return { keys, allShards: false, peakOutside };
}
