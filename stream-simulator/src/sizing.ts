import { KINESIS_LIMITS } from "./limits";
import { estimateCost } from "./cost";
import { keyModelOf } from "./keys";
import { hotKeyPeakUtilization, shardLoadOf, writeShapeOf } from "./aggregation";
import { headroomExemption, type HeadroomExemption } from "./headroom-exemption";
import { simulateProvisioned } from "./shards";
import { bindingOf } from "./binding";
import { parseWorkload, resolveWorkload } from "./workload";
import type { Bottleneck, SimulationResult, SizingResult, Workload } from "./types";

/**
 * Shard-count recommendation (issue: "sizing"). A shard count N is acceptable when, simulated per second:
 * - writeThrottledFraction ≤ targetThrottledFraction, and
 * - the busiest shard's peak one-second write utilization ≤ headroom, and
 * - shared consumers can read everything written: shared consumers × the busiest shard's peak written bytes/s ≤ the
 *   2 MiB/s shared read limit (otherwise they lag), and shared consumers × polls ≤ 5 GetRecords calls/s per shard.
 * Search: a lower bound from the peak load, an exponential probe (×2) until acceptable, a binary search in the last
 * gap, then the three counts just below the answer are re-checked (and the search moves down while one of them is
 * acceptable), so skewed keys whose throttling is not monotone in N (MD5 placement changes with N) cannot hide a
 * smaller answer next to the one found.
 * Infeasible cases are detected before searching: a single key above one shard's limit (no shard count splits a
 * key), shared calls above 5/s per shard (every shard has the same limit), records above the maximum record size.
 * A single key whose own peak is between the headroom and the limit is not infeasible: the shard holding it can never
 * meet the headroom, so that shard is held to the throttling target only (every other shard still to the headroom), and
 * the advice says the headroom target cannot be met because of the key. "Its own peak" includes the arrival noise the
 * simulator applies (`headroomExemption`, headroom-exemption.ts, the rule `checkCapacity` applies too); infeasibility
 * uses the deterministic peak (a key whose noise alone crosses the limit is throttled a little at its peaks, and the
 * throttling target decides).
 * The binding constraint is `bindingOf` (binding.ts), the same rule `simulate` reports as `bindingConstraint`.
 */

