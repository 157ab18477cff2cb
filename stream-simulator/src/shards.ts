import { KINESIS_LIMITS } from "./limits";
import { ShardMap } from "./routing";
import { NORMAL_TABLE, NORMAL_TABLE_BITS, POISSON_EXACT_BELOW, Rng } from "./random";
import { trafficShape } from "./traffic";
import { keyModelOf } from "./keys";
import {
  KPL_FRAMING_BYTES,
  KPL_OUTER_PARTITION_KEY_BYTES,
  hotKeyPeakUtilization,
  writeShapeOf,
} from "./aggregation";
import { parseWorkload, resolveWorkload, type ResolvedWorkload } from "./workload";
import type { Bottleneck, ShardFigures, SimulationResult, StreamCapacitySpec, UtilizationHeatmap, Workload } from "./types";
import { simulateOnDemand } from "./on-demand";

/**
 * Provisioned-stream model: per-second, per-shard aggregates (never per record), O(duration × shards) with typed
 * arrays.
 *
 * Writes (aws-facts §2.2, §2.8): each shard has two token buckets — bytes (data + partition key; burst
 * `writeBurstBytes`, refill `shardWriteBytesPerSecond` per second) and Kinesis records (burst `writeBurstRecords`,
 * refill `shardWriteRecordsPerSecond`). AWS does not publish its bucket parameters (§8, UNCONFIRMED); the table's
 * values follow the KPL's own limiter. When a second's load exceeds the tokens, the same fraction of every pending
 * record is accepted and the rest is throttled. Throttled records are retried in the next second (the producer's
 * backoff, 100 ms doubling by default, is below one second for the first retries) up to `producer.maxRetries`
 * times; records still failing after that, or still waiting at the end of the run, count as throttled.
 * Records larger than the stream's maximum record size (1 MiB by default, §2.1) are rejected outright.
 * KPL aggregation (§3.3) changes the record count, never the bytes (see aggregation.ts).
 *
 * Reads (§2.3, §2.4, §4.5): shared-throughput consumers (a Firehose reading the stream is one) each make
 * `pollsPerSecond` GetRecords calls per shard; together at most 5 calls/s and 2 MiB/s per shard. Each consumer gets
 * an equal part: min(2 MiB/s ÷ consumers, its successful calls × 10 MiB). Data it cannot read piles up as backlog;
 * iterator age = backlog ÷ the shard's mean write rate so far. EFO consumers each read 2 MiB/s per shard.
 */

export interface SimulateOptions {
  readonly capacity: StreamCapacitySpec;
  /** Time buckets of the utilization heatmap; omitted ⇒ no heatmap. */
  readonly heatmapBuckets?: number;
  /** Called with the fraction of the run simulated so far (0…1). */
  readonly onProgress?: (fraction: number) => void;
}

/** Simulates a workload against a stream's capacity. Validates the workload first (throws WorkloadValidationError). */
export function simulate(workload: Workload, options: SimulateOptions): SimulationResult {
  const w = resolveWorkload(parseWorkload(workload));
  const cap = options.capacity;
  if (options.heatmapBuckets !== undefined && (!Number.isInteger(options.heatmapBuckets) || options.heatmapBuckets < 1)) {
    throw new RangeError(`heatmapBuckets must be a positive integer, got ${options.heatmapBuckets}`);
  }
  if (cap.mode === "on-demand") return simulateOnDemand(w, options);
  if (cap.mode !== "provisioned" || !Number.isInteger(cap.shards) || cap.shards < 1 || cap.shards > KINESIS_LIMITS.maxShardsPerStream.value) {
    throw new RangeError(
      `capacity must be { mode: "on-demand" } or { mode: "provisioned", shards: 1…${KINESIS_LIMITS.maxShardsPerStream.value} }, got ${JSON.stringify(cap)}`,
    );
  }
  return simulateProvisioned(w, cap.shards, options);
}

/**
 * Per-shard state and loop of the provisioned model. Shards are independent (each has its own buckets, retries and
 * readers), so the loop runs shard by shard over time with all state in local variables — much faster than walking
 * every shard each second. Per-second facts that span shards (did any shard's readers lag?) go into `lagSeconds`.
 */
