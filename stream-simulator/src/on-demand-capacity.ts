/**
 * The on-demand capacity rule, written once for every consumer of it: the per-second engine (on-demand.ts) and
 * anything that serves an on-demand stream in real time. Each figure comes from limits.ts:
 * - a new stream accepts `onDemandInitialWriteBytesPerSecond` (4 MiB/s) and `onDemandInitialWriteRecordsPerSecond`
 *   (4,000 records/s); an established one — that carried a peak in the last 30 days — twice that peak; with
 *   On-demand Advantage, at least its warm throughput (records at a shard's ratio, 1,000 per MiB);
 * - capacity = max(start, `onDemandPeakMultiplier` (2) × the peak ACCEPTED write rate up to
 *   `onDemandScaleWindowSeconds` (15 min) ago), capped by the region's per-stream on-demand maximum
 *   (https://aws.amazon.com/kinesis/data-streams/faqs/): traffic more than doubling within 15 minutes throttles;
 * - a single partition key is still capped at one shard's write limits (write-limiter.ts), however large the stream
 *   (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html).
 */
import { KINESIS_LIMITS, isLargeQuotaRegion } from "./limits";
import type { OnDemandTier } from "./types";

/** The on-demand stream's state at the start of a run. */
export interface OnDemandStart {
  readonly tier: OnDemandTier;
  /** Peak write throughput of the last 30 days, bytes/s (absent: a new stream). */
  readonly previousPeakBytesPerSecond?: number;
  /** Peak Kinesis records/s of the last 30 days (absent: in proportion to the bytes). */
  readonly previousPeakRecordsPerSecond?: number;
  /** Warm throughput, bytes/s (Advantage only; ignored for Standard). */
  readonly warmBytesPerSecond?: number;
}

/** The parameters of one stream's capacity rule. */
export interface OnDemandCapacityRule {
  /** Seconds of lag: the peak that sets the capacity at second t is the peak accepted up to t − windowSeconds. */
  readonly windowSeconds: number;
  readonly multiplier: number;
  /** The floor of the capacity (start, previous peak × multiplier, warm throughput) and its ceiling, bytes and records/s. */
  readonly floorBytes: number;
  readonly floorRecords: number;
  readonly maxBytes: number;
  readonly maxRecords: number;
}

/** Write capacity at one instant, bytes/s and Kinesis records/s. */
export interface OnDemandCapacity {
  readonly bytesPerSecond: number;
  readonly recordsPerSecond: number;
}

/**
 * The capacity rule of a stream that starts as `start` in `region`; `kinesisRecordBytes` converts a previous peak in
 * bytes into records when its records are not given.
 */
export function onDemandCapacityRule(start: OnDemandStart, region: string, kinesisRecordBytes: number): OnDemandCapacityRule {
  const L = KINESIS_LIMITS;
  const LB = L.shardWriteBytesPerSecond.value;
  const LR = L.shardWriteRecordsPerSecond.value;
  const initB = L.onDemandInitialWriteBytesPerSecond.value;
  const initR = L.onDemandInitialWriteRecordsPerSecond.value;
  const mult = L.onDemandPeakMultiplier.value;
  const maxB = isLargeQuotaRegion(region) ? L.onDemandMaxWriteBytesPerSecondLargeRegions.value : L.onDemandMaxWriteBytesPerSecondOtherRegions.value;
  const prevB = start.previousPeakBytesPerSecond ?? 0;
  const prevR = start.previousPeakRecordsPerSecond ?? prevB / kinesisRecordBytes;
  const warmB = start.tier === "advantage" ? (start.warmBytesPerSecond ?? 0) : 0;
  const warmR = (warmB / LB) * LR;
  return {
    windowSeconds: L.onDemandScaleWindowSeconds.value,
    multiplier: mult,
    floorBytes: Math.max(initB, mult * prevB, warmB),
    floorRecords: Math.max(initR, mult * prevR, warmR),
    maxBytes: maxB,
    maxRecords: (maxB / initB) * initR,
  };
}

/** The capacity given the peak accepted bytes and records per second up to `rule.windowSeconds` ago. */
export function onDemandCapacityAt(rule: OnDemandCapacityRule, laggedPeakBytes: number, laggedPeakRecords: number): OnDemandCapacity {
  return {
    bytesPerSecond: Math.min(rule.maxBytes, Math.max(rule.floorBytes, rule.multiplier * laggedPeakBytes)),
    recordsPerSecond: Math.min(rule.maxRecords, Math.max(rule.floorRecords, rule.multiplier * laggedPeakRecords)),
  };
}

/**
 * Accepted writes per whole second, and their peak over the seconds at least `windowSeconds` old: the lagged peak
 * `onDemandCapacityAt` takes, for callers that see writes as they happen (seconds never decrease).
 */
export class LaggedPeak {
  private readonly seconds: number[] = [];
  private readonly bytes: number[] = [];
  private readonly records: number[] = [];
  private head = 0;
  public peakBytes = 0;
  public peakRecords = 0;

  public constructor(public readonly windowSeconds: number) {}

  /** Adds an accepted write in whole second `second`. */
  public add(second: number, bytes: number, records: number): void {
    const n = this.seconds.length;
    if (n > this.head && this.seconds[n - 1] === second) {
      this.bytes[n - 1] += bytes;
      this.records[n - 1] += records;
    } else {
      this.seconds.push(second);
      this.bytes.push(bytes);
      this.records.push(records);
    }
  }

  /** Moves the seconds at least `windowSeconds` before `second` into the peak. */
  public advance(second: number): void {
    while (this.head < this.seconds.length && this.seconds[this.head] <= second - this.windowSeconds) {
      if (this.bytes[this.head] > this.peakBytes) this.peakBytes = this.bytes[this.head];
      if (this.records[this.head] > this.peakRecords) this.peakRecords = this.records[this.head];
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.seconds.length) {
      this.seconds.splice(0, this.head);
      this.bytes.splice(0, this.head);
      this.records.splice(0, this.head);
      this.head = 0;
    }
  }
}
