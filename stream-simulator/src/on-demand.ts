/**
 * The on-demand engine, run from one `RunConfig` (run-config.ts). What it assumes, each figure from limits.ts (the
 * capacity rule and the per-key cap are on-demand-capacity.ts's, shared with the served endpoint):
 * - A new stream accepts `onDemandInitialWriteBytesPerSecond` (4 MiB/s) and `onDemandInitialWriteRecordsPerSecond`
 *   (4,000 records/s). An established stream — one that carried `previousPeakMiBPerSecond` in the last 30 days — starts
 *   at twice that peak (records in proportion, at the workload's Kinesis record size). With On-demand Advantage, warm
 *   throughput is kept ready at all times (records at 1,000 per MiB, a shard's ratio).
 * - Capacity at second t = max(start, `onDemandPeakMultiplier` (2) × the peak ACCEPTED write rate up to
 *   t − `onDemandScaleWindowSeconds` (15 min)): the stream absorbs up to double its previous peak at once and takes
 *   15 minutes to scale beyond that, so traffic more than doubling within 15 minutes throttles
 *   (https://aws.amazon.com/kinesis/data-streams/faqs/). Capped by the region's per-stream on-demand maximum. No burst
 *   bucket at stream level: capacity is per second.
 * - On-demand does NOT isolate hot keys: each partition key is still limited to one shard's 1 MiB/s and 1,000
 *   records/s (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html). The heaviest keys
 *   (entity), the single key (static) and the current window key (timestamp) are capped individually; uuid keys never
 *   reach the cap. Entity and static keys are capped at their share of each second's EXPECTED arrivals (plus retries):
 *   a heavy key's own arrival noise is what a shard's burst bucket absorbs or not, so each key heavy enough for it to
 *   matter is run alone on one provisioned shard (`runKeyNoise`: the per-shard write rule, burst bucket and retries of
 *   provisioned.ts) and its throttled and lost records are added to the run's (`OnDemandPhases.keyNoise`). Streams whose record distribution strategy is AUTO ignore partition keys when placing records
 *   (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamRecordDistributionStrategy.html); the
 *   model assumes the default, placement by partition key (AWS provider 5.100.0 cannot set AUTO).
 * - Reads: shared consumers are limited to 5 GetRecords calls/s per shard as on provisioned streams, each call to
 *   10 MiB and 10,000 records, and together to twice the current write capacity.
 * - Throttled records are retried as in provisioned.ts (retries.ts), pending retries playing out after the run.
 * - Phases: the cold start lasts until the capacity first covers the run's peak offered load (bytes and records at
 *   the traffic shape's peak) and the retries it left behind have played out; what follows is the steady state
 *   (`OnDemandPhases`).
 * The result reports one pseudo-shard "on-demand" whose utilization is the load over that second's capacity (or the
 * hottest key's load over one shard's limit, whichever is higher).
 */
import { KINESIS_LIMITS } from "./limits";
import { onDemandCapacityAt, onDemandCapacityRule, type OnDemandStart } from "./on-demand-capacity";
import { Rng, poisson, replicateSeed } from "./random";
import { keyModelOf } from "./keys";
import { bytesFor, kinesisRecordsFor } from "./aggregation";
import { RetryQueue, acceptFraction, allNextSecond } from "./retries";
import { AgeTracker } from "./iterator-age";
import { meanKinesisRecordBytes, runConfigOf, type EngineResult, type RunConfig } from "./run-config";
import { runProvisioned } from "./provisioned";
import type { ResolvedWorkload } from "./workload";
import type { OnDemandPhases } from "./types";

export type { OnDemandStart };

export interface OnDemandEngineResult extends EngineResult {
  readonly phases: OnDemandPhases;
}

