/**
 * Producer model: how a stream-processor Kinesis output (or the KPL) turns user records into PutRecords requests, and
 * what a provisioned stream's per-shard write limits do to them.
 *
 * - Collection: PutRecords requests of ≤ maxBatchRecords (≤ 500) Kinesis records and ≤ maxBatchBytes (≤ 10 MiB,
 *   data + partition keys), sent when full or when the oldest buffered user record has waited `lingerMs`
 *   (KPL RecordMaxBufferedTime). A linger flush sends everything buffered (all open aggregates included).
 * - Record cap: a user record whose data + UTF-8 partition key exceeds the stream's maximum record size (default
 *   1 MiB, configurable up to 10 MiB) is rejected, as are empty / > 256-character partition keys and invalid
 *   ExplicitHashKeys.
 * - Aggregation (KPL, aws-facts §3): user records are packed per predicted shard into one Kinesis record of at most
 *   `aggregationMaxBytes` serialized bytes; the aggregate is a protobuf AggregatedRecord framed by a 4-byte magic and
 *   a 16-byte MD5, sent with partition key "a" and the ExplicitHashKey of its first user record. Its size is computed
 *   byte-exactly from the protobuf encoding rules (≈ 8 bytes overhead per 512-byte user record, §3.4). A container
 *   holding a single user record is sent as that plain record.
 * - Throttling: each shard has a byte bucket and a record bucket (capacity writeBurst*, refill shardWrite* from
 *   `limits.ts`); a PutRecords entry is accepted when both have enough tokens, otherwise it fails with
 *   ProvisionedThroughputExceeded, and is retried after retryBackoffMs · 2^(attempt−1) up to maxRetries times.
 *   Retried entries due at the same instant are sent together in their own PutRecords requests.
 */
import { KINESIS_LIMITS } from "./limits";
import { ShardMap, hashKeyOf, parseExplicitHashKey } from "./routing";
import { TokenBucket } from "./token-bucket";
import type { PartitionKeyStrategy, ProducerSpec, Workload } from "./types";
import { WORKLOAD_DEFAULTS, resolveWorkload } from "./workload";

/** One user record offered by a producer. */
export interface TraceRecord {
  /** Offer time in milliseconds; must not decrease along the trace. */
  readonly timeMs: number;
  readonly partitionKey: string;
  /** Data blob size in bytes (without the partition key). */
  readonly bytes: number;
  readonly explicitHashKey?: string;
}

export interface ReplayOptions {
  /** Shard count of an even (CreateStream) layout, or an explicit shard map. */
  readonly shards: number | ShardMap;
  readonly producer?: ProducerSpec;
  /** Stream's maximum record size (data + partition key), 1 MiB … 10 MiB. @default 1 MiB */
  readonly maxRecordBytes?: number;
}

/** Per-shard figures of a replay. */
export interface ReplayShardFigures {
  readonly shardId: string;
  /** User records accepted. */
  readonly acceptedRecords: number;
  /** User records still throttled after all retries. */
  readonly throttledRecords: number;
  /** Kinesis records (after aggregation) accepted. */
  readonly kinesisRecords: number;
  /** Bytes accepted (Kinesis records' data + partition keys). */
  readonly acceptedBytes: number;
  /** PutRecords entries refused with ProvisionedThroughputExceeded, each attempt counted. */
  readonly throttleEvents: number;
}

export interface ReplayResult {
  /** User records offered. */
  readonly offered: number;
  readonly accepted: number;
  /** User records throttled after all retries (given up). */
  readonly throttled: number;
  /** User records refused before sending (too large, bad partition key or ExplicitHashKey). */
  readonly rejected: number;
  /** User-record retry attempts (a record retried twice counts twice). */
  readonly retried: number;
  readonly putRecordsRequests: number;
  /** Kinesis records accepted (after aggregation). */
  readonly kinesisRecordsWritten: number;
  /** Bytes accepted (data + partition keys of the Kinesis records). */
  readonly bytesWritten: number;
  /** PutRecords entries that failed with ProvisionedThroughputExceeded (each attempt). */
  readonly throttleEvents: number;
  readonly perShard: readonly ReplayShardFigures[];
  /** Offer-to-acceptance latency of accepted user records, 1 ms resolution (floored). */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number };
}

