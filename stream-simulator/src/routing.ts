import { createHash } from "node:crypto";

/**
 * Partition-key routing exactly as Kinesis Data Streams does it (PutRecord / PutRecords API reference; the KCL's
 * `effectiveHashKey` in awslabs/amazon-kinesis-client amazon-kinesis-client/src/main/java/software/amazon/kinesis/
 * retrieval/AggregatorUtil.java; checked against kinesalite in test/kinesalite-routing.test.ts):
 * MD5 of the UTF-8 partition key read as an unsigned big-endian 128-bit integer, or a decimal ExplicitHashKey,
 * looked up in the open shards' inclusive hash-key ranges.
 */

/** 2^128: the size of the hash-key space. */
export const HASH_KEY_SPACE = 1n << 128n;
/** Largest valid hash key, 2^128 − 1. */
export const MAX_HASH_KEY = HASH_KEY_SPACE - 1n;

/** ExplicitHashKey grammar (botocore shape HashKey). */
const EXPLICIT_HASH_KEY_PATTERN = /^(0|[1-9]\d{0,38})$/;

/** The 128-bit hash key Kinesis derives from a partition key. */
export function hashKeyOf(partitionKey: string): bigint {
  const digest = createHash("md5").update(partitionKey, "utf8").digest("hex");
  return BigInt(`0x${digest}`);
}

/** Parses and range-checks an ExplicitHashKey; throws with Kinesis's own wording when invalid. */
export function parseExplicitHashKey(explicitHashKey: string): bigint {
  if (!EXPLICIT_HASH_KEY_PATTERN.test(explicitHashKey)) {
    throw new RangeError(`Invalid ExplicitHashKey '${explicitHashKey}': must be a decimal integer without leading zeros`);
  }
  const value = BigInt(explicitHashKey);
  if (value > MAX_HASH_KEY) {
    throw new RangeError(
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${explicitHashKey}`,
    );
  }
  return value;
}

/** The effective hash key of a record: its ExplicitHashKey when given, else the MD5 of its partition key. */
export function effectiveHashKey(partitionKey: string, explicitHashKey?: string): bigint {
  return explicitHashKey === undefined ? hashKeyOf(partitionKey) : parseExplicitHashKey(explicitHashKey);
}

/** Kinesis shard id for a 0-based index: `shardId-` + 12-digit zero-padded decimal. */
export function shardIdName(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

/** One open shard and the inclusive range of hash keys it owns. */
export interface ShardRange {
  readonly shardId: string;
  readonly index: number;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

/** The open shards of a stream, ordered by hash range. */
export class ShardMap {
  /**
   * The layout CreateStream produces for `shardCount` shards: width floor(2^128 / N), shard i starts at width·i,
   * and the last shard takes the remainder up to 2^128 − 1 (as AWS returns for 2 and 3 shards, e.g. the AWS CLI's
   * `describe-stream` example, and as kinesalite's actions/createStream.js computes it).
   */
  public static even(shardCount: number): ShardMap {
    if (!Number.isInteger(shardCount) || shardCount < 1) {
      throw new RangeError(`shardCount must be a positive integer, got ${shardCount}`);
    }
    const n = BigInt(shardCount);
    const width = HASH_KEY_SPACE / n;
    const ranges: ShardRange[] = [];
    for (let i = 0; i < shardCount; i++) {
      const start = width * BigInt(i);
      const end = i === shardCount - 1 ? MAX_HASH_KEY : width * BigInt(i + 1) - 1n;
      ranges.push({ shardId: shardIdName(i), index: i, startingHashKey: start, endingHashKey: end });
    }
    return new ShardMap(ranges, width);
  }

  /** Builds a map from explicit ranges (e.g. after splits); they must tile 0 … 2^128 − 1 without gaps. */
  public static fromRanges(ranges: readonly ShardRange[]): ShardMap {
    const sorted = [...ranges].sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1));
    let expected = 0n;
    for (const r of sorted) {
      if (r.startingHashKey !== expected || r.endingHashKey < r.startingHashKey) {
        throw new RangeError(`shard ranges must tile [0, 2^128-1] without gaps; ${r.shardId} breaks it`);
      }
      expected = r.endingHashKey + 1n;
    }
    if (expected !== HASH_KEY_SPACE) throw new RangeError("shard ranges must end at 2^128-1");
    return new ShardMap(sorted, undefined);
  }

  private readonly starts: bigint[];

  private constructor(
    public readonly ranges: readonly ShardRange[],
    /** Width of every shard but possibly the last, when the map is an even split. */
    private readonly evenWidth: bigint | undefined,
  ) {
    this.starts = ranges.map((r) => r.startingHashKey);
  }

  public get shardCount(): number {
    return this.ranges.length;
  }

  /** True for the CreateStream layout (`ShardMap.even`). */
  public get isEvenSplit(): boolean {
    return this.evenWidth !== undefined;
  }

  /** Position (0-based, in hash order) of the shard owning `hashKey`. */
  public indexForHashKey(hashKey: bigint): number {
    if (hashKey < 0n || hashKey > MAX_HASH_KEY) throw new RangeError(`hash key out of range: ${hashKey}`);
    if (this.evenWidth !== undefined) {
      const i = Number(hashKey / this.evenWidth);
      return Math.min(i, this.ranges.length - 1);
    }
    // Binary search for the last start <= hashKey.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= hashKey) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Position of the shard a record goes to. */
  public indexFor(partitionKey: string, explicitHashKey?: string): number {
    return this.indexForHashKey(effectiveHashKey(partitionKey, explicitHashKey));
  }

  /** The ShardId Kinesis returns from PutRecord for this record. */
  public shardIdFor(partitionKey: string, explicitHashKey?: string): string {
    return this.ranges[this.indexFor(partitionKey, explicitHashKey)].shardId;
  }
}
