/**
 * Capacity verdicts: does a stream's capacity (provisioned shards or on-demand) sustain a declared workload?
 *
 * The ONE check behind the constructs' synth-time error (`EncryptedStream` with a `workload`), `StreamCapacity.
 * forWorkload`, the jest matcher (`toSustainWorkload`) and `stream-sim cost --synth`, so all report the same verdict
 * with the same message (`formatCapacityVerdict`). It applies the sizing rule (capacity-rule.ts) at the capacity
 * given; `size` searches with the same rule, so "the smallest shard count that passes" reported on a failure is
 * exactly `size(workload, options).recommendedShards`.
 *
 * Provisioned N passes when, at N, the three questions hold together for the same key namings (all of them but
 * entity keys, which need 180 of 200): `limit` (the busiest shard fits every per-shard limit at the steady peak),
 * `growth` (its mean load at peak within the headroom, unless one key dominates it) and `throttle` (first-attempt
 * throttling within the target, nothing lost) — and nothing makes every count fail (a key above one shard's limit,
 * shared GetRecords calls above 5/s per shard, records above the maximum record size, more than 20 enhanced fan-out
 * consumers).
 *
 * On-demand (Standard unless `tier: "advantage"`) passes when its STEADY STATE does: an established stream that has
 * carried this traffic meets the throttling test, readers keep up, records fit and the tier registers the enhanced
 * fan-out consumers. The cold start — a new stream (4 MiB/s, doubling within 15 minutes) or the declared previous
 * peak / warm throughput scaling up to the traffic — is measured and reported beside it (`coldStart`): a capacity
 * planner mitigates it (ramp traffic, pre-warm, create the stream ahead) rather than buying a different mode.
 *
 * Results are memoized by a stable JSON of (workload, capacity, options) in a small bounded cache: synth and tests
 * check the same workload many times. Verdicts and sizing results are deeply frozen (nested objects and arrays
 * included), and a verdict holds a copy of the capacity it was given.
 */
import { estimateCost } from "./cost";
import { parseWorkload, resolveWorkload } from "./workload";
import { resolveCapacityOptions } from "./options";
import { size } from "./sizing";
import { NAMING_QUANTILE, ProvisionedRule, evaluateOnDemand, ruleContextOf } from "./capacity-rule";
import type { Bottleneck, OnDemandTier, SizingResult, StreamCapacitySpec, Workload } from "./types";

export { DEFAULT_HEADROOM, DEFAULT_TARGET_THROTTLED_FRACTION } from "./options";

/** Options of `checkCapacity` (the same meaning as `size`'s). */
export interface CapacityCheckOptions {
  /** Largest acceptable fraction of records throttled at their first attempt, in [0, 1). @default 0.001 */
  readonly targetThrottledFraction?: number;
  /** Largest acceptable mean load of the busiest shard at the steady peak, in (0, 1] (provisioned only). @default 0.8 */
  readonly headroom?: number;
}

/** One criterion a capacity failed. */
export type CapacityFailureKind = "limit" | "growth" | "throttle" | "shared-read-calls" | "record-too-large" | "efo-consumers" | "hot-key" | "on-demand";

export interface CapacityFailure {
  readonly kind: CapacityFailureKind;
  /** One sentence with the figures, e.g. "3.2% of first attempts throttled (target ≤ 0.1%)". */
  readonly message: string;
}

/** The three questions at a provisioned capacity. */
export interface ProvisionedQuestions {
  readonly limit: { readonly holds: boolean; readonly busiestShardLoad: number; readonly constraint: Bottleneck };
  readonly growth: {
    readonly holds: boolean;
    readonly busiestShardLoad: number;
    /** A key holds its shard above the headroom; growth is capped at `maxGrowth` whatever the shard count. */
    readonly limitedByKey?: { readonly keyLoad: number; readonly maxGrowth: number };
  };
  readonly throttle: {
    readonly holds: boolean;
    readonly firstAttemptThrottledFraction: number;
    readonly lostRecords: number;
    readonly limitedByKey: boolean;
    /** The key naming simulated (capacity-rule.ts `quantileNaming`; 0 unless entity keys). */
    readonly keyNaming: number;
  };
  /** Entity keys: key namings the three hold for together, of how many, and how many must. */
  readonly keyNamings?: { readonly holdsFor: number; readonly namings: number; readonly needed: number };
}

