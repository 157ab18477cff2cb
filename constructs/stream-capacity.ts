import {
  DEFAULT_HEADROOM,
  DEFAULT_TARGET_THROTTLED_FRACTION,
  WorkloadValidationError,
  checkCapacity,
  parseWorkload,
  sizeMemoized,
  type Bottleneck,
  type CapacityVerdict,
  type SizingResult,
  type Workload,
  type WorkloadProblem,
} from "stream-simulator";
import { workloadTokenPaths } from "./validation/workload-tokens";

/** Kinesis capacity modes, as `stream_mode_details.stream_mode` spells them. */
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

/**
 * How `StreamCapacity.forWorkload` chooses between provisioned shards and on-demand:
 * - `"provisioned"`: the smallest shard count that passes (`size`); infeasible workloads fail synth;
 * - `"on-demand"`: on-demand, checked against on-demand behaviour (a new stream's 4 MiB/s, the doubling rule, the
 *   per-key limit); fails synth when that throttles beyond the target;
 * - `"cheapest"`: whichever of the two PASSES and has the lower monthly cost estimate (`estimateCost` of the
 *   recommended shards vs on-demand); on-demand also when no shard count passes but on-demand does.
 */
export type WorkloadCapacityMode = "provisioned" | "on-demand" | "cheapest";

/** Options of `StreamCapacity.forWorkload`. */
export interface WorkloadCapacityOptions {
  /**
   * Largest acceptable fraction of records throttled (after producer retries), in [0, 1).
   * @default 0.001
   */
  readonly targetThrottledFraction?: number;
  /**
   * Largest acceptable peak one-second write utilization of the busiest shard, in (0, 1] (provisioned only).
   * @default 0.8
   */
  readonly headroom?: number;
  /**
   * How to choose between provisioned and on-demand (see `WorkloadCapacityMode`). Provisioned by default: it is
   * deterministic (the same workload always synthesizes the same shard count, so a plan never flips the stream's mode
   * because a price or a cost estimate moved; mode switches are limited to 2 per 24 h), it holds the declared
   * headroom from the first second, and the on-demand model rests on two UNCONFIRMED figures (4,000 records/s
   * initial, the 15-minute scaling window) and on a new stream starting at 4 MiB/s, which bursty workloads exceed.
   * Choose `"cheapest"` to let cost decide, or `"on-demand"` for traffic you cannot declare well.
   * @default "provisioned"
   */
  readonly mode?: WorkloadCapacityMode;
}

/** Monthly cost estimates (USD, us-east-1 list prices of the simulator's price table) behind a sizing decision. */
export interface CapacityCostEstimate {
  /** The recommended shard count's monthly cost; null when no shard count passes. */
  readonly provisionedUsd: number | null;
  readonly onDemandUsd: number;
  /** The chosen capacity's monthly cost; null when nothing passes. */
  readonly chosenUsd: number | null;
}

/** The reasoning of `StreamCapacity.forWorkload`, exposed on the capacity (and recorded as tags and outputs). */
export interface CapacitySizing {
  /** The workload sized for, as given. */
  readonly workload: Workload;
  /** Options with defaults applied. */
  readonly targetThrottledFraction: number;
  readonly headroom: number;
  readonly mode: WorkloadCapacityMode;
  /** Invalid fields of the workload (`parseWorkload`); when any, nothing was sized. */
  readonly workloadProblems: readonly WorkloadProblem[];
  /** Invalid options, as problems on `capacity.options.<field>`. */
  readonly optionProblems: readonly { readonly property: string; readonly value: unknown; readonly allowed: string }[];
  /** True when a capacity that passes was found. */
  readonly feasible: boolean;
  /** What was chosen, e.g. "14 provisioned shards" or "on-demand"; "none" when infeasible. */
  readonly recommendation: string;
  /** The binding constraint at the chosen capacity (or what makes the workload infeasible). */
  readonly bindingConstraint: Bottleneck;
  /** Simulated peak write utilization of the busiest shard (on-demand: of that second's capacity). */
  readonly peakUtilization: number;
  /** Simulated throttled fraction at the chosen capacity. */
  readonly throttledFraction: number;
  readonly monthlyCost: CapacityCostEstimate;
  /** One paragraph: why this capacity (or why none passes, and what would help). */
  readonly explanation: string;
  /** The simulator's shard-count search (`size`), when the workload was valid. */
  readonly sizing?: SizingResult;
  /** The check of on-demand capacity (`checkCapacity`), when it was considered ("on-demand", "cheapest"). */
  readonly onDemandVerdict?: CapacityVerdict;
  /** The check of the chosen capacity; undefined when nothing passes. */
  readonly verdict?: CapacityVerdict;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
function usd(x: number): string {
  return `$${x.toFixed(2)}/month`;
}

/**
 * How a stream gets its throughput: on-demand (AWS scales shards) or provisioned (a fixed shard count).
 *
 * A class with factory methods rather than a bare enum so that the invalid combination "on-demand with a shard
 * count" cannot be written. The constructor is protected; `mode` / `shardCount` stay the only fields the stream
 * needs, and `sizing` is set only by `forWorkload`.
 */
export class StreamCapacity {
  /**
   * On-demand capacity: no shard count, throughput scales with traffic (billed per GB and per stream-hour).
   * The default for `EncryptedStream`, because a wrong shard count is the most common cause of throttling and
   * over-spend, and on-demand needs no capacity planning (see aws-facts.md §2.6 for its scaling limits).
   */
  public static onDemand(): StreamCapacity {
    return new StreamCapacity("ON_DEMAND", undefined);
  }

