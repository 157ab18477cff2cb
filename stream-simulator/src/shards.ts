import { KINESIS_LIMITS } from "./limits";
import { ShardMap } from "./routing";
import { NORMAL_TABLE, POISSON_EXACT_BELOW, PoissonCounts } from "./random";
import { trafficShape } from "./traffic";
import { keyModelOf, type TimestampKeyModel } from "./keys";
import {
  KPL_FRAMING_BYTES,
  KPL_OUTER_PARTITION_KEY_BYTES,
  hotKeyPeakUtilization,
  writeShapeOf,
} from "./aggregation";
import { parseWorkload, resolveWorkload, type ResolvedWorkload } from "./workload";
import type { Bottleneck, ShardFigures, SimulationResult, StreamCapacitySpec, UtilizationHeatmap, Workload } from "./types";
import { simulateOnDemand } from "./on-demand";
import { bindingOf } from "./binding";
import { RetryQueue, acceptFraction, allNextSecond, retryDelaysSeconds } from "./retries";

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

/** Distinct per-second rates up to this many use precomputed count tables (`PoissonCounts.levelTable`). */
const MAX_RATE_LEVELS = 16;

/**
 * The distinct values of `rates` and each second's index among them, or null when there are more than
 * MAX_RATE_LEVELS (the traffic shape has at most two: base and peak).
 */
function rateLevels(rates: Float64Array): { levels: Float64Array; levelOf: Uint8Array } | null {
  const values: number[] = [];
  const levelOf = new Uint8Array(rates.length);
  let last = NaN;
  let lastIndex = 0;
  for (let t = 0; t < rates.length; t++) {
    const r = rates[t];
    if (r !== last) {
      let j = values.indexOf(r);
      if (j < 0) {
        if (values.length === MAX_RATE_LEVELS) return null;
        j = values.push(r) - 1;
      }
      last = r;
      lastIndex = j;
    }
    levelOf[t] = lastIndex;
  }
  return { levels: Float64Array.from(values), levelOf };
}

/**
 * Arrival counts without noise (a fluid model): out[t] = the whole records of rates[t] · scale plus the carried
 * fraction. Returns Σ out; `stats[0]` gets the largest count.
 */
function fillFluid(rates: Float64Array, scale: number, out: Float64Array, n: number, stats: Float64Array): number {
  let carry = 0;
  let sum = 0;
  let max = 0;
  for (let t = 0; t < n; t++) {
    const x = carry + rates[t] * scale;
    const c = Math.floor(x + 1e-9);
    carry = x - c;
    out[t] = c;
    sum += c;
    if (c > max) max = c;
  }
  stats[0] = max;
  return sum;
}

/** Slots of the quiet seconds' sums (`ProvisionedRun.quietSums`). */
const QUIET_SUM = 0;
const QUIET_MAX = 1;
const QUIET_KINESIS = 2;
const QUIET_BYTES = 3;
const QUIET_UTIL = 4;

/**
 * Quiet seconds without aggregation or heatmap: from second `from` while the count is at most `limit`, adds the
 * counts to acc[QUIET_SUM] and their maximum to acc[QUIET_MAX]. Returns the first second that is not quiet (or the
 * end). A separate small function so that this loop, which sees nearly every second, keeps its few variables in
 * registers.
 */
function scanQuiet(counts: Float64Array, from: number, limit: number, acc: Float64Array): number {
  const D = counts.length;
  let sum = 0;
  let max = acc[QUIET_MAX];
  let t = from;
  for (; t < D; t++) {
    const c = counts[t];
    if (c > limit) break;
    sum += c;
    if (c > max) max = c;
  }
  acc[QUIET_SUM] += sum;
  acc[QUIET_MAX] = max;
  return t;
}