/** An on-demand capacity's two phases. */
export interface OnDemandVerdict {
  readonly tier: OnDemandTier;
  /** The steady state (an established stream): what `passes` rests on. */
  readonly steadyState: { readonly firstAttemptThrottledFraction: number; readonly lostRecords: number };
  /** The cold start as declared (a new stream unless `onDemand.previousPeakMiBPerSecond` / warm throughput say otherwise). */
  readonly coldStart: {
    readonly seconds: number;
    readonly firstAttemptThrottledFraction: number;
    readonly lostRecords: number;
    readonly passes: boolean;
    readonly initialCapacityBytesPerSecond: number;
  };
}

/** What `checkCapacity` found. */
export interface CapacityVerdict {
  readonly passes: boolean;
  readonly capacity: StreamCapacitySpec;
  readonly targetThrottledFraction: number;
  readonly headroom: number;
  /** Fraction of user records lost (throttled after the last retry), as simulated. */
  readonly throttledFraction: number;
  /** Fraction of user records throttled at their first attempt, as simulated. */
  readonly firstAttemptThrottledFraction: number;
  /** User records lost after retries, as simulated. */
  readonly lostRecords: number;
  /** Fraction of user records rejected as larger than the stream's maximum record size. */
  readonly rejectedFraction: number;
  /** Peak one-second write utilization of the busiest shard, noise included (on-demand: load over that second's capacity). */
  readonly peakUtilization: number;
  /** The busiest shard and its peak one-second load ("on-demand" for an on-demand stream). */
  readonly hotShard: {
    readonly shardId: string;
    readonly peakBytesPerSecond: number;
    readonly peakRecordsPerSecond: number;
    readonly peakWriteUtilization: number;
  };
  /** The hottest single partition key, when the key design has one (not uuid). */
  readonly hotKey?: { readonly key: string; readonly share: number; readonly peakUtilization: number };
  /** The limit closest to its ceiling at this capacity. */
  readonly bindingConstraint: Bottleneck;
  /** What actually limited the run ("none" when nothing throttled or lagged). */
  readonly bottleneck: Bottleneck;
  /** Provisioned only: the three questions of the sizing rule. */
  readonly questions?: ProvisionedQuestions;
  /** On-demand only: the steady state and the cold start. */
  readonly onDemand?: OnDemandVerdict;
  /** Monthly cost estimate of this capacity under the workload (`estimateCost`, the simulator's price table). */
  readonly monthlyCostUsd: number;
  /** Each criterion that failed (empty when `passes`). */
  readonly failures: readonly CapacityFailure[];
  /**
   * Failing capacities only: the smallest provisioned shard count that passes with the same options (`size`), or
   * null when none does; undefined when the capacity passes.
   */
  readonly smallestPassingShards?: number | null;
  /** Failing capacities only: false when no provisioned shard count passes (e.g. a hot key above one shard's limit). */
  readonly feasible?: boolean;
  /** Failing capacities only: `size`'s explanation (why the smallest count passes, or why none does). */
  readonly sizingExplanation?: string;
  /** What would help (key design, aggregation, enhanced fan-out, pre-warming …); empty when nothing is worth saying. */
  readonly advice: readonly string[];
}

const MiB = 1024 * 1024;