  /**
   * Provisioned capacity with a fixed number of shards (1 MiB/s and 1,000 records/s of writes per shard).
   * Validated at synth time as an integer from 1 to `KINESIS_LIMITS.maxShardsPerStream`; with a stream `workload`,
   * also checked to sustain it.
   */
  public static provisioned(shardCount: number): StreamCapacity {
    return new StreamCapacity("PROVISIONED", shardCount);
  }

  /**
   * Capacity sized from a declared workload by the stream-simulator at synth: the smallest shard count whose
   * simulation throttles at most `targetThrottledFraction` with the busiest shard's peak within `headroom` (or
   * on-demand, per `options.mode`). Never throws: an invalid workload or one no capacity sustains becomes a synth
   * problem of the stream using this capacity, under that stream's construct path. The reasoning is on `sizing`.
   * Deterministic (the simulator is seeded) and memoized by the workload's value, so re-synthesizing is cheap.
   */
  public static forWorkload(workload: Workload, options: WorkloadCapacityOptions = {}): StreamCapacity {
    const sizing = sizeForWorkload(workload, options);
    const shards = sizing.verdict?.capacity.mode === "provisioned" ? sizing.verdict.capacity.shards : undefined;
    const mode: StreamMode = sizing.verdict?.capacity.mode === "on-demand" ? "ON_DEMAND" : "PROVISIONED";
    return new StreamCapacity(mode, shards, sizing);
  }