/** Framing of a KPL aggregated record: 4-byte magic + 16-byte MD5 trailer (aggregation-format.md, §3.1). */
export const KPL_AGGREGATE_FRAMING_BYTES = 4 + 16;
/** Outer partition key of a KPL aggregate ("a", §3.2). */
export const KPL_AGGREGATE_PARTITION_KEY = "a";

/** Bytes of a protobuf varint. */
export function varintBytes(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  return 5;
}

/** Serialized bytes a user record adds to an AggregatedRecord (field 3 entry: Record{pk index, [ehk index], data}). */
export function aggregatedEntryBytes(dataBytes: number, keyIndex: number, ehkIndex = -1): number {
  let inner = 1 + varintBytes(keyIndex) + 1 + varintBytes(dataBytes) + dataBytes;
  if (ehkIndex >= 0) inner += 1 + varintBytes(ehkIndex);
  return 1 + varintBytes(inner) + inner;
}

/** Serialized bytes of one key-table entry (field 1 or 2: a length-delimited string). */
export function aggregatedKeyTableEntryBytes(keyUtf8Bytes: number): number {
  return 1 + varintBytes(keyUtf8Bytes) + keyUtf8Bytes;
}

/** Empty aggregate: framing plus the outer partition key "a" (counted against the shard's byte limit). */
const AGG_EMPTY_BYTES = KPL_AGGREGATE_FRAMING_BYTES + KPL_AGGREGATE_PARTITION_KEY.length;

/** Growable struct-of-arrays FIFO of PutRecords entries awaiting a retry. */
class EntryQueue {
  public due = new Float64Array(64);
  public shard = new Int32Array(64);
  public bytes = new Float64Array(64);
  public head = new Int32Array(64);
  public count = new Int32Array(64);
  public start = 0;
  public end = 0;

  public push(due: number, shard: number, bytes: number, head: number, count: number): void {
    if (this.end === this.due.length) {
      if (this.start > 0) {
        this.compact();
      } else {
        this.grow();
      }
    }
    const i = this.end++;
    this.due[i] = due;
    this.shard[i] = shard;
    this.bytes[i] = bytes;
    this.head[i] = head;
    this.count[i] = count;
  }

  public get size(): number {
    return this.end - this.start;
  }

  private compact(): void {
    const n = this.size;
    this.due.copyWithin(0, this.start, this.end);
    this.shard.copyWithin(0, this.start, this.end);
    this.bytes.copyWithin(0, this.start, this.end);
    this.head.copyWithin(0, this.start, this.end);
    this.count.copyWithin(0, this.start, this.end);
    this.start = 0;
    this.end = n;
    if (n > this.due.length / 2) this.grow();
  }

  private grow(): void {
    const cap = this.due.length * 2;
    const f = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.due = f(this.due);
    this.shard = g(this.shard);
    this.bytes = f(this.bytes);
    this.head = g(this.head);
    this.count = g(this.count);
  }
}

/** A PutRecords request being assembled (struct of arrays, reused). */
class Batch {
  public readonly shard: Int32Array;
  public readonly bytes: Float64Array;
  public readonly head: Int32Array;
  public readonly count: Int32Array;
  public len = 0;
  public totalBytes = 0;

  public constructor(public readonly maxRecords: number) {
    this.shard = new Int32Array(maxRecords);
    this.bytes = new Float64Array(maxRecords);
    this.head = new Int32Array(maxRecords);
    this.count = new Int32Array(maxRecords);
  }
}

