/**
 * The sizing rule — one rule, three named questions — evaluated at a capacity. `size` searches shard counts with it
 * and `checkCapacity` judges one capacity with it, so a recommendation always passes its own check.
 *
 * Provisioned shards, at shard count N:
 * - `limit`: the busiest shard fits every per-shard limit at the steady peak rate (steady-state.ts; deterministic).
 * - `growth`: the busiest shard's mean load at the steady peak is within the headroom — or more shards stop lowering
 *   it materially: doubling the count would lower it by less than `GROWTH_MATERIALITY` (10%), because one key holds
 *   the busiest shard (the answer then says so: the stream absorbs at most 1/keyLoad growth whatever the count);
 *   limits met.
 * - `throttle`: in the per-second noisy simulation, at most `target` of the records are throttled at their FIRST
 *   attempt (what CloudWatch's `WriteProvisionedThroughputExceeded` counts) outside key-dominated shards, and no
 *   record is lost after the producer's retries in a typical peak hour: fewer than one lost per hour on average over
 *   `THROTTLE_REPLICATES` simulated peak hours with independent arrival noise (a single hour's "zero lost" is an
 *   extreme-value test that moves with the seed).
 * Entity keys land where their real names hash, which the declaration does not say: `limit` and `growth` are asked of
 * the busiest shard's load under `KEY_NAMINGS` (200) independent key namings (keys.ts), at its `NAMING_QUANTILE`
 * (90th percentile: the 180th smallest of 200); `throttle` is simulated under the naming whose busiest shard is that
 * quantile's (`quantileNaming`).
 *
 * On-demand: the steady state (an established stream that has seen this traffic: capacity twice its peak) must meet
 * the same throttling test; the cold start (a new stream, or the declared previous peak / warm throughput, scaling up
 * to the traffic) is measured and reported apart.
 */
import { KINESIS_LIMITS } from "./limits";
import { replicateSeed } from "./random";
import { KEY_NAMINGS, keyModelOf } from "./keys";
import { kinesisRecordsFor, bytesFor } from "./aggregation";
import { simulateResolved } from "./simulate";
import { peakWindowOf, runConfigOf } from "./run-config";
import { runKeyNoise } from "./on-demand";
import { GROWTH_MATERIALITY, dominanceOf, steadyContextOf, steadyStateOf, type SteadyContext, type SteadyState } from "./steady-state";
import type { ResolvedWorkload } from "./workload";
import type { Bottleneck, OnDemandTier, SimulationResult } from "./types";

/** What a search is told by a predicate: pass, fail, or fail and more shards will not help. */
export type Check = boolean | "hopeless";

/** Fraction of key namings a shard count must hold for (entity keys). */
export const NAMING_QUANTILE = 0.9;

/** The key-naming quantile of the low end of `size`'s reported spread (the luckiest tenth of namings). */
export const SPREAD_LOW_QUANTILE = 0.1;

/** Simulated peak hours the throttle question pools, each with independent arrival noise. */
export const THROTTLE_REPLICATES = 4;



/** Why no provisioned shard count can pass, whatever the count. */
export interface Infeasibility {
  readonly constraint: Bottleneck;
  readonly message: string;
}

/** A workload prepared for the rule: its steady context, its namings and what makes it infeasible. */
export interface RuleContext {
  readonly workload: ResolvedWorkload;
  readonly steady: SteadyContext;
  /** Key namings evaluated (1 unless entity keys) and how many must hold. */
  readonly namings: number;
  readonly needed: number;
  /** The hottest single key and its own load at the steady peak (fraction of one shard's limits). */
  readonly hotKey?: { readonly key: string; readonly share: number; readonly load: number; readonly constraint: Bottleneck };
  readonly infeasible: readonly Infeasibility[];
  readonly target: number;
  readonly headroom: number;
}

