/**
 * The write limits of one shard, and the one rule that enforces them: two token buckets, bytes (data + partition key)
 * and Kinesis records, each refilled at its sustained limit (1 MiB/s, 1,000 records/s) up to its burst capacity
 * (`KINESIS_LIMITS.writeBurst*`: AWS describes a shard's write capacity as "a tank that refills at a steady rate",
 * https://docs.aws.amazon.com/streams/latest/dev/large-records.html, without publishing its size). A write is
 * accepted when both buckets hold enough tokens, and takes them.
 *
 * One implementation for every consumer of the rule: the per-second engine (provisioned.ts) refills with `refill`
 * (token-bucket.ts) once a second over a shard's aggregate; the per-record reference replay (reference/replay.ts) and anything that
 * serves requests in real time hold a `ShardWriteLimiter` on a millisecond clock.
 */
import { KINESIS_LIMITS } from "./limits";
import { TokenBucket, refill } from "./token-bucket";

export { refill };

/** A shard's write buckets: refill per second (the sustained limits) and capacity (the burst). */
export interface WriteLimits {
  readonly limitBytes: number;
  readonly limitRecords: number;
  readonly burstBytes: number;
  readonly burstRecords: number;
}

/** The write limits from the limits table, with the burst capacity optionally replaced (sensitivity checks). */
export function writeLimitsOf(burst?: { readonly bytes: number; readonly records: number }): WriteLimits {
  const L = KINESIS_LIMITS;
  return {
    limitBytes: L.shardWriteBytesPerSecond.value,
    limitRecords: L.shardWriteRecordsPerSecond.value,
    burstBytes: burst?.bytes ?? L.writeBurstBytes.value,
    burstRecords: burst?.records ?? L.writeBurstRecords.value,
  };
}

/** One shard's two write buckets on a millisecond clock (full at creation). */
export class ShardWriteLimiter {
  public readonly bytes: TokenBucket;
  public readonly records: TokenBucket;

  public constructor(
    public readonly limits: WriteLimits = writeLimitsOf(),
    startMs = 0,
  ) {
    this.bytes = new TokenBucket(limits.burstBytes, limits.limitBytes, startMs);
    this.records = new TokenBucket(limits.burstRecords, limits.limitRecords, startMs);
  }

  /** Accepts a write of `bytes` bytes in `records` Kinesis records at `nowMs` when both buckets allow it; takes the tokens. */
  public tryWrite(bytes: number, records: number, nowMs: number): boolean {
    if (this.records.available(nowMs) < records || this.bytes.available(nowMs) < bytes) return false;
    this.records.tryTake(records, nowMs);
    this.bytes.tryTake(bytes, nowMs);
    return true;
  }

  /** Milliseconds until a write of `bytes` and `records` could be accepted (Infinity when it never can). */
  public msUntil(bytes: number, records: number, nowMs: number): number {
    return Math.max(this.bytes.msUntil(bytes, nowMs), this.records.msUntil(records, nowMs));
  }
}
