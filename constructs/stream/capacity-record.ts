/**
 * What a stream with a declared workload records for reviewers: the fields of its `CapacitySizing` Terraform output
 * and the value of its `CapacitySizing` tag, built from the capacity check (`checkStreamCapacity`): the capacity, the
 * sizing question that set it, the three answers, first-attempt throttling, the key-name spread and the cost.
 */
import { coldStartText, formatCapacityVerdict, type CapacityVerdict, type SizingQuestion } from "stream-simulator";
import { TAG_VALUE_MAX_LENGTH } from "../validation/rules";
import type { StreamCapacityCheck } from "../validation/stream-capacity";

/**
 * `text` made a valid AWS tag value: '%' → " pct", '$' dropped, other characters outside letters, digits, spaces and
 * `_ . : / = + - @` → ' ', at most `TAG_VALUE_MAX_LENGTH` (256) characters.
 */
export function toTagValue(text: string): string {
  const cleaned = text
    .replace(/%/g, " pct")
    .replace(/\$/g, "")
    .replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  return cleaned.length > TAG_VALUE_MAX_LENGTH ? cleaned.slice(0, TAG_VALUE_MAX_LENGTH).trimEnd() : cleaned;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 3 : 1)}%`;
}
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** What a reviewer sees for a stream with a declared workload: the fields of its output and its tag value. */
export interface CapacityRecord {
  /** e.g. "7 provisioned shards (sized by StreamCapacity.forWorkload, mode provisioned)". */
  readonly recommendation: string;
  /** Sized provisioned shards: the sizing question whose answer is the count (`limit`, `growth`, `throttle`); else null. */
  readonly sizedBy: SizingQuestion | null;
  /** The sizing rule's answers at this capacity in one line (provisioned: limit, growth, throttle; on-demand: steady state, cold start). */
  readonly questions: string;
  readonly bindingConstraint: string;
  /** Provisioned: the busiest shard's load at the steady peak, without noise (1 = at a limit); null for on-demand. */
  readonly busiestShardLoad: number | null;
  /** Peak one-second write utilization of the busiest shard, noise included, as simulated. */
  readonly simulatedPeakUtilization: number;
  /** Fraction of records throttled at their first attempt, as simulated (on-demand: its steady state). */
  readonly firstAttemptThrottledFraction: number;
  /** Records lost after the producer's retries, as simulated. */
  readonly lostRecords: number;
  /** Entity keys: the shard counts limit and growth need over the key namings, e.g. "5-7"; null otherwise. */
  readonly keyNamingShards: string | null;
  /** On-demand: a new stream's first-attempt throttled fraction during its cold start; null for provisioned. */
  readonly coldStartThrottledFraction: number | null;
  readonly monthlyCostEstimateUsd: number | null;
  readonly explanation: string;
}

/** The sizing rule's answers at the verdict's capacity, in one line. */
function questionsLine(v: CapacityVerdict): string {
  const q = v.questions;
  if (q !== undefined) {
    const say = (holds: boolean): string => (holds ? "holds" : "fails");
    return (
      `limit ${say(q.limit.holds)} (busiest shard ${pct(q.limit.busiestShardLoad)} of its ${q.limit.constraint} limit at the steady peak); ` +
      `growth ${say(q.growth.holds)} (${pct(q.growth.busiestShardLoad)}, headroom ${pct(v.headroom)}); ` +
      `throttle ${say(q.throttle.holds)} (${pct(q.throttle.firstAttemptThrottledFraction)} of first attempts, target ${pct(v.targetThrottledFraction)})`
    );
  }
  const od = v.onDemand;
  if (od === undefined) return "";
  return (
    `steady state ${pct(od.steadyState.firstAttemptThrottledFraction)} of first attempts throttled (target ${pct(v.targetThrottledFraction)}); ` +
    `cold start ${coldStartText(od.coldStart)}`
  );
}

/** The record of a passing capacity check (sized by `forWorkload`, or an explicit capacity that was checked). */
export function capacityRecord(check: StreamCapacityCheck, subject: string): CapacityRecord | undefined {
  const v = check.verdict;
  if (v === undefined) return undefined;
  const s = check.sizing;
  const provisioned = v.capacity.mode === "provisioned";
  const what = provisioned ? `${v.capacity.shards} provisioned shard${v.capacity.shards === 1 ? "" : "s"}` : "on-demand";
  const k = provisioned ? s?.keyNamings : undefined;
  return {
    recommendation: s ? `${what} (sized by StreamCapacity.forWorkload, mode ${s.mode})` : `${what} (given; checked against the declared workload)`,
    sizedBy: provisioned ? (s?.binding ?? null) : null,
    questions: questionsLine(v),
    bindingConstraint: v.bindingConstraint,
    busiestShardLoad: v.questions ? round(v.questions.limit.busiestShardLoad, 4) : null,
    simulatedPeakUtilization: round(v.peakUtilization, 4),
    firstAttemptThrottledFraction: round(v.firstAttemptThrottledFraction, 6),
    lostRecords: Math.round(v.lostRecords),
    keyNamingShards: k ? (k.minShards === k.maxShards ? `${k.minShards}` : `${k.minShards}-${k.maxShards}`) : null,
    coldStartThrottledFraction: v.onDemand ? round(v.onDemand.coldStart.firstAttemptThrottledFraction, 6) : null,
    monthlyCostEstimateUsd: round(v.monthlyCostUsd, 2),
    explanation: s ? s.explanation : formatCapacityVerdict(v, subject),
  };
}

/**
 * The `CapacitySizing` tag value, e.g. "forWorkload 7 provisioned shards / set by growth / busiest 74.4 pct at peak /
 * first attempts throttled 0.0 pct / est 458.88 USD per month".
 */
export function capacityTagValue(record: CapacityRecord, sized: boolean): string {
  const what = record.recommendation.replace(/ \(.*$/, "");
  const parts = [`${sized ? "forWorkload" : "checked"} ${what}`];
  if (record.sizedBy !== null) parts.push(`set by ${record.sizedBy}`);
  if (record.busiestShardLoad !== null) parts.push(`busiest ${pct(record.busiestShardLoad)} at peak`);
  parts.push(`first attempts throttled ${pct(record.firstAttemptThrottledFraction)}`);
  if (record.coldStartThrottledFraction !== null) parts.push(`cold start ${pct(record.coldStartThrottledFraction)}`);
  if (record.keyNamingShards !== null) parts.push(`key names ${record.keyNamingShards} shards`);
  if (record.monthlyCostEstimateUsd !== null) parts.push(`est ${record.monthlyCostEstimateUsd.toFixed(2)} USD per month`);
  return toTagValue(parts.join(" / "));
}

/**
 * The `CapacitySizing` output's value: the record's fields in snake_case, those that do not apply (null) left out
 * (cdktf cannot synthesize a null inside an output's object).
 */
export function capacityOutputValue(record: CapacityRecord): Record<string, string | number> {
  const fields: Record<string, string | number | null> = {
    recommendation: record.recommendation,
    sized_by: record.sizedBy,
    questions: record.questions,
    binding_constraint: record.bindingConstraint,
    busiest_shard_load: record.busiestShardLoad,
    simulated_peak_utilization: record.simulatedPeakUtilization,
    first_attempt_throttled_fraction: record.firstAttemptThrottledFraction,
    lost_records: record.lostRecords,
    key_naming_shards: record.keyNamingShards,
    cold_start_throttled_fraction: record.coldStartThrottledFraction,
    monthly_cost_estimate_usd: record.monthlyCostEstimateUsd,
    explanation: record.explanation,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string | number] => e[1] !== null));
}
