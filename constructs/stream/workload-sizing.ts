/**
 * The decision behind `StreamCapacity.forWorkload`: the simulator's sizing rule (`size`, three questions: limit,
 * growth, throttle) for provisioned shards, its on-demand verdict (steady state decides, the cold start is reported),
 * and the choice between them by `mode`. Pure: no construct is involved, and it never throws; problems are kept on the
 * result for the stream that uses the capacity to report under its construct path.
 */
import {
  DEFAULT_HEADROOM,
  DEFAULT_TARGET_THROTTLED_FRACTION,
  checkCapacity,
  coldStartText,
  sizeMemoized,
  type Bottleneck,
  type CapacityVerdict,
  type KeyNamingSpread,
  type OnDemandTier,
  type OnDemandVerdict,
  type ProvisionedQuestions,
  type SizingQuestion,
  type SizingResult,
  type Workload,
  type WorkloadProblem,
} from "stream-simulator";
import { sizingWorkloadProblems, validateWorkloadCapacityOptions } from "../validation/capacity-options";
import type { Problem } from "../validation/problems";
import type { WorkloadCapacityMode, WorkloadCapacityOptions } from "./capacity-options";

/** Monthly cost estimates (USD, us-east-1 list prices of the simulator's price table) behind a sizing decision. */
export interface CapacityCostEstimate {
  /** The recommended shard count's monthly cost; null when no shard count passes. */
  readonly provisionedUsd: number | null;
  /** On-demand's monthly cost in the `onDemandTier` (Advantage: its regional minimum included, as the simulator prices it). */
  readonly onDemandUsd: number;
  /** The chosen capacity's monthly cost; null when nothing passes. */
  readonly chosenUsd: number | null;
}