export function runOnDemand(cfg: RunConfig, start: OnDemandStart): OnDemandEngineResult {
  const w = cfg.workload;
  const D = cfg.durationSeconds;
  const end = D + cfg.drainSeconds;
  const model = keyModelOf(w, cfg.keyNaming);
  const ws = cfg.shape;
  const rng = new Rng(w.seed);
  const L = KINESIS_LIMITS;
  const LB = L.shardWriteBytesPerSecond.value;
  const LR = L.shardWriteRecordsPerSecond.value;
  const recordBytes = meanKinesisRecordBytes(ws);
  const rule = onDemandCapacityRule(start, w.region, recordBytes);
  const windowS = rule.windowSeconds;
  const R = cfg.maxRetries;

  const readers = cfg.readers;
  const S = readers.shared;
  const callsPerConsumer = S > 0 ? Math.min(readers.callsDemand, readers.callsLimit) / S : 0;
  const perCall = Math.min(L.getRecordsMaxBytes.value, L.getRecordsMaxRecords.value * recordBytes);
  const readRatio = L.shardReadBytesPerSecond.value / LB;

  // Keys that could ever exceed one shard's limit (with a margin for noise); sorted heaviest first, so stop early.
  let peakRate = 0;
  for (let t = 0; t < D; t++) if (cfg.rates[t] > peakRate) peakRate = cfg.rates[t];
  const cappedKeys: number[] = [];
  if (model.kind === "fixed") {
    for (const k of model.topKeys) {
      const c = peakRate * k.share;
      const kr = kinesisRecordsFor(ws, c);
      const load = Math.max(bytesFor(ws, c, kr) / LB, kr / LR);
      if (load * 1.5 + 0.01 < 1) break;
      cappedKeys.push(k.share);
    }
  }
  const keyAccept = (count: number): { excess: number; load: number } => {
    const kr = kinesisRecordsFor(ws, count);
    const by = bytesFor(ws, count, kr);
    const load = Math.max(by / LB, kr / LR);
    return { excess: load > 1 ? count * (1 - 1 / load) : 0, load };
  };
  // The run's peak offered load, which the stream must cover for the cold start to end.
  const peakKr = kinesisRecordsFor(ws, peakRate);
  const peakBy = bytesFor(ws, peakRate, peakKr);

  const accB = new Float64Array(end);
  const accR = new Float64Array(end);
  const pending = new Float64Array(Math.max(1, R));
  const queue = allNextSecond(cfg.retryDelays) ? null : new RetryQueue(cfg.retryDelays, end);
  const age = new AgeTracker(new Float64Array(end));
  let pendingTotal = 0;
  let carry = 0;
  let lagPeakB = 0;
  let lagPeakR = 0;

  const nb = cfg.heatmap?.buckets ?? 0;
  const bucketSeconds = cfg.heatmap?.bucketSeconds ?? 0;
  const heat = nb > 0 ? new Float32Array(nb) : null;
  const heatThr = nb > 0 ? new Uint8Array(nb) : null;

  let offered = 0;
  let accepted = 0;
  let lost = 0;
  let firstAttempt = 0;
  let rejected = 0;
  let acceptedKinesis = 0;
  let byKey = 0;
  let byStream = 0;
  let peakUtil = 0;
  let peakAttempted = 0;
  let sumUtil = 0;
  let peakBytes = 0;
  let peakRecs = 0;
  let maxBytesUtil = 0;
  let maxRecsUtil = 0;
  let backlog = 0;
  let maxAge = 0;
  let readLagSeconds = 0;
  let maxSharedRead = 0;
  let throttledSeconds = 0;
  let coldStartSeconds = -1;
  const cold = { offeredRecords: 0, firstAttemptThrottledRecords: 0, lostRecords: 0 };
  const steady = { offeredRecords: 0, firstAttemptThrottledRecords: 0, lostRecords: 0 };
  const progressEvery = Math.max(1, Math.floor(D / 20));
  let initialCapacity = 0;

  for (let t = 0; t < end; t++) {
    const live = t < D;
    if (!live && pendingTotal === 0) break;
    if (t >= windowS) {
      const j = t - windowS;
      if (accB[j] > lagPeakB) lagPeakB = accB[j];
      if (accR[j] > lagPeakR) lagPeakR = accR[j];
    }
    const cap = onDemandCapacityAt(rule, lagPeakB, lagPeakR);
    const capB = cap.bytesPerSecond;
    const capR = cap.recordsPerSecond;
    if (t === 0) initialCapacity = capB;
    // The cold start ends once the capacity covers the run's peak and the retries it left behind have played out.
    if (coldStartSeconds < 0 && capB >= peakBy && capR >= peakKr && pendingTotal === 0) coldStartSeconds = t;
    const phase = coldStartSeconds < 0 || t < coldStartSeconds ? cold : steady;
    let c = 0;
    if (live) {
      const l = cfg.rates[t];
      if (cfg.noisy) c = poisson(rng, l);
      else {
        const x = carry + l;
        c = Math.floor(x + 1e-9);
        carry = x - c;
      }
    }
    offered += c;
    phase.offeredRecords += c;
    if (cfg.rejectAll) {
      rejected += c;
      continue;
    }
    // Retries due this second (all pending ones, or the queue's due entries when backoffs exceed a second).
    let due = pendingTotal;
    if (queue !== null) due = pendingTotal > 0 ? queue.collect(t, pending) : 0;
    const total = c + due;
    // Per-key caps, on what is attempted (new records and retries).
    const keyKs = model.kind === "fixed" ? null : model.keysOfSecond(Math.min(t, D - 1));
    const capKeys = (count: number): { excess: number; keyLoad: number } => {
      let excess = 0;
      let keyLoad = 0;
      if (keyKs === null) {
        for (const share of cappedKeys) {
          const k = keyAccept(count * share);
          excess += k.excess;
          if (k.load > keyLoad) keyLoad = k.load;
        }
      } else {
        for (const x of keyKs) {
          const k = keyAccept(count * x.fraction);
          excess += k.excess;
          if (k.load > keyLoad) keyLoad = k.load;
        }
      }
      return { excess, keyLoad };
    };
    // Fixed key models: the keys' shares of the expected arrivals (their noise is `runKeyNoise`'s); timestamp keys:
    // the second's own windows.
    const attempted = capKeys(keyKs === null && cfg.noisy ? (live ? cfg.rates[t] : 0) + due : total);
    const excess = attempted.excess;
    const rest = total - excess;
    const kr = kinesisRecordsFor(ws, rest);
    const by = bytesFor(ws, rest, kr);
    let f = 1;
    if (by > capB) f = capB / by;
    if (kr > capR) f = Math.min(f, capR / kr);
    const ua = Math.max(by / capB, kr / capR, attempted.keyLoad);
    if (ua > peakAttempted) peakAttempted = ua;
    // Utilization and peaks: the records producers offered this second as NEW traffic (retries excluded).
    let offeredKeys = attempted;
    let rest0 = rest;
    let kr0 = kr;
    let by0 = by;
    if (due > 0) {
      offeredKeys = capKeys(keyKs === null && cfg.noisy ? (live ? cfg.rates[t] : 0) : c);
      rest0 = c - offeredKeys.excess;
      kr0 = kinesisRecordsFor(ws, rest0);
      by0 = bytesFor(ws, rest0, kr0);
    }
    const streamUtil = Math.max(by0 / capB, kr0 / capR);
    const u = Math.max(streamUtil, offeredKeys.keyLoad);
    if (live) {
      if (u > peakUtil) peakUtil = u;
      sumUtil += u;
      if (by0 / capB > maxBytesUtil) maxBytesUtil = by0 / capB;
      if (kr0 / capR > maxRecsUtil) maxRecsUtil = kr0 / capR;
      // Peak bytes and records offered to the stream (the key-capped excess never reaches it).
      const offeredBytes = c === rest0 ? by0 : bytesFor(ws, c, kinesisRecordsFor(ws, c));
      const offeredRecs = c === rest0 ? kr0 : kinesisRecordsFor(ws, c);
      if (offeredBytes > peakBytes) peakBytes = offeredBytes;
      if (offeredRecs > peakRecs) peakRecs = offeredRecs;
      if (heat !== null) {
        const b = Math.floor(t / bucketSeconds);
        if (u > heat[b]) heat[b] = u;
      }
    }
    const F = total > 0 ? (rest * f) / total : 1;
    let acc = 0;
    if (F < 1) {
      const second = acceptFraction(F, total, c, t, pending, R, queue);
      acc = second.accepted;
      pendingTotal = second.pendingTotal;
      lost += second.finalFailures;
      phase.lostRecords += second.finalFailures;
      firstAttempt += second.firstAttemptFailures;
      phase.firstAttemptThrottledRecords += second.firstAttemptFailures;
      byKey += excess;
      byStream += rest * (1 - f);
      if (live) {
        throttledSeconds++;
        if (heatThr !== null) heatThr[Math.floor(t / bucketSeconds)] = 1;
      }
    } else {
      acc = total;
      pending.fill(0);
      pendingTotal = queue !== null ? queue.waiting : 0;
    }
    accepted += acc;
    // Accepted load: the part of `rest` within the stream's capacity (capped keys' excess is never written).
    const wb = by * f;
    const wr = kr * f;
    accB[t] = wb;
    accR[t] = wr;
    acceptedKinesis += wr;
    if (S > 0) {
      const readCap = readRatio * capB;
      // A shard's shared-read share (read-limiter.ts) for each shard's worth of capacity.
      const perConsumer = (capB / LB) * readers.perConsumerBytesPerSecond;
      const sr = (S * wb) / readCap;
      if (sr > maxSharedRead) maxSharedRead = sr;
      backlog = Math.max(0, backlog + wb - perConsumer);
      if (live && (backlog > 0 || readers.callsDemand > readers.callsLimit)) readLagSeconds++;
      const a = age.observe(t, wb, backlog);
      if (a > maxAge) maxAge = a;
    }
    if (live && cfg.onProgress && (t + 1) % progressEvery === 0) cfg.onProgress((t + 1) / D);
  }
  // Retries that would still fall after the drain are lost (they belong to the phase the run ended in).
  const lateLost = pendingTotal + (queue !== null ? queue.late : 0);
  lost += lateLost;
  (coldStartSeconds < 0 ? cold : steady).lostRecords += lateLost;
  // The heaviest keys' own noise on their shards, added to the run's totals.
  // The keys' runs draw their own arrivals, so on a tiny run they can lose more records than this run accepted: they
  // are clamped to it, keeping accepted + throttled + rejected = offered.
  const keyRun = runKeyNoise(cfg);
  const keyLost = Math.min(keyRun.lostRecords, accepted);
  const keyNoise = { ...keyRun, lostRecords: keyLost, firstAttemptThrottledRecords: Math.min(keyRun.firstAttemptThrottledRecords, offered - firstAttempt) };
  lost += keyNoise.lostRecords;
  firstAttempt += keyNoise.firstAttemptThrottledRecords;
  accepted -= keyNoise.lostRecords;
  if (cfg.onProgress) cfg.onProgress(1);

  const one = (x: number): Float64Array => Float64Array.of(x);
  return {
    shardIds: ["on-demand"],
    trafficShare: one(1),
    offered: one(offered),
    lost: one(lost),
    firstAttemptThrottled: one(firstAttempt),
    peakBytes: one(peakBytes),
    peakRecords: one(peakRecs),
    peakUtilization: one(peakUtil),
    sumUtilization: one(sumUtil),
    peakAttemptedUtilization: one(peakAttempted),
    accepted,
    rejected,
    acceptedKinesisRecords: acceptedKinesis,
    throttledByBytes: 0,
    throttledByRecords: 0,
    throttledByKey: byKey,
    throttledByScaling: byStream,
    sharedLagSeconds: readLagSeconds,
    efoLagSeconds: 0,
    sharedLagByRecords: S > 0 && callsPerConsumer * perCall < L.shardReadBytesPerSecond.value / S && perCall < L.getRecordsMaxBytes.value,
    maxIteratorAgeSeconds: maxAge,
    maxBytesUtilization: maxBytesUtil,
    maxRecordsUtilization: maxRecsUtil,
    maxSharedReadUtilization: maxSharedRead,
    throttledSeconds,
    absorbedShardSeconds: 0,
    heat,
    heatThrottled: heatThr,
    phases: {
      tier: start.tier,
      initialCapacityBytesPerSecond: initialCapacity,
      coldStartSeconds: coldStartSeconds < 0 ? D : Math.min(coldStartSeconds, D),
      coldStart: cold,
      steadyState: steady,
      keyNoise,
    },
  };
}