function validateProducer(p: Required<ProducerSpec>, maxRecordBytes: number): void {
  const L = KINESIS_LIMITS;
  const intIn = (name: string, v: number, lo: number, hi: number): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`producer.${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  };
  intIn("maxBatchRecords", p.maxBatchRecords, 1, L.putRecordsMaxRecords.value);
  intIn("maxBatchBytes", p.maxBatchBytes, 1, L.putRecordsMaxBytes.value);
  intIn("maxRetries", p.maxRetries, 0, 1000);
  intIn("aggregationMaxBytes", p.aggregationMaxBytes, AGG_EMPTY_BYTES + 1, maxRecordBytes);
  if (!(p.lingerMs >= 0) || !Number.isFinite(p.lingerMs)) throw new RangeError(`producer.lingerMs must be ≥ 0, got ${p.lingerMs}`);
  if (!(p.retryBackoffMs >= 0) || !Number.isFinite(p.retryBackoffMs)) {
    throw new RangeError(`producer.retryBackoffMs must be ≥ 0, got ${p.retryBackoffMs}`);
  }
}

/** Applies the ProducerSpec defaults (types.ts / WORKLOAD_DEFAULTS). */
export function resolveProducer(p: ProducerSpec | undefined): Required<ProducerSpec> {
  const d = WORKLOAD_DEFAULTS.producer;
  return {
    aggregation: p?.aggregation ?? d.aggregation,
    aggregationMaxBytes: p?.aggregationMaxBytes ?? d.aggregationMaxBytes,
    maxBatchRecords: p?.maxBatchRecords ?? d.maxBatchRecords,
    maxBatchBytes: p?.maxBatchBytes ?? d.maxBatchBytes,
    lingerMs: p?.lingerMs ?? d.lingerMs,
    maxRetries: p?.maxRetries ?? d.maxRetries,
    retryBackoffMs: p?.retryBackoffMs ?? d.retryBackoffMs,
  };
}

function growInt32(a: Int32Array, min: number): Int32Array {
  let cap = a.length * 2;
  while (cap < min) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array, min: number): Float64Array {
  let cap = a.length * 2;
  while (cap < min) cap *= 2;
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/**
 * Replays a trace of user records through the producer model against a provisioned stream's per-shard write limits.
 * Deterministic: no clock, no randomness.
 */
export function replayTrace(records: Iterable<TraceRecord> | readonly TraceRecord[], options: ReplayOptions): ReplayResult {
  const L = KINESIS_LIMITS;
  const map = typeof options.shards === "number" ? ShardMap.even(options.shards) : options.shards;
  const nShards = map.shardCount;
  const maxRecordBytes = options.maxRecordBytes ?? L.defaultMaxRecordBytes.value;
  if (!Number.isInteger(maxRecordBytes) || maxRecordBytes < L.defaultMaxRecordBytes.value || maxRecordBytes > L.maxRecordBytesCeiling.value) {
    throw new RangeError(
      `maxRecordBytes must be an integer in [${L.defaultMaxRecordBytes.value}, ${L.maxRecordBytesCeiling.value}], got ${maxRecordBytes}`,
    );
  }
  const p = resolveProducer(options.producer);
  validateProducer(p, maxRecordBytes);
  const aggregation = p.aggregation;
  const aggMax = p.aggregationMaxBytes;
  const linger = p.lingerMs;
  const maxRetries = p.maxRetries;
  const maxBatchBytes = p.maxBatchBytes;
  const pkMaxLen = L.partitionKeyMaxLength.value;

  // ---- per-shard state
  const byteBuckets: TokenBucket[] = [];
  const recordBuckets: TokenBucket[] = [];
  const shAccepted = new Float64Array(nShards);
  const shThrottled = new Float64Array(nShards);
  const shKinesis = new Float64Array(nShards);
  const shBytes = new Float64Array(nShards);
  const shThrottleEvents = new Float64Array(nShards);

  // ---- partition-key cache: id per distinct key string
  const keyIds = new Map<string, number>();
  let keyShard = new Int32Array(1024);
  let keyPkBytes = new Int32Array(1024);
  let keyLastAgg = new Int32Array(1024).fill(-1);
  let keyAggIndex = new Int32Array(1024);
  // ExplicitHashKey cache: id per distinct EHK string (shard −1 = invalid)
  const ehkIds = new Map<string, number>();
  let ehkShard = new Int32Array(64);
  let ehkLen = new Int32Array(64);
  let ehkLastAgg = new Int32Array(64).fill(-1);
  let ehkAggIndex = new Int32Array(64);

  // ---- user-record slots (offer time + next link), recycled through a free stack
  let offer = new Float64Array(4096);
  let next = new Int32Array(4096);
  let free = new Int32Array(4096);
  let freeTop = 0;
  let slotsUsed = 0;
  const alloc = (t: number): number => {
    let u: number;
    if (freeTop > 0) u = free[--freeTop];
    else {
      u = slotsUsed++;
      if (u >= offer.length) {
        offer = growFloat64(offer, u + 1);
        next = growInt32(next, u + 1);
      }
    }
    offer[u] = t;
    next[u] = -1;
    return u;
  };
  const release = (u: number): void => {
    if (freeTop === free.length) free = growInt32(free, freeTop + 1);
    free[freeTop++] = u;
  };

  // ---- aggregators (one per shard)
  const aggHead = new Int32Array(nShards).fill(-1);
  const aggTail = new Int32Array(nShards).fill(-1);
  const aggCount = new Int32Array(nShards);
  const aggBytes = new Float64Array(nShards);
  const aggPlainBytes = new Float64Array(nShards);
  const aggKeys = new Int32Array(nShards);
  const aggEhks = new Int32Array(nShards);
  const aggGen = new Int32Array(nShards);
  const aggFirst = new Float64Array(nShards);
  const openList = new Int32Array(nShards);
  const inOpenList = new Uint8Array(nShards);
  let openLen = 0;
  let genCounter = 0;

  // ---- latency histogram (1 ms bins)
  let hist = new Float64Array(1024);
  let latSum = 0;
  let latMax = 0;

  // ---- counters
  let offered = 0;
  let accepted = 0;
  let throttled = 0;
  let rejected = 0;
  let retried = 0;
  let requests = 0;
  let kinesisWritten = 0;
  let bytesWritten = 0;
  let throttleEvents = 0;

  const main = new Batch(p.maxBatchRecords);
  const retryBatch = new Batch(p.maxBatchRecords);
  const queues: EntryQueue[] = [];
  for (let k = 0; k < maxRetries; k++) queues.push(new EntryQueue());
  const backoff: number[] = [];
  for (let k = 0; k < maxRetries; k++) backoff.push(p.retryBackoffMs * 2 ** k);

  let oldestPending = Infinity; // offer time of the oldest buffered (unsent) user record
  let nextEvent = Infinity; // earliest of the linger deadline and the retry queues' heads
  let started = false;
  let lastTime = -Infinity;

  const recomputeNextEvent = (): void => {
    let e = oldestPending + linger;
    for (let k = 0; k < maxRetries; k++) {
      const q = queues[k];
      if (q.end > q.start && q.due[q.start] < e) e = q.due[q.start];
    }
    nextEvent = e;
  };

  /** Sends `b` as one PutRecords request at time `t`, then empties it. */
  const send = (b: Batch, t: number, attempt: number): void => {
    if (b.len === 0) return;
    requests++;
    for (let i = 0; i < b.len; i++) {
      const s = b.shard[i];
      const bytes = b.bytes[i];
      const rb = recordBuckets[s];
      const bb = byteBuckets[s];
      let u = b.head[i];
      const c = b.count[i];
      if (rb.available(t) >= 1 && bb.available(t) >= bytes) {
        rb.tryTake(1, t);
        bb.tryTake(bytes, t);
        accepted += c;
        shAccepted[s] += c;
        shKinesis[s] += 1;
        shBytes[s] += bytes;
        kinesisWritten++;
        bytesWritten += bytes;
        for (let j = 0; j < c; j++) {
          const lat = t - offer[u];
          const bin = lat >= 0 ? Math.floor(lat) : 0;
          if (bin >= hist.length) hist = growFloat64(hist, bin + 1);
          hist[bin]++;
          latSum += lat;
          if (lat > latMax) latMax = lat;
          const nx = next[u];
          release(u);
          u = nx;
        }
      } else {
        throttleEvents++;
        shThrottleEvents[s]++;
        if (attempt < maxRetries) {
          retried += c;
          queues[attempt].push(t + backoff[attempt], s, bytes, u, c);
        } else {
          throttled += c;
          shThrottled[s] += c;
          for (let j = 0; j < c; j++) {
            const nx = next[u];
            release(u);
            u = nx;
          }
        }
      }
    }
    b.len = 0;
    b.totalBytes = 0;
  };

  /** Adds a Kinesis record to the main batch, sending first when it would overflow and after when it is full. */
  const enqueue = (t: number, s: number, bytes: number, head: number, count: number): void => {
    if (main.len > 0 && main.totalBytes + bytes > maxBatchBytes) send(main, t, 0);
    const i = main.len++;
    main.shard[i] = s;
    main.bytes[i] = bytes;
    main.head[i] = head;
    main.count[i] = count;
    main.totalBytes += bytes;
    if (main.len === main.maxRecords) send(main, t, 0);
  };

  /** Closes shard `s`'s aggregate into the main batch. */
  const closeAggregate = (t: number, s: number): void => {
    const c = aggCount[s];
    enqueue(t, s, c === 1 ? aggPlainBytes[s] : aggBytes[s], aggHead[s], c);
    aggCount[s] = 0;
    aggHead[s] = -1;
    aggTail[s] = -1;
  };

  /** Linger flush at `t`: every open aggregate and the batch go out. */
  const flushAll = (t: number): void => {
    for (let i = 0; i < openLen; i++) {
      const s = openList[i];
      inOpenList[s] = 0;
      if (aggCount[s] > 0) closeAggregate(t, s);
    }
    openLen = 0;
    send(main, t, 0);
    oldestPending = Infinity;
  };

  /** After a size-triggered send in aggregation mode, the oldest pending record is the oldest open aggregate's. */
  const refreshOldest = (): void => {
    let o = Infinity;
    let w = 0;
    for (let i = 0; i < openLen; i++) {
      const s = openList[i];
      if (aggCount[s] > 0) {
        openList[w++] = s;
        if (aggFirst[s] < o) o = aggFirst[s];
      } else {
        inOpenList[s] = 0;
      }
    }
    openLen = w;
    if (main.len > 0 && offer[main.head[0]] < o) o = offer[main.head[0]];
    oldestPending = o;
  };

  const sendRetries = (t: number): void => {
    for (let k = 0; k < maxRetries; k++) {
      const q = queues[k];
      while (q.end > q.start && q.due[q.start] <= t) {
        const i = q.start++;
        const bytes = q.bytes[i];
        if (retryBatch.len > 0 && retryBatch.totalBytes + bytes > maxBatchBytes) send(retryBatch, t, k + 1);
        const j = retryBatch.len++;
        retryBatch.shard[j] = q.shard[i];
        retryBatch.bytes[j] = bytes;
        retryBatch.head[j] = q.head[i];
        retryBatch.count[j] = q.count[i];
        retryBatch.totalBytes += bytes;
        if (retryBatch.len === retryBatch.maxRecords) send(retryBatch, t, k + 1);
      }
      if (q.start === q.end) q.start = q.end = 0;
      send(retryBatch, t, k + 1);
    }
  };

  /** Processes every linger deadline and retry due at or before `t`, in time order. */
  const advance = (t: number): void => {
    while (nextEvent <= t && nextEvent !== Infinity) {
      const e = nextEvent;
      if (oldestPending + linger <= e) flushAll(e);
      sendRetries(e);
      recomputeNextEvent();
    }
  };

  const offerOne = (r: TraceRecord): void => {
    const t = r.timeMs;
    if (!(t >= lastTime)) {
      throw new RangeError(`trace times must not decrease (record ${offered}: ${t} after ${lastTime})`);
    }
    lastTime = t;
    if (!started) {
      started = true;
      for (let s = 0; s < nShards; s++) {
        byteBuckets.push(new TokenBucket(L.writeBurstBytes.value, L.shardWriteBytesPerSecond.value, t));
        recordBuckets.push(new TokenBucket(L.writeBurstRecords.value, L.shardWriteRecordsPerSecond.value, t));
      }
    }
    if (t >= nextEvent) advance(t);
    offered++;

    const pk = r.partitionKey;
    let kid = keyIds.get(pk);
    if (kid === undefined) {
      kid = keyIds.size;
      keyIds.set(pk, kid);
      if (kid >= keyShard.length) {
        keyShard = growInt32(keyShard, kid + 1);
        keyPkBytes = growInt32(keyPkBytes, kid + 1);
        const old = keyLastAgg;
        keyLastAgg = new Int32Array(keyShard.length).fill(-1);
        keyLastAgg.set(old);
        keyAggIndex = growInt32(keyAggIndex, kid + 1);
      }
      const valid = pk.length >= 1 && pk.length <= pkMaxLen;
      keyShard[kid] = valid ? map.indexForHashKey(hashKeyOf(pk)) : -1;
      keyPkBytes[kid] = Buffer.byteLength(pk, "utf8");
    }
    let shard = keyShard[kid];
    let eid = -1;
    const ehk = r.explicitHashKey;
    if (ehk !== undefined && shard >= 0) {
      let id = ehkIds.get(ehk);
      if (id === undefined) {
        id = ehkIds.size;
        ehkIds.set(ehk, id);
        if (id >= ehkShard.length) {
          ehkShard = growInt32(ehkShard, id + 1);
          ehkLen = growInt32(ehkLen, id + 1);
          const old = ehkLastAgg;
          ehkLastAgg = new Int32Array(ehkShard.length).fill(-1);
          ehkLastAgg.set(old);
          ehkAggIndex = growInt32(ehkAggIndex, id + 1);
        }
        let s = -1;
        try {
          s = map.indexForHashKey(parseExplicitHashKey(ehk));
        } catch {
          s = -1;
        }
        ehkShard[id] = s;
        ehkLen[id] = ehk.length;
      }
      eid = id;
      shard = ehkShard[id];
    }
    const dataBytes = r.bytes;
    const plain = dataBytes + keyPkBytes[kid];
    if (shard < 0 || !(dataBytes >= 0) || plain > maxRecordBytes) {
      rejected++;
      return;
    }

    const u = alloc(t);
    if (oldestPending === Infinity) {
      oldestPending = t;
      if (t + linger < nextEvent) nextEvent = t + linger;
    }

    if (!aggregation) {
      const before = requests;
      enqueue(t, shard, plain, u, 1);
      if (requests !== before) {
        oldestPending = main.len > 0 ? offer[main.head[0]] : Infinity;
        recomputeNextEvent();
      }
      return;
    }

    // ---- aggregation
    const before = requests;
    const alone = AGG_EMPTY_BYTES + aggregatedKeyTableEntryBytes(keyPkBytes[kid]) + aggregatedEntryBytes(dataBytes, 0, eid >= 0 ? 0 : -1) +
      (eid >= 0 ? aggregatedKeyTableEntryBytes(ehkLen[eid]) : 0);
    if (alone > aggMax) {
      // Too big to aggregate: sent as a plain record (the KPL does the same).
      enqueue(t, shard, plain, u, 1);
    } else {
      let gen = aggGen[shard];
      let add = 0;
      const newKey = aggCount[shard] === 0 || keyLastAgg[kid] !== gen;
      const keyIndex = newKey ? (aggCount[shard] === 0 ? 0 : aggKeys[shard]) : keyAggIndex[kid];
      let newEhk = false;
      let ehkIndex = -1;
      if (eid >= 0) {
        newEhk = aggCount[shard] === 0 || ehkLastAgg[eid] !== gen;
        ehkIndex = newEhk ? (aggCount[shard] === 0 ? 0 : aggEhks[shard]) : ehkAggIndex[eid];
        if (newEhk) add += aggregatedKeyTableEntryBytes(ehkLen[eid]);
      }
      if (newKey) add += aggregatedKeyTableEntryBytes(keyPkBytes[kid]);
      add += aggregatedEntryBytes(dataBytes, keyIndex, ehkIndex);
      if (aggCount[shard] > 0 && aggBytes[shard] + add > aggMax) {
        closeAggregate(t, shard);
        // Recompute as the first record of a fresh aggregate.
        add = alone;
      } else if (aggCount[shard] === 0) {
        add += AGG_EMPTY_BYTES;
      }
      if (aggCount[shard] === 0) {
        gen = aggGen[shard] = ++genCounter;
        aggKeys[shard] = 0;
        aggEhks[shard] = 0;
        aggBytes[shard] = 0;
        aggHead[shard] = u;
        aggTail[shard] = u;
        aggFirst[shard] = t;
        aggPlainBytes[shard] = plain;
        if (inOpenList[shard] === 0) {
          inOpenList[shard] = 1;
          openList[openLen++] = shard;
        }
      } else {
        next[aggTail[shard]] = u;
        aggTail[shard] = u;
      }
      if (keyLastAgg[kid] !== gen) {
        keyLastAgg[kid] = gen;
        keyAggIndex[kid] = aggKeys[shard]++;
      }
      if (eid >= 0 && ehkLastAgg[eid] !== gen) {
        ehkLastAgg[eid] = gen;
        ehkAggIndex[eid] = aggEhks[shard]++;
      }
      aggBytes[shard] += add;
      aggCount[shard]++;
      if (aggBytes[shard] + AGG_MIN_ENTRY > aggMax) closeAggregate(t, shard);
    }
    if (requests !== before) {
      refreshOldest();
      recomputeNextEvent();
    }
  };

  if (Array.isArray(records)) {
    const arr = records as readonly TraceRecord[];
    for (let i = 0; i < arr.length; i++) offerOne(arr[i]);
  } else {
    for (const r of records) offerOne(r);
  }
  // End of trace: the remaining linger deadlines and retries play out.
  advance(Infinity);

  const total = accepted;
  const pct = (q: number): number => {
    if (total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * total));
    let cum = 0;
    for (let i = 0; i < hist.length; i++) {
      cum += hist[i];
      if (cum >= rank) return i;
    }
    return hist.length - 1;
  };
  const perShard: ReplayShardFigures[] = map.ranges.map((r, s) => ({
    shardId: r.shardId,
    acceptedRecords: shAccepted[s],
    throttledRecords: shThrottled[s],
    kinesisRecords: shKinesis[s],
    acceptedBytes: shBytes[s],
    throttleEvents: shThrottleEvents[s],
  }));
  return {
    offered,
    accepted,
    throttled,
    rejected,
    retried,
    putRecordsRequests: requests,
    kinesisRecordsWritten: kinesisWritten,
    bytesWritten,
    throttleEvents,
    perShard,
    latencyMs: { p50: pct(0.5), p99: pct(0.99), max: latMax, mean: total === 0 ? 0 : latSum / total },
  };
}

/** Smallest possible addition to an aggregate (an empty record reusing key 0); a full aggregate is closed early. */
const AGG_MIN_ENTRY = aggregatedEntryBytes(0, 0);

// ---------------------------------------------------------------------------------------------------------------------
// Trace generation
// ---------------------------------------------------------------------------------------------------------------------

/** mulberry32 PRNG: deterministic uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateTraceOptions {
  /** Overrides the workload's duration. */
  readonly durationSeconds?: number;
  /** Stops after this many records. */
  readonly maxRecords?: number;
  /** Overrides the workload's seed. */
  readonly seed?: number;
  /** Epoch milliseconds of trace time 0, used for timestamp keys. @default 2026-01-01T00:00:00Z */
  readonly epochMs?: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function uuidFrom(rand: () => number): string {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const x = Math.floor(rand() * 4294967296);
    b.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => HEX[x]);
  return `${h.slice(0, 4).join("")}-${h.slice(4, 6).join("")}-${h.slice(6, 8).join("")}-${h.slice(8, 10).join("")}-${h.slice(10).join("")}`;
}

/**
 * Records in second `s` of a run with average `avg` records/s and peak-to-average ratio `peak`: one second in every
 * `period = max(10, ceil(2·peak))` runs at `peak × avg`, the others at the rate that keeps the mean at `avg`.
 * The peak second's position inside each period is chosen from the seed.
 */
function secondRate(avg: number, peak: number, s: number, period: number, offset: number): number {
  if (peak <= 1) return avg;
  const f = 1 / period;
  const rest = (avg * (1 - f * peak)) / (1 - f);
  return s % period === offset ? avg * peak : rest;
}

/**
 * A deterministic trace of a declared workload: `recordsPerSecond` on average (peaks as `peakToAverage` says),
 * evenly spaced inside each second, each of `recordBytes` bytes, keyed by the workload's partition-key strategy
 * (uuid: fresh random UUID per record; static: one key; entity: `distinctKeys` keys of `partitionKeyBytes`
 * characters drawn uniformly or Zipf(s); timestamp: the ISO time truncated to `resolutionMs`). Same workload +
 * seed ⇒ same trace.
 */
export function generateTrace(workload: Workload, options: GenerateTraceOptions = {}): TraceRecord[] {
  const w = resolveWorkload(workload);
  const duration = options.durationSeconds ?? w.durationSeconds;
  const maxRecords = options.maxRecords ?? Infinity;
  const rand = mulberry32((options.seed ?? w.seed) ^ 0x5eed);
  const epoch = options.epochMs ?? Date.UTC(2026, 0, 1);
  const strategy: PartitionKeyStrategy = w.partitionKey;
  const keyLen = Math.max(1, Math.min(w.partitionKeyBytes, KINESIS_LIMITS.partitionKeyMaxLength.value));

  let pickKey: (timeMs: number) => string;
  switch (strategy.strategy) {
    case "uuid":
      pickKey = () => uuidFrom(rand);
      break;
    case "static": {
      const key = strategy.value ?? WORKLOAD_DEFAULTS.staticKey;
      pickKey = () => key;
      break;
    }
    case "entity": {
      const n = strategy.distinctKeys;
      const pool: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = `e${i}`;
        pool.push(id.length >= keyLen ? id : `e${String(i).padStart(keyLen - 1, "0")}`);
      }
      const s = strategy.zipfExponent ?? 0;
      if (s === 0) {
        pickKey = () => pool[Math.floor(rand() * n)];
      } else {
        const cdf = new Float64Array(n);
        let acc = 0;
        for (let k = 0; k < n; k++) cdf[k] = acc += 1 / (k + 1) ** s;
        pickKey = () => {
          const x = rand() * acc;
          let lo = 0;
          let hi = n - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cdf[mid] > x) hi = mid;
            else lo = mid + 1;
          }
          return pool[lo];
        };
      }
      break;
    }
    case "timestamp": {
      const res = strategy.resolutionMs ?? WORKLOAD_DEFAULTS.timestampResolutionMs;
      let bucket = NaN;
      let key = "";
      pickKey = (timeMs) => {
        const b = Math.floor(timeMs / res) * res;
        if (b !== bucket) {
          bucket = b;
          key = new Date(epoch + b).toISOString();
        }
        return key;
      };
      break;
    }
  }

  const out: TraceRecord[] = [];
  const peak = w.peakToAverage;
  const period = Math.max(10, Math.ceil(2 * peak));
  const offset = Math.floor(rand() * period);
  let carry = 0;
  for (let sec = 0; sec < duration && out.length < maxRecords; sec++) {
    const exact = secondRate(w.recordsPerSecond, peak, sec, period, offset) + carry;
    const count = Math.floor(exact);
    carry = exact - count;
    for (let j = 0; j < count && out.length < maxRecords; j++) {
      const timeMs = sec * 1000 + Math.floor((j * 1000) / count);
      out.push({ timeMs, partitionKey: pickKey(timeMs), bytes: w.recordBytes });
    }
  }
  return out;
}