  protected constructor(
    /** The capacity mode. */
    public readonly mode: StreamMode,
    /** Shard count for `PROVISIONED`; undefined for `ON_DEMAND` (and for a `forWorkload` no capacity sustains). */
    public readonly shardCount: number | undefined,
    /** The sizing reasoning; set only by `forWorkload`. */
    public readonly sizing?: CapacitySizing,
  ) {}
}

/** The decision behind `forWorkload` (pure: no construct is involved). */
function sizeForWorkload(workload: Workload, options: WorkloadCapacityOptions): CapacitySizing {
  const target = options.targetThrottledFraction ?? DEFAULT_TARGET_THROTTLED_FRACTION;
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  const mode = options.mode ?? "provisioned";
  const optionProblems: { property: string; value: unknown; allowed: string }[] = [];
  if (!(typeof target === "number" && target >= 0 && target < 1)) {
    optionProblems.push({ property: "capacity.options.targetThrottledFraction", value: target, allowed: "a number from 0 (inclusive) to 1 (exclusive)" });
  }
  if (!(typeof headroom === "number" && headroom > 0 && headroom <= 1)) {
    optionProblems.push({ property: "capacity.options.headroom", value: headroom, allowed: "a number greater than 0 and at most 1" });
  }
  if (!["provisioned", "on-demand", "cheapest"].includes(mode)) {
    optionProblems.push({ property: "capacity.options.mode", value: mode, allowed: 'one of "provisioned", "on-demand", "cheapest"' });
  }
  const empty = {
    workload,
    targetThrottledFraction: target,
    headroom,
    mode,
    optionProblems,
    feasible: false,
    recommendation: "none",
    bindingConstraint: "none" as Bottleneck,
    peakUtilization: 0,
    throttledFraction: 0,
    monthlyCost: { provisionedUsd: null, onDemandUsd: 0, chosenUsd: null },
    explanation: "Not sized: the workload or the options are invalid.",
  };
  let workloadProblems: readonly WorkloadProblem[] = workloadTokenPaths(workload).map((path) => ({
    path,
    value: "a Terraform token",
    allowed: "a literal value: StreamCapacity.forWorkload sizes the stream at synth, and a token is known only at deploy time " +
      "(use StreamCapacity.provisioned(n) or onDemand() with a `workload` to have literal parts checked, or declare literal values)",
  }));
  if (workloadProblems.length === 0) {
    try {
      parseWorkload(workload);
    } catch (e) {
      if (!(e instanceof WorkloadValidationError)) throw e;
      workloadProblems = e.problems;
    }
  }
  if (workloadProblems.length > 0 || optionProblems.length > 0) return { ...empty, workloadProblems };

  const opts = { targetThrottledFraction: target, headroom };
  const sizing = sizeMemoized(workload, opts);
  const provisionedUsd = sizing.cost.provisioned?.totalMonthlyUsd ?? null;
  const onDemandUsd = sizing.cost.onDemand.totalMonthlyUsd;
  const provisioned =
    sizing.feasible && sizing.recommendedShards !== null
      ? checkCapacity(workload, { mode: "provisioned", shards: sizing.recommendedShards }, opts)
      : undefined;
  const onDemandVerdict = mode === "provisioned" ? undefined : checkCapacity(workload, { mode: "on-demand" }, opts);

  let chosen: CapacityVerdict | undefined;
  let why: string;
  const odText = (v: CapacityVerdict): string =>
    v.passes
      ? `on-demand passes (throttled ${pct(v.throttledFraction)}, ${usd(onDemandUsd)})`
      : `on-demand fails (throttled ${pct(v.throttledFraction)} of records, target ≤ ${pct(target)}; binding ${v.bindingConstraint})`;
  const provText = provisioned
    ? `${sizing.recommendedShards} provisioned shards pass (${usd(provisionedUsd ?? 0)})`
    : "no provisioned shard count passes";
  if (mode === "provisioned") {
    chosen = provisioned;
    why = provisioned ? `Sized provisioned (mode "provisioned"): ${sizing.explanation}` : `No provisioned shard count passes: ${sizing.explanation}`;
  } else if (mode === "on-demand") {
    const od = onDemandVerdict as CapacityVerdict;
    chosen = od.passes ? od : undefined;
    why = `On-demand requested: ${odText(od)}; for comparison ${provText}.`;
  } else {
    const od = onDemandVerdict as CapacityVerdict;
    if (provisioned && od.passes) {
      chosen = (provisionedUsd ?? Infinity) <= onDemandUsd ? provisioned : od;
      why = `Cheapest capacity that passes: ${provText}, ${odText(od)}; chose ${chosen === od ? "on-demand" : "provisioned"}.`;
    } else {
      chosen = provisioned ?? (od.passes ? od : undefined);
      why = `Cheapest capacity that passes: ${provText}; ${odText(od)}.`;
    }
    if (chosen === provisioned && provisioned) why += ` ${sizing.explanation}`;
  }
  const failing = chosen === undefined ? (mode === "on-demand" ? onDemandVerdict : undefined) : undefined;
  if (chosen === undefined && sizing.advice.length > 0) why += ` What would help: ${sizing.advice.join(" ")}`;
  const at = chosen ?? failing;
  return {
    ...empty,
    workloadProblems,
    feasible: chosen !== undefined,
    recommendation:
      chosen === undefined
        ? "none"
        : chosen.capacity.mode === "on-demand"
          ? "on-demand"
          : `${chosen.capacity.shards} provisioned shard${chosen.capacity.shards === 1 ? "" : "s"}`,
    bindingConstraint: at?.bindingConstraint ?? sizing.bottleneck,
    peakUtilization: at?.peakUtilization ?? sizing.peakShardUtilization,
    throttledFraction: at?.throttledFraction ?? sizing.throttledFraction,
    monthlyCost: {
      provisionedUsd,
      onDemandUsd,
      chosenUsd: chosen === undefined ? null : chosen.capacity.mode === "on-demand" ? onDemandUsd : provisionedUsd,
    },
    explanation: why,
    sizing,
    ...(onDemandVerdict ? { onDemandVerdict } : {}),
    ...(chosen ? { verdict: chosen } : {}),
  };
}
