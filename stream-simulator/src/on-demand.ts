import { KINESIS_LIMITS, isLargeQuotaRegion } from "./limits";
import { Rng, poisson } from "./random";
import { trafficShape } from "./traffic";
import { keyModelOf } from "./keys";
import { bytesFor, hotKeyPeakUtilization, kinesisRecordsFor, writeShapeOf } from "./aggregation";
import type { ResolvedWorkload } from "./workload";
import type { Bottleneck, SimulationResult, UtilizationHeatmap } from "./types";
import type { SimulateOptions } from "./shards";
import { RetryQueue, acceptFraction, allNextSecond, retryDelaysSeconds } from "./retries";

/**
 * On-demand capacity model (aws-facts §2.6, §1.6). Assumptions, each overridable only by editing the limits table:
 * - A new stream accepts `onDemandInitialWriteBytesPerSecond` (4 MiB/s) and `onDemandInitialWriteRecordsPerSecond`
 *   (4,000 records/s; third-party figure, UNCONFIRMED).
 * - Capacity at second t = max(initial, `onDemandPeakMultiplier` (2) × the peak ACCEPTED write rate observed up to
 *   t − `onDemandScaleWindowSeconds` (15 min)): the stream absorbs up to double its previous peak at once, and takes
 *   15 minutes to scale beyond that, so traffic more than doubling within 15 minutes throttles (§2.6 "Throttling
 *   rule"). The 30-day look-back is longer than any run, so the whole run counts as "previous". Capped by the
 *   region's per-stream on-demand maximum (record capacity scales in proportion).
 * - No burst bucket at stream level: capacity is per second.
 * - On-demand does NOT isolate hot keys (§1.6): each partition key is still limited to one shard's 1 MiB/s and 1,000
 *   records/s. The heaviest keys (entity), the single key (static) and the current window key (timestamp) are capped
 *   individually; uuid keys never reach the cap.
 * - Reads: shared consumers are limited to 5 GetRecords calls/s per shard as on provisioned streams, and together to
 *   twice the current write capacity (§2.3 "at least twice the write throughput").
 * - Throttled records are retried in the next second up to `producer.maxRetries` times, as in shards.ts.
 * The result reports one pseudo-shard "on-demand" whose utilization is the load over the capacity of that second
 * (or the hottest key's load over one shard's limit, whichever is higher).
 */