class ProvisionedRun {
  public readonly offered: Float64Array;
  public readonly throttled: Float64Array;
  public readonly peakBytes: Float64Array;
  public readonly peakRecs: Float64Array;
  public readonly peakUtil: Float64Array;
  public readonly sumUtil: Float64Array;
  /** Bit 1: shared readers lagged on some shard in that second; bit 2: EFO readers did. */
  public readonly lagSeconds: Uint8Array;
  public readonly heat: Float32Array;
  public accepted = 0;
  public rejected = 0;
  public acceptedKinesis = 0;
  public throttledByBytes = 0;
  public throttledByRecords = 0;
  public maxAge = 0;
  public maxSharedRead = 0;
  public maxBytesUtil = 0;
  public maxRecsUtil = 0;
  private readonly pending: Float64Array;

  public constructor(
    public readonly n: number,
    private readonly rates: Float64Array,
    private readonly retries: number,
    private readonly heatBuckets: number,
    private readonly bucketSeconds: number,
    private readonly rng: Rng,
    private readonly noisy: boolean,
    private readonly rejectAll: boolean,
    private readonly plainBytes: number,
    private readonly perAgg: number,
    private readonly flushes: number,
    private readonly aggRecordBytes: number,
    private readonly aggFrameBytes: number,
    private readonly limitBytes: number,
    private readonly limitRecords: number,
    private readonly burstBytes: number,
    private readonly burstRecords: number,
    private readonly shared: number,
    private readonly readLimit: number,
    private readonly perConsumerRead: number,
    private readonly efo: number,
    private readonly efoCap: number,
  ) {
    this.offered = new Float64Array(n);
    this.throttled = new Float64Array(n);
    this.peakBytes = new Float64Array(n);
    this.peakRecs = new Float64Array(n);
    this.peakUtil = new Float64Array(n);
    this.sumUtil = new Float64Array(n);
    this.lagSeconds = new Uint8Array(rates.length);
    this.heat = new Float32Array(Math.max(1, n * heatBuckets));
    this.pending = new Float64Array(Math.max(1, retries));
  }

