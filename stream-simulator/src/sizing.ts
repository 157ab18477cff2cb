/**
 * `size`: the shard-count recommendation — the largest of the three answers of the sizing rule (capacity-rule.ts),
 * naming which binds, with what it depends on and the three capacity modes priced side by side.
 *
 * - `limit`: the smallest N whose busiest shard fits every per-shard limit at the steady peak rate.
 * - `growth`: the smallest N whose busiest shard's mean load at the steady peak is within the headroom (stopping where
 *   a single key holds its shard above it and more shards cannot lower it materially).
 * - `throttle`: the smallest N ≥ the limit answer at which the noisy per-second simulation throttles at most the target
 *   of first attempts and loses nothing after retries.
 * Each search: an exponential probe from a lower bound, a bisection, then the three counts just below the answer are
 * re-checked (and the search moves down while one passes), because MD5 placement makes the questions not quite
 * monotone in N. The recommendation is then checked with all three questions at once (the rule `checkCapacity` applies)
 * and raised until it passes. Infeasible workloads — a key above one shard's limit, shared GetRecords calls above 5/s,
 * records above the maximum record size, more enhanced fan-out consumers than a provisioned stream registers — are
 * detected before searching.
 */
import { KINESIS_LIMITS } from "./limits";
import { estimateCost } from "./cost";
import { parseWorkload, resolveWorkload } from "./workload";
import { resolveCapacityOptions } from "./options";
import {
  NAMING_QUANTILE,
  ProvisionedRule,
  SPREAD_LOW_QUANTILE,
  THROTTLE_REPLICATES,
  evaluateOnDemand,
  ruleContextOf,
  type Check,
  type OnDemandEval,
  type RuleContext,
} from "./capacity-rule";
import { GROWTH_MATERIALITY, totalLoad } from "./steady-state";
import type {
  Bottleneck,
  CapacityOption,
  GrowthAnswer,
  LimitAnswer,
  SizingQuestion,
  SizingResult,
  ThrottleAnswer,
  Workload,
} from "./types";