function recordsText(n: number): string {
  const v = Math.round(n).toLocaleString("en-US");
  return `${v} record${v === "1" ? "" : "s"}`;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 3 : 1)}%`;
}

export function ruleContextOf(w: ResolvedWorkload, target: number, headroom: number): RuleContext {
  const steady = steadyContextOf(w);
  const entity = w.partitionKey.strategy === "entity";
  const namings = entity ? KEY_NAMINGS : 1;
  const needed = Math.ceil(NAMING_QUANTILE * namings - 1e-9);
  const infeasible: Infeasibility[] = [];
  const shape = steady.shape;
  const L = KINESIS_LIMITS;
  if (shape.plainRecordBytes > w.maxRecordBytes) {
    infeasible.push({
      constraint: "record-size",
      message:
        `each record is ${shape.plainRecordBytes} bytes with its partition key, above the stream's ${w.maxRecordBytes}-byte maximum record size: ` +
        `the stream rejects 100% of them (raise maxRecordSizeKiB, up to ${L.maxRecordBytesCeiling.value / 1024} KiB, or split records)`,
    });
  }
  // The hottest key: a key always maps to one shard.
  let hotKey: RuleContext["hotKey"];
  const model = steadyStateModelHotKey(w);
  if (model !== undefined) {
    const l = steady.load(steady.peakRate * model.share);
    hotKey = { key: model.key, share: model.share, load: l.load, constraint: l.constraint };
    if (l.load > 1 + 1e-12 && infeasible.length === 0) {
      infeasible.push({
        constraint: "hot-key",
        message:
          `the hottest partition key (${model.key}) carries ${pct(model.share)} of the traffic, ${l.load.toFixed(2)}× one shard's ` +
          `${l.constraint} limit at peak; a key always maps to one shard, so no shard count helps`,
      });
    }
  }
  const r = steady.readers;
  if (r.shared > 0 && r.callsDemand > r.callsLimit) {
    infeasible.push({
      constraint: "shared-read-calls",
      message: `${r.shared} shared consumers × ${w.consumers.pollsPerSecond} GetRecords/s = ${r.callsDemand} calls/s per shard, above the ${r.callsLimit} calls/s every shard allows; adding shards does not raise it`,
    });
  }
  const maxEfo = L.maxEfoConsumersPerStream.value;
  if (w.consumers.enhancedFanOut > maxEfo) {
    infeasible.push({
      constraint: "efo-consumers",
      message: `${w.consumers.enhancedFanOut} enhanced fan-out consumers: provisioned streams register at most ${maxEfo} (On-demand Advantage: ${L.maxEfoConsumersPerStreamAdvantage.value})`,
    });
  }
  return { workload: w, steady, namings, needed, ...(hotKey ? { hotKey } : {}), infeasible, target, headroom };
}

function steadyStateModelHotKey(w: ResolvedWorkload): { key: string; share: number } | undefined {
  // The hottest key's identity and share do not depend on the naming (only where it lands does).
  const hk = keyModelOf(w, 0).hotKey;
  return hk === null ? undefined : { key: hk.key, share: hk.share };
}

/** The throttle question under one naming at one shard count, pooled over `THROTTLE_REPLICATES` peak hours. */
export interface ThrottleEval {
  readonly passes: boolean;
  /** First-attempt throttled records over offered records, all shards / outside key-dominated shards. */
  readonly firstAttemptFraction: number;
  readonly firstAttemptFractionOutsideKeys: number;
  /** Records lost after retries, on average per simulated peak hour. */
  readonly lostRecords: number;
  /** Fails only on key-dominated shards: more shards do not fix it. */
  readonly limitedByKey: boolean;
  /** Fails only on shards whose heaviest key alone is (nearly) all their load: no shard count ever will. */
  readonly hopeless: boolean;
  /** The first replicate's run (the workload's own seed): the figures reports quote. */
  readonly run: SimulationResult;
}