export interface SizeOptions {
  /** Largest acceptable throttled fraction. @default 0.001 */
  readonly targetThrottledFraction?: number;
  /** Peak utilization ceiling of the busiest shard. @default 0.8 */
  readonly headroom?: number;
  /** Largest shard count considered. @default KINESIS_LIMITS.maxShardsPerStream (10,000) */
  readonly maxShards?: number;
  /**
   * Called with an estimate of the search's progress (0…1, never decreasing). The number of simulations a search
   * needs is not known in advance, so the fraction is an estimate from the remaining bisection steps.
   */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * The AWS documentation formula (aws-facts §6): max(incoming_KiB/1024, outgoing_KiB/2048), with
 * incoming = average record size rounded up to 1 KiB × records/s and outgoing = incoming × number of consumers
 * (shared and enhanced fan-out alike, as the formula does). Rounded up to whole shards, at least 1.
 */
export function faqFormulaShards(workload: Workload): number {
  const w = resolveWorkload(parseWorkload(workload));
  const incomingKiB = Math.ceil(w.recordBytes / 1024) * w.recordsPerSecond;
  const consumers = w.consumers.shared + w.consumers.enhancedFanOut;
  const outgoingKiB = incomingKiB * consumers;
  return Math.max(1, Math.ceil(Math.max(incomingKiB / 1024, outgoingKiB / 2048) - 1e-9));
}

function fmtPct(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 3 : 1)}%`;
}

export function size(workload: Workload, options: SizeOptions = {}): SizingResult {
  const w = resolveWorkload(parseWorkload(workload));
  const target = options.targetThrottledFraction ?? 0.001;
  const headroom = options.headroom ?? 0.8;
  const maxShards = options.maxShards ?? KINESIS_LIMITS.maxShardsPerStream.value;
  if (!(target >= 0 && target < 1)) throw new RangeError(`targetThrottledFraction must be in [0, 1), got ${target}`);
  if (!(headroom > 0 && headroom <= 1)) throw new RangeError(`headroom must be in (0, 1], got ${headroom}`);
  if (!Number.isInteger(maxShards) || maxShards < 1) throw new RangeError(`maxShards must be a positive integer, got ${maxShards}`);

  const faq = faqFormulaShards(workload);
  const ws = writeShapeOf(w);
  const model = keyModelOf(w);
  const hotKey = hotKeyPeakUtilization(w, model, ws);
  const S = w.consumers.shared;
  const callsDemand = S * w.consumers.pollsPerSecond;
  const callsLimit = KINESIS_LIMITS.shardGetRecordsPerSecond.value;
  const readLimit = KINESIS_LIMITS.shardReadBytesPerSecond.value;
  const writeLimit = KINESIS_LIMITS.shardWriteBytesPerSecond.value;
  const peakRate = w.recordsPerSecond * w.peakToAverage;
  const advice: string[] = [];
  const cache = new Map<number, SimulationResult>();
  // Progress: simulations done plus the current one's fraction over an estimate of the simulations still needed.
  let simsDone = 0;
  let remainingEstimate = 8;
  let reported = 0;
  const report = (f: number): void => {
    if (!options.onProgress) return;
    const x = Math.min(0.99, (simsDone + f) / (simsDone + 1 + remainingEstimate));
    if (x > reported) {
      reported = x;
      options.onProgress(x);
    }
  };
  const sim = (n: number): SimulationResult => {
    let r = cache.get(n);
    if (r === undefined) {
      r = simulateProvisioned(w, n, { capacity: { mode: "provisioned", shards: n }, ...(options.onProgress ? { onProgress: report } : {}) });
      cache.set(n, r);
      simsDone++;
    }
    return r;
  };
  // Shards of single keys whose own peak (arrival noise included) exceeds the headroom but whose deterministic peak is
  // within the limit are held to the throttling target only (headroom-exemption.ts, shared with checkCapacity).
  const exemptionOf = (r: SimulationResult): HeadroomExemption => headroomExemption(w, r, headroom);
  const ok = (r: SimulationResult): boolean =>
    r.writeThrottledFraction <= target &&
    exemptionOf(r).peakOutside <= headroom &&
    (r.maxSharedReadUtilization ?? 0) <= 1 &&
    callsDemand <= callsLimit;

  const onDemandCost = estimateCost(workload, { mode: "on-demand" });
  const finish = (
    recommended: number | null,
    bottleneck: Bottleneck,
    at: SimulationResult,
    explanation: string,
  ): SizingResult => ({
    recommendedShards: recommended,
    feasible: recommended !== null,
    bottleneck,
    faqFormulaShards: faq,
    throttledFraction: at.writeThrottledFraction,
    peakShardUtilization: at.maxShardWriteUtilization,
    simulatedShards: at.perShard.length,
    explanation,
    advice,
    cost: {
      provisioned: recommended !== null ? estimateCost(workload, { mode: "provisioned", shards: recommended }) : null,
      onDemand: onDemandCost,
    },
  });

  // Lower bound: the busiest shard carries at least the average shard's peak load.
  const totalPeakLoad = shardLoadOf(ws, peakRate);
  const readNeed = S > 0 ? (S * peakRate * ws.plainRecordBytes) / readLimit : 0;
  const lower = Math.min(maxShards, Math.max(1, Math.floor(0.9 * Math.max(totalPeakLoad / headroom, readNeed))));

  // --- Infeasible whatever the shard count --------------------------------------------------------------------------
  const maxRecord = w.maxRecordBytes;
  if (ws.plainRecordBytes > maxRecord) {
    advice.push(
      `Each record is ${ws.plainRecordBytes} bytes with its partition key, above the stream's ${maxRecord}-byte maximum record size: ` +
        `raise maxRecordSizeInKiB (the stream's MaxRecordSizeInKiB, up to ${KINESIS_LIMITS.maxRecordBytesCeiling.value / 1024} KiB) or split records.`,
    );
    return finish(null, "write-bytes", sim(Math.min(lower, maxShards)), "Every record is rejected as too large; no shard count changes that.");
  }
  const infeasibleReasons: Array<{ b: Bottleneck; text: string }> = [];
  const hotKeyBytes = hotKey !== undefined ? peakRate * hotKey.share * ws.plainRecordBytes : 0;
  if (hotKey !== undefined && hotKey.peakUtilization > 1) {
    infeasibleReasons.push({
      b: "hot-key",
      text:
        `The hottest partition key (${hotKey.key}) carries ${fmtPct(hotKey.share)} of the traffic, ` +
        `${hotKey.peakUtilization.toFixed(2)}× one shard's write limit at peak; a key always maps to one shard, so no shard count helps.`,
    });
    advice.push(
      "Use better partition keys: more distinct keys (e.g. add a suffix/salt to the hot entity's key, or key by a finer entity) so the hot entity's traffic spreads over several shards.",
    );
    // Aggregation lifts the records ceiling only: suggest it only when the key's bytes fit one shard's byte limit.
    if (!w.producer.aggregation && ws.plainRecordBytes < writeLimit / KINESIS_LIMITS.shardWriteRecordsPerSecond.value && hotKeyBytes <= writeLimit) {
      advice.push("The key is records-bound: KPL aggregation packs its small records into fewer Kinesis records (it never lifts the 1 MiB/s byte limit).");
    }
    advice.push("On-demand capacity does NOT fix a hot key: it still limits each partition key to one shard's 1 MiB/s and 1,000 records/s.");
  }
  if (callsDemand > callsLimit) {
    infeasibleReasons.push({
      b: "shared-read-calls",
      text: `${S} shared consumers × ${w.consumers.pollsPerSecond} GetRecords/s = ${callsDemand} calls/s per shard, above the ${callsLimit} calls/s every shard allows; adding shards does not raise it.`,
    });
    advice.push(
      `Move consumers to enhanced fan-out (each gets its own ${KINESIS_LIMITS.efoBytesPerSecondPerConsumerShard.value / 1024 / 1024} MiB/s per shard, no shared call limit), or poll less often, so shared consumers × polls ≤ ${callsLimit}.`,
    );
  }
  if (hotKey !== undefined && S > 0) {
    const hotBytes = w.recordsPerSecond * w.peakToAverage * hotKey.share * ws.plainRecordBytes;
    if (S * hotBytes > readLimit && hotKey.peakUtilization <= 1) {
      infeasibleReasons.push({
        b: "shared-read-bytes",
        text: `${S} shared consumers each reading the hot key's shard need ${((S * hotBytes) / readLimit).toFixed(2)}× its 2 MiB/s shared read limit.`,
      });
      advice.push("Use enhanced fan-out consumers: each reads 2 MiB/s per shard on its own.");
    }
  }
  if (infeasibleReasons.length > 0) {
    const probe = Math.min(maxShards, Math.max(lower, faq));
    return finish(
      null,
      infeasibleReasons[0].b,
      sim(probe),
      `No shard count meets the target. ${infeasibleReasons.map((r) => r.text).join(" ")} (Figures simulated at ${probe} shard${probe === 1 ? "" : "s"}.)`,
    );
  }

  // --- Search -------------------------------------------------------------------------------------------------------
  let bad = lower - 1;
  let good = lower;
  const bindingAt = (r: SimulationResult): Bottleneck => bindingOf(r, S, hotKey);
  while (!ok(sim(good))) {
    bad = good;
    if (good >= maxShards) {
      advice.push(`Even ${maxShards} shards do not meet the target; consider on-demand capacity or raising maxShards.`);
      return finish(null, bindingAt(sim(good)), sim(good), `No shard count up to ${maxShards} meets the target.`);
    }
    good = Math.min(maxShards, good * 2);
  }
  remainingEstimate = Math.ceil(Math.log2(Math.max(2, good - bad))) + 3;
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    if (ok(sim(mid))) good = mid;
    else bad = mid;
    remainingEstimate = Math.ceil(Math.log2(Math.max(2, good - bad))) + 2;
  }
  for (let moved = true; moved; ) {
    moved = false;
    for (let k = 1; k <= 3 && good - k >= 1; k++) {
      if (ok(sim(good - k))) {
        good -= k;
        moved = true;
        break;
      }
    }
  }
  const at = sim(good);
  const binding = bindingAt(at);
  if (options.onProgress) options.onProgress(1);
  const below = good > 1 ? sim(good - 1) : undefined;
  const parts: string[] = [
    `${good} shard${good === 1 ? "" : "s"}: peak shard utilization ${fmtPct(at.maxShardWriteUtilization)} (ceiling ${fmtPct(headroom)}), ` +
      `throttled ${fmtPct(at.writeThrottledFraction)} (target ≤ ${fmtPct(target)}).`,
  ];
  if (below) {
    parts.push(
      `At ${good - 1}: peak ${fmtPct(below.maxShardWriteUtilization)}, throttled ${fmtPct(below.writeThrottledFraction)}` +
        `${(below.maxSharedReadUtilization ?? 0) > 1 ? `, shared reads at ${fmtPct(below.maxSharedReadUtilization ?? 0)} of 2 MiB/s` : ""}.`,
    );
  }
  parts.push(`Binding constraint: ${binding}.`);
  const exemptAt = exemptionOf(at).keys[0];
  if (exemptAt !== undefined) {
    advice.push(
      `The headroom target (${fmtPct(headroom)}) cannot be met because of the hottest partition key (${exemptAt.key}): it alone peaks at ` +
        `${fmtPct(exemptAt.peakUtilization)} of one shard's write limit${w.arrivalNoise === "poisson" ? " in its busiest second (arrival noise included)" : ""}, and a key always maps to one shard. ${good} shard${good === 1 ? " meets" : "s meet"} ` +
        `the throttling target with that key's shard above the headroom${good > 1 ? " (every other shard within it)" : ""}; spread the key (more distinct keys, a salt suffix) to regain the margin.`,
    );
  }
  parts.push(`AWS's formula gives ${faq} (it ignores the records/s limit, key skew, bursts and partition-key bytes).`);
  if (binding === "write-records" && !w.producer.aggregation && good > 1) {
    advice.push(
      `Records are small (${w.recordBytes} B): the ${KINESIS_LIMITS.shardWriteRecordsPerSecond.value} records/s shard limit binds before bytes; KPL aggregation would cut the shard count.`,
    );
  }
  if (binding === "shared-read-bytes") {
    advice.push("Shared consumers share 2 MiB/s per shard; enhanced fan-out consumers would each get their own 2 MiB/s.");
  }
  if (binding === "hot-key") {
    advice.push(
      good > 1
        ? "A single key dominates its shard; more distinct keys would let fewer shards suffice. On-demand does not fix hot keys."
        : "A single key dominates the stream's one shard: it is the limit on growth, as no shard count splits a key. On-demand does not fix hot keys.",
    );
  }
  if (faq < good) advice.push(`AWS's formula (${faq} shards) would under-provision this workload.`);
  return finish(good, binding, at, parts.join(" "));
}