/** The reasoning of `StreamCapacity.forWorkload`, exposed on the capacity (and recorded as a tag and an output). */
export interface CapacitySizing {
  /** The workload sized for, as given. */
  readonly workload: Workload;
  /** Options with defaults applied. */
  readonly targetThrottledFraction: number;
  readonly headroom: number;
  readonly mode: WorkloadCapacityMode;
  readonly onDemandTier: OnDemandTier;
  /** Invalid fields of the workload (`parseWorkload`); when any, nothing was sized. */
  readonly workloadProblems: readonly WorkloadProblem[];
  /** Invalid options, as problems on `capacity.options.<field>`. */
  readonly optionProblems: readonly Problem[];
  /** True when a capacity that passes was found. */
  readonly feasible: boolean;
  /** What was chosen, e.g. "14 provisioned shards" or "on-demand"; "none" when infeasible. */
  readonly recommendation: string;
  /**
   * Provisioned shards chosen: the sizing question whose answer is the shard count (`limit`, `growth` or
   * `throttle`); null for on-demand and when nothing passes.
   */
  readonly binding: SizingQuestion | null;
  /** The constraint closest to its ceiling at the chosen capacity (or what makes the workload infeasible). */
  readonly bindingConstraint: Bottleneck;
  /** Provisioned shards chosen: the three questions at that count, as `checkCapacity` answers them. */
  readonly questions?: ProvisionedQuestions;
  /** Provisioned shards chosen: the busiest shard's load at the steady peak, without arrival noise (1 = at a limit). */
  readonly busiestShardLoad?: number;
  /** Simulated peak one-second write utilization of the busiest shard, noise included (on-demand: of that second's capacity). */
  readonly peakUtilization: number;
  /** Simulated fraction of records throttled at their first attempt, at the chosen capacity. */
  readonly firstAttemptThrottledFraction: number;
  /** Simulated records lost after the producer's retries, at the chosen capacity. */
  readonly lostRecords: number;
  /** Simulated fraction of records lost after retries, at the chosen capacity. */
  readonly throttledFraction: number;
  /** Entity keys: how the shard count varies with the real key names (their MD5 placement). */
  readonly keyNamings?: KeyNamingSpread;
  /** What the answer depends on, one sentence each (declared peak, headroom, key names, unconfirmed figures). */
  readonly dependsOn: readonly string[];
  /** On-demand chosen: the cold start of a new stream (a synth warning when it throttles beyond the target). */
  readonly coldStart?: OnDemandVerdict["coldStart"];
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
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 3 : 1)}%`;
}
function usd(x: number): string {
  return `$${x.toFixed(2)}/month`;
}
function shardsText(n: number): string {
  return `${n} provisioned shard${n === 1 ? "" : "s"}`;
}

/** "Depending on your real key names, 5–7 shards …" for entity keys; empty otherwise. */
function keyNamingSentence(sizing: SizingResult): string {
  const k = sizing.keyNamings;
  if (k === undefined || sizing.recommendedShards === null) return "";
  const range = k.minShards === k.maxShards ? `${k.minShards}` : `${k.minShards}–${k.maxShards}`;
  return (
    ` Depending on where your real key names hash, ${range} shards meet limit and growth; ${sizing.recommendedShards} ` +
    `hold for ${k.holdsFor} of ${k.namings} independent key namings (at least ${Math.round(k.quantile * 100)}% required).`
  );
}

/** On-demand's verdict in a clause, e.g. "on-demand passes in its steady state ($784.88/month; cold start …)". */
function onDemandClause(v: CapacityVerdict, usdValue: number, target: number): string {
  const cold = v.onDemand?.coldStart;
  const coldText = cold === undefined ? "" : `; cold start ${coldStartText(cold)}`;
  return v.passes
    ? `on-demand passes in its steady state (${pct(v.firstAttemptThrottledFraction)} of first attempts throttled, ${usd(usdValue)}${coldText})`
    : `on-demand fails (${v.failures.map((f) => f.message).join("; ")}; target ≤ ${pct(target)}; binding ${v.bindingConstraint})`;
}

/** The figures of the chosen (or the failing) verdict; on-demand's `sizing` fall-backs when there is neither. */
function figuresOf(at: CapacityVerdict | undefined, sizing: SizingResult) {
  return {
    bindingConstraint: at?.bindingConstraint ?? sizing.bottleneck,
    peakUtilization: at?.peakUtilization ?? sizing.peakShardUtilization,
    firstAttemptThrottledFraction: at?.firstAttemptThrottledFraction ?? sizing.firstAttemptThrottledFraction,
    lostRecords: at?.lostRecords ?? sizing.lostRecords,
    throttledFraction: at?.throttledFraction ?? sizing.throttledFraction,
  };
}

/** The decision behind `StreamCapacity.forWorkload` (see the module comment). */
export function sizeForWorkload(workload: Workload, options: WorkloadCapacityOptions): CapacitySizing {
  // JavaScript callers may pass anything: a non-object is one problem on `capacity.options`, never a TypeError.
  const given = options === undefined || (options !== null && typeof options === "object" && !Array.isArray(options));
  if (!given || options === undefined) options = {};
  const target = options.targetThrottledFraction ?? DEFAULT_TARGET_THROTTLED_FRACTION;
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  const mode = options.mode ?? "provisioned";
  const onDemandTier = options.onDemandTier ?? "standard";
  const optionProblems: Problem[] = given
    ? validateWorkloadCapacityOptions({ targetThrottledFraction: target, headroom, mode, onDemandTier }, "capacity.options")
    : [{ property: "capacity.options", value: options, allowed: "an object of WorkloadCapacityOptions, or nothing" }];
  const base = { workload, targetThrottledFraction: target, headroom, mode, onDemandTier, optionProblems };
  const workloadProblems = sizingWorkloadProblems(workload);
  if (workloadProblems.length > 0 || optionProblems.length > 0) {
    return {
      ...base,
      workloadProblems,
      feasible: false,
      recommendation: "none",
      binding: null,
      bindingConstraint: "none",
      peakUtilization: 0,
      firstAttemptThrottledFraction: 0,
      lostRecords: 0,
      throttledFraction: 0,
      dependsOn: [],
      monthlyCost: { provisionedUsd: null, onDemandUsd: 0, chosenUsd: null },
      explanation: "Not sized: the workload or the options are invalid.",
    };
  }

  const criteria = { targetThrottledFraction: target, headroom };
  const sizing = sizeMemoized(workload, criteria);
  const provisionedUsd = sizing.cost.provisioned?.totalMonthlyUsd ?? null;
  const onDemandUsd = (onDemandTier === "advantage" ? sizing.cost.onDemandAdvantage : sizing.cost.onDemand).totalMonthlyUsd;
  const provisioned =
    sizing.feasible && sizing.recommendedShards !== null
      ? checkCapacity(workload, { mode: "provisioned", shards: sizing.recommendedShards }, criteria)
      : undefined;
  const onDemandSpec = onDemandTier === "advantage" ? ({ mode: "on-demand", tier: "advantage" } as const) : ({ mode: "on-demand" } as const);
  const onDemandVerdict = mode === "provisioned" ? undefined : checkCapacity(workload, onDemandSpec, criteria);

  const provText = provisioned ? `${shardsText(sizing.recommendedShards as number)} pass (${usd(provisionedUsd ?? 0)})` : "no provisioned shard count passes";
  const sizedText = `${sizing.explanation}${keyNamingSentence(sizing)}`;
  let chosen: CapacityVerdict | undefined;
  let why: string;
  if (mode === "provisioned") {
    chosen = provisioned;
    why = provisioned ? `Sized provisioned (mode "provisioned"): ${sizedText}` : `No provisioned shard count passes: ${sizing.explanation}`;
  } else {
    const od = onDemandVerdict as CapacityVerdict;
    const odText = onDemandClause(od, onDemandUsd, target);
    if (mode === "on-demand") {
      chosen = od.passes ? od : undefined;
      why = `On-demand requested: ${odText}; for comparison ${provText}.`;
    } else {
      chosen = provisioned && od.passes ? ((provisionedUsd ?? Infinity) <= onDemandUsd ? provisioned : od) : (provisioned ?? (od.passes ? od : undefined));
      why = `Cheapest capacity that passes: ${provText}; ${odText}${chosen ? `; chose ${chosen === od ? "on-demand" : "provisioned"}` : ""}.`;
      if (chosen === provisioned && provisioned) why += ` ${sizedText}`;
    }
  }
  if (chosen === undefined && sizing.advice.length > 0) why += ` What would help: ${sizing.advice.join(" ")}`;
  const at = chosen ?? (mode === "on-demand" ? onDemandVerdict : undefined);
  const onProvisioned = chosen !== undefined && chosen.capacity.mode === "provisioned";
  const questions = onProvisioned ? chosen?.questions : undefined;
  return {
    ...base,
    workloadProblems,
    feasible: chosen !== undefined,
    recommendation: chosen === undefined ? "none" : chosen.capacity.mode === "on-demand" ? "on-demand" : shardsText(chosen.capacity.shards),
    binding: onProvisioned ? sizing.binding : null,
    ...figuresOf(at, sizing),
    ...(questions ? { questions, busiestShardLoad: sizing.busiestShardLoad } : {}),
    ...(sizing.keyNamings && onProvisioned ? { keyNamings: sizing.keyNamings } : {}),
    dependsOn: onProvisioned || chosen === undefined ? sizing.dependsOn : [],
    ...(chosen?.onDemand ? { coldStart: chosen.onDemand.coldStart } : {}),
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
