/**
 * Synth-time checks of a stream's capacity against its declared workload, and the text recorded for reviewers
 * (tag value, output fields). Pure: returns problems, never throws; the verdict itself is the simulator's
 * `checkCapacity`, so the synth error and the jest matcher (`testing/`) print the same message.
 */
import {
  checkCapacity,
  formatCapacityVerdict,
  stableJson,
  type CapacityCheckOptions,
  type CapacityVerdict,
  type Workload,
} from "stream-simulator";
import type { CapacitySizing, StreamCapacity } from "../stream-capacity";
import { isToken, type Problem } from "./problems";
import { workloadProblems, workloadTokenPaths } from "./workload-tokens";

/** The subject of capacity messages: "Stream '<name>' (path <construct path>)". */
export function streamSubject(streamName: string, constructPath?: string): string {
  const name = isToken(streamName) || typeof streamName !== "string" ? undefined : streamName;
  const path = constructPath !== undefined ? `path ${constructPath}` : undefined;
  if (name !== undefined) return `Stream '${name}'${path ? ` (${path})` : ""}`;
  return `Stream at ${path ?? "an unknown path"}`;
}

export interface StreamCapacityCheckInput {
  readonly streamName: string;
  readonly constructPath?: string;
  readonly capacity: StreamCapacity;
  /** The `workload` prop. */
  readonly workload?: Workload;
  /** The `capacityCheck` prop. */
  readonly checkOptions?: CapacityCheckOptions;
  /** False when the shard count already has a problem of its own (then it is not simulated). */
  readonly shardCountValid: boolean;
}

export interface StreamCapacityCheck {
  readonly problems: Problem[];
  /** The workload the stream declares (its `workload`, or the one its capacity was sized for). */
  readonly workload?: Workload;
  /** The verdict for the stream's capacity, when one was computed and passes or fails. */
  readonly verdict?: CapacityVerdict;
  readonly sizing?: CapacitySizing;
  /** Why the declared workload was not checked (it holds Terraform tokens); the stream warns with it at synth. */
  readonly skipped?: string;
}

/**
 * Every problem with a stream's capacity given its declared workload:
 * - `forWorkload` capacity: its invalid options/workload (`capacity.options.*`, `capacity.workload.*`), a workload no
 *   capacity sustains (`capacity`), a different `workload` prop (`workload`), and `capacityCheck` (given to
 *   `forWorkload` instead);
 * - explicit capacity + `workload`: invalid workload fields (`workload.*`), invalid `capacityCheck`, and a capacity the
 *   simulation says does not sustain the workload (`capacity.shardCount` or `capacity`), with the verdict's message.
 */
export function checkStreamCapacity(input: StreamCapacityCheckInput): StreamCapacityCheck {
  const subject = streamSubject(input.streamName, input.constructPath);
  const sizing = input.capacity.sizing;
  const problems: Problem[] = [];
  if (sizing !== undefined) {
    problems.push(...sizing.optionProblems);
    problems.push(
      ...sizing.workloadProblems.map((p) => ({ property: p.path ? `capacity.workload.${p.path}` : "capacity.workload", value: p.value, allowed: p.allowed })),
    );
    if (input.workload !== undefined && stableJson(input.workload) !== stableJson(sizing.workload)) {
      problems.push({
        property: "workload",
        value: input.workload,
        allowed: "the workload the capacity was sized for (StreamCapacity.forWorkload(workload)): omit `workload`, or pass the same one",
      });
    }
    if (input.checkOptions !== undefined) {
      problems.push({
        property: "capacityCheck",
        value: input.checkOptions,
        allowed: "not set with StreamCapacity.forWorkload (pass targetThrottledFraction/headroom to forWorkload instead)",
      });
    }
    if (problems.length === 0 && !sizing.feasible) {
      const od = sizing.onDemandVerdict;
      const message = sizing.mode === "on-demand" && od !== undefined ? formatCapacityVerdict(od, subject) : infeasibleMessage(sizing, subject);
      problems.push({ property: "capacity", value: `forWorkload (mode "${sizing.mode}")`, allowed: `a capacity that sustains the declared workload. ${message}` });
    }
    return { problems, workload: sizing.workload, sizing, ...(sizing.verdict ? { verdict: sizing.verdict } : {}) };
  }

  if (input.workload === undefined) {
    if (input.checkOptions !== undefined) {
      problems.push({ property: "capacityCheck", value: input.checkOptions, allowed: "only with a declared `workload` (remove it, or declare the workload)" });
    }
    return { problems };
  }
  problems.push(...workloadProblems("workload", input.workload));
  const options = input.checkOptions ?? {};
  const target = options.targetThrottledFraction;
  const headroom = options.headroom;
  if (target !== undefined && !(typeof target === "number" && target >= 0 && target < 1)) {
    problems.push({ property: "capacityCheck.targetThrottledFraction", value: target, allowed: "a number from 0 (inclusive) to 1 (exclusive)" });
  }
  if (headroom !== undefined && !(typeof headroom === "number" && headroom > 0 && headroom <= 1)) {
    problems.push({ property: "capacityCheck.headroom", value: headroom, allowed: "a number greater than 0 and at most 1" });
  }
  const capacity = input.capacity;
  const tokens = workloadTokenPaths(input.workload);
  if (tokens.length > 0 || isToken(capacity.shardCount)) {
    const what = tokens.length > 0 ? `workload.${tokens.join(", workload.")} ${tokens.length === 1 ? "is a Terraform token" : "are Terraform tokens"}` : "capacity.shardCount is a Terraform token";
    return { problems, workload: input.workload, skipped: `${subject}: the capacity was not checked against the declared workload: ${what} (known only at deploy time).` };
  }
  if (problems.length > 0 || !input.shardCountValid) return { problems, workload: input.workload };
  const spec =
    capacity.mode === "ON_DEMAND" ? ({ mode: "on-demand" } as const) : ({ mode: "provisioned", shards: capacity.shardCount as number } as const);
  const verdict = checkCapacity(input.workload, spec, options);
  if (!verdict.passes) {
    problems.push({
      property: capacity.mode === "ON_DEMAND" ? "capacity" : "capacity.shardCount",
      value: capacity.mode === "ON_DEMAND" ? "ON_DEMAND" : capacity.shardCount,
      allowed: `a capacity that sustains the declared workload. ${formatCapacityVerdict(verdict, subject)}`,
    });
  }
  return { problems, workload: input.workload, verdict };
}