  /**
   * Runs shard i over the whole duration. Its expected arrivals in second t are `rates[t] · share` when `sparseT` is
   * null, else `rates[t] · sparseF[k]` for the seconds `sparseT[k]` (k in [from, to), ascending) and 0 otherwise.
   */
  public runShard(i: number, share: number, sparseT: Int32Array | null, sparseF: Float64Array | null, from: number, to: number): void {
    const rates = this.rates;
    const D = rates.length;
    const R = this.retries;
    const pending = this.pending;
    pending.fill(0);
    const LB = this.limitBytes;
    const LR = this.limitRecords;
    const capB = this.burstBytes;
    const capR = this.burstRecords;
    const plainBytes = this.plainBytes;
    const perAgg = this.perAgg;
    const aggregated = perAgg > 1;
    const flushes = this.flushes;
    const aggRecordBytes = this.aggRecordBytes;
    const aggFrameBytes = this.aggFrameBytes;
    const nb = this.heatBuckets;
    const heat = this.heat;
    const heatBase = i * nb;
    const bucketSeconds = this.bucketSeconds;
    const rng = this.rng;
    const noisy = this.noisy;
    const S = this.shared;
    const readLimit = this.readLimit;
    const perConsumerRead = this.perConsumerRead;
    const E = this.efo;
    const efoCap = this.efoCap;
    const lag = this.lagSeconds;

    let bt = capB;
    let rt = capR;
    let carry = 0;
    let pendingTotal = 0;
    let offered = 0;
    let throttled = 0;
    let accepted = 0;
    let acceptedKinesis = 0;
    let byBytes = 0;
    let byRecords = 0;
    let peakBytes = 0;
    let peakRecs = 0;
    let peakUtil = 0;
    let sumUtil = 0;
    let maxBytesUtil = 0;
    let maxRecsUtil = 0;
    let backlog = 0;
    let backlogE = 0;
    let cumWritten = 0;
    let maxAge = 0;
    let maxSharedRead = 0;
    let st = rng.getState();
    // Module imports are getter-backed in CommonJS output: read them once.
    const table = NORMAL_TABLE;
    const exactBelow = POISSON_EXACT_BELOW;
    const rejectAll = this.rejectAll;
    let lastL = -1;
    let sqrtL = 0;
    const shift = 32 - NORMAL_TABLE_BITS;
    const invLB = 1 / LB;
    const invLR = 1 / LR;
    const readPerByte = S / readLimit;
    let bucket = 0;
    let bucketEnd = bucketSeconds;
    let k = from;
    let nextT = sparseT !== null && k < to ? sparseT[k] : -1;

    for (let t = 0; t < D; t++) {
      let l: number;
      if (sparseT === null) l = rates[t] * share;
      else if (t === nextT) {
        l = 0;
        while (k < to && sparseT[k] === t) l += rates[t] * (sparseF as Float64Array)[k++];
        nextT = k < to ? sparseT[k] : -1;
      } else l = 0;
      let c: number;
      if (noisy) {
        // Inlined `poisson(rng, l)` (random.ts) with the mulberry32 step on a local state: same numbers, no calls.
        let z = (st = (st + 0x6d2b79f5) | 0);
        z = Math.imul(z ^ (z >>> 15), z | 1);
        z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
        const u32 = (z ^ (z >>> 14)) >>> 0;
        if (l <= 0) c = 0;
        else if (l < exactBelow) {
          const u = u32 / 4294967296;
          let p = Math.exp(-l);
          let sum = p;
          c = 0;
          while (u > sum && c < 200) {
            c++;
            p *= l / c;
            sum += p;
          }
        } else {
          if (l !== lastL) {
            lastL = l;
            sqrtL = Math.sqrt(l);
          }
          const v = Math.floor(l + 0.5 + sqrtL * table[u32 >>> shift]);
          c = v > 0 ? v : 0;
        }
      } else {
        const x = carry + l;
        c = Math.floor(x + 1e-9);
        carry = x - c;
      }
      offered += c;
      if (rejectAll) continue;
      const total = c + pendingTotal;
      bt += LB;
      if (bt > capB) bt = capB;
      rt += LR;
      if (rt > capR) rt = capR;
      let kr = total;
      let by = total * plainBytes;
      if (aggregated && total > 0) {
        const full = Math.ceil(total / perAgg);
        const byLinger = total < flushes ? total : flushes;
        kr = full > byLinger ? full : byLinger;
        by = total * aggRecordBytes + kr * aggFrameBytes;
      }
      const ub = by * invLB;
      const ur = kr * invLR;
      const u = ub > ur ? ub : ur;
      if (ub > maxBytesUtil) maxBytesUtil = ub;
      if (ur > maxRecsUtil) maxRecsUtil = ur;
      let f = 1;
      if (by > bt) f = bt / by;
      if (kr > rt) {
        const fr = rt / kr;
        if (fr < f) f = fr;
      }
      let ok = total;
      if (f < 1) {
        // Accept the same fraction of every attempt level; failures move up one level (highest first, so into an
        // already-emptied slot), and past maxRetries they are final.
        // The shard accepts floor(total · f) records; each retry level gets its floor share, new records the rest.
        ok = Math.floor(total * f + 1e-9);
        let okLevels = 0;
        let finalFail = 0;
        for (let a = R - 1; a >= 0; a--) {
          const pa = pending[a];
          if (pa === 0) continue;
          const okA = Math.floor(pa * f);
          okLevels += okA;
          pending[a] = 0;
          if (a + 1 < R) pending[a + 1] += pa - okA;
          else finalFail += pa - okA;
        }
        let ok0 = ok - okLevels;
        if (ok0 > c) ok0 = c;
        ok = okLevels + ok0;
        if (R > 0) pending[0] += c - ok0;
        else finalFail += c - ok0;
        pendingTotal = 0;
        for (let a = 0; a < R; a++) pendingTotal += pending[a];
        throttled += finalFail;
        if (by > 0 && bt / by <= (kr > 0 ? rt / kr : Infinity)) byBytes += total - ok;
        else byRecords += total - ok;
      } else if (pendingTotal > 0) {
        pending.fill(0);
        pendingTotal = 0;
      }
      accepted += ok;
      let accBytes = by;
      let accKr = kr;
      if (ok !== total) {
        const fa = total > 0 ? ok / total : 0;
        accBytes = by * fa;
        accKr = kr * fa;
      }
      acceptedKinesis += accKr;
      bt -= accBytes;
      rt -= accKr;
      if (by > peakBytes) peakBytes = by;
      if (kr > peakRecs) peakRecs = kr;
      if (u > peakUtil) peakUtil = u;
      sumUtil += u;
      if (nb > 0) {
        if (t === bucketEnd) {
          bucket++;
          bucketEnd += bucketSeconds;
        }
        const h = heatBase + bucket;
        if (u > heat[h]) heat[h] = u;
      }
      // Readers.
      cumWritten += accBytes;
      if (S > 0) {
        const sr = accBytes * readPerByte;
        if (sr > maxSharedRead) maxSharedRead = sr;
        backlog += accBytes - perConsumerRead;
        if (backlog > 0) {
          lag[t] |= 1;
          const age = backlog / (cumWritten / (t + 1));
          if (age > maxAge) maxAge = age;
        } else backlog = 0;
      }
      if (E > 0) {
        backlogE += accBytes - efoCap;
        if (backlogE > 0) {
          lag[t] |= 2;
          const age = backlogE / (cumWritten / (t + 1));
          if (age > maxAge) maxAge = age;
        } else backlogE = 0;
      }
    }
    rng.setState(st);
    // Records still waiting for a retry when the run ends were not written within it: they count as throttled.
    throttled += pendingTotal;
    this.offered[i] = offered;
    this.throttled[i] = throttled;
    this.peakBytes[i] = peakBytes;
    this.peakRecs[i] = peakRecs;
    this.peakUtil[i] = peakUtil;
    this.sumUtil[i] = sumUtil;
    if (this.rejectAll) this.rejected += offered;
    this.accepted += accepted;
    this.acceptedKinesis += acceptedKinesis;
    this.throttledByBytes += byBytes;
    this.throttledByRecords += byRecords;
    if (maxAge > this.maxAge) this.maxAge = maxAge;
    if (maxSharedRead > this.maxSharedRead) this.maxSharedRead = maxSharedRead;
    if (maxBytesUtil > this.maxBytesUtil) this.maxBytesUtil = maxBytesUtil;
    if (maxRecsUtil > this.maxRecsUtil) this.maxRecsUtil = maxRecsUtil;
  }
}