export interface SizeOptions {
  /** Largest acceptable fraction of records throttled at their first attempt, in [0, 1). @default 0.001 */
  readonly targetThrottledFraction?: number;
  /** Largest acceptable mean load of the busiest shard at the steady peak, in (0, 1]. @default 0.8 */
  readonly headroom?: number;
  /** Largest shard count considered. @default KINESIS_LIMITS.maxShardsPerStream (10,000) */
  readonly maxShards?: number;
  /**
   * Called with an estimate of the search's progress (0…1, never decreasing). The number of simulations a search
   * needs is not known in advance, so the fraction is an estimate.
   */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * The AWS documentation formula: max(incoming_KiB/1024, outgoing_KiB/2048), with incoming = average record size
 * rounded up to 1 KiB × records/s and outgoing = incoming × number of consumers (shared and enhanced fan-out alike, as
 * the formula does), rounded up to whole shards, at least 1
 * (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html, provisioned mode).
 */
export function faqFormulaShards(workload: Workload): number {
  const w = resolveWorkload(parseWorkload(workload));
  const incomingKiB = Math.ceil(w.recordBytes / 1024) * w.recordsPerSecond;
  const consumers = w.consumers.shared + w.consumers.enhancedFanOut;
  const outgoingKiB = incomingKiB * consumers;
  return Math.max(1, Math.ceil(Math.max(incomingKiB / 1024, outgoingKiB / 2048) - 1e-9));
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 3 : 1)}%`;
}
function shardsText(n: number): string {
  return `${n.toLocaleString("en-US")} shard${n === 1 ? "" : "s"}`;
}


/** Counts below a search's answer re-checked at most, in steps of up to three (see `smallestPassing`). */
const MAX_BELOW_CHECKS = 9;

/**
 * The smallest n in [lo, hi] for which `check` passes: an exponential probe (×1.5) from lo, a bisection in the last
 * gap, then the three counts below re-checked while one passes (at most MAX_BELOW_CHECKS counts in all: where noise
 * makes passing and failing alternate, the search stops rather than walk down one count at a time). `null` when hi
 * fails or a check says "hopeless".
 */
export function smallestPassing(lo: number, hi: number, check: (n: number) => Check): number | null {
  if (lo > hi) return null;
  let good = lo;
  let bad = lo - 1;
  for (;;) {
    const c = check(good);
    if (c === true) break;
    if (c === "hopeless") return null;
    bad = good;
    if (good >= hi) return null;
    good = Math.min(hi, Math.max(good + 1, Math.ceil(good * 1.5)));
  }
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    if (check(mid) === true) good = mid;
    else bad = mid;
  }
  let checks = 0;
  for (let moved = true; moved && checks < MAX_BELOW_CHECKS; ) {
    moved = false;
    for (let k = 1; k <= 3 && good - k >= lo && checks < MAX_BELOW_CHECKS; k++) {
      checks++;
      if (check(good - k) === true) {
        good -= k;
        moved = true;
        break;
      }
    }
  }
  return good;
}

export function size(workload: Workload, options: SizeOptions = {}): SizingResult {
  const w = resolveWorkload(parseWorkload(workload));
  const { target, headroom } = resolveCapacityOptions(options);
  const maxShards = options.maxShards ?? KINESIS_LIMITS.maxShardsPerStream.value;
  if (!Number.isInteger(maxShards) || maxShards < 1 || maxShards > KINESIS_LIMITS.maxShardsPerStream.value) {
    throw new RangeError(`maxShards must be an integer from 1 to ${KINESIS_LIMITS.maxShardsPerStream.value}, got ${maxShards}`);
  }
  const rc = ruleContextOf(w, target, headroom);
  const rule = new ProvisionedRule(rc);
  const progress = progressOf(options.onProgress);
  const faq = faqFormulaShards(workload);
  const advice: string[] = [];
  const dependsOn: string[] = [];
  const onDemand = evaluateOnDemand(rc, "standard");
  const advantage = evaluateOnDemand(rc, "advantage");
  const costs = {
    onDemand: estimateCost(workload, { mode: "on-demand", tier: "standard" }),
    onDemandAdvantage: estimateCost(workload, { mode: "on-demand", tier: "advantage" }),
  };
  const ctx = rc.steady;
  const total = totalLoad(ctx);
  dependsOn.push(
    `The declared peak: ${Math.round(ctx.peakRate).toLocaleString("en-US")} records/s (recordsPerSecond × peakToAverage ${w.peakToAverage}) ` +
      `of ${ctx.shape.plainRecordBytes.toLocaleString("en-US")} bytes with the partition key, ${total.toFixed(2)} shards' worth at its busiest limit; every answer scales with it.`,
  );

  // --- Infeasible whatever the shard count ------------------------------------------------------------------------
  if (rc.infeasible.length > 0) {
    const first = rc.infeasible[0];
    adviseInfeasible(rc, advice);
    const probe = Math.min(maxShards, Math.max(1, Math.ceil(total), faq));
    const at = rule.runAt(probe);
    const none = (question: SizingQuestion): { shards: null; constraint: Bottleneck; explanation: string } => ({
      shards: null,
      constraint: first.constraint,
      explanation: `No shard count meets the ${question} question: ${first.message}.`,
    });
    progress.done();
    return {
      recommendedShards: null,
      feasible: false,
      binding: null,
      bottleneck: first.constraint,
      questions: {
        limit: { ...none("limit"), busiestShardLoad: rule.limit(probe).value },
        growth: { ...none("growth"), headroom, busiestShardLoad: rule.growth(probe).value },
        throttle: { ...none("throttle"), target, firstAttemptThrottledFraction: at.firstAttemptThrottledFraction, lostRecords: at.lostRecords, limitedByKey: false },
      },
      dependsOn,
      faqFormulaShards: faq,
      throttledFraction: at.writeThrottledFraction,
      firstAttemptThrottledFraction: at.firstAttemptThrottledFraction,
      lostRecords: at.lostRecords,
      peakShardUtilization: at.maxShardWriteUtilization,
      busiestShardLoad: rule.limit(probe).value,
      simulatedShards: probe,
      explanation: `No shard count meets the target. ${rc.infeasible.map((f) => `${capitalize(f.message)}.`).join(" ")} (Figures simulated at ${shardsText(probe)}.)`,
      advice,
      cost: costOptions(null, null, costs, onDemand, advantage),
    };
  }

  // --- The three questions ----------------------------------------------------------------------------------------
  const lower = Math.min(maxShards, Math.max(1, Math.floor(0.9 * total)));
  const limitN = smallestPassing(lower, maxShards, (n) => rule.limit(n).holds);
  progress.step(0.15);
  const growthN = limitN === null ? null : smallestPassing(limitN, maxShards, (n) => rule.growth(n).holds);
  progress.step(0.3);
  // Where the search gave up because only shards a key alone fills throttle (more shards never help there).
  let hopelessAt: number | undefined;
  const throttleN =
    limitN === null
      ? null
      : smallestPassing(limitN, maxShards, (n) => {
          progress.tick();
          const c = rule.throttleHolds(n);
          if (c === "hopeless") hopelessAt = n;
          return c;
        });
  progress.step(0.8);
  const throttleStop = throttleN === null && limitN !== null ? rule.throttleAt(hopelessAt ?? limitN) : undefined;
  const stoppedByKey = throttleStop?.hopeless === true;

  let rec: number | null = null;
  let binding: SizingQuestion | null = null;
  if (limitN !== null && growthN !== null && throttleN !== null) {
    rec = Math.max(limitN, growthN, throttleN);
    // The question whose answer it is; ties go to the more fundamental question (limit, then growth).
    binding = rec === limitN ? "limit" : rec === growthN ? "growth" : "throttle";
    // All three at once (the rule checkCapacity applies): noise or placement can fail one just above its own answer.
    const raised = smallestPassing(rec, maxShards, (n) => rule.allHold(n).holds);
    if (raised !== rec) {
      if (raised === null) rec = null;
      else {
        rec = raised;
        binding = "throttle";
      }
    }
  }
  progress.step(0.9);

  const probeN = rec ?? limitN ?? Math.min(maxShards, Math.max(1, Math.ceil(total)));
  const limitAt = rule.limit(probeN);
  const growthAt = rule.growth(growthN ?? probeN);
  const throttleAt = rule.throttleAt(rec ?? throttleN ?? probeN);
  const keyCap = rule.growthLimitedByKey(growthN ?? probeN);
  const hk = rc.hotKey;

  const limit: LimitAnswer = {
    shards: limitN,
    constraint: rule.steady(limitN ?? probeN, 0).busiest.constraint,
    busiestShardLoad: rule.limit(limitN ?? probeN).value,
    explanation:
      limitN === null
        ? `No shard count up to ${shardsText(maxShards)} fits every per-shard limit at the steady peak.`
        : `${shardsText(limitN)}: the busiest shard carries ${pct(rule.limit(limitN).value)} of its ${rule.steady(limitN, 0).busiest.constraint} limit at the steady peak` +
          (limitN > 1 ? ` (${pct(rule.limit(limitN - 1).value)} at ${limitN - 1})` : "") +
          ".",
  };
  const growth: GrowthAnswer = {
    shards: growthN,
    constraint: keyCap ? "hot-key" : rule.steady(growthN ?? probeN, 0).busiest.constraint,
    headroom,
    busiestShardLoad: growthAt.value,
    ...(keyCap && hk ? { limitedByKey: { key: hk.key, keyLoad: keyCap.keyLoad, shardLoad: keyCap.shardLoad, maxGrowth: keyCap.maxGrowth } } : {}),
    explanation:
      growthN === null
        ? `No shard count up to ${shardsText(maxShards)} keeps the busiest shard within the ${pct(headroom)} headroom.`
        : keyCap && hk
          ? `${shardsText(growthN)}: the busiest shard carries ${pct(growthAt.value)} at the steady peak, above the ${pct(headroom)} headroom, ` +
            `and doubling the count would lower it by less than ${pct(GROWTH_MATERIALITY)}: growth headroom is limited by one key: ${hk.key} alone is ` +
            `${pct(keyCap.keyLoad)} of a shard at peak; the stream absorbs at most ${keyCap.maxGrowth.toFixed(2)}× growth whatever the shard count — split or salt the key.`
          : `${shardsText(growthN)}: the busiest shard's mean load at the steady peak is ${pct(growthAt.value)}, within the ${pct(headroom)} headroom ` +
            `(room for ${(1 / Math.max(growthAt.value, 1e-9)).toFixed(2)}× growth).`,
  };
  const throttle: ThrottleAnswer = {
    shards: throttleN,
    constraint: throttleAt.limitedByKey || stoppedByKey ? "hot-key" : rule.runAt(rec ?? throttleN ?? probeN).bindingConstraint ?? "none",
    target,
    firstAttemptThrottledFraction: throttleAt.value,
    lostRecords: throttleAt.lostRecords,
    limitedByKey: stoppedByKey,
    explanation:
      throttleN === null
        ? stoppedByKey && throttleStop
          ? `No shard count helps: ${hk?.key ?? "the hottest key"}'s own traffic loses ${recordsText(throttleStop.lostRecords)} per peak hour after retries on its shard.`
          : `No shard count up to ${shardsText(maxShards)} keeps first-attempt throttling within ${pct(target)} with nothing lost.`
        : `${shardsText(throttleN)}: ${pct(rule.throttleAt(throttleN).value)} of first attempts throttled (target ≤ ${pct(target)}), ` +
          `${lostText(rule.throttleAt(throttleN).lostRecords)} over ${THROTTLE_REPLICATES} simulated peak hours` +
          (rc.namings > 1 ? ` (under the key naming whose busiest shard is the ${NAMING_QUANTILE * 100}th percentile of ${rc.namings})` : "") +
          ".",
  };

  // --- What it depends on -----------------------------------------------------------------------------------------
  if (rec !== null) {
    if (binding === "growth" && limitN !== null) {
      dependsOn.push(`The headroom ${pct(headroom)}: growth needs ${shardsText(rec)}; the limits alone need ${shardsText(limitN)}.`);
    }
    const sensitivity = burstSensitivity(rule, rec, maxShards);
    if (sensitivity) {
      (throttle as { burstSensitivity?: ThrottleAnswer["burstSensitivity"] }).burstSensitivity = sensitivity;
      dependsOn.push(
        `The write burst bucket (${(KINESIS_LIMITS.writeBurstBytes.value / 1048576).toFixed(0)} MiB and ${KINESIS_LIMITS.writeBurstRecords.value.toLocaleString("en-US")} records, unconfirmed): ` +
          `with no burst beyond one second's refill, first-attempt throttling at ${shardsText(rec)} would be ${pct(sensitivity.firstAttemptThrottledFraction)}` +
          (sensitivity.firstAttemptThrottledFraction > target
            ? sensitivity.shards === null
              ? sensitivity.firstAttemptThrottledFraction >= 1
                ? " (each record is larger than one second's refill): the answer rests on the burst allowance entirely."
                : ` and the throttle question would need more than ${shardsText(Math.min(maxShards, 10 * rec))}.`
              : ` and the throttle question would need ${shardsText(sensitivity.shards)}.`
            : ", within the target: the answer does not rest on it."),
      );
    }
    if (binding === "throttle") {
      dependsOn.push(
        `Arrival noise: the throttle question binds, judged over ${THROTTLE_REPLICATES} simulated peak hours (seed ${w.seed} and ${THROTTLE_REPLICATES - 1} derived), so other seeds move the answer a little.`,
      );
    }
  }
  let keyNamings: SizingResult["keyNamings"];
  if (rc.namings > 1 && rec !== null && growthN !== null) {
    // The low end: what the luckiest tenth of the namings would need (limit and growth at that quantile).
    const low = smallestPassing(lower, growthN, (x) => rule.growth(x, SPREAD_LOW_QUANTILE).holds) ?? growthN;
    const holdsFor = rule.allHold(rec).holdsFor;
    keyNamings = { namings: rc.namings, quantile: NAMING_QUANTILE, holdsFor, minShards: low, maxShards: growthN };
    dependsOn.push(
      `Your real key names: depending on where they hash, ${low === growthN ? shardsText(low) : `${low}–${shardsText(growthN)}`} meet limit and growth ` +
        `(the luckiest ${SPREAD_LOW_QUANTILE * 100}% of ${rc.namings} independent key namings need ${shardsText(low)}, ${NAMING_QUANTILE * 100}% need at most ${shardsText(growthN)}); ` +
        `${shardsText(rec)} holds for ${holdsFor} of ${rc.namings}.`,
    );
  }

  // --- Advice --------------------------------------------------------------------------------------------------------
  if (rec === null) adviseUnreachable(rc, maxShards, advice, stoppedByKey, onDemand.passes);
  const atRun = rule.runAt(rec ?? probeN);
  if (rec !== null) adviseFeasible(rc, rec, binding as SizingQuestion, growth, advice, faq);
  const parts: string[] = [];
  if (rec !== null) {
    parts.push(`${shardsText(rec)}, set by the ${binding} question.`);
  } else parts.push(`No shard count up to ${shardsText(maxShards)} meets the rule.`);
  parts.push(`Limit: ${limit.explanation}`, `Growth: ${growth.explanation}`, `Throttle: ${throttle.explanation}`);
  parts.push(`AWS's formula gives ${faq} (it ignores the records/s limit, key skew, bursts and partition-key bytes).`);
  progress.done();
  return {
    recommendedShards: rec,
    feasible: rec !== null,
    binding,
    bottleneck: rec === null ? (stoppedByKey ? "hot-key" : limit.constraint) : binding === "throttle" ? throttle.constraint : binding === "growth" ? growth.constraint : limit.constraint,
    questions: { limit, growth, throttle },
    ...(keyNamings ? { keyNamings } : {}),
    dependsOn,
    faqFormulaShards: faq,
    throttledFraction: atRun.writeThrottledFraction,
    firstAttemptThrottledFraction: atRun.firstAttemptThrottledFraction,
    lostRecords: atRun.lostRecords,
    peakShardUtilization: atRun.maxShardWriteUtilization,
    busiestShardLoad: limitAt.value,
    simulatedShards: rec ?? probeN,
    explanation: parts.join(" "),
    advice,
    cost: costOptions(rec, rec === null ? null : estimateCost(workload, { mode: "provisioned", shards: rec }), costs, onDemand, advantage),
  };
}