/**
 * Why `forWorkload` (mode "provisioned" or "cheapest") found nothing: the verdict at the shard count the sizing
 * simulated last, in the same format as an explicit capacity's error (throttled fraction, hot shard and its load,
 * binding constraint, why no shard count passes and what would help), plus on-demand's result for "cheapest".
 */
function infeasibleMessage(sizing: CapacitySizing, subject: string): string {
  const head = `${subject}: StreamCapacity.forWorkload (mode "${sizing.mode}") found no capacity that sustains the declared workload.`;
  const sz = sizing.sizing;
  if (sz === undefined) return `${head} ${sizing.explanation}`;
  const at = checkCapacity(
    sizing.workload,
    { mode: "provisioned", shards: sz.simulatedShards },
    { targetThrottledFraction: sizing.targetThrottledFraction, headroom: sizing.headroom },
  );
  if (at.passes) return `${head} ${sizing.explanation}`;
  const od = sizing.onDemandVerdict;
  const onDemand =
    od !== undefined
      ? `\n    On-demand fails too: ${(od.throttledFraction * 100).toFixed(1)}% of records throttled (target ≤ ${(sizing.targetThrottledFraction * 100).toFixed(1)}%), binding constraint ${od.bindingConstraint}.`
      : "";
  return `${head} At ${sz.simulatedShards} shard${sz.simulatedShards === 1 ? "" : "s"}: ${formatCapacityVerdict(at, subject)}${onDemand}`;
}

/** AWS tag values: letters, digits, spaces and `_ . : / = + - @`, at most 256 characters. */
const TAG_VALUE_MAX = 256;

/** `text` made a valid AWS tag value: '%' → " pct", '$' dropped, other characters outside the set → ' ', ≤ 256. */
export function toTagValue(text: string): string {
  const cleaned = text
    .replace(/%/g, " pct")
    .replace(/\$/g, "")
    .replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  return cleaned.length > TAG_VALUE_MAX ? cleaned.slice(0, TAG_VALUE_MAX).trimEnd() : cleaned;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** What a reviewer sees for a stream with a declared workload: the fields of its output and its tag value. */
export interface CapacityRecord {
  readonly recommendation: string;
  readonly bindingConstraint: string;
  readonly simulatedPeakUtilization: number;
  readonly simulatedThrottledFraction: number;
  readonly monthlyCostEstimateUsd: number | null;
  readonly explanation: string;
}

/** The record of a passing capacity check (sized by `forWorkload`, or an explicit capacity that was checked). */
export function capacityRecord(check: StreamCapacityCheck, subject: string): CapacityRecord | undefined {
  const v = check.verdict;
  if (v === undefined) return undefined;
  const s = check.sizing;
  const what = v.capacity.mode === "on-demand" ? "on-demand" : `${v.capacity.shards} provisioned shard${v.capacity.shards === 1 ? "" : "s"}`;
  return {
    recommendation: s ? `${what} (sized by StreamCapacity.forWorkload, mode ${s.mode})` : `${what} (given; checked against the declared workload)`,
    bindingConstraint: v.bindingConstraint,
    simulatedPeakUtilization: Math.round(v.peakUtilization * 10_000) / 10_000,
    simulatedThrottledFraction: Math.round(v.throttledFraction * 1e6) / 1e6,
    monthlyCostEstimateUsd: Math.round(v.monthlyCostUsd * 100) / 100,
    explanation: s ? s.explanation : formatCapacityVerdict(v, subject),
  };
}

/** The `CapacitySizing` tag value, e.g. "forWorkload 14 provisioned shards / binding write-bytes / peak 72.3 pct / …". */
export function capacityTagValue(record: CapacityRecord, sized: boolean): string {
  const what = record.recommendation.replace(/ \(.*$/, "");
  return toTagValue(
    `${sized ? "forWorkload" : "checked"} ${what} / binding ${record.bindingConstraint} / peak ${pct(record.simulatedPeakUtilization)} / ` +
      `throttled ${pct(record.simulatedThrottledFraction)}` +
      (record.monthlyCostEstimateUsd !== null ? ` / est ${record.monthlyCostEstimateUsd.toFixed(2)} USD per month` : ""),
  );
}
