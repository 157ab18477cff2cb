/**
 * The provisioned-stream engine: per-second, per-shard aggregates (never per record), O(duration × shards) with typed
 * arrays, run from one `RunConfig` (run-config.ts).
 *
 * Writes: each shard has two token buckets (write-limiter.ts, refilled by its `refill` rule once a second) — bytes
 * (data + partition key; capacity `write.burstBytes`, refill `write.limitBytes` per second) and Kinesis records
 * (capacity `write.burstRecords`, refill `write.limitRecords`).
 * AWS describes a shard's write capacity as "a tank that refills at a steady rate" and lets it burst past 1 MiB/s
 * (https://docs.aws.amazon.com/streams/latest/dev/large-records.html) but does not publish the tank's size: the
 * defaults in limits.ts follow the KPL's own limiter and are flagged unconfirmed. When a second's load exceeds the
 * tokens, the same fraction of every pending record is accepted and the rest is throttled (retries.ts `acceptFraction`);
 * the new records refused are that second's first-attempt throttling. Throttled records are retried after their
 * backoff up to `producer.maxRetries` times; after the run's last second the pending retries still play out (no new
 * arrivals), so a record is lost only when its last retry fails. Records larger than the stream's maximum record size
 * are rejected outright. KPL aggregation changes the record count, never the bytes (aggregation.ts).
 *
 * Reads: shared-throughput consumers (a Firehose reading the stream is one) each make `pollsPerSecond` GetRecords
 * calls per shard; together at most 5 calls/s and 2 MiB/s per shard; each call returns at most 10 MiB and 10,000
 * records. Each consumer reads at most `readers.perConsumerBytesPerSecond`; what it cannot read piles up as backlog.
 * Iterator age is what AWS reports as `GetRecords.IteratorAgeMilliseconds`: the age of the last record a read
 * returned — records are read in order, so the last record read at second t was written when the shard's cumulative
 * writes reached its cumulative reads (0 when the reader is caught up). EFO consumers each read 2 MiB/s per shard.
 */