/** "1 record", "3 records", "0.5 records" (a mean per hour). */
function recordsText(n: number): string {
  const v = n >= 10 || Number.isInteger(n) ? Math.round(n).toLocaleString("en-US") : n.toFixed(2);
  return `${v} record${v === "1" ? "" : "s"}`;
}

/** "none lost after retries", or the mean lost per simulated peak hour. */
function lostText(n: number): string {
  return n === 0 ? "none lost after retries" : `${recordsText(n)} lost per hour on average`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The throttle question with a write bucket of one second's refill, at the recommendation, and the shard count it would
 * then need (the recommendation itself when it holds there).
 */
function burstSensitivity(rule: ProvisionedRule, rec: number, maxShards: number): ThrottleAnswer["burstSensitivity"] {
  const L = KINESIS_LIMITS;
  const burst = { bytes: L.shardWriteBytesPerSecond.value, records: L.shardWriteRecordsPerSecond.value };
  if (burst.bytes >= L.writeBurstBytes.value && burst.records >= L.writeBurstRecords.value) return undefined;
  // A record larger than one second's refill is never accepted without a burst allowance: nothing to search.
  if (rule.rc.steady.shape.plainRecordBytes > burst.bytes) {
    return { burstBytes: burst.bytes, burstRecords: burst.records, firstAttemptThrottledFraction: 1, shards: null };
  }
  const check = (n: number): Check => rule.throttleHolds(n, burst);
  const at = rule.throttleAt(rec, burst);
  // Holding at the recommendation, it needs no more: only a failure is searched further (up to 10× the count).
  const shards = at.holds ? rec : smallestPassing(rec, Math.min(maxShards, 10 * rec), check);
  return { burstBytes: burst.bytes, burstRecords: burst.records, firstAttemptThrottledFraction: at.value, shards };
}

function costOptions(
  rec: number | null,
  provisioned: ReturnType<typeof estimateCost> | null,
  costs: { onDemand: ReturnType<typeof estimateCost>; onDemandAdvantage: ReturnType<typeof estimateCost> },
  onDemand: OnDemandEval,
  advantage: OnDemandEval,
): SizingResult["cost"] {
  const odNote = (e: OnDemandEval, name: string): string => {
    if (!e.passes) return `${name}: ${e.failures.map((f) => f.message).join("; ")}`;
    if (!e.coldStart.passes) {
      return (
        `${name}: the steady state passes; the cold start throttles ${pct(e.coldStart.firstAttemptFraction)} of first attempts during its first ` +
        `${Math.ceil(e.coldStart.seconds / 60)} min${e.coldStart.lostRecords > 0 ? ` and loses ${Math.round(e.coldStart.lostRecords).toLocaleString("en-US")} records` : ""}`
      );
    }
    return `${name}: passes, cold start included`;
  };
  const options: CapacityOption[] = [
    {
      mode: "provisioned",
      monthlyUsd: provisioned?.totalMonthlyUsd ?? null,
      throttles: rec === null,
      note: rec === null ? "provisioned: no shard count passes" : `provisioned: ${shardsText(rec)} ${rec === 1 ? "passes" : "pass"}`,
    },
    { mode: "on-demand", monthlyUsd: costs.onDemand.totalMonthlyUsd, throttles: !onDemand.passes || !onDemand.coldStart.passes, note: odNote(onDemand, "On-demand Standard") },
    {
      mode: "on-demand-advantage",
      monthlyUsd: costs.onDemandAdvantage.totalMonthlyUsd,
      throttles: !advantage.passes || !advantage.coldStart.passes,
      note: odNote(advantage, "On-demand Advantage"),
    },
  ];
  const passing = options.filter((o) => !o.throttles && o.monthlyUsd !== null).sort((a, b) => (a.monthlyUsd as number) - (b.monthlyUsd as number));
  return { provisioned, onDemand: costs.onDemand, onDemandAdvantage: costs.onDemandAdvantage, options, cheapest: passing[0]?.mode ?? null };
}

function adviseInfeasible(rc: RuleContext, advice: string[]): void {
  const w = rc.workload;
  const L = KINESIS_LIMITS;
  for (const f of rc.infeasible) {
    if (f.constraint === "hot-key") {
      advice.push(
        "Use better partition keys: more distinct keys (e.g. add a suffix/salt to the hot entity's key, or key by a finer entity) so the hot entity's traffic spreads over several shards.",
      );
      const hk = rc.hotKey;
      if (hk && hk.constraint === "write-records" && !w.producer.aggregation) {
        advice.push("The key is records-bound: KPL aggregation packs its small records into fewer Kinesis records (it never lifts the 1 MiB/s byte limit).");
      }
      if (hk && (hk.constraint === "shared-read-bytes" || hk.constraint === "shared-read-records")) {
        advice.push("Use enhanced fan-out consumers: each reads 2 MiB/s per shard on its own.");
      }
      advice.push("On-demand capacity does NOT fix a hot key: it still limits each partition key to one shard's 1 MiB/s and 1,000 records/s.");
    } else if (f.constraint === "shared-read-calls") {
      advice.push(
        `Move consumers to enhanced fan-out (each gets its own ${L.efoBytesPerSecondPerConsumerShard.value / 1048576} MiB/s per shard, no shared call limit), or poll less often, so shared consumers × polls ≤ ${L.shardGetRecordsPerSecond.value}.`,
      );
    } else if (f.constraint === "record-size") {
      advice.push(`Raise maxRecordSizeKiB (the stream's MaxRecordSizeInKiB, up to ${L.maxRecordBytesCeiling.value / 1024} KiB) or split records.`);
    } else if (f.constraint === "efo-consumers") {
      advice.push(`Use On-demand Advantage (up to ${L.maxEfoConsumersPerStreamAdvantage.value} enhanced fan-out consumers per stream) or move some consumers to shared reads.`);
    }
  }
}

function adviseUnreachable(rc: RuleContext, maxShards: number, advice: string[], byKey: boolean, onDemandPasses: boolean): void {
  if (byKey) {
    advice.push(
      `${rc.hotKey?.key ?? "The hottest key"} loses records on its own shard whatever the shard count: spread the key (more distinct keys, a salt suffix), or let producers retry longer. ` +
        "On-demand does not help: it limits each key to one shard's throughput too.",
    );
    return;
  }
  advice.push(
    `Even ${maxShards.toLocaleString("en-US")} shards do not meet the rule; ` +
      (onDemandPasses ? "on-demand capacity passes in its steady state, or split the traffic over several streams." : "split the traffic over several streams (on-demand does not pass either)."),
  );
}

function adviseFeasible(rc: RuleContext, rec: number, binding: SizingQuestion, growth: GrowthAnswer, advice: string[], faq: number): void {
  const w = rc.workload;
  const L = KINESIS_LIMITS;
  const c = rc.steady.load(rc.steady.peakRate / rec).constraint;
  if (growth.limitedByKey) {
    advice.push(
      `Growth headroom is limited by one key (${growth.limitedByKey.key}, ${pct(growth.limitedByKey.keyLoad)} of a shard at peak): the stream absorbs at most ` +
        `${growth.limitedByKey.maxGrowth.toFixed(2)}× today's peak whatever the shard count. Split or salt the key to regain the margin; on-demand does not fix hot keys.`,
    );
  }
  if (c === "write-records" && !w.producer.aggregation && rec > 1) {
    advice.push(
      `Records are small (${w.recordBytes} B): the ${L.shardWriteRecordsPerSecond.value.toLocaleString("en-US")} records/s shard limit binds before bytes; KPL aggregation would cut the shard count.`,
    );
  }
  if (c === "shared-read-bytes" || c === "shared-read-records") {
    advice.push("Shared consumers share 2 MiB/s and 5 GetRecords calls per shard; enhanced fan-out consumers would each get their own 2 MiB/s.");
  }
  if (binding === "throttle") {
    advice.push("The noise of real arrivals binds, not the mean load: smoother producers (batching over a longer linger, spreading bursts) would need fewer shards.");
  }
  if (faq < rec) advice.push(`AWS's formula (${faq} shard${faq === 1 ? "" : "s"}) would under-provision this workload.`);
}

/** A monotone progress estimate over the search's phases. */
function progressOf(onProgress: ((f: number) => void) | undefined): { step(f: number): void; tick(): void; done(): void } {
  let last = 0;
  let base = 0;
  let ticks = 0;
  const emit = (f: number): void => {
    if (!onProgress) return;
    const x = Math.min(0.99, f);
    if (x > last) {
      last = x;
      onProgress(x);
    }
  };
  return {
    step(f) {
      base = f;
      ticks = 0;
      emit(f);
    },
    tick() {
      ticks++;
      emit(base + (0.8 - base) * (1 - 1 / (1 + ticks / 4)));
    },
    done() {
      if (onProgress) onProgress(1);
    },
  };
}