/** The values of one question over the namings, and whether it holds. */
export interface QuestionAt<T> {
  readonly holds: boolean;
  /** Namings it holds for. */
  readonly holdsFor: number;
  /** The figure reported: the NAMING_QUANTILE value over the namings (the only one with one naming). */
  readonly value: T;
}

/** The growth question at one count: `QuestionAt` and whether it held only because more shards stop helping. */
export interface GrowthAt extends QuestionAt<number> {
  readonly keyLimited: boolean;
}

/** A key-dominated shard's load fraction above which no shard count can lower its throttling (the key alone). */
const KEY_ALONE_FRACTION = 0.99;

/** Evaluates the provisioned questions at shard counts, caching steady states and simulations. */
export class ProvisionedRule {
  private readonly steadyCache = new Map<string, SteadyState>();
  private readonly loadsCache = new Map<number, Float64Array>();
  private readonly throttleCache = new Map<string, ThrottleEval>();

  /** The peak hour of the traffic shape: the throttle question's run (run-config.ts `peakWindowOf`). */
  public readonly window: { readonly start: number; readonly seconds: number };

  public constructor(public readonly rc: RuleContext) {
    this.window = peakWindowOf(rc.workload);
  }

  public steady(n: number, naming: number): SteadyState {
    const k = `${n}/${naming}`;
    let s = this.steadyCache.get(k);
    if (s === undefined) this.steadyCache.set(k, (s = steadyStateOf(this.rc.steady, n, naming)));
    return s;
  }

  /** The busiest shard's steady-peak load under every naming at n, ascending. */
  private busiestLoads(n: number): Float64Array {
    let loads = this.loadsCache.get(n);
    if (loads === undefined) {
      loads = new Float64Array(this.rc.namings);
      for (let j = 0; j < this.rc.namings; j++) loads[j] = this.steady(n, j).busiest.load;
      loads.sort();
      this.loadsCache.set(n, loads);
    }
    return loads;
  }

  /** The busiest shard's load at n at quantile q of the namings (the only value with one naming). */
  public quantileLoad(n: number, q: number = NAMING_QUANTILE): number {
    const loads = this.busiestLoads(n);
    return loads[Math.max(0, Math.ceil(q * loads.length - 1e-9) - 1)];
  }

  /** Namings whose busiest shard's load at n is at most `bound`. */
  private namingsWithin(n: number, bound: number): number {
    const loads = this.busiestLoads(n);
    let count = 0;
    while (count < loads.length && loads[count] <= bound + 1e-12) count++;
    return count;
  }

  /** limit at n: the busiest shard's load at the naming quantile fits every per-shard limit. */
  public limit(n: number): QuestionAt<number> {
    const value = this.quantileLoad(n);
    return { holds: value <= 1 + 1e-12, holdsFor: this.namingsWithin(n, 1), value };
  }

  /**
   * growth at n (at naming quantile q): the limits met, and the busiest shard's load within the headroom, or more
   * shards stop lowering it materially (doubling the count lowers it by less than GROWTH_MATERIALITY).
   */
  public growth(n: number, q: number = NAMING_QUANTILE): GrowthAt {
    const h = this.rc.headroom;
    const value = this.quantileLoad(n, q);
    const within = value <= h + 1e-12;
    const doubled = Math.min(2 * n, KINESIS_LIMITS.maxShardsPerStream.value);
    const keyLimited = !within && value <= 1 + 1e-12 && (doubled === n || this.quantileLoad(doubled, q) >= (1 - GROWTH_MATERIALITY) * value);
    return { holds: value <= 1 + 1e-12 && (within || keyLimited), holdsFor: this.namingsWithin(n, keyLimited ? value : h), value, keyLimited };
  }