/** `JSON.stringify` with object keys sorted at every level: equal inputs give equal keys whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

/** A small least-recently-used cache keyed by stable JSON. */
class Memo<T> {
  private readonly entries = new Map<string, T>();
  public constructor(private readonly capacity: number) {}
  public get(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}

/** Freezes `value` and every object and array reachable from it (memoized results are shared between callers). */
function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen (and none is part of a verdict or sizing result).
  if (value !== null && typeof value === "object" && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const verdictMemo = new Memo<CapacityVerdict>(128);
const sizeMemo = new Memo<SizingResult>(64);

/**
 * `size(workload, { targetThrottledFraction, headroom })`, memoized by a stable JSON of its inputs (the result is
 * frozen). Throws `WorkloadValidationError` for an invalid workload and RangeError for invalid options.
 */
export function sizeMemoized(workload: Workload, options: CapacityCheckOptions = {}): SizingResult {
  const { target, headroom } = resolveCapacityOptions(options);
  return sizeMemo.get(stableJson({ workload, target, headroom }), () => deepFreeze(size(workload, { targetThrottledFraction: target, headroom })));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 3 : 1)}%`;
}

/**
 * Checks a capacity against a workload (see the module comment for the pass rule). Throws `WorkloadValidationError`
 * for an invalid workload, RangeError for an invalid capacity or options.
 */
export function checkCapacity(workload: Workload, capacity: StreamCapacitySpec, options: CapacityCheckOptions = {}): CapacityVerdict {
  const { target, headroom } = resolveCapacityOptions(options);
  return verdictMemo.get(stableJson({ workload, capacity, target, headroom }), () => {
    // Shared between callers through the memo: a copy of the caller's capacity (a later change to their object must
    // not alter the cached verdict), and frozen all the way down.
    const copy = copyCapacity(capacity);
    return deepFreeze(computeVerdict(workload, copy, target, headroom));
  });
}

function copyCapacity(capacity: StreamCapacitySpec): StreamCapacitySpec {
  if (capacity?.mode === "provisioned") {
    if (!Number.isInteger(capacity.shards) || capacity.shards < 1) throw new RangeError(`shards must be a positive integer, got ${capacity.shards}`);
    return { mode: "provisioned", shards: capacity.shards };
  }
  if (capacity?.mode === "on-demand") {
    if (capacity.tier !== undefined && capacity.tier !== "standard" && capacity.tier !== "advantage") {
      throw new RangeError(`tier must be "standard" or "advantage", got ${JSON.stringify(capacity.tier)}`);
    }
    return capacity.tier === "advantage" ? { mode: "on-demand", tier: "advantage" } : { mode: "on-demand" };
  }
  throw new RangeError(`capacity must be { mode: "provisioned", shards } or { mode: "on-demand", tier? }, got ${JSON.stringify(capacity)}`);
}

const INFEASIBLE_KIND: Partial<Record<Bottleneck, CapacityFailureKind>> = {
  "record-size": "record-too-large",
  "shared-read-calls": "shared-read-calls",
  "efo-consumers": "efo-consumers",
  "hot-key": "hot-key",
};

function computeVerdict(workload: Workload, capacity: StreamCapacitySpec, target: number, headroom: number): CapacityVerdict {
  const w = resolveWorkload(parseWorkload(workload));
  const rc = ruleContextOf(w, target, headroom);
  const failures: CapacityFailure[] = [];
  let run;
  let questions: ProvisionedQuestions | undefined;
  let onDemand: OnDemandVerdict | undefined;
  const advice: string[] = [];
  if (capacity.mode === "provisioned") {
    const n = capacity.shards;
    const rule = new ProvisionedRule(rc);
    for (const f of rc.infeasible) failures.push({ kind: INFEASIBLE_KIND[f.constraint] ?? "limit", message: f.message });
    const limit = rule.limit(n);
    const growth = rule.growth(n);
    const throttle = rule.throttleAt(n);
    const all = rule.allHold(n);
    const keyCap = rule.growthLimitedByKey(n);
    const constraint = rule.steady(n, 0).busiest.constraint;
    questions = {
      limit: { holds: limit.holds, busiestShardLoad: limit.value, constraint },
      growth: { holds: growth.holds, busiestShardLoad: growth.value, ...(keyCap ? { limitedByKey: { keyLoad: keyCap.keyLoad, maxGrowth: keyCap.maxGrowth } } : {}) },
      throttle: {
        holds: throttle.holds,
        firstAttemptThrottledFraction: throttle.value,
        lostRecords: throttle.lostRecords,
        limitedByKey: throttle.limitedByKey,
        keyNaming: throttle.naming,
      },
      ...(rc.namings > 1 ? { keyNamings: { holdsFor: all.holdsFor, namings: rc.namings, needed: rc.needed } } : {}),
    };
    if (rc.infeasible.length === 0) {
      const of = rc.namings > 1 ? ` (${NAMING_QUANTILE * 100}th percentile over ${rc.namings} key namings)` : "";
      if (!limit.holds) {
        failures.push({ kind: "limit", message: `the busiest shard needs ${pct(limit.value)} of its ${constraint} limit at the steady peak${of}` });
      }
      if (limit.holds && !growth.holds) {
        failures.push({ kind: "growth", message: `the busiest shard's mean load at the steady peak is ${pct(growth.value)} (headroom ≤ ${pct(headroom)})${of}` });
      }
      if (!throttle.holds) {
        failures.push({
          kind: "throttle",
          message:
            `${pct(throttle.value)} of first attempts throttled (target ≤ ${pct(target)})` +
            (throttle.lostRecords > 0 ? `, ${Math.round(throttle.lostRecords).toLocaleString("en-US")} records lost after retries` : "") +
            of,
        });
      }
      // More shards never lower a stream's capacity: a count at or above the one the rule passes passes too, even where
      // a figure at this count, measured under sampled key namings and arrival noise, misses its bound.
      if (failures.length > 0) {
        const smallest = sizeMemoized(workload, { targetThrottledFraction: target, headroom }).recommendedShards;
        if (smallest !== null && n >= smallest) {
          advice.push(
            `At ${n} shards the ${failures.map((f) => f.kind).join(" and ")} figure misses its bound under the sampled key namings and arrival noise; ` +
              `${smallest} shards already pass the rule, and more shards never lower a stream's capacity, so ${n} pass.`,
          );
          failures.length = 0;
        }
      }
      if (keyCap) {
        advice.push(
          `Growth headroom is limited by one key (${rc.hotKey?.key ?? "the hottest key"}, ${pct(keyCap.keyLoad)} of a shard at peak): the stream absorbs at most ` +
            `${keyCap.maxGrowth.toFixed(2)}× today's peak whatever the shard count; split or salt the key.`,
        );
      }
    }
    run = rule.runAt(n);
  } else {
    const tier = capacity.tier ?? "standard";
    const e = evaluateOnDemand(rc, tier);
    for (const f of e.failures) failures.push({ kind: INFEASIBLE_KIND[f.constraint] ?? "on-demand", message: f.message });
    if (tier === "standard" && w.onDemand.warmThroughputMiBPerSecond !== undefined) {
      advice.push("Warm throughput needs On-demand Advantage: this On-demand Standard verdict ignores it.");
    }
    const phases = e.declared.onDemand;
    onDemand = {
      tier,
      steadyState: { firstAttemptThrottledFraction: e.steadyFirstAttemptFraction, lostRecords: e.steadyLostRecords },
      coldStart: {
        seconds: e.coldStart.seconds,
        firstAttemptThrottledFraction: e.coldStart.firstAttemptFraction,
        lostRecords: e.coldStart.lostRecords,
        passes: e.coldStart.passes,
        initialCapacityBytesPerSecond: phases?.initialCapacityBytesPerSecond ?? 0,
      },
    };
    if (!e.coldStart.passes) {
      advice.push(
        `Cold start: a stream starting at ${(onDemand.coldStart.initialCapacityBytesPerSecond / MiB).toFixed(1)} MiB/s throttles ${pct(e.coldStart.firstAttemptFraction)} of first attempts ` +
          `during its first ${Math.ceil(e.coldStart.seconds / 60)} min while it scales (it absorbs at most twice its previous peak at once). ` +
          "Create the stream ahead of the traffic and ramp up, declare onDemand.previousPeakMiBPerSecond if it is established, or pre-warm it (warm throughput, On-demand Advantage).",
      );
    }
    run = e.steady;
  }
  const base = {
    passes: failures.length === 0,
    capacity,
    targetThrottledFraction: target,
    headroom,
    throttledFraction: run.writeThrottledFraction,
    firstAttemptThrottledFraction: run.firstAttemptThrottledFraction,
    lostRecords: run.lostRecords,
    rejectedFraction: run.offeredRecords > 0 ? run.rejectedRecords / run.offeredRecords : 0,
    peakUtilization: run.maxShardWriteUtilization,
    hotShard: { ...run.hotShard },
    ...(run.hotKey !== undefined ? { hotKey: { ...run.hotKey } } : {}),
    bindingConstraint: run.bindingConstraint ?? "none",
    bottleneck: run.bottleneck,
    ...(questions ? { questions } : {}),
    ...(onDemand ? { onDemand } : {}),
    monthlyCostUsd: estimateCost(workload, capacity).totalMonthlyUsd,
    failures,
  };
  if (failures.length === 0) return { ...base, advice };

  // Failing: what would pass. `size` answers for provisioned shards (the same rule), and explains infeasibility.
  const sizing = sizeMemoized(workload, { targetThrottledFraction: target, headroom });
  return {
    ...base,
    smallestPassingShards: sizing.recommendedShards,
    feasible: sizing.feasible,
    sizingExplanation: sizing.explanation,
    advice: [...advice, ...sizing.advice],
  };
}