/** Keys carrying at least this load of one shard at the traffic's peak are run alone (`runKeyNoise`). */
export const NOISY_KEY_LOAD = 0.5;
/** Keys run alone at most, the heaviest first. */
const MAX_NOISY_KEYS = 4;

/**
 * The heaviest keys' own arrival noise on an on-demand stream: each key that carries at least NOISY_KEY_LOAD of one
 * shard at peak (and at most a whole shard: above it, the key is infeasible whatever the capacity) runs alone on one
 * provisioned shard over the run's seconds (provisioned.ts's write rule, burst bucket and retries), `replicates` times
 * with independent noise; the counts are summed. The first key's replicates use the seeds of the provisioned throttle
 * question's peak hours (capacity-rule.ts), so a single key is judged alike on both capacities.
 */
export function runKeyNoise(cfg: RunConfig, replicates = 1): OnDemandPhases["keyNoise"] {
  const none = { keys: [], firstAttemptThrottledRecords: 0, lostRecords: 0 };
  const w = cfg.workload;
  const model = keyModelOf(w, cfg.keyNaming);
  if (!cfg.noisy || model.kind !== "fixed" || cfg.rejectAll) return none;
  let peak = 0;
  for (let t = 0; t < cfg.durationSeconds; t++) if (cfg.rates[t] > peak) peak = cfg.rates[t];
  const LB = KINESIS_LIMITS.shardWriteBytesPerSecond.value;
  const LR = KINESIS_LIMITS.shardWriteRecordsPerSecond.value;
  const keys: string[] = [];
  let firstAttempt = 0;
  let lost = 0;
  for (const k of model.topKeys.slice(0, MAX_NOISY_KEYS)) {
    const kr = kinesisRecordsFor(cfg.shape, peak * k.share);
    const load = Math.max(bytesFor(cfg.shape, peak * k.share, kr) / LB, kr / LR);
    if (load < NOISY_KEY_LOAD) break;
    if (load > 1 + 1e-12) continue;
    const keySeed = keys.length === 0 ? w.seed : replicateSeed(w.seed, 1000 + keys.length);
    // The same seconds as the stream's run (its rates scaled to the key's share), no readers, no heatmap.
    const rates = cfg.rates.map((x) => x * k.share);
    for (let r = 0; r < replicates; r++) {
      const alone: ResolvedWorkload = {
        ...w,
        recordsPerSecond: w.recordsPerSecond * k.share,
        partitionKey: { strategy: "static", value: k.key },
        consumers: { ...w.consumers, shared: 0, enhancedFanOut: 0 },
        firehose: false,
        firehoseDelivery: null,
        seed: replicateSeed(keySeed, r),
      };
      const run = runProvisioned({ ...runConfigOf(alone), durationSeconds: cfg.durationSeconds, rates, heatmap: null, onProgress: undefined }, 1);
      firstAttempt += run.firstAttemptThrottled[0];
      lost += run.lost[0];
    }
    keys.push(k.key);
  }
  return { keys, firstAttemptThrottledRecords: firstAttempt, lostRecords: lost };
}
