/**
 * The limits of one served stream, in real time, each from the simulator's own rules:
 * - provisioned: per open shard, the write buckets (`ShardWriteLimiter`, write-limiter.ts), the shared read limits
 *   (`ShardReadLimiter`, read-limiter.ts) and GetShardIterator's calls per second (a `TokenBucket`); records routed by
 *   the stream's `ShardMap` (routing.ts), built from the shards kinesalite reports;
 * - on-demand: the stream's write capacity from the on-demand capacity rule (on-demand-capacity.ts) as a bucket of one
 *   second's capacity, and every partition key (or ExplicitHashKey) capped at one shard's write limits by its own
 *   `ShardWriteLimiter`; reads per shard as provisioned.
 * Time is the caller's millisecond clock; nothing here reads a wall clock.
 */
import { KINESIS_LIMITS } from "../limits";
import { LaggedPeak, onDemandCapacityAt, onDemandCapacityRule, type OnDemandCapacityRule, type OnDemandStart } from "../on-demand-capacity";
import { ShardReadLimiter, readLimitsOf, type ReadAdmission } from "../read-limiter";
import { ShardMap, effectiveHashKey, type ShardRange } from "../routing";
import { TokenBucket, refill } from "../token-bucket";
import { ShardWriteLimiter, type WriteLimits } from "../write-limiter";

/** What one shard served (the endpoint's own counts, reported on exit and to tests). */
export interface ShardCounters {
  acceptedRecords: number;
  acceptedBytes: number;
  throttledRecords: number;
  readCalls: number;
  readThrottledCalls: number;
  readBytes: number;
  iteratorThrottledCalls: number;
}

interface ShardState {
  readonly write: ShardWriteLimiter;
  readonly read: ShardReadLimiter;
  readonly iterators: TokenBucket;
  readonly counters: ShardCounters;
}

/** Keys idle this long have full buckets again: their limiter can be dropped and recreated unchanged. */
function idleRefillMs(w: WriteLimits): number {
  return 1000 * Math.max(w.burstBytes / w.limitBytes, w.burstRecords / w.limitRecords);
}

/** An on-demand stream's writes: the capacity rule at stream level, one shard's limits per key. */
export class OnDemandWriteLimiter {
  private readonly peak: LaggedPeak;
  private bytesTokens: number;
  private recordsTokens: number;
  private lastMs: number;
  private readonly keys = new Map<string, { limiter: ShardWriteLimiter; lastMs: number }>();
  private readonly idleMs: number;
  private sweptMs: number;

  public constructor(
    public readonly rule: OnDemandCapacityRule,
    startMs: number,
    /** One shard's write limits: each key's cap. */
    private readonly keyLimits: WriteLimits,
  ) {
    this.idleMs = idleRefillMs(keyLimits);
    this.peak = new LaggedPeak(rule.windowSeconds);
    const cap = onDemandCapacityAt(rule, 0, 0);
    this.bytesTokens = cap.bytesPerSecond;
    this.recordsTokens = cap.recordsPerSecond;
    this.lastMs = startMs;
    this.sweptMs = startMs;
  }

  /** The stream's write capacity at `nowMs`. */
  public capacityAt(nowMs: number): { bytesPerSecond: number; recordsPerSecond: number } {
    this.peak.advance(Math.floor(nowMs / 1000));
    return onDemandCapacityAt(this.rule, this.peak.peakBytes, this.peak.peakRecords);
  }

  /** Accepts a write of `bytes` in `records` Kinesis records for `key` at `nowMs` when the stream and the key allow it. */
  public tryWrite(key: string, bytes: number, records: number, nowMs: number): boolean {
    const cap = this.capacityAt(nowMs);
    const elapsed = (nowMs - this.lastMs) / 1000;
    if (elapsed < 0) throw new RangeError(`time went backwards: ${nowMs} < ${this.lastMs}`);
    this.bytesTokens = refill(this.bytesTokens, cap.bytesPerSecond, cap.bytesPerSecond, elapsed);
    this.recordsTokens = refill(this.recordsTokens, cap.recordsPerSecond, cap.recordsPerSecond, elapsed);
    this.lastMs = nowMs;
    if (this.bytesTokens < bytes || this.recordsTokens < records) return false;
    let k = this.keys.get(key);
    if (k === undefined) {
      k = { limiter: new ShardWriteLimiter(this.keyLimits, nowMs), lastMs: nowMs };
      this.keys.set(key, k);
    }
    k.lastMs = nowMs;
    if (!k.limiter.tryWrite(bytes, records, nowMs)) return false;
    this.bytesTokens -= bytes;
    this.recordsTokens -= records;
    this.peak.add(Math.floor(nowMs / 1000), bytes, records);
    if (nowMs - this.sweptMs > this.idleMs) this.sweep(nowMs);
    return true;
  }

  private sweep(nowMs: number): void {
    for (const [key, k] of this.keys) if (nowMs - k.lastMs >= this.idleMs) this.keys.delete(key);
    this.sweptMs = nowMs;
  }
}

export type StreamMode = "PROVISIONED" | "ON_DEMAND";

