/**
 * Synth-time check of an `EncryptedStream`'s capacity against its declared workload. Pure: returns problems, never
 * throws; the verdict itself is the simulator's `checkCapacity`, so the synth error and the jest matcher
 * (`testing/`) print the same message. What is recorded for reviewers (tag, output) is `../stream/capacity-record.ts`.
 */
import {
  checkCapacity,
  formatCapacityVerdict,
  stableJson,
  type CapacityVerdict,
  type Workload,
} from "stream-simulator";
import type { EncryptedStreamProps } from "../stream/props";
import { resolveStreamSettings } from "../stream/settings";
import type { CapacitySizing } from "../stream/stream-capacity";
import { isToken, type Problem } from "./problems";
import { shardCountProblems } from "./stream";
import { capacityOptionsProblems, workloadProblems, workloadTokenPaths } from "./workload";

/** The subject of capacity messages: "Stream '<name>' (path <construct path>)". */
export function streamSubject(streamName: string, constructPath?: string): string {
  const name = isToken(streamName) || typeof streamName !== "string" ? undefined : streamName;
  const path = constructPath !== undefined ? `path ${constructPath}` : undefined;
  if (name !== undefined) return `Stream '${name}'${path ? ` (${path})` : ""}`;
  return `Stream at ${path ?? "an unknown path"}`;
}

export interface StreamCapacityCheck {
  readonly problems: Problem[];
  /** The workload the stream declares (its `workload`, or the one its capacity was sized for). */
  readonly workload?: Workload;
  /** The verdict for the stream's capacity, when one was computed and passes or fails. */
  readonly verdict?: CapacityVerdict;
  readonly sizing?: CapacitySizing;
  /**
   * What the stream warns about at synth: why the declared workload was not checked (it holds Terraform tokens), or
   * that on-demand capacity which passes in its steady state throttles during a new stream's cold start.
   */
  readonly warnings: readonly string[];
}

/** The cold-start warning of an on-demand verdict that passes, when a new stream would throttle while it scales. */
function coldStartWarnings(verdict: CapacityVerdict | undefined, subject: string): string[] {
  const cold = verdict?.passes ? verdict.onDemand?.coldStart : undefined;
  if (cold === undefined || cold.passes) return [];
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  return [
    `${subject}: on-demand sustains the declared workload once established, but a new stream starts at ` +
      `${(cold.initialCapacityBytesPerSecond / 1048576).toFixed(1)} MiB/s and throttles ${pct(cold.firstAttemptThrottledFraction)} of first ` +
      `attempts during its first ${Math.ceil(cold.seconds / 60)} min while it scales. Create the stream ahead of the traffic and ramp up, ` +
      "declare workload.onDemand.previousPeakMiBPerSecond if it already carries this traffic, or pre-warm it (warm throughput, On-demand Advantage).",
  ];
}

/**
 * Every problem with a stream's capacity given its declared workload:
 * - `forWorkload` capacity: its invalid options/workload (`capacity.options.*`, `capacity.workload.*`), a workload no
 *   capacity sustains (`capacity`), a different `workload` prop (`workload`), and `capacityCheck` (given to
 *   `forWorkload` instead);
 * - explicit capacity + `workload`: invalid workload fields (`workload.*`), invalid `capacityCheck`, and a capacity the
 *   simulation says does not sustain the workload (`capacity.shardCount` or `capacity`), with the verdict's message.
 */
export function checkStreamCapacity(props: EncryptedStreamProps, constructPath?: string): StreamCapacityCheck {
  const subject = streamSubject(props.streamName, constructPath);
  const { capacity } = resolveStreamSettings(props);
  const sizing = capacity.sizing;
  const problems: Problem[] = [];
  if (sizing !== undefined) {
    problems.push(...sizing.optionProblems);
    problems.push(
      ...sizing.workloadProblems.map((p) => ({ property: p.path ? `capacity.workload.${p.path}` : "capacity.workload", value: p.value, allowed: p.allowed })),
    );
    if (props.workload !== undefined && stableJson(props.workload) !== stableJson(sizing.workload)) {
      problems.push({
        property: "workload",
        value: props.workload,
        allowed: "the workload the capacity was sized for (StreamCapacity.forWorkload(workload)): omit `workload`, or pass the same one",
      });
    }
    if (props.capacityCheck !== undefined) {
      problems.push({
        property: "capacityCheck",
        value: props.capacityCheck,
        allowed: "not set with StreamCapacity.forWorkload (pass targetThrottledFraction/headroom to forWorkload instead)",
      });
    }
    if (problems.length === 0 && !sizing.feasible) {
      const od = sizing.onDemandVerdict;
      const message = sizing.mode === "on-demand" && od !== undefined ? formatCapacityVerdict(od, subject) : infeasibleMessage(sizing, subject);
      problems.push({ property: "capacity", value: `forWorkload (mode "${sizing.mode}")`, allowed: `a capacity that sustains the declared workload. ${message}` });
    }
    return {
      problems,
      workload: sizing.workload,
      sizing,
      ...(sizing.verdict ? { verdict: sizing.verdict } : {}),
      warnings: problems.length === 0 ? coldStartWarnings(sizing.verdict, subject) : [],
    };
  }

  if (props.workload === undefined) {
    if (props.capacityCheck !== undefined) {
      problems.push({ property: "capacityCheck", value: props.capacityCheck, allowed: "only with a declared `workload` (remove it, or declare the workload)" });
    }
    return { problems, warnings: [] };
  }
  problems.push(...workloadProblems("workload", props.workload));
  const options = props.capacityCheck ?? {};
  problems.push(...capacityOptionsProblems("capacityCheck", options));
  const tokens = workloadTokenPaths(props.workload);
  if (tokens.length > 0 || isToken(capacity.shardCount)) {
    const what = tokens.length > 0 ? `workload.${tokens.join(", workload.")} ${tokens.length === 1 ? "is a Terraform token" : "are Terraform tokens"}` : "capacity.shardCount is a Terraform token";
    return { problems, workload: props.workload, warnings: [`${subject}: the capacity was not checked against the declared workload: ${what} (known only at deploy time).`] };
  }
  if (problems.length > 0 || shardCountProblems(capacity).length > 0) return { problems, workload: props.workload, warnings: [] };
  const spec =
    capacity.mode === "ON_DEMAND" ? ({ mode: "on-demand" } as const) : ({ mode: "provisioned", shards: capacity.shardCount as number } as const);
  const verdict = checkCapacity(props.workload, spec, options);
  if (!verdict.passes) {
    problems.push({
      property: capacity.mode === "ON_DEMAND" ? "capacity" : "capacity.shardCount",
      value: capacity.mode === "ON_DEMAND" ? "ON_DEMAND" : capacity.shardCount,
      allowed: `a capacity that sustains the declared workload. ${formatCapacityVerdict(verdict, subject)}`,
    });
  }
  return { problems, workload: props.workload, verdict, warnings: coldStartWarnings(verdict, subject) };
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
  const onDemand = od !== undefined ? `\n    On-demand fails too: ${od.failures.map((f) => f.message).join("; ")}; binding constraint ${od.bindingConstraint}.` : "";
  return `${head} At ${sz.simulatedShards} shard${sz.simulatedShards === 1 ? "" : "s"}: ${formatCapacityVerdict(at, subject)}${onDemand}`;
}
