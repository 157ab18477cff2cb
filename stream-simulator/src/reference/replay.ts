/**
 * Reference producer replay: a per-record model of how a stream-processor Kinesis output (or the KPL) turns user
 * records into PutRecords requests, and what a provisioned stream's per-shard write limits do to them. The per-second
 * engines (provisioned.ts, on-demand.ts) are checked against it in the tests and the bench; it is not on the sizing
 * path.
 *
 * - Collection: PutRecords requests of ≤ maxBatchRecords (≤ 500) Kinesis records and ≤ maxBatchBytes (≤ 10 MiB,
 *   data + partition keys), sent when full or when the oldest buffered user record has waited `lingerMs`
 *   (KPL RecordMaxBufferedTime). A linger flush sends everything buffered (all open aggregates included).
 * - Record cap: a user record whose data + UTF-8 partition key exceeds the stream's maximum record size (default
 *   1 MiB, configurable up to 10 MiB) is rejected, as are empty / > 256-character partition keys and invalid
 *   ExplicitHashKeys.
 * - Aggregation: user records are packed per predicted shard into one Kinesis record of at most `aggregationMaxBytes`
 *   serialized bytes in the KPL wire format (kpl.ts), sent with partition key "a" and the ExplicitHashKey of its first
 *   user record; sizes are byte-exact (≈ 8 bytes of overhead per 512-byte user record). A container holding a single
 *   user record is sent as that plain record.
 * - Throttling: each shard has a byte bucket and a record bucket (`ShardWriteLimiter`, capacity writeBurst*, refill
 *   shardWrite* from `limits.ts`); a PutRecords entry is accepted when both have enough tokens, otherwise it fails
 *   with ProvisionedThroughputExceeded, and is retried after retryBackoffMs · 2^(attempt−1) up to maxRetries times.
 *   Retried entries due at the same instant are sent together in their own PutRecords requests.
 */
