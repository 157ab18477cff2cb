/**
 * KPL record aggregation in the real wire format (awslabs/amazon-kinesis-producer `aggregation-format.md`): the
 * 4-byte magic, a protobuf `AggregatedRecord` (partition-key table, explicit-hash-key table, records), and the MD5 of
 * the protobuf bytes; sizes are the arithmetic of kpl.ts, so what the load generator sends is what the models count.
 *
 * As the KPL does (awslabs/amazon-kinesis-producer `aws/kinesis/core/kinesis_record.cc`), and unlike the npm package
 * `aws-kinesis-agg` (which routes an aggregate by its first user record's partition key, and takes the explicit hash
 * key of record 0 whatever record the key came from): user records are aggregated per predicted shard, and a
 * multi-record aggregate is sent with partition key "a" and the ExplicitHashKey of its first user record's hash key,
 * so it lands on that record's shard; a container of one user record is sent as that plain record.
 */
import { createHash } from "node:crypto";
import {
  KPL_EMPTY_AGGREGATE_BYTES,
  KPL_OUTER_PARTITION_KEY,
  aggregatedEntryBytes,
  aggregatedKeyTableEntryBytes,
} from "../kpl";
import { effectiveHashKey } from "../routing";

const MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);

/** One user record to aggregate. */
export interface UserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Buffer;
}

/** A Kinesis record as PutRecords sends it. */
export interface KinesisRecordEntry {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Buffer;
}

function writeVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** Length-delimited field `field` (wire type 2) holding `bytes`. */
function lengthDelimited(field: number, bytes: Buffer): Buffer {
  const head: number[] = [(field << 3) | 2];
  writeVarint(head, bytes.length);
  return Buffer.concat([Buffer.from(head), bytes]);
}

/** An aggregate being filled: one shard's user records, at most `maxBytes` (serialized + outer partition key). */
export class Aggregate {
  private readonly records: { keyIndex: number; ehkIndex: number; data: Buffer }[] = [];
  private readonly keys = new Map<string, number>();
  private readonly ehks = new Map<string, number>();
  private first: UserRecord | undefined;
  /** Bytes counted against the shard: the serialized aggregate plus the outer partition key (kpl.ts arithmetic). */
  public bytes = KPL_EMPTY_AGGREGATE_BYTES;

  public constructor(public readonly maxBytes: number) {}

  public get count(): number {
    return this.records.length;
  }

  /** The bytes `r` would add. */
  private addition(r: UserRecord): number {
    let add = 0;
    const keyIndex = this.keys.get(r.partitionKey);
    if (keyIndex === undefined) add += aggregatedKeyTableEntryBytes(Buffer.byteLength(r.partitionKey, "utf8"));
    let ehkIndex = -1;
    if (r.explicitHashKey !== undefined) {
      const e = this.ehks.get(r.explicitHashKey);
      ehkIndex = e ?? this.ehks.size;
      if (e === undefined) add += aggregatedKeyTableEntryBytes(r.explicitHashKey.length);
    }
    return add + aggregatedEntryBytes(r.data.length, keyIndex ?? this.keys.size, ehkIndex);
  }

  /** Whether `r` alone exceeds `maxBytes` (it is then sent as a plain record). */
  public static tooLargeAlone(r: UserRecord, maxBytes: number): boolean {
    return new Aggregate(maxBytes).addition(r) + KPL_EMPTY_AGGREGATE_BYTES > maxBytes;
  }

  /** Adds `r` when it fits; returns whether it did. */
  public tryAdd(r: UserRecord): boolean {
    const add = this.addition(r);
    if (this.records.length > 0 && this.bytes + add > this.maxBytes) return false;
    let keyIndex = this.keys.get(r.partitionKey);
    if (keyIndex === undefined) this.keys.set(r.partitionKey, (keyIndex = this.keys.size));
    let ehkIndex = -1;
    if (r.explicitHashKey !== undefined) {
      let e = this.ehks.get(r.explicitHashKey);
      if (e === undefined) this.ehks.set(r.explicitHashKey, (e = this.ehks.size));
      ehkIndex = e;
    }
    this.records.push({ keyIndex, ehkIndex, data: r.data });
    this.bytes += add;
    this.first ??= r;
    return true;
  }

  /** The Kinesis record to send: the aggregate, or the single user record as it is. */
  public toKinesisRecord(): KinesisRecordEntry {
    const first = this.first;
    if (first === undefined) throw new Error("an empty aggregate is never sent");
    if (this.records.length === 1) return first;
    const parts: Buffer[] = [];
    for (const k of this.keys.keys()) parts.push(lengthDelimited(1, Buffer.from(k, "utf8")));
    for (const e of this.ehks.keys()) parts.push(lengthDelimited(2, Buffer.from(e, "ascii")));
    for (const r of this.records) {
      const inner: number[] = [0x08];
      writeVarint(inner, r.keyIndex);
      if (r.ehkIndex >= 0) {
        inner.push(0x10);
        writeVarint(inner, r.ehkIndex);
      }
      parts.push(lengthDelimited(3, Buffer.concat([Buffer.from(inner), lengthDelimited(3, r.data)])));
    }
    const message = Buffer.concat(parts);
    const data = Buffer.concat([MAGIC, message, createHash("md5").update(message).digest()]);
    return {
      partitionKey: KPL_OUTER_PARTITION_KEY,
      explicitHashKey: effectiveHashKey(first.partitionKey, first.explicitHashKey).toString(),
      data,
    };
  }
}