function mibps(bytes: number): string {
  return `${(bytes / MiB).toFixed(2)} MiB/s`;
}

/**
 * The throttle question's figure: first attempts throttled over the run, and — when it differs, because shards one key
 * dominates throttle and more shards cannot help them — the fraction the question judges (outside those shards).
 */
function throttleFigures(v: CapacityVerdict, q: ProvisionedQuestions): string {
  const overall = `${pct(v.firstAttemptThrottledFraction)} of first attempts`;
  const judged = q.throttle.firstAttemptThrottledFraction;
  return Math.abs(judged - v.firstAttemptThrottledFraction) < 1e-9 ? overall : `${overall}, ${pct(judged)} outside shards one key dominates`;
}

/** The cold start in a clause: none, within the target, or its throttling and length. */
export function coldStartText(c: OnDemandVerdict["coldStart"]): string {
  if (c.seconds === 0) return `none (a new stream's ${mibps(c.initialCapacityBytesPerSecond)} covers the traffic from the start)`;
  return c.passes
    ? `within the target (${Math.ceil(c.seconds / 60)} min of scaling)`
    : `${pct(c.firstAttemptThrottledFraction)} of first attempts throttled for ${Math.ceil(c.seconds / 60)} min`;
}

function capacityText(c: StreamCapacitySpec): string {
  if (c.mode === "on-demand") return c.tier === "advantage" ? "On-demand Advantage capacity" : "on-demand capacity";
  return `${c.shards} provisioned shard${c.shards === 1 ? "" : "s"}`;
}

