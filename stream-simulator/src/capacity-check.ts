/**
 * Capacity verdicts: does a stream's capacity (provisioned shards or on-demand) sustain a declared workload?
 *
 * The ONE check behind the constructs' synth-time error (`EncryptedStream` with a `workload`) and the jest matcher
 * (`toSustainWorkload`), so both report the same verdict with the same message (`formatCapacityVerdict`).
 *
 * Pass rule, provisioned — the same rule `size` searches with (sizing.ts), so "the smallest shard count that passes"
 * reported on a failure is exactly `size(workload, options).recommendedShards`:
 * - the throttled fraction is at most `targetThrottledFraction` (default 0.001), and
 * - the busiest shard's peak one-second write utilization is at most `headroom` (default 0.8) — except shards holding a
 *   single key whose own peak (arrival noise included) is above the headroom while its deterministic peak is within
 *   the limit (no shard count can lower those; they are held to the throttling target only: `headroomExemption`,
 *   headroom-exemption.ts, the function `size` uses), and
 * - shared consumers keep up: their peak read demand is within 2 MiB/s per shard and their GetRecords calls within
 *   5/s per shard, and
 * - no record is rejected as larger than the stream's maximum record size.
 * The headroom is part of the rule (not only throttling) because a stream sized with no margin throttles on the first
 * burst the declared workload under-states; pass `headroom: 1` to check throttling only.
 *
 * Pass rule, on-demand (on-demand.ts, aws-facts §2.6): the run models a NEWLY CREATED on-demand stream (4 MiB/s and
 * 4,000 records/s initially, absorbing up to twice its previous peak at once, ~15 minutes to scale beyond that) with
 * each partition key still capped at one shard's 1 MiB/s and 1,000 records/s. Passes when the throttled fraction is at
 * most the target, shared readers keep up and no record is rejected. There is no headroom rule: on-demand has no fixed
 * capacity to keep a margin below.
 *
 * Results are memoized by a stable JSON of (workload, capacity, options) in a small bounded cache: synth and tests
 * check the same workload many times (simulate ≈ 10–20 ms, size ≈ 0.3 s). Verdicts and sizing results are deeply
 * frozen (nested objects and arrays included), and a verdict holds a copy of the capacity it was given.
 */
import { KINESIS_LIMITS } from "./limits";
import { keyModelOf } from "./keys";
import { hotKeyPeakUtilization, writeShapeOf } from "./aggregation";
import { headroomExemption } from "./headroom-exemption";
import { parseWorkload, resolveWorkload } from "./workload";
import { simulate } from "./shards";
import { size } from "./sizing";
import { estimateCost } from "./cost";
import type { Bottleneck, SizingResult, StreamCapacitySpec, Workload } from "./types";

/** Options of `checkCapacity` (the same meaning as `size`'s). */
export interface CapacityCheckOptions {
  /** Largest acceptable fraction of user records throttled (after retries), in [0, 1). @default 0.001 */
  readonly targetThrottledFraction?: number;
  /** Largest acceptable peak write utilization of the busiest shard, in (0, 1] (provisioned only). @default 0.8 */
  readonly headroom?: number;
}

/** Default throttling target of `checkCapacity` and `size`. */
export const DEFAULT_TARGET_THROTTLED_FRACTION = 0.001;
/** Default headroom of `checkCapacity` and `size`. */
export const DEFAULT_HEADROOM = 0.8;

/** One criterion a capacity failed. */
export type CapacityFailureKind = "throttling" | "headroom" | "shared-read-bytes" | "shared-read-calls" | "record-too-large";

export interface CapacityFailure {
  readonly kind: CapacityFailureKind;
  /** One sentence with the figures, e.g. "3.2% of records throttled (target ≤ 0.1%)". */
  readonly message: string;
}