/** How a stream was created (the endpoint keeps what kinesalite does not: mode and maximum record size). */
export interface StreamSettings {
  readonly mode: StreamMode;
  /** On-demand streams: the start of the capacity rule. */
  readonly onDemand?: OnDemandStart;
  /** Largest record accepted (data + partition key), bytes. */
  readonly maxRecordBytes: number;
  /** The region (the on-demand per-stream maximum depends on it). */
  readonly region: string;
  /** One shard's write buckets (write-limiter.ts `writeLimitsOf`, its byte burst possibly set by `ServeOptions.writeBurstBytes`). */
  readonly writeLimits: WriteLimits;
}

/** The outcome of one write: the shard it routes to and whether the limits accepted it. */
export interface WriteOutcome {
  readonly shardId: string;
  readonly accepted: boolean;
}

/** One served stream: its shard map and limiters. */
export class ServedStream {
  public readonly map: ShardMap;
  private readonly shards = new Map<string, ShardState>();
  private readonly onDemand: OnDemandWriteLimiter | undefined;

  public constructor(
    public readonly name: string,
    public readonly account: string,
    public readonly settings: StreamSettings,
    openShards: readonly ShardRange[],
    /** Every shard of the stream, closed ones included (they can still be read). */
    allShardIds: readonly string[],
    startMs: number,
    /** Shard states of an earlier view of the same stream (kept across a reshard for the shards still open). */
    previous?: ServedStream,
  ) {
    this.map = ShardMap.fromRanges(openShards);
    for (const shardId of allShardIds) {
      const kept = previous?.shards.get(shardId);
      this.shards.set(
        shardId,
        kept ?? {
          write: new ShardWriteLimiter(settings.writeLimits, startMs),
          read: new ShardReadLimiter(readLimitsOf(), startMs),
          iterators: new TokenBucket(
            KINESIS_LIMITS.shardGetShardIteratorPerSecond.value,
            KINESIS_LIMITS.shardGetShardIteratorPerSecond.value,
            startMs,
          ),
          counters: { acceptedRecords: 0, acceptedBytes: 0, throttledRecords: 0, readCalls: 0, readThrottledCalls: 0, readBytes: 0, iteratorThrottledCalls: 0 },
        },
      );
    }
    this.onDemand =
      settings.mode === "ON_DEMAND"
        ? (previous?.onDemand ??
          // A previous peak given in bytes only is converted to records at a shard's ratio (1,000 records per MiB).
          new OnDemandWriteLimiter(
            onDemandCapacityRule(settings.onDemand ?? { tier: "standard" }, settings.region, settings.writeLimits.limitBytes / settings.writeLimits.limitRecords),
            startMs,
            settings.writeLimits,
          ))
        : undefined;
  }

  /** The shard a record routes to (throws RangeError for an invalid ExplicitHashKey). */
  public shardIdFor(partitionKey: string, explicitHashKey?: string): string {
    return this.map.ranges[this.map.indexForHashKey(effectiveHashKey(partitionKey, explicitHashKey))].shardId;
  }

  /** Applies the write limits to one record of `bytes` (data + partition key) at `nowMs`. */
  public write(partitionKey: string, explicitHashKey: string | undefined, bytes: number, nowMs: number): WriteOutcome {
    const shardId = this.shardIdFor(partitionKey, explicitHashKey);
    const s = this.shards.get(shardId)!;
    const accepted = this.onDemand ? this.onDemand.tryWrite(explicitHashKey ?? partitionKey, bytes, 1, nowMs) : s.write.tryWrite(bytes, 1, nowMs);
    if (accepted) {
      s.counters.acceptedRecords++;
      s.counters.acceptedBytes += bytes;
    } else s.counters.throttledRecords++;
    return { shardId, accepted };
  }

  /** Whether the shard is one of this view's open shards. */
  public hasShard(shardId: string): boolean {
    return this.shards.has(shardId);
  }

  /** Admits a GetRecords call on `shardId` at `nowMs`, or says which limit refuses it. */
  public admitRead(shardId: string, nowMs: number): ReadAdmission {
    const s = this.shards.get(shardId)!;
    const a = s.read.admit(nowMs);
    if (a === "ok") s.counters.readCalls++;
    else s.counters.readThrottledCalls++;
    return a;
  }

  /** Charges the bytes an admitted GetRecords call returned. */
  public chargeRead(shardId: string, bytes: number, nowMs: number): void {
    const s = this.shards.get(shardId)!;
    s.read.charge(bytes, nowMs);
    s.counters.readBytes += bytes;
  }

  /** Admits a GetShardIterator call on `shardId` at `nowMs`. */
  public admitIterator(shardId: string, nowMs: number): boolean {
    const s = this.shards.get(shardId)!;
    const ok = s.iterators.tryTake(1, nowMs);
    if (!ok) s.counters.iteratorThrottledCalls++;
    return ok;
  }

  /** The counters of every open shard, in hash order. */
  public counters(): ReadonlyMap<string, Readonly<ShardCounters>> {
    return new Map(this.map.ranges.map((r) => [r.shardId, { ...this.shards.get(r.shardId)!.counters }]));
  }
}