/**
 * The verdict as a message about `subject` (e.g. "Stream 'orders' (path app/Orders/Stream)"): the first line says
 * whether the capacity sustains the workload, with the three questions (provisioned) or the steady state and cold
 * start (on-demand); a failure adds indented lines with each failed criterion, the hot shard and its load, the
 * binding constraint, the smallest passing shard count (or that none passes, why, and what would help). The
 * constructs' synth error and the jest matcher both print exactly this.
 */
export function formatCapacityVerdict(verdict: CapacityVerdict, subject: string): string {
  const v = verdict;
  const cap = capacityText(v.capacity);
  const hs = v.hotShard;
  const onDemand = v.capacity.mode === "on-demand";
  const shardName = onDemand ? "the stream" : `hot shard ${hs.shardId}`;
  const load =
    `${shardName} peaks at ${mibps(hs.peakBytesPerSecond)} and ${Math.round(hs.peakRecordsPerSecond).toLocaleString("en-US")} records/s ` +
    `(${pct(hs.peakWriteUtilization)} of ${onDemand ? "that second's on-demand capacity" : "its write limit"})`;
  const q = v.questions;
  const questions = q
    ? `limit ${q.limit.holds ? "holds" : "fails"} (busiest shard ${pct(q.limit.busiestShardLoad)} of its limits at the steady peak), ` +
      `growth ${q.growth.holds ? "holds" : "fails"} (${pct(q.growth.busiestShardLoad)}${q.growth.limitedByKey ? " on shards no single key dominates" : ""}, headroom ≤ ${pct(v.headroom)}${q.growth.limitedByKey ? `; one key caps growth at ${q.growth.limitedByKey.maxGrowth.toFixed(2)}×` : ""}), ` +
      `throttle ${q.throttle.holds ? "holds" : "fails"} (${throttleFigures(v, q)}, target ≤ ${pct(v.targetThrottledFraction)}; ${Math.round(q.throttle.lostRecords).toLocaleString("en-US")} lost)` +
      (q.keyNamings ? `; holds for ${q.keyNamings.holdsFor} of ${q.keyNamings.namings} key namings (${q.keyNamings.needed} needed)` : "")
    : v.onDemand
      ? `steady state ${pct(v.onDemand.steadyState.firstAttemptThrottledFraction)} of first attempts throttled (target ≤ ${pct(v.targetThrottledFraction)}), ` +
        `${Math.round(v.onDemand.steadyState.lostRecords).toLocaleString("en-US")} lost; cold start ${coldStartText(v.onDemand.coldStart)}`
      : "";
  const summary = `${questions}; ${load}; binding constraint: ${v.bindingConstraint}`;
  if (v.passes) return `${subject} sustains the declared workload with ${cap}: ${summary}.${v.advice.length > 0 ? ` Notes: ${v.advice.join(" ")}` : ""}`;

  const lines = [`${subject} does not sustain the declared workload with ${cap}:`];
  for (const f of v.failures) lines.push(`    - ${f.message};`);
  if (questions) lines.push(`    - ${questions};`);
  lines.push(`    - ${load};`);
  if (v.hotKey !== undefined && v.hotKey.share > 0) {
    lines.push(`    - hottest partition key ${JSON.stringify(v.hotKey.key)}: ${pct(v.hotKey.share)} of the traffic, ${pct(v.hotKey.peakUtilization)} of one shard's write limit at peak;`);
  }
  lines.push(`    - binding constraint: ${v.bindingConstraint}.`);
  if (v.feasible === false) {
    const why = (v.sizingExplanation ?? "").replace(/^No shard count meets the target\.\s*/, "");
    lines.push(`    No provisioned shard count passes${onDemand ? " either" : ""}: ${why}`.trimEnd());
  } else if (v.smallestPassingShards !== undefined && v.smallestPassingShards !== null) {
    const n = v.smallestPassingShards;
    lines.push(
      `    The smallest shard count that passes is ${n} (first attempts ≤ ${pct(v.targetThrottledFraction)} throttled, headroom ${pct(v.headroom)}): ` +
        `use StreamCapacity.provisioned(${n}) or StreamCapacity.forWorkload(workload).`,
    );
  }
  if (v.advice.length > 0) lines.push(`    ${v.feasible === false ? "What would help" : "Notes"}: ${v.advice.join(" ")}`);
  return lines.join("\n");
}