  /**
   * The naming the throttle question simulates at n: the one whose busiest steady-state load is the NAMING_QUANTILE
   * one (the 180th smallest of 200). Throttling grows with the load, so the namings with a lighter busiest shard
   * throttle no more than it: one naming stands for the quantile instead of two hundred.
   */
  public quantileNaming(n: number): number {
    if (this.rc.namings === 1) return 0;
    const order = Array.from({ length: this.rc.namings }, (_, j) => j).sort(
      (a, b) => this.steady(n, a).busiest.load - this.steady(n, b).busiest.load || a - b,
    );
    return order[this.rc.needed - 1];
  }

  /** The throttle question under naming `naming` at `n` shards (`burst` replaces the write bucket's size). */
  public throttle(n: number, naming: number, burst?: { bytes: number; records: number }): ThrottleEval {
    const k = `${n}/${naming}/${burst ? `${burst.bytes},${burst.records}` : ""}`;
    let e = this.throttleCache.get(k);
    if (e !== undefined) return e;
    const st = dominanceOf(this.rc.steady, n, naming);
    let offered = 0;
    let first = 0;
    let firstOutside = 0;
    let lost = 0;
    let lostOutside = 0;
    let onlyKeyAlone = true;
    let run: SimulationResult | undefined;
    let replicates = 0;
    for (let r = 0; r < THROTTLE_REPLICATES; r++) {
      const w = r === 0 ? this.rc.workload : { ...this.rc.workload, seed: replicateSeed(this.rc.workload.seed, r) };
      const one = simulateResolved(w, {
        capacity: { mode: "provisioned", shards: n },
        keyNaming: naming,
        window: this.window,
        ...(burst ? { writeBurst: burst } : {}),
      });
      if (r === 0) run = one;
      replicates++;
      offered += one.offeredRecords;
      first += one.firstAttemptThrottledRecords;
      lost += one.lostRecords;
      for (let i = 0; i < one.perShard.length; i++) {
        const p = one.perShard[i];
        if (st.dominated[i] === 0) {
          firstOutside += p.firstAttemptThrottledRecords;
          lostOutside += p.throttledRecords;
        } else if ((p.firstAttemptThrottledRecords > 0 || p.throttledRecords > 0) && st.keyFraction[i] < KEY_ALONE_FRACTION) {
          onlyKeyAlone = false;
        }
      }
      // Already a failure more shards can fix, whatever the other hours hold: as many records lost outside
      // key-dominated shards as the pooled test allows in all, or first attempts throttled there at many times the
      // target over what the remaining hours could add. Stop simulating.
      const remaining = THROTTLE_REPLICATES - replicates;
      if (remaining > 0 && (lostOutside >= THROTTLE_REPLICATES || firstOutside > 2 * this.rc.target * (offered / replicates) * THROTTLE_REPLICATES)) break;
    }
    const fa = offered > 0 ? first / offered : 0;
    const fo = offered > 0 ? firstOutside / offered : 0;
    // Fewer than one record lost per simulated peak hour on average.
    const passes = fo <= this.rc.target && lost < replicates;
    const limitedByKey = !passes && fo <= this.rc.target && lostOutside < replicates;
    e = {
      passes,
      firstAttemptFraction: fa,
      firstAttemptFractionOutsideKeys: fo,
      lostRecords: lost / replicates,
      limitedByKey,
      hopeless: limitedByKey && onlyKeyAlone,
      run: run as SimulationResult,
    };
    this.throttleCache.set(k, e);
    return e;
  }

  /** The throttle question's simulation at n (under the quantile naming): the figures verdicts and reports quote. */
  public runAt(n: number): SimulationResult {
    return this.throttle(n, this.quantileNaming(n)).run;
  }

  /** throttle at n: first-attempt throttled fraction outside key-dominated shards, under the quantile naming. */
  public throttleAt(n: number, burst?: { bytes: number; records: number }): QuestionAt<number> & {
    readonly lostRecords: number;
    readonly limitedByKey: boolean;
    readonly hopeless: boolean;
    readonly naming: number;
  } {
    const naming = this.quantileNaming(n);
    const e = this.throttle(n, naming, burst);
    return {
      holds: e.passes,
      holdsFor: e.passes ? this.rc.namings : 0,
      value: e.firstAttemptFractionOutsideKeys,
      lostRecords: e.lostRecords,
      limitedByKey: e.limitedByKey,
      hopeless: e.hopeless,
      naming,
    };
  }

