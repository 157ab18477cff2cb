import { KINESIS_LIMITS } from "./limits";
import { KPL_EMPTY_AGGREGATE_BYTES, aggregatedEntryBytes, aggregatedKeyTableEntryBytes } from "./kpl";
import type { KeyModel } from "./keys";
import type { ResolvedWorkload } from "./workload";

/**
 * Per-second write accounting of a producer: how many Kinesis records and bytes a second's user records become, with
 * or without KPL aggregation (the wire format's arithmetic is kpl.ts). Kinesis counts an aggregated record as ONE
 * record with its full size, so aggregation lifts the 1,000 records/s shard ceiling for small records and never the
 * 1 MiB/s one (https://docs.aws.amazon.com/streams/latest/dev/kinesis-kpl-concepts.html, "Aggregation").
 */

/** Protobuf overhead per user record inside an aggregate when none fits byte-exactly (≈ 8 bytes for 512-byte records). */
export const KPL_PER_RECORD_OVERHEAD_BYTES = 8;

/** Per-second record/byte accounting of a producer for one shard (or one key). */
export interface WriteShape {
  /** Bytes one user record costs against the shard when sent plainly (data + partition key). */
  readonly plainRecordBytes: number;
  /** User records per aggregated Kinesis record (1 = no aggregation). */
  readonly recordsPerAggregate: number;
  /** Mean bytes one user record occupies inside an aggregate (data, key-table entry and protobuf framing). */
  readonly aggregatedRecordBytes: number;
  /** Flushes per second forced by the linger time (an aggregate leaves at least this often when records wait). */
  readonly flushesPerSecond: number;
}

export function writeShapeOf(w: ResolvedWorkload): WriteShape {
  const plain = w.recordBytes + w.partitionKeyBytes;
  let perAggregate = 1;
  let inner = plain + KPL_PER_RECORD_OVERHEAD_BYTES;
  if (w.producer.aggregation && w.producer.lingerMs > 0) {
    // Pack user records (each with its own partition-key table entry, as with distinct keys) byte-exactly with the
    // producer model's protobuf sizes until the next one would exceed aggregationMaxBytes.
    const budget = w.producer.aggregationMaxBytes - KPL_EMPTY_AGGREGATE_BYTES;
    let used = 0;
    let k = 0;
    for (;;) {
      const entry = aggregatedEntryBytes(w.recordBytes, k) + aggregatedKeyTableEntryBytes(w.partitionKeyBytes);
      if (used + entry > budget) break;
      used += entry;
      k++;
    }
    if (k >= 2) {
      perAggregate = k;
      inner = used / k;
    }
  }
  const flushes = w.producer.lingerMs > 0 ? Math.ceil(1000 / w.producer.lingerMs) : Infinity;
  return { plainRecordBytes: plain, recordsPerAggregate: perAggregate, aggregatedRecordBytes: inner, flushesPerSecond: flushes };
}

/**
 * Kinesis records produced by `count` user records in one second on one shard: full aggregates, but at least one
 * aggregate per linger flush while records are waiting (a trickle of records is not packed densely).
 */
export function kinesisRecordsFor(s: WriteShape, count: number): number {
  if (s.recordsPerAggregate <= 1 || count <= 0) return count;
  const full = Math.ceil(count / s.recordsPerAggregate);
  const byLinger = count < s.flushesPerSecond ? count : s.flushesPerSecond;
  return full > byLinger ? full : byLinger;
}

/** Bytes counted against the shard for `count` user records packed into `kinesisRecords` records. */
export function bytesFor(s: WriteShape, count: number, kinesisRecords: number): number {
  if (s.recordsPerAggregate <= 1) return count * s.plainRecordBytes;
  return count * s.aggregatedRecordBytes + kinesisRecords * KPL_EMPTY_AGGREGATE_BYTES;
}

/** Load of `count` user records per second as a fraction of one shard's write limit (max of bytes and records). */
export function shardLoadOf(s: WriteShape, count: number): number {
  const kr = kinesisRecordsFor(s, count);
  const bytes = bytesFor(s, count, kr);
  return Math.max(bytes / KINESIS_LIMITS.shardWriteBytesPerSecond.value, kr / KINESIS_LIMITS.shardWriteRecordsPerSecond.value);
}

/**
 * Peak one-second load of the hottest single partition key at the traffic peak, as a fraction of one shard's write
 * limit. A key is pinned to one shard however many shards exist, so above 1 no shard count helps.
 */
export function hotKeyPeakUtilization(
  w: ResolvedWorkload,
  model: KeyModel,
  s: WriteShape,
): { key: string; share: number; peakUtilization: number } | undefined {
  const hk = model.hotKey;
  if (hk === null) return undefined;
  return { key: hk.key, share: hk.share, peakUtilization: shardLoadOf(s, w.recordsPerSecond * w.peakToAverage * hk.share) };
}