/**
 * Per-shard state and loop of the provisioned model. Shards are independent (each has its own buckets, retries and
 * readers), so the loop runs shard by shard over time with all state in local variables — much faster than walking
 * every shard each second. Per-second facts that span shards (did any shard's readers lag?) go into `lagSeconds`.
 *
 * Each shard takes two passes: (1) its arrival count for every second (noise, `PoissonCounts`, into `counts`);
 * (2) the token buckets, retries and readers over those counts. Pass 2 has a fast path for "quiet" seconds: no
 * retries pending, both buckets full after the refill, no read backlog, and at most `fastCount` arrivals — few enough
 * that the second's bytes fit the refill, the burst and every reader's share, and its Kinesis records fit the records
 * refill and burst. Such a second accepts everything and leaves the shard quiet: the buckets refill to full before the
 * next second (the second used at most one refill), the backlogs stay empty. So a quiet second needs no bucket
 * arithmetic: it adds its count to sums from which acceptance, mean utilization and written bytes follow (linear in
 * the count without aggregation; summed second by second with aggregation or a heatmap), and its peaks (bytes,
 * records, utilization, shared-read bytes) follow from the largest quiet count, as they all grow with the count.
 * Quiet stretches run in a tight loop of their own (`scanQuiet`); every other second runs the full model, whose
 * refill starts from full buckets after a quiet stretch. The results equal those of running the full model every
 * second. When no count exceeds `fastCount` (without aggregation or heatmap), pass 2 reduces to those sums.
 */
class ProvisionedRun {
  public readonly offered: Float64Array;
  public readonly throttled: Float64Array;
  public readonly peakBytes: Float64Array;
  public readonly peakRecs: Float64Array;
  public readonly peakUtil: Float64Array;
  public readonly sumUtil: Float64Array;
  /** Peak one-second utilization of what was attempted (new records plus retries due that second). */
  public readonly peakAttemptedUtil: Float64Array;
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
  /** Retries due later than the next second (null when every retry is due the next second). */
  private readonly retryQueue: RetryQueue | null;
  /** Arrivals of the current shard in each second (pass 1). */
  private readonly counts: Float64Array;
  /** Expected arrivals per second of the current shard (timestamp keys only). */
  private readonly lambdas: Float64Array | null;
  private readonly levels: Float64Array | null;
  private readonly levelOf: Uint8Array | null;
  private readonly levelMeans: Float64Array;
  private readonly levelCounts: Float64Array;
  /** Share the level tables were built for (NaN: none yet) and whether they apply (every mean 0 or large). */
  private levelShare = NaN;
  private levelOk = false;
  private readonly stats = new Float64Array(1);
  /** Sums over the current shard's quiet seconds, indexed by QUIET_*. */
  private readonly quietSums = new Float64Array(5);
  /** Largest arrival count of a second that is surely quiet (see the class comment). */
  private readonly fastCount: number;