  /** The throttle question as a search predicate: "hopeless" when only shards a key alone fills fail it. */
  public throttleHolds(n: number, burst?: { bytes: number; records: number }): Check {
    const t = this.throttleAt(n, burst);
    return t.holds ? true : t.hopeless ? "hopeless" : false;
  }

  /**
   * All three questions at n. `holdsFor`: the namings limit and growth hold for (0 when throttle fails).
   */
  public allHold(n: number): { readonly holds: boolean; readonly holdsFor: number } {
    const g = this.growth(n);
    if (!g.holds) return { holds: false, holdsFor: g.holdsFor };
    const t = this.throttleAt(n).holds;
    return { holds: t, holdsFor: t ? g.holdsFor : 0 };
  }

  /**
   * Where growth stops at n because of a key: the growth question held only because more shards stop lowering the
   * busiest shard's load, with that load, the key's own load (under the quantile naming) and the growth the stream
   * absorbs at most whatever the count (1 / the key's load).
   */
  public growthLimitedByKey(n: number): { readonly shardLoad: number; readonly keyLoad: number; readonly maxGrowth: number } | undefined {
    const g = this.growth(n);
    if (!g.keyLimited) return undefined;
    const keyLoad = this.steady(n, this.quantileNaming(n)).busiest.keyLoad || this.rc.hotKey?.load || g.value;
    return { shardLoad: g.value, keyLoad, maxGrowth: keyLoad > 0 ? 1 / keyLoad : Infinity };
  }
}

/** An on-demand capacity's evaluation: its steady state decides; the cold start is reported apart. */
export interface OnDemandEval {
  readonly tier: OnDemandTier;
  readonly passes: boolean;
  /** The steady state: an established stream that has carried this traffic (capacity twice its peak). */
  readonly steady: SimulationResult;
  /** The run as declared (a new stream, or the declared previous peak / warm throughput). */
  readonly declared: SimulationResult;
  readonly steadyFirstAttemptFraction: number;
  readonly steadyLostRecords: number;
  readonly coldStart: {
    readonly seconds: number;
    readonly firstAttemptFraction: number;
    readonly lostRecords: number;
    /** The cold start meets the throttling test too (nothing to mitigate). */
    readonly passes: boolean;
  };
  readonly failures: readonly Infeasibility[];
}