export function simulateProvisioned(w: ResolvedWorkload, shardCount: number, options: SimulateOptions): SimulationResult {
  const N = shardCount;
  const D = w.durationSeconds;
  const shape = trafficShape(D, w.peakToAverage).multipliers;
  const map = ShardMap.even(N);
  const model = keyModelOf(w);
  const ws = writeShapeOf(w);
  const L = KINESIS_LIMITS;
  const S = w.consumers.shared;
  const callsDemand = S * w.consumers.pollsPerSecond;
  const callsLimit = L.shardGetRecordsPerSecond.value;
  const callsOk = Math.min(callsDemand, callsLimit);
  const readLimit = L.shardReadBytesPerSecond.value;
  const perConsumerRead = S > 0 ? Math.min(readLimit / S, (callsOk / S) * L.getRecordsMaxBytes.value) : Infinity;
  const buckets = options.heatmapBuckets;
  const bucketSeconds = buckets ? Math.ceil(D / buckets) : 0;
  const nb = buckets ? Math.ceil(D / bucketSeconds) : 0;

  const rates = new Float64Array(D);
  for (let t = 0; t < D; t++) rates[t] = w.recordsPerSecond * shape[t];
  const run = new ProvisionedRun(
    N,
    rates,
    w.producer.maxRetries,
    nb,
    bucketSeconds,
    new Rng(w.seed),
    w.arrivalNoise === "poisson",
    ws.plainRecordBytes > L.defaultMaxRecordBytes.value,
    ws.plainRecordBytes,
    ws.recordsPerAggregate,
    ws.flushesPerSecond,
    ws.aggregatedRecordBytes,
    KPL_FRAMING_BYTES + KPL_OUTER_PARTITION_KEY_BYTES,
    L.shardWriteBytesPerSecond.value,
    L.shardWriteRecordsPerSecond.value,
    L.writeBurstBytes.value,
    L.writeBurstRecords.value,
    S,
    readLimit,
    perConsumerRead,
    w.consumers.enhancedFanOut,
    L.efoBytesPerSecondPerConsumerShard.value,
  );
  const fixedShares = model.kind === "fixed" ? model.sharesFor(map) : null;
  // Timestamp keys: (second, fraction) lists grouped by shard (counting sort), ascending in time within a shard.
  let sparseT: Int32Array | null = null;
  let sparseF: Float64Array | null = null;
  let offsets: Int32Array | null = null;
  if (model.kind === "timestamp") {
    const lam = new Float64Array(N);
    const ts: number[] = [];
    const sh: number[] = [];
    const fr: number[] = [];
    for (let t = 0; t < D; t++) {
      model.fillSecond(map, t, lam);
      for (let i = 0; i < N; i++) {
        if (lam[i] !== 0) {
          ts.push(t);
          sh.push(i);
          fr.push(lam[i]);
          lam[i] = 0;
        }
      }
    }
    offsets = new Int32Array(N + 1);
    for (const i of sh) offsets[i + 1]++;
    for (let i = 0; i < N; i++) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, N);
    sparseT = new Int32Array(ts.length);
    sparseF = new Float64Array(ts.length);
    for (let j = 0; j < ts.length; j++) {
      const p = fill[sh[j]]++;
      sparseT[p] = ts[j];
      sparseF[p] = fr[j];
    }
  }
  const progressEvery = Math.max(1, Math.floor(N / 20));
  for (let i = 0; i < N; i++) {
    if (fixedShares !== null) run.runShard(i, fixedShares[i], null, null, 0, 0);
    else run.runShard(i, 0, sparseT, sparseF, (offsets as Int32Array)[i], (offsets as Int32Array)[i + 1]);
    if (options.onProgress && (i + 1) % progressEvery === 0) options.onProgress((i + 1) / N);
  }
  if (options.onProgress) options.onProgress(1);
  const callsThrottled = S > 0 && callsDemand > callsLimit;
  let readLagSeconds = 0;
  let efoLagSeconds = 0;
  for (let t = 0; t < D; t++) {
    const lg = run.lagSeconds[t];
    if ((lg & 1) !== 0 || callsThrottled) readLagSeconds++;
    if ((lg & 2) !== 0) efoLagSeconds++;
  }
  const { throttled, offered, peakUtil, peakBytes, peakRecs, sumUtil } = run;
  let totalOffered = 0;
  let totalThrottled = 0;
  for (let i = 0; i < N; i++) {
    totalOffered += offered[i];
    totalThrottled += throttled[i];
  }

  const perShard: ShardFigures[] = [];
  let hot = 0;
  for (let i = 0; i < N; i++) {
    if (peakUtil[i] > peakUtil[hot]) hot = i;
    perShard.push({
      shardId: map.ranges[i].shardId,
      trafficShare: fixedShares ? fixedShares[i] : totalOffered > 0 ? offered[i] / totalOffered : 0,
      offeredRecords: offered[i],
      throttledRecords: throttled[i],
      peakWriteUtilization: peakUtil[i],
      meanWriteUtilization: sumUtil[i] / D,
      peakBytesPerSecond: peakBytes[i],
      peakRecordsPerSecond: peakRecs[i],
    });
  }
  const hotKey = hotKeyPeakUtilization(w, model, ws);
  const tb = run.throttledByBytes;
  const tr = run.throttledByRecords;
  let bottleneck: Bottleneck = "none";
  if (totalThrottled > 0 || tb + tr > 0) {
    if (hotKey !== undefined && hotKey.peakUtilization > 1) bottleneck = "hot-key";
    else bottleneck = tb >= tr ? "write-bytes" : "write-records";
  } else if (S > 0 && callsDemand > callsLimit) bottleneck = "shared-read-calls";
  else if (readLagSeconds > 0) bottleneck = "shared-read-bytes";
  else if (efoLagSeconds > 0) bottleneck = "efo-read-bytes";

  const heatmap: UtilizationHeatmap | undefined = nb > 0 ? { shards: N, buckets: nb, bucketSeconds, values: run.heat } : undefined;
  const result: SimulationResult = {
    capacity: { mode: "provisioned", shards: N },
    durationSeconds: D,
    offeredRecords: totalOffered,
    acceptedRecords: run.accepted,
    writeThrottledRecords: totalThrottled,
    writeThrottledFraction: totalOffered > 0 ? totalThrottled / totalOffered : 0,
    rejectedRecords: run.rejected,
    maxShardWriteUtilization: peakUtil[hot],
    hotShard: {
      shardId: map.ranges[hot].shardId,
      peakBytesPerSecond: peakBytes[hot],
      peakRecordsPerSecond: peakRecs[hot],
      peakWriteUtilization: peakUtil[hot],
    },
    readThrottledSeconds: Math.max(readLagSeconds, efoLagSeconds),
    maxIteratorAgeSeconds: run.maxAge,
    bottleneck,
    perShard,
    maxShardWriteBytesUtilization: run.maxBytesUtil,
    maxShardWriteRecordsUtilization: run.maxRecsUtil,
    maxSharedReadUtilization: run.maxSharedRead,
    sharedReadCallsUtilization: callsDemand / callsLimit,
    hotKey,
    acceptedKinesisRecords: run.acceptedKinesis,
  };
  return heatmap ? { ...result, heatmap } : result;
}