/** What `checkCapacity` found. */
export interface CapacityVerdict {
  readonly passes: boolean;
  readonly capacity: StreamCapacitySpec;
  readonly targetThrottledFraction: number;
  readonly headroom: number;
  /** Fraction of user records throttled after retries. */
  readonly throttledFraction: number;
  /** Fraction of user records rejected as larger than the stream's maximum record size. */
  readonly rejectedFraction: number;
  /** Peak one-second write utilization of the busiest shard (on-demand: load over that second's capacity). */
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
  /** The limit closest to its ceiling at this capacity (`SimulationResult.bindingConstraint`). */
  readonly bindingConstraint: Bottleneck;
  /** What actually limited the run ("none" when nothing throttled or lagged). */
  readonly bottleneck: Bottleneck;
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
  /** Failing capacities only: what would help (key design, aggregation, enhanced fan-out, …). */
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
  // Typed arrays cannot be frozen (and none is part of a verdict or sizing result today).
  if (value !== null && typeof value === "object" && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const verdictMemo = new Memo<CapacityVerdict>(128);
const sizeMemo = new Memo<SizingResult>(64);

function resolvedOptions(options: CapacityCheckOptions): { target: number; headroom: number } {
  const target = options.targetThrottledFraction ?? DEFAULT_TARGET_THROTTLED_FRACTION;
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  if (!(typeof target === "number" && target >= 0 && target < 1)) {
    throw new RangeError(`targetThrottledFraction must be in [0, 1), got ${target}`);
  }
  if (!(typeof headroom === "number" && headroom > 0 && headroom <= 1)) throw new RangeError(`headroom must be in (0, 1], got ${headroom}`);
  return { target, headroom };
}

/**
 * `size(workload, { targetThrottledFraction, headroom })`, memoized by a stable JSON of its inputs (the result is
 * frozen). Throws `WorkloadValidationError` for an invalid workload and RangeError for invalid options.
 */
export function sizeMemoized(workload: Workload, options: CapacityCheckOptions = {}): SizingResult {
  const { target, headroom } = resolvedOptions(options);
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
  const { target, headroom } = resolvedOptions(options);
  return verdictMemo.get(stableJson({ workload, capacity, target, headroom }), () => {
    // Shared between callers through the memo: a copy of the caller's capacity (a later change to their object must
    // not alter the cached verdict), and frozen all the way down.
    const copy: StreamCapacitySpec = capacity.mode === "provisioned" ? { mode: "provisioned", shards: capacity.shards } : { mode: "on-demand" };
    return deepFreeze(computeVerdict(workload, copy, target, headroom));
  });
}

function computeVerdict(workload: Workload, capacity: StreamCapacitySpec, target: number, headroom: number): CapacityVerdict {
  const w = resolveWorkload(parseWorkload(workload));
  const r = simulate(workload, { capacity });
  const ws = writeShapeOf(w);
  const model = keyModelOf(w);
  const hotKey = hotKeyPeakUtilization(w, model, ws);
  const failures: CapacityFailure[] = [];
  const rejectedFraction = r.offeredRecords > 0 ? r.rejectedRecords / r.offeredRecords : 0;

  if (r.rejectedRecords > 0) {
    failures.push({
      kind: "record-too-large",
      message: `every record (${ws.plainRecordBytes} bytes with its partition key) is above the stream's ${w.maxRecordBytes}-byte maximum record size and is rejected`,
    });
  } else if (r.writeThrottledFraction > target) {
    failures.push({ kind: "throttling", message: `${pct(r.writeThrottledFraction)} of records throttled (target ≤ ${pct(target)})` });
  }
  if (capacity.mode === "provisioned" && r.rejectedRecords === 0) {
    const peak = headroomExemption(w, r, headroom).peakOutside;
    if (peak > headroom) {
      failures.push({
        kind: "headroom",
        message: `the busiest shard peaks at ${pct(peak)} of its write limit (headroom ≤ ${pct(headroom)})`,
      });
    }
  }
  const S = w.consumers.shared;
  const calls = S * w.consumers.pollsPerSecond;
  const callsLimit = KINESIS_LIMITS.shardGetRecordsPerSecond.value;
  if (S > 0 && calls > callsLimit) {
    failures.push({
      kind: "shared-read-calls",
      message: `${S} shared consumers × ${w.consumers.pollsPerSecond} GetRecords/s = ${calls} calls/s per shard, above the ${callsLimit} calls/s limit`,
    });
  }
  if (S > 0 && (r.maxSharedReadUtilization ?? 0) > 1) {
    failures.push({
      kind: "shared-read-bytes",
      message: `shared consumers need ${pct(r.maxSharedReadUtilization ?? 0)} of the shared read limit (2 MiB/s per shard) at peak and fall behind`,
    });
  }

  const base = {
    passes: failures.length === 0,
    capacity,
    targetThrottledFraction: target,
    headroom,
    throttledFraction: r.writeThrottledFraction,
    rejectedFraction,
    peakUtilization: r.maxShardWriteUtilization,
    hotShard: { ...r.hotShard },
    ...(hotKey !== undefined ? { hotKey } : {}),
    bindingConstraint: r.bindingConstraint ?? "none",
    bottleneck: r.bottleneck,
    monthlyCostUsd: estimateCost(workload, capacity).totalMonthlyUsd,
    failures,
  };
  if (failures.length === 0) return { ...base, advice: [] };

  // Failing: what would pass. `size` answers for provisioned shards (the same rule), and explains infeasibility.
  const sizing = sizeMemoized(workload, { targetThrottledFraction: target, headroom });
  const advice = [...sizing.advice];
  if (capacity.mode === "on-demand" && failures.some((f) => f.kind === "throttling") && r.bottleneck === "on-demand-scaling") {
    advice.unshift(
      "A new on-demand stream accepts 4 MiB/s (4,000 records/s) and at most twice its previous peak at once; scaling beyond takes ~15 minutes. " +
        (sizing.feasible ? `Use provisioned capacity (${sizing.recommendedShards} shards pass), ` : "") +
        "ramp traffic up gradually, or pre-warm the stream (warm throughput, On-demand Advantage).",
    );
  }
  return {
    ...base,
    smallestPassingShards: sizing.recommendedShards,
    feasible: sizing.feasible,
    sizingExplanation: sizing.explanation,
    advice,
  };
}

function mibps(bytes: number): string {
  return `${(bytes / MiB).toFixed(2)} MiB/s`;
}

function capacityText(c: StreamCapacitySpec): string {
  return c.mode === "on-demand" ? "on-demand capacity" : `${c.shards} provisioned shard${c.shards === 1 ? "" : "s"}`;
}

/**
 * The verdict as a message about `subject` (e.g. "Stream 'orders' (path app/Orders/Stream)"): the first line says
 * whether the capacity sustains the workload; a failure adds indented lines with the throttled fraction, the hot shard
 * and its load, the binding constraint, the smallest passing shard count (or that none passes, why, and what would
 * help). The constructs' synth error and the jest matcher both print exactly this.
 */
export function formatCapacityVerdict(verdict: CapacityVerdict, subject: string): string {
  const v = verdict;
  const cap = capacityText(v.capacity);
  const hs = v.hotShard;
  const shardName = v.capacity.mode === "on-demand" ? "the stream" : `hot shard ${hs.shardId}`;
  const load =
    `${shardName} peaks at ${mibps(hs.peakBytesPerSecond)} and ${Math.round(hs.peakRecordsPerSecond).toLocaleString("en-US")} records/s ` +
    `(${pct(hs.peakWriteUtilization)} of ${v.capacity.mode === "on-demand" ? "that second's on-demand capacity" : "its write limit"})`;
  const summary =
    `throttled ${pct(v.throttledFraction)} (target ≤ ${pct(v.targetThrottledFraction)}); ${load}; binding constraint: ${v.bindingConstraint}`;
  if (v.passes) return `${subject} sustains the declared workload with ${cap}: ${summary}.`;

  const lines = [`${subject} does not sustain the declared workload with ${cap}:`];
  if (!v.failures.some((f) => f.kind === "throttling" || f.kind === "record-too-large")) {
    lines.push(`    - ${pct(v.throttledFraction)} of records throttled (within the target ≤ ${pct(v.targetThrottledFraction)});`);
  }
  for (const f of v.failures) lines.push(`    - ${f.message};`);
  lines.push(`    - ${load};`);
  if (v.hotKey !== undefined && v.hotKey.share > 0) {
    lines.push(`    - hottest partition key ${JSON.stringify(v.hotKey.key)}: ${pct(v.hotKey.share)} of the traffic, ${pct(v.hotKey.peakUtilization)} of one shard's write limit at peak;`);
  }
  lines.push(`    - binding constraint: ${v.bindingConstraint}.`);
  if (v.feasible === false) {
    const why = (v.sizingExplanation ?? "").replace(/^No shard count meets the target\.\s*/, "");
    lines.push(`    No provisioned shard count passes${v.capacity.mode === "on-demand" ? " either" : ""}: ${why}`.trimEnd());
  } else if (v.smallestPassingShards !== undefined && v.smallestPassingShards !== null) {
    const n = v.smallestPassingShards;
    lines.push(
      `    The smallest shard count that passes is ${n} (target ≤ ${pct(v.targetThrottledFraction)} throttled, headroom ${pct(v.headroom)}): ` +
        `use StreamCapacity.provisioned(${n}) or StreamCapacity.forWorkload(workload).`,
    );
  }
  if (v.advice.length > 0) lines.push(`    ${v.feasible === false ? "What would help" : "Notes"}: ${v.advice.join(" ")}`);
  return lines.join("\n");
}