  public constructor(
    public readonly n: number,
    private readonly rates: Float64Array,
    private readonly retries: number,
    private readonly heatBuckets: number,
    private readonly bucketSeconds: number,
    private readonly noise: PoissonCounts,
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
    sparse: boolean,
    retryDelays: Int32Array,
  ) {
    const D = rates.length;
    this.peakAttemptedUtil = new Float64Array(n);
    this.retryQueue = allNextSecond(retryDelays) ? null : new RetryQueue(retryDelays, D);
    this.offered = new Float64Array(n);
    this.throttled = new Float64Array(n);
    this.peakBytes = new Float64Array(n);
    this.peakRecs = new Float64Array(n);
    this.peakUtil = new Float64Array(n);
    this.sumUtil = new Float64Array(n);
    this.lagSeconds = new Uint8Array(D);
    this.heat = new Float32Array(Math.max(1, n * heatBuckets));
    this.pending = new Float64Array(Math.max(1, retries));
    this.counts = new Float64Array(D);
    this.lambdas = sparse ? new Float64Array(D) : null;
    const lv = !sparse && noisy ? rateLevels(rates) : null;
    this.levels = lv ? lv.levels : null;
    this.levelOf = lv ? lv.levelOf : null;
    this.levelMeans = new Float64Array(lv ? lv.levels.length : 0);
    this.levelCounts = new Float64Array(lv ? lv.levels.length * NORMAL_TABLE.length : 0);
    // Largest c with bytesOf(c) ≤ byte room and kinesisRecordsOf(c) ≤ record room (both grow with c): binary search.
    let byteRoom = Math.min(limitBytes, burstBytes);
    if (shared > 0) byteRoom = Math.min(byteRoom, perConsumerRead);
    if (efo > 0) byteRoom = Math.min(byteRoom, efoCap);
    const recordRoom = Math.min(limitRecords, burstRecords);
    const fits = (c: number): boolean => {
      const kr = this.kinesisRecordsOf(c);
      return kr <= recordRoom && this.bytesOf(c, kr) <= byteRoom;
    };
    let lo = 0; // fits(0): no bytes, no records
    let hi = 1;
    while (fits(hi) && hi < 2 ** 52) {
      lo = hi;
      hi *= 2;
    }
    if (fits(hi)) lo = hi;
    else {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (fits(mid)) lo = mid;
        else hi = mid;
      }
    }
    this.fastCount = lo;
  }

  /** Kinesis records for `total` user records in one second (the same arithmetic as the loop's). */
  private kinesisRecordsOf(total: number): number {
    if (this.perAgg <= 1 || total <= 0) return total;
    const full = Math.ceil(total / this.perAgg);
    const byLinger = total < this.flushes ? total : this.flushes;
    return full > byLinger ? full : byLinger;
  }

  /** Bytes counted against the shard for `total` user records in `kr` Kinesis records (the loop's arithmetic). */
  private bytesOf(total: number, kr: number): number {
    if (this.perAgg <= 1 || total <= 0) return total * this.plainBytes;
    return total * this.aggRecordBytes + kr * this.aggFrameBytes;
  }

  /**
   * Pass 1: fills `counts` with shard i's arrivals. Its expected arrivals in second t are `rates[t] · share` when
   * `sparseT` is null, else `rates[t] · sparseF[k]` summed over the k in [from, to) with `sparseT[k]` = t (ascending)
   * and 0 otherwise. Returns the total; `stats[0]` gets the largest count.
   */
  private arrivals(share: number, sparseT: Int32Array | null, sparseF: Float64Array | null, from: number, to: number): number {
    const rates = this.rates;
    const D = rates.length;
    const counts = this.counts;
    let source = rates;
    let scale = share;
    if (sparseT !== null) {
      const lam = this.lambdas as Float64Array;
      const f = sparseF as Float64Array;
      lam.fill(0);
      for (let k = from; k < to; k++) lam[sparseT[k]] += rates[sparseT[k]] * f[k];
      source = lam;
      scale = 1;
    }
    if (!this.noisy) return fillFluid(source, scale, counts, D, this.stats);
    const noise = this.noise;
    let total: number;
    if (sparseT === null && this.levels !== null) {
      if (share !== this.levelShare) {
        const means = this.levelMeans;
        let ok = true;
        for (let j = 0; j < means.length; j++) {
          means[j] = this.levels[j] * share;
          if (means[j] > 0 && means[j] < POISSON_EXACT_BELOW) ok = false;
        }
        if (ok) PoissonCounts.levelTable(means, this.levelCounts);
        this.levelShare = share;
        this.levelOk = ok;
      }
      if (this.levelOk) total = noise.fillLevels(this.levelOf as Uint8Array, this.levelCounts, counts, D);
      else total = noise.fill(rates, share, counts, D);
    } else total = noise.fill(source, scale, counts, D);
    this.stats[0] = noise.max;
    return total;
  }

  /**
   * `scanQuiet` with aggregation or a heatmap: also sums each quiet second's Kinesis records, bytes and utilization
   * (not linear in the count with aggregation) and records the utilization in the heatmap.
   */
  private scanQuietDetailed(counts: Float64Array, from: number, limit: number, acc: Float64Array, heatBase: number): number {
    const D = counts.length;
    const invLB = 1 / this.limitBytes;
    const invLR = 1 / this.limitRecords;
    const nb = this.heatBuckets;
    const heat = this.heat;
    const bucketSeconds = this.bucketSeconds;
    let sum = 0;
    let max = acc[QUIET_MAX];
    let sumKr = 0;
    let sumBy = 0;
    let sumU = 0;
    let t = from;
    for (; t < D; t++) {
      const c = counts[t];
      if (c > limit) break;
      sum += c;
      if (c > max) max = c;
      const kr = this.kinesisRecordsOf(c);
      const by = this.bytesOf(c, kr);
      const ub = by * invLB;
      const ur = kr * invLR;
      const u = ub > ur ? ub : ur;
      sumKr += kr;
      sumBy += by;
      sumU += u;
      if (nb > 0) {
        const h = heatBase + Math.floor(t / bucketSeconds);
        if (u > heat[h]) heat[h] = u;
      }
    }
    acc[QUIET_SUM] += sum;
    acc[QUIET_MAX] = max;
    acc[QUIET_KINESIS] += sumKr;
    acc[QUIET_BYTES] += sumBy;
    acc[QUIET_UTIL] += sumU;
    return t;
  }

  /** Runs shard i over the whole duration (see `arrivals` for its expected load). */
  public runShard(i: number, share: number, sparseT: Int32Array | null, sparseF: Float64Array | null, from: number, to: number): void {
    const offered = this.arrivals(share, sparseT, sparseF, from, to);
    this.offered[i] = offered;
    if (this.rejectAll) {
      this.rejected += offered;
      return;
    }
    const maxCount = this.stats[0];
    const counts = this.counts;
    const D = counts.length;
    const R = this.retries;
    const pending = this.pending;
    pending.fill(0);
    const queue = this.retryQueue;
    if (queue !== null) queue.reset();
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
    const S = this.shared;
    const readLimit = this.readLimit;
    const perConsumerRead = this.perConsumerRead;
    const E = this.efo;
    const efoCap = this.efoCap;
    const lag = this.lagSeconds;
    const fastCount = this.fastCount;

    let bt = capB;
    let rt = capR;
    let pendingTotal = 0;
    let throttled = 0;
    let accepted = 0;
    let acceptedKinesis = 0;
    let byBytes = 0;
    let byRecords = 0;
    let peakBytes = 0;
    let peakRecs = 0;
    let peakUtil = 0;
    let peakAttempted = 0;
    let sumUtil = 0;
    let maxBytesUtil = 0;
    let maxRecsUtil = 0;
    let backlog = 0;
    let backlogE = 0;
    /** Bytes accepted in the seconds that ran the full model. */
    let slowWritten = 0;
    let maxAge = 0;
    let maxSharedRead = 0;
    const invLB = 1 / LB;
    const invLR = 1 / LR;
    const readPerByte = S / readLimit;
    // A second is quiet when it arrives with at most `fastLimit` records: fastCount while the shard is quiet, else -1.
    let fastLimit = fastCount;

    const simple = nb === 0 && !aggregated;
    const acc = this.quietSums;
    acc.fill(0);
    acc[QUIET_MAX] = -1;
    let t = 0;
    if (simple && maxCount <= fastCount) {
      // Every second is quiet (the shard starts quiet and stays so).
      acc[QUIET_SUM] = offered;
      acc[QUIET_MAX] = maxCount;
      t = D;
    }
    for (; t < D; t++) {
      if (fastLimit >= 0) {
        // The quiet seconds from t on, in a tight loop of their own.
        t = simple ? scanQuiet(counts, t, fastLimit, acc) : this.scanQuietDetailed(counts, t, fastLimit, acc, heatBase);
        if (t >= D) break;
      }
      const c = counts[t];
      // Retries due this second: everything pending (all retries next second) or the queue's due entries.
      let due = pendingTotal;
      if (queue !== null) due = pendingTotal > 0 ? queue.collect(t, pending) : 0;
      const total = c + due;
      if (fastLimit >= 0) {
        // Quiet until now: the refill has filled both buckets.
        bt = capB;
        rt = capR;
      } else {
        bt += LB;
        if (bt > capB) bt = capB;
        rt += LR;
        if (rt > capR) rt = capR;
      }
      let kr = total;
      let by = total * plainBytes;
      if (aggregated && total > 0) {
        const full = Math.ceil(total / perAgg);
        const byLinger = total < flushes ? total : flushes;
        kr = full > byLinger ? full : byLinger;
        by = total * aggRecordBytes + kr * aggFrameBytes;
      }
      // Utilization and peaks describe the records producers offered this second as NEW traffic (after aggregation);
      // retries are attempted load, not demand (their peak goes to `peakAttempted`).
      const ua = (by * invLB > kr * invLR ? by * invLB : kr * invLR);
      if (ua > peakAttempted) peakAttempted = ua;
      let kr0 = kr;
      let by0 = by;
      if (due > 0) {
        kr0 = this.kinesisRecordsOf(c);
        by0 = this.bytesOf(c, kr0);
      }
      const ub = by0 * invLB;
      const ur = kr0 * invLR;
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
        const second = acceptFraction(f, total, c, t, pending, R, queue);
        ok = second.accepted;
        pendingTotal = second.pendingTotal;
        throttled += second.finalFailures;
        if (by > 0 && bt / by <= (kr > 0 ? rt / kr : Infinity)) byBytes += total - ok;
        else byRecords += total - ok;
      } else if (pendingTotal > 0) {
        pending.fill(0);
        pendingTotal = queue !== null ? queue.waiting : 0;
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
      if (by0 > peakBytes) peakBytes = by0;
      if (kr0 > peakRecs) peakRecs = kr0;
      if (u > peakUtil) peakUtil = u;
      sumUtil += u;
      if (nb > 0) {
        const h = heatBase + Math.floor(t / bucketSeconds);
        if (u > heat[h]) heat[h] = u;
      }
      // Readers.
      slowWritten += accBytes;
      if (S > 0) {
        const sr = accBytes * readPerByte;
        if (sr > maxSharedRead) maxSharedRead = sr;
        backlog += accBytes - perConsumerRead;
        if (backlog > 0) lag[t] |= 1;
        else backlog = 0;
      }
      if (E > 0) {
        backlogE += accBytes - efoCap;
        if (backlogE > 0) lag[t] |= 2;
        else backlogE = 0;
      }
      // Iterator age of the slower reader kind: its backlog over the shard's mean write rate so far.
      const worstBacklog = backlog > backlogE ? backlog : backlogE;
      if (worstBacklog > 0) {
        const cumWritten = slowWritten + (simple ? acc[QUIET_SUM] * plainBytes : acc[QUIET_BYTES]);
        const age = worstBacklog / (cumWritten / (t + 1));
        if (age > maxAge) maxAge = age;
      }
      // Quiet again when nothing waits for a retry, the next refill fills both buckets and no reader lags.
      fastLimit = pendingTotal === 0 && bt + LB >= capB && rt + LR >= capR && backlog === 0 && backlogE === 0 ? fastCount : -1;
    }
    // Quiet seconds accepted everything they offered.
    const fastMax = acc[QUIET_MAX];
    if (fastMax >= 0) {
      const fastSum = acc[QUIET_SUM];
      accepted += fastSum;
      if (simple) {
        acceptedKinesis += fastSum;
        // Without aggregation a second's utilization is its count times the larger per-record fraction.
        const ub1 = plainBytes * invLB;
        sumUtil += fastSum * (ub1 > invLR ? ub1 : invLR);
      } else {
        acceptedKinesis += acc[QUIET_KINESIS];
        sumUtil += acc[QUIET_UTIL];
      }
      const kr = this.kinesisRecordsOf(fastMax);
      const by = this.bytesOf(fastMax, kr);
      const ub = by * invLB;
      const ur = kr * invLR;
      const u = ub > ur ? ub : ur;
      if (ub > maxBytesUtil) maxBytesUtil = ub;
      if (ur > maxRecsUtil) maxRecsUtil = ur;
      if (by > peakBytes) peakBytes = by;
      if (kr > peakRecs) peakRecs = kr;
      if (u > peakUtil) peakUtil = u;
      if (u > peakAttempted) peakAttempted = u;
      if (S > 0 && by * readPerByte > maxSharedRead) maxSharedRead = by * readPerByte;
    }
    // Records still waiting for a retry when the run ends were not written within it: they count as throttled.
    throttled += pendingTotal;
    if (queue !== null) throttled += queue.late;
    this.peakAttemptedUtil[i] = peakAttempted;
    this.throttled[i] = throttled;
    this.peakBytes[i] = peakBytes;
    this.peakRecs[i] = peakRecs;
    this.peakUtil[i] = peakUtil;
    this.sumUtil[i] = sumUtil;
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
/**
 * Memory bound of timestamp keys: at most this many (second, shard, fraction) entries are held at once. Sub-second
 * windows touch up to min(1000 / resolutionMs, shards) shards per second, so a long run (24 h × 1 ms windows on
 * 1,000 shards ≈ 55 M entries) is processed in blocks of consecutive shards, re-deriving each block's entries from
 * the (cheap, allocation-free) key placement: 8 M entries ≈ 96 MB of typed arrays. Exported for tests only.
 */
export const TIMESTAMP_BLOCK = { entryBudget: 8_000_000 };

interface TimestampBlock {
  /** Shards [from, to). */
  readonly from: number;
  readonly to: number;
  /** Entries of shard from + j: [offsets[j], offsets[j + 1]); seconds ascending within a shard. */
  readonly offsets: Int32Array;
  readonly seconds: Int32Array;
  readonly fractions: Float64Array;
}

/** Scratch of `timestampBlocks`: one second's placements, and per shard the last second it was touched. */
class SecondPlacer {
  public readonly idx: Int32Array;
  public readonly frac: Float64Array;
  /** Per shard: the last second an entry was made for it (−1: none yet), and that entry's position. */
  public readonly lastT: Int32Array;
  public readonly lastPos: Int32Array;

  public constructor(
    private readonly model: TimestampKeyModel,
    private readonly map: ShardMap,
  ) {
    const K = model.maxKeysPerSecond;
    this.idx = new Int32Array(K);
    this.frac = new Float64Array(K);
    this.lastT = new Int32Array(map.shardCount);
    this.lastPos = new Int32Array(map.shardCount);
  }

  public reset(): void {
    this.lastT.fill(-1);
  }

  /** Places second t into `idx`/`frac`; returns the count. */
  public place(t: number): number {
    return this.model.placeSecond(this.map, t, this.idx, this.frac);
  }
}

/** Pass 1: entries (distinct seconds) per shard. */
function countTimestampEntries(p: SecondPlacer, D: number, perShard: Float64Array): void {
  p.reset();
  const idx = p.idx;
  const lastT = p.lastT;
  for (let t = 0; t < D; t++) {
    const k = p.place(t);
    for (let j = 0; j < k; j++) {
      const i = idx[j];
      if (lastT[i] !== t) {
        lastT[i] = t;
        perShard[i]++;
      }
    }
  }
}

/**
 * One block's pass: the entries of shards [from, to) by counting sort into `seconds`/`fractions`; a shard's fractions
 * within one second are summed in placement order (as `fillSecond` sums them).
 */
function fillTimestampBlock(p: SecondPlacer, D: number, from: number, to: number, fill: Int32Array, seconds: Int32Array, fractions: Float64Array): void {
  p.reset();
  const idx = p.idx;
  const frac = p.frac;
  const lastT = p.lastT;
  const lastPos = p.lastPos;
  for (let t = 0; t < D; t++) {
    const k = p.place(t);
    for (let j = 0; j < k; j++) {
      const i = idx[j];
      if (i < from || i >= to) continue;
      if (lastT[i] === t) fractions[lastPos[i]] += frac[j];
      else {
        const q = fill[i - from]++;
        lastT[i] = t;
        lastPos[i] = q;
        seconds[q] = t;
        fractions[q] = frac[j];
      }
    }
  }
}

/**
 * The (second, fraction) lists of timestamp keys grouped by shard, in blocks of consecutive shards holding at most
 * `budget` entries together (a single shard has at most one entry per second). Pass 1 counts each shard's entries;
 * each block then re-places every second and keeps its own shards' entries (counting sort).
 */
function timestampBlocks(model: TimestampKeyModel, map: ShardMap, D: number, budget: number, each: (block: TimestampBlock) => void): void {
  const N = map.shardCount;
  const p = new SecondPlacer(model, map);
  const perShard = new Float64Array(N);
  countTimestampEntries(p, D, perShard);
  for (let from = 0; from < N; ) {
    let to = from;
    let size = 0;
    while (to < N && (to === from || size + perShard[to] <= budget)) size += perShard[to++];
    const offsets = new Int32Array(to - from + 1);
    for (let i = from; i < to; i++) offsets[i - from + 1] = offsets[i - from] + perShard[i];
    const seconds = new Int32Array(size);
    const fractions = new Float64Array(size);
    fillTimestampBlock(p, D, from, to, offsets.slice(0, to - from), seconds, fractions);
    each({ from, to, offsets, seconds, fractions });
    from = to;
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
    new PoissonCounts(w.seed),
    w.arrivalNoise === "poisson",
    ws.plainRecordBytes > w.maxRecordBytes,
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
    model.kind === "timestamp",
    retryDelaysSeconds(w.producer.maxRetries, w.producer.retryBackoffMs),
  );
  const fixedShares = model.kind === "fixed" ? model.sharesFor(map) : null;
  const progressEvery = Math.max(1, Math.floor(N / 20));
  const progress = (i: number): void => {
    if (options.onProgress && (i + 1) % progressEvery === 0) options.onProgress((i + 1) / N);
  };
  if (fixedShares !== null) {
    for (let i = 0; i < N; i++) {
      run.runShard(i, fixedShares[i], null, null, 0, 0);
      progress(i);
    }
  } else if (model.kind === "timestamp") {
    timestampBlocks(model, map, D, TIMESTAMP_BLOCK.entryBudget, (block) => {
      for (let i = block.from; i < block.to; i++) {
        run.runShard(i, 0, block.seconds, block.fractions, block.offsets[i - block.from], block.offsets[i - block.from + 1]);
        progress(i);
      }
    });
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
  const { throttled, offered, peakUtil, peakBytes, peakRecs, sumUtil, peakAttemptedUtil } = run;
  let totalOffered = 0;
  let totalThrottled = 0;
  for (let i = 0; i < N; i++) {
    totalOffered += offered[i];
    totalThrottled += throttled[i];
  }

  const perShard: ShardFigures[] = [];
  let hot = 0;
  let maxAttempted = 0;
  for (let i = 0; i < N; i++) {
    if (peakUtil[i] > peakUtil[hot]) hot = i;
    if (peakAttemptedUtil[i] > maxAttempted) maxAttempted = peakAttemptedUtil[i];
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
    maxShardAttemptedWriteUtilization: maxAttempted,
    bindingConstraint: "none",
  };
  const withBinding: SimulationResult = { ...result, bindingConstraint: bindingOf(result, S, hotKey) };
  return heatmap ? { ...withBinding, heatmap } : withBinding;
}