import { KINESIS_LIMITS } from "../limits";
import {
  KPL_EMPTY_AGGREGATE_BYTES,
  KPL_MIN_ENTRY_BYTES,
  aggregatedEntryBytes,
  aggregatedKeyTableEntryBytes,
} from "../kpl";
import { ShardMap, hashKeyOf, parseExplicitHashKey } from "../routing";
import { ShardWriteLimiter, writeLimitsOf } from "../write-limiter";
import type { ProducerSpec } from "../types";
import { WORKLOAD_DEFAULTS } from "../workload";

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
    const f = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const g = (a: Int32Array): Int32Array<ArrayBuffer> => {
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
  intIn("aggregationMaxBytes", p.aggregationMaxBytes, KPL_EMPTY_AGGREGATE_BYTES + 1, maxRecordBytes);
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

function growInt32(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  let cap = a.length * 2;
  while (cap < min) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/**
 * An id per distinct key string (a partition key, or an ExplicitHashKey) with its cached facts: the shard it maps to
 * (−1: invalid), its length in bytes, and where it stands in the aggregate being built (`lastAgg` = the aggregate's
 * generation when the key was last added, −1 never; `aggIndex` = its index in that aggregate's key table).
 */
class KeyTable {
  private readonly ids = new Map<string, number>();
  public shard: Int32Array;
  public bytes: Int32Array;
  public lastAgg: Int32Array;
  public aggIndex: Int32Array;

  public constructor(capacity: number) {
    this.shard = new Int32Array(capacity);
    this.bytes = new Int32Array(capacity);
    this.lastAgg = new Int32Array(capacity).fill(-1);
    this.aggIndex = new Int32Array(capacity);
  }

  /** The id of `key`; a new key gets the next id, and `describe` gives its shard and length. */
  public idOf(key: string, describe: (key: string) => { shard: number; bytes: number }): number {
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.ids.size;
    this.ids.set(key, id);
    if (id >= this.shard.length) {
      this.shard = growInt32(this.shard, id + 1);
      this.bytes = growInt32(this.bytes, id + 1);
      const old = this.lastAgg;
      this.lastAgg = new Int32Array(this.shard.length).fill(-1);
      this.lastAgg.set(old);
      this.aggIndex = growInt32(this.aggIndex, id + 1);
    }
    const d = describe(key);
    this.shard[id] = d.shard;
    this.bytes[id] = d.bytes;
    return id;
  }
}

function growFloat64(a: Float64Array, min: number): Float64Array<ArrayBuffer> {
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
  const limiters: ShardWriteLimiter[] = [];
  const writeLimits = writeLimitsOf();
  const shAccepted = new Float64Array(nShards);
  const shThrottled = new Float64Array(nShards);
  const shKinesis = new Float64Array(nShards);
  const shBytes = new Float64Array(nShards);
  const shThrottleEvents = new Float64Array(nShards);

  // ---- partition keys and ExplicitHashKeys, each an id with its shard and length (shard −1 = invalid)
  const keys = new KeyTable(1024);
  const describeKey = (pk: string): { shard: number; bytes: number } => ({
    shard: pk.length >= 1 && pk.length <= pkMaxLen ? map.indexForHashKey(hashKeyOf(pk)) : -1,
    bytes: Buffer.byteLength(pk, "utf8"),
  });
  const ehks = new KeyTable(64);
  const describeEhk = (ehk: string): { shard: number; bytes: number } => {
    let shard = -1;
    try {
      shard = map.indexForHashKey(parseExplicitHashKey(ehk));
    } catch {
      shard = -1;
    }
    return { shard, bytes: ehk.length };
  };

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
      let u = b.head[i];
      const c = b.count[i];
      if (limiters[s].tryWrite(bytes, 1, t)) {
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
        limiters.push(new ShardWriteLimiter(writeLimits, t));
      }
    }
    if (t >= nextEvent) advance(t);
    offered++;

    const kid = keys.idOf(r.partitionKey, describeKey);
    let shard = keys.shard[kid];
    let eid = -1;
    const ehk = r.explicitHashKey;
    if (ehk !== undefined && shard >= 0) {
      eid = ehks.idOf(ehk, describeEhk);
      shard = ehks.shard[eid];
    }
    const dataBytes = r.bytes;
    const plain = dataBytes + keys.bytes[kid];
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
    const alone = KPL_EMPTY_AGGREGATE_BYTES + aggregatedKeyTableEntryBytes(keys.bytes[kid]) + aggregatedEntryBytes(dataBytes, 0, eid >= 0 ? 0 : -1) +
      (eid >= 0 ? aggregatedKeyTableEntryBytes(ehks.bytes[eid]) : 0);
    if (alone > aggMax) {
      // Too big to aggregate: sent as a plain record (the KPL does the same).
      enqueue(t, shard, plain, u, 1);
    } else {
      let gen = aggGen[shard];
      let add = 0;
      const newKey = aggCount[shard] === 0 || keys.lastAgg[kid] !== gen;
      const keyIndex = newKey ? (aggCount[shard] === 0 ? 0 : aggKeys[shard]) : keys.aggIndex[kid];
      let newEhk = false;
      let ehkIndex = -1;
      if (eid >= 0) {
        newEhk = aggCount[shard] === 0 || ehks.lastAgg[eid] !== gen;
        ehkIndex = newEhk ? (aggCount[shard] === 0 ? 0 : aggEhks[shard]) : ehks.aggIndex[eid];
        if (newEhk) add += aggregatedKeyTableEntryBytes(ehks.bytes[eid]);
      }
      if (newKey) add += aggregatedKeyTableEntryBytes(keys.bytes[kid]);
      add += aggregatedEntryBytes(dataBytes, keyIndex, ehkIndex);
      if (aggCount[shard] > 0 && aggBytes[shard] + add > aggMax) {
        closeAggregate(t, shard);
        // Recompute as the first record of a fresh aggregate.
        add = alone;
      } else if (aggCount[shard] === 0) {
        add += KPL_EMPTY_AGGREGATE_BYTES;
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
      if (keys.lastAgg[kid] !== gen) {
        keys.lastAgg[kid] = gen;
        keys.aggIndex[kid] = aggKeys[shard]++;
      }
      if (eid >= 0 && ehks.lastAgg[eid] !== gen) {
        ehks.lastAgg[eid] = gen;
        ehks.aggIndex[eid] = aggEhks[shard]++;
      }
      aggBytes[shard] += add;
      aggCount[shard]++;
      if (aggBytes[shard] + KPL_MIN_ENTRY_BYTES > aggMax) closeAggregate(t, shard);
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