export function evaluateOnDemand(rc: RuleContext, tier: OnDemandTier): OnDemandEval {
  const w = rc.workload;
  const declared = simulateResolved(w, { capacity: { mode: "on-demand", tier } });
  const ctx = rc.steady;
  const kr = kinesisRecordsFor(ctx.shape, ctx.peakRate);
  const by = bytesFor(ctx.shape, ctx.peakRate, kr);
  const MiB = 1024 * 1024;
  const prev = w.onDemand.previousPeakMiBPerSecond !== undefined ? w.onDemand.previousPeakMiBPerSecond * MiB : 0;
  const warm = w.onDemand.warmThroughputMiBPerSecond !== undefined ? w.onDemand.warmThroughputMiBPerSecond * MiB : undefined;
  const steady = simulateResolved(w, {
    capacity: { mode: "on-demand", tier },
    onDemandStart: {
      previousPeakBytesPerSecond: Math.max(by, prev),
      previousPeakRecordsPerSecond: kr,
      ...(warm !== undefined ? { warmBytesPerSecond: warm } : {}),
    },
  });
  const failures: Infeasibility[] = [];
  for (const f of rc.infeasible) {
    if (f.constraint === "record-size" || f.constraint === "shared-read-calls") failures.push(f);
  }
  const L = KINESIS_LIMITS;
  const maxEfo = tier === "advantage" ? L.maxEfoConsumersPerStreamAdvantage.value : L.maxEfoConsumersPerStream.value;
  if (w.consumers.enhancedFanOut > maxEfo) {
    failures.push({
      constraint: "efo-consumers",
      message: `${w.consumers.enhancedFanOut} enhanced fan-out consumers: On-demand ${tier === "advantage" ? "Advantage" : "Standard"} streams register at most ${maxEfo}`,
    });
  }
  // The stream's own throttling, judged as the throttle question judges provisioned shards: first attempts within the
  // target, fewer than one record lost per hour of the run on average. The heaviest keys' noise on their own shards
  // (`keyNoise`): like a shard one key dominates, its first-attempt throttling is reported, not held against the target
  // (no capacity fixes it), and its losses count.
  const so = steady.offeredRecords;
  const inRun = steady.onDemand?.keyNoise ?? { keys: [], firstAttemptThrottledRecords: 0, lostRecords: 0 };
  const judged = so > 0 ? (steady.firstAttemptThrottledRecords - inRun.firstAttemptThrottledRecords) / so : 0;
  const streamLost = steady.lostRecords - inRun.lostRecords;
  const runHours = Math.max(1, w.durationSeconds) / 3600;
  if (failures.length === 0 && (judged > rc.target || (streamLost > 0 && streamLost >= runHours))) {
    failures.push({
      constraint: steady.bottleneck === "none" ? "on-demand-scaling" : steady.bottleneck,
      message:
        `an established ${tier === "advantage" ? "Advantage" : "Standard"} on-demand stream throttles ${pct(judged)} of first attempts (target ≤ ${pct(rc.target)})` +
        (streamLost > 0 ? ` and loses ${recordsText(streamLost)} after retries` : ""),
    });
  }
  // The keys' losses over the throttle question's peak hours (the same hours and seeds as a provisioned shard's).
  const window = peakWindowOf(w);
  const kn = runKeyNoise(runConfigOf(w, { window }), THROTTLE_REPLICATES);
  const keyHours = (THROTTLE_REPLICATES * window.seconds) / 3600;
  if (failures.length === 0 && kn.lostRecords > 0 && kn.lostRecords >= keyHours) {
    failures.push({
      constraint: "hot-key",
      message:
        `the heaviest key${kn.keys.length === 1 ? "" : "s"} (${kn.keys.join(", ")}) lose${kn.keys.length === 1 ? "s" : ""} ${(kn.lostRecords / keyHours).toFixed(1)} records per peak hour ` +
        `after retries on ${kn.keys.length === 1 ? "its shard" : "their shards"}: ` +
        "on-demand still limits each key to one shard's write throughput, and the key's own arrival noise exceeds it",
    });
  }
  const steadyLost = steady.lostRecords;
  if (failures.length === 0 && steady.readThrottledSeconds > 0) {
    failures.push({ constraint: steady.bottleneck, message: `shared consumers fall behind in ${steady.readThrottledSeconds} seconds of the run` });
  }
  const phases = declared.onDemand;
  const cs = phases?.coldStart ?? { offeredRecords: 0, firstAttemptThrottledRecords: 0, lostRecords: 0 };
  const cfa = cs.offeredRecords > 0 ? cs.firstAttemptThrottledRecords / cs.offeredRecords : 0;
  return {
    tier,
    passes: failures.length === 0,
    steady,
    declared,
    steadyFirstAttemptFraction: judged,
    steadyLostRecords: steadyLost,
    coldStart: {
      seconds: phases?.coldStartSeconds ?? 0,
      firstAttemptFraction: cfa,
      lostRecords: cs.lostRecords,
      passes: cfa <= rc.target && cs.lostRecords === 0,
    },
    failures,
  };
}