import { ShardMap } from "./routing";
import { NORMAL_TABLE, POISSON_EXACT_BELOW, PoissonCounts } from "./random";
import { keyModelOf } from "./keys";
import { KPL_EMPTY_AGGREGATE_BYTES } from "./kpl";
import { RetryQueue, acceptFraction, allNextSecond } from "./retries";
import { TIMESTAMP_BLOCK, timestampBlocks } from "./timestamp-blocks";
import { AgeTracker } from "./iterator-age";
import { refill } from "./token-bucket";
import { KINESIS_LIMITS } from "./limits";
import { meanKinesisRecordBytes, type EngineResult, type RunConfig } from "./run-config";

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
 * Per-shard state and loop of the provisioned engine. Shards are independent (each has its own buckets, retries and
 * readers), so the loop runs shard by shard over time with all state in local variables — much faster than walking
 * every shard each second. Per-second facts that span shards (did any shard throttle, did any readers lag?) go into
 * `secondFlags`.
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
  public readonly lost: Float64Array;
  public readonly firstAttempt: Float64Array;
  public readonly peakBytes: Float64Array;
  public readonly peakRecs: Float64Array;
  public readonly peakUtil: Float64Array;
  public readonly sumUtil: Float64Array;
  /** Peak one-second utilization of what was attempted (new records plus retries due that second). */
  public readonly peakAttemptedUtil: Float64Array;
  /** Per second: bit 1 shared readers lagged on some shard; bit 2 EFO readers did; bit 4 some shard throttled. */
  public readonly secondFlags: Uint8Array;
  public readonly heat: Float32Array;
  public readonly heatThrottled: Uint8Array;
  public accepted = 0;
  public rejected = 0;
  public acceptedKinesis = 0;
  public throttledByBytes = 0;
  public throttledByRecords = 0;
  public absorbed = 0;
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
  private readonly noise: PoissonCounts;
  private readonly sharedAge: AgeTracker;
  private readonly efoAge: AgeTracker;
  private readonly heatBuckets: number;
  private readonly bucketSeconds: number;

  public constructor(
    private readonly cfg: RunConfig,
    public readonly n: number,
    sparse: boolean,
  ) {
    const D = cfg.durationSeconds;
    const end = D + cfg.drainSeconds;
    this.noise = new PoissonCounts(cfg.workload.seed);
    this.heatBuckets = cfg.heatmap?.buckets ?? 0;
    this.bucketSeconds = cfg.heatmap?.bucketSeconds ?? 0;
    this.peakAttemptedUtil = new Float64Array(n);
    this.retryQueue = allNextSecond(cfg.retryDelays) ? null : new RetryQueue(cfg.retryDelays, end);
    this.offered = new Float64Array(n);
    this.lost = new Float64Array(n);
    this.firstAttempt = new Float64Array(n);
    this.peakBytes = new Float64Array(n);
    this.peakRecs = new Float64Array(n);
    this.peakUtil = new Float64Array(n);
    this.sumUtil = new Float64Array(n);
    this.secondFlags = new Uint8Array(D);
    this.heat = new Float32Array(Math.max(1, n * this.heatBuckets));
    this.heatThrottled = new Uint8Array(Math.max(1, n * this.heatBuckets));
    this.pending = new Float64Array(Math.max(1, cfg.maxRetries));
    this.counts = new Float64Array(D);
    this.sharedAge = new AgeTracker(new Float64Array(end));
    this.efoAge = new AgeTracker(new Float64Array(end));
    this.lambdas = sparse ? new Float64Array(D) : null;
    const lv = !sparse && cfg.noisy ? rateLevels(cfg.rates) : null;
    this.levels = lv ? lv.levels : null;
    this.levelOf = lv ? lv.levelOf : null;
    this.levelMeans = new Float64Array(lv ? lv.levels.length : 0);
    this.levelCounts = new Float64Array(lv ? lv.levels.length * NORMAL_TABLE.length : 0);
    // Largest c with bytesOf(c) ≤ byte room and kinesisRecordsOf(c) ≤ record room (both grow with c): binary search.
    const W = cfg.write;
    const R = cfg.readers;
    let byteRoom = Math.min(W.limitBytes, W.burstBytes);
    if (R.shared > 0) byteRoom = Math.min(byteRoom, R.perConsumerBytesPerSecond);
    if (R.efo > 0) byteRoom = Math.min(byteRoom, R.efoBytesPerSecond);
    const recordRoom = Math.min(W.limitRecords, W.burstRecords);
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
    const s = this.cfg.shape;
    if (s.recordsPerAggregate <= 1 || total <= 0) return total;
    const full = Math.ceil(total / s.recordsPerAggregate);
    const byLinger = total < s.flushesPerSecond ? total : s.flushesPerSecond;
    return full > byLinger ? full : byLinger;
  }

  /** Bytes counted against the shard for `total` user records in `kr` Kinesis records (the loop's arithmetic). */
  private bytesOf(total: number, kr: number): number {
    const s = this.cfg.shape;
    if (s.recordsPerAggregate <= 1 || total <= 0) return total * s.plainRecordBytes;
    return total * s.aggregatedRecordBytes + kr * KPL_EMPTY_AGGREGATE_BYTES;
  }

  /**
   * Pass 1: fills `counts` with shard i's arrivals. Its expected arrivals in second t are `rates[t] · share` when
   * `sparseT` is null, else `rates[t] · sparseF[k]` summed over the k in [from, to) with `sparseT[k]` = t (ascending)
   * and 0 otherwise. Returns the total; `stats[0]` gets the largest count.
   */
  private arrivals(share: number, sparseT: Int32Array | null, sparseF: Float64Array | null, from: number, to: number): number {
    const rates = this.cfg.rates;
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
    if (!this.cfg.noisy) return fillFluid(source, scale, counts, D, this.stats);
    const noise = this.noise;
    let total: number;
    // A level table (levels × 4,096 cells) pays off when shards share a share (uuid keys) or the run is long; for a
    // shard whose share differs from the last one's and a short run, drawing directly is cheaper (same counts).
    const reuse = share === this.levelShare || D >= 2 * this.levelMeans.length * NORMAL_TABLE.length;
    if (sparseT === null && this.levels !== null && reuse) {
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
    const invLB = 1 / this.cfg.write.limitBytes;
    const invLR = 1 / this.cfg.write.limitRecords;
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

  /** Runs shard i over the whole duration and the retries' drain (see `arrivals` for its expected load). */
  public runShard(i: number, share: number, sparseT: Int32Array | null, sparseF: Float64Array | null, from: number, to: number): void {
    const cfg = this.cfg;
    const offered = this.arrivals(share, sparseT, sparseF, from, to);
    this.offered[i] = offered;
    if (cfg.rejectAll) {
      this.rejected += offered;
      return;
    }
    const maxCount = this.stats[0];
    const counts = this.counts;
    const D = counts.length;
    const end = D + cfg.drainSeconds;
    const R = cfg.maxRetries;
    const pending = this.pending;
    pending.fill(0);
    const queue = this.retryQueue;
    if (queue !== null) queue.reset();
    const LB = cfg.write.limitBytes;
    const LR = cfg.write.limitRecords;
    const capB = cfg.write.burstBytes;
    const capR = cfg.write.burstRecords;
    const shape = cfg.shape;
    const plainBytes = shape.plainRecordBytes;
    const perAgg = shape.recordsPerAggregate;
    const aggregated = perAgg > 1;
    const flushes = shape.flushesPerSecond;
    const aggRecordBytes = shape.aggregatedRecordBytes;
    const aggFrameBytes = KPL_EMPTY_AGGREGATE_BYTES;
    const nb = this.heatBuckets;
    const heat = this.heat;
    const heatThr = this.heatThrottled;
    const heatBase = i * nb;
    const bucketSeconds = this.bucketSeconds;
    const S = cfg.readers.shared;
    const readLimit = KINESIS_LIMITS.shardReadBytesPerSecond.value;
    const perConsumerRead = cfg.readers.perConsumerBytesPerSecond;
    const E = cfg.readers.efo;
    const efoCap = cfg.readers.efoBytesPerSecond;
    const flags = this.secondFlags;
    const fastCount = this.fastCount;
    const sharedAge = this.sharedAge;
    const efoAge = this.efoAge;
    sharedAge.observe(0, 0, 0);
    efoAge.observe(0, 0, 0);

    let bt = capB;
    let rt = capR;
    let pendingTotal = 0;
    let lost = 0;
    let firstAttempt = 0;
    let accepted = 0;
    let acceptedKinesis = 0;
    let byBytes = 0;
    let byRecords = 0;
    let absorbed = 0;
    let peakBytes = 0;
    let peakRecs = 0;
    let peakUtil = 0;
    let peakAttempted = 0;
    let sumUtil = 0;
    let maxBytesUtil = 0;
    let maxRecsUtil = 0;
    let backlog = 0;
    let backlogE = 0;
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
    for (; t < end; t++) {
      if (fastLimit >= 0) {
        if (t >= D) break; // quiet after the last arrival: nothing left to retry
        // The quiet seconds from t on, in a tight loop of their own.
        t = simple ? scanQuiet(counts, t, fastLimit, acc) : this.scanQuietDetailed(counts, t, fastLimit, acc, heatBase);
        if (t >= D) break;
      }
      const live = t < D;
      if (!live && pendingTotal === 0) break;
      const c = live ? counts[t] : 0;
      // Retries due this second: everything pending (all retries next second) or the queue's due entries.
      let due = pendingTotal;
      if (queue !== null) due = pendingTotal > 0 ? queue.collect(t, pending) : 0;
      const total = c + due;
      if (fastLimit >= 0) {
        // Quiet until now: the refill has filled both buckets.
        bt = capB;
        rt = capR;
      } else {
        bt = refill(bt, capB, LB, 1);
        rt = refill(rt, capR, LR, 1);
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
      const ua = by * invLB > kr * invLR ? by * invLB : kr * invLR;
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
        lost += second.finalFailures;
        firstAttempt += second.firstAttemptFailures;
        if (by > 0 && bt / by <= (kr > 0 ? rt / kr : Infinity)) byBytes += total - ok;
        else byRecords += total - ok;
        if (live) flags[t] |= 4;
        if (nb > 0 && live) heatThr[heatBase + Math.floor(t / bucketSeconds)] = 1;
      } else {
        if (pendingTotal > 0) {
          pending.fill(0);
          pendingTotal = queue !== null ? queue.waiting : 0;
        }
        if (ua > 1) absorbed++;
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
      if (live) {
        sumUtil += u;
        if (nb > 0) {
          const h = heatBase + Math.floor(t / bucketSeconds);
          if (u > heat[h]) heat[h] = u;
        }
      }
      // Readers.
      if (S > 0) {
        const sr = accBytes * readPerByte;
        if (sr > maxSharedRead) maxSharedRead = sr;
        backlog += accBytes - perConsumerRead;
        if (backlog > 0) {
          if (live) flags[t] |= 1;
        } else backlog = 0;
        const age = sharedAge.observe(t, accBytes, backlog);
        if (age > maxAge) maxAge = age;
      }
      if (E > 0) {
        backlogE += accBytes - efoCap;
        if (backlogE > 0) {
          if (live) flags[t] |= 2;
        } else backlogE = 0;
        const age = efoAge.observe(t, accBytes, backlogE);
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
    // Retries that would still fall after the drain (backoffs longer than it) are lost.
    lost += pendingTotal;
    if (queue !== null) lost += queue.late;
    this.peakAttemptedUtil[i] = peakAttempted;
    this.lost[i] = lost;
    this.firstAttempt[i] = firstAttempt;
    this.peakBytes[i] = peakBytes;
    this.peakRecs[i] = peakRecs;
    this.peakUtil[i] = peakUtil;
    this.sumUtil[i] = sumUtil;
    this.accepted += accepted;
    this.acceptedKinesis += acceptedKinesis;
    this.throttledByBytes += byBytes;
    this.throttledByRecords += byRecords;
    this.absorbed += absorbed;
    if (maxAge > this.maxAge) this.maxAge = maxAge;
    if (maxSharedRead > this.maxSharedRead) this.maxSharedRead = maxSharedRead;
    if (maxBytesUtil > this.maxBytesUtil) this.maxBytesUtil = maxBytesUtil;
    if (maxRecsUtil > this.maxRecsUtil) this.maxRecsUtil = maxRecsUtil;
  }
}

/** Runs `cfg` against `shards` provisioned shards (the CreateStream layout). */
export function runProvisioned(cfg: RunConfig, shards: number): EngineResult {
  const N = shards;
  const D = cfg.durationSeconds;
  const map = ShardMap.even(N);
  const model = keyModelOf(cfg.workload, cfg.keyNaming);
  const run = new ProvisionedRun(cfg, N, model.kind === "timestamp");
  const fixedShares = model.kind === "fixed" ? model.sharesFor(map) : null;
  const progressEvery = Math.max(1, Math.floor(N / 20));
  const progress = (i: number): void => {
    if (cfg.onProgress && (i + 1) % progressEvery === 0) cfg.onProgress((i + 1) / N);
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
  if (cfg.onProgress) cfg.onProgress(1);
  const callsExceeded = cfg.readers.shared > 0 && cfg.readers.callsDemand > cfg.readers.callsLimit;
  let sharedLag = 0;
  let efoLag = 0;
  let throttledSeconds = 0;
  for (let t = 0; t < D; t++) {
    const fl = run.secondFlags[t];
    if ((fl & 1) !== 0 || callsExceeded) sharedLag++;
    if ((fl & 2) !== 0) efoLag++;
    if ((fl & 4) !== 0) throttledSeconds++;
  }
  let totalOffered = 0;
  for (let i = 0; i < N; i++) totalOffered += run.offered[i];
  const trafficShare = fixedShares ?? run.offered.map((x) => (totalOffered > 0 ? x / totalOffered : 0));
  const R = cfg.readers;
  // The readers' cap is the 10,000-records-per-call one when it is below their share of the bytes.
  const perCallRecords = R.shared > 0 ? (Math.min(R.callsDemand, R.callsLimit) / R.shared) * KINESIS_LIMITS.getRecordsMaxRecords.value : Infinity;
  const byRecords = R.shared > 0 && perCallRecords * meanKinesisRecordBytes(cfg.shape) < KINESIS_LIMITS.shardReadBytesPerSecond.value / R.shared;
  return {
    shardIds: map.ranges.map((r) => r.shardId),
    trafficShare,
    offered: run.offered,
    lost: run.lost,
    firstAttemptThrottled: run.firstAttempt,
    peakBytes: run.peakBytes,
    peakRecords: run.peakRecs,
    peakUtilization: run.peakUtil,
    sumUtilization: run.sumUtil,
    peakAttemptedUtilization: run.peakAttemptedUtil,
    accepted: run.accepted,
    rejected: run.rejected,
    acceptedKinesisRecords: run.acceptedKinesis,
    throttledByBytes: run.throttledByBytes,
    throttledByRecords: run.throttledByRecords,
    throttledByKey: 0,
    throttledByScaling: 0,
    sharedLagSeconds: sharedLag,
    efoLagSeconds: efoLag,
    sharedLagByRecords: byRecords,
    maxIteratorAgeSeconds: run.maxAge,
    maxBytesUtilization: run.maxBytesUtil,
    maxRecordsUtilization: run.maxRecsUtil,
    maxSharedReadUtilization: run.maxSharedRead,
    throttledSeconds,
    absorbedShardSeconds: run.absorbed,
    heat: cfg.heatmap ? run.heat : null,
    heatThrottled: cfg.heatmap ? run.heatThrottled : null,
  };
}