export function simulateOnDemand(w: ResolvedWorkload, options: SimulateOptions): SimulationResult {
  const D = w.durationSeconds;
  const shape = trafficShape(D, w.peakToAverage).multipliers;
  const model = keyModelOf(w);
  const ws = writeShapeOf(w);
  const rng = new Rng(w.seed);
  const noisy = w.arrivalNoise === "poisson";
  const LB = KINESIS_LIMITS.shardWriteBytesPerSecond.value;
  const LR = KINESIS_LIMITS.shardWriteRecordsPerSecond.value;
  const initB = KINESIS_LIMITS.onDemandInitialWriteBytesPerSecond.value;
  const initR = KINESIS_LIMITS.onDemandInitialWriteRecordsPerSecond.value;
  const mult = KINESIS_LIMITS.onDemandPeakMultiplier.value;
  const windowS = KINESIS_LIMITS.onDemandScaleWindowSeconds.value;
  const maxB = isLargeQuotaRegion(w.region)
    ? KINESIS_LIMITS.onDemandMaxWriteBytesPerSecondLargeRegions.value
    : KINESIS_LIMITS.onDemandMaxWriteBytesPerSecondOtherRegions.value;
  const maxR = (maxB / initB) * initR;
  const rejectAll = ws.plainRecordBytes > w.maxRecordBytes;
  const R = w.producer.maxRetries;

  const S = w.consumers.shared;
  const callsDemand = S * w.consumers.pollsPerSecond;
  const callsLimit = KINESIS_LIMITS.shardGetRecordsPerSecond.value;
  const readRatio = KINESIS_LIMITS.shardReadBytesPerSecond.value / LB;

  // Keys that could ever exceed one shard's limit (with a margin for noise); sorted heaviest first, so stop early.
  const peakRate = w.recordsPerSecond * w.peakToAverage;
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

  const accB = new Float64Array(D);
  const accR = new Float64Array(D);
  const pending = new Float64Array(Math.max(1, R));
  const delays = retryDelaysSeconds(R, w.producer.retryBackoffMs);
  const queue = allNextSecond(delays) ? null : new RetryQueue(delays, D);
  let pendingTotal = 0;
  let carry = 0;
  let lagPeakB = 0;
  let lagPeakR = 0;

  const buckets = options.heatmapBuckets;
  const bucketSeconds = buckets ? Math.ceil(D / buckets) : 0;
  const nb = buckets ? Math.ceil(D / bucketSeconds) : 0;
  const heat = buckets ? new Float32Array(nb) : null;

  let offered = 0;
  let accepted = 0;
  let throttled = 0;
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
  let cumWritten = 0;
  let maxAge = 0;
  let readLagSeconds = 0;
  let maxSharedRead = 0;
  const progressEvery = Math.max(1, Math.floor(D / 20));

  for (let t = 0; t < D; t++) {
    if (t >= windowS) {
      const j = t - windowS;
      if (accB[j] > lagPeakB) lagPeakB = accB[j];
      if (accR[j] > lagPeakR) lagPeakR = accR[j];
    }
    const capB = Math.min(maxB, Math.max(initB, mult * lagPeakB));
    const capR = Math.min(maxR, Math.max(initR, mult * lagPeakR));
    const l = w.recordsPerSecond * shape[t];
    let c: number;
    if (noisy) c = poisson(rng, l);
    else {
      const x = carry + l;
      c = Math.floor(x + 1e-9);
      carry = x - c;
    }
    offered += c;
    if (rejectAll) {
      rejected += c;
      continue;
    }
    // Retries due this second (all pending ones, or the queue's due entries when backoffs exceed a second).
    let due = pendingTotal;
    if (queue !== null) due = pendingTotal > 0 ? queue.collect(t, pending) : 0;
    const total = c + due;
    // Per-key caps, on what is attempted (new records and retries).
    const keyKs = model.kind === "fixed" ? null : model.keysOfSecond(t);
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
    const attempted = capKeys(total);
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
      offeredKeys = capKeys(c);
      rest0 = c - offeredKeys.excess;
      kr0 = kinesisRecordsFor(ws, rest0);
      by0 = bytesFor(ws, rest0, kr0);
    }
    const streamUtil = Math.max(by0 / capB, kr0 / capR);
    const u = Math.max(streamUtil, offeredKeys.keyLoad);
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
    const F = total > 0 ? (rest * f) / total : 1;
    let acc = 0;
    if (F < 1) {
      const second = acceptFraction(F, total, c, t, pending, R, queue);
      acc = second.accepted;
      pendingTotal = second.pendingTotal;
      throttled += second.finalFailures;
      byKey += excess;
      byStream += rest * (1 - f);
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
    cumWritten += wb;
    if (S > 0) {
      const readCap = readRatio * capB;
      const sr = (S * wb) / readCap;
      if (sr > maxSharedRead) maxSharedRead = sr;
      backlog = Math.max(0, backlog + wb - readCap / S);
      if (backlog > 0 || callsDemand > callsLimit) readLagSeconds++;
      if (backlog > 0) maxAge = Math.max(maxAge, backlog / (cumWritten / (t + 1)));
    }
    if (options.onProgress && (t + 1) % progressEvery === 0) options.onProgress((t + 1) / D);
  }
  throttled += pendingTotal;
  if (queue !== null) throttled += queue.late;
  if (options.onProgress) options.onProgress(1);

  const hotKey = hotKeyPeakUtilization(w, model, ws);
  let bottleneck: Bottleneck = "none";
  if (throttled > 0 || byKey + byStream > 0) bottleneck = byKey >= byStream ? "hot-key" : "on-demand-scaling";
  else if (S > 0 && callsDemand > callsLimit) bottleneck = "shared-read-calls";
  else if (readLagSeconds > 0) bottleneck = "shared-read-bytes";

  const heatmap: UtilizationHeatmap | undefined = heat ? { shards: 1, buckets: nb, bucketSeconds, values: heat } : undefined;
  const shard = {
    shardId: "on-demand",
    trafficShare: 1,
    offeredRecords: offered,
    throttledRecords: throttled,
    peakWriteUtilization: peakUtil,
    meanWriteUtilization: sumUtil / D,
    peakBytesPerSecond: peakBytes,
    peakRecordsPerSecond: peakRecs,
  };
  const result: SimulationResult = {
    capacity: { mode: "on-demand" },
    durationSeconds: D,
    offeredRecords: offered,
    acceptedRecords: accepted,
    writeThrottledRecords: throttled,
    writeThrottledFraction: offered > 0 ? throttled / offered : 0,
    rejectedRecords: rejected,
    maxShardWriteUtilization: peakUtil,
    hotShard: { shardId: "on-demand", peakBytesPerSecond: peakBytes, peakRecordsPerSecond: peakRecs, peakWriteUtilization: peakUtil },
    readThrottledSeconds: readLagSeconds,
    maxIteratorAgeSeconds: maxAge,
    bottleneck,
    perShard: [shard],
    maxShardWriteBytesUtilization: maxBytesUtil,
    maxShardWriteRecordsUtilization: maxRecsUtil,
    maxSharedReadUtilization: maxSharedRead,
    sharedReadCallsUtilization: callsDemand / callsLimit,
    hotKey,
    acceptedKinesisRecords: acceptedKinesis,
    maxShardAttemptedWriteUtilization: peakAttempted,
    // On-demand has no shard count to size; the limit closest to its ceiling is the stream's capacity or a hot key.
    bindingConstraint:
      hotKey !== undefined && hotKey.peakUtilization >= 0.5 * peakUtil && hotKey.peakUtilization > 0
        ? "hot-key"
        : peakUtil > 0
          ? "on-demand-scaling"
          : "none",
  };
  return heatmap ? { ...result, heatmap } : result;
}
