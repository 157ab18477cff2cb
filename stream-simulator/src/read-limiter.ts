/**
 * The shared-throughput (GetRecords) read limits of one shard, and the one rule that enforces them
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html; KINESIS_LIMITS):
 * - calls: at most `shardGetRecordsPerSecond` (5) GetRecords calls per second, shared by every GetRecords consumer of
 *   the shard: a token bucket of one second's calls, refilled at 5/s;
 * - bytes: `shardReadBytesPerSecond` (2 MiB/s) shared the same way, enforced as a debt the shard repays: a call is
 *   admitted only while the shard owes no read bytes; the bytes it returns are owed and repaid at 2 MiB/s. So a
 *   10 MiB response throttles the shard's calls for the next 5 seconds and a 2 MiB one for the next second, as the
 *   GetRecords reference says (`getRecordsMaxResponseThrottleSeconds`);
 * - per call: at most `getRecordsMaxRecords` (10,000) records and `getRecordsMaxBytes` (10 MiB).
 *
 * One implementation for every consumer of the rule: the per-second engines read a shard's shared readers through
 * `sharedReadShare` (run-config.ts `readerDemandOf`); anything that serves GetRecords in real time holds a
 * `ShardReadLimiter` on a millisecond clock. Read bytes count a record's data and partition key, as the write limits
 * and the models do.
 */
import { KINESIS_LIMITS } from "./limits";
import { TokenBucket, refill } from "./token-bucket";

/** A shard's shared read limits. */
export interface ReadLimits {
  readonly callsPerSecond: number;
  readonly bytesPerSecond: number;
  readonly maxRecordsPerCall: number;
  readonly maxBytesPerCall: number;
}

/** The read limits from the limits table. */
export function readLimitsOf(): ReadLimits {
  const L = KINESIS_LIMITS;
  return {
    callsPerSecond: L.shardGetRecordsPerSecond.value,
    bytesPerSecond: L.shardReadBytesPerSecond.value,
    maxRecordsPerCall: L.getRecordsMaxRecords.value,
    maxBytesPerCall: L.getRecordsMaxBytes.value,
  };
}

/** What `consumers` shared readers, together asking `callsDemand` GetRecords calls per second of one shard, get. */
export interface SharedReadShare {
  /** Calls per second the shard admits of the demand: min(demand, the calls limit). */
  readonly callsAdmitted: number;
  /** Fraction of the calls demanded that the calls limit throttles: 1 − admitted / demand (0 without demand). */
  readonly callsThrottledFraction: number;
  /**
   * Bytes per second one consumer can read: its share of the bandwidth, and what its admitted calls can return
   * (each at most the per-call bytes, and the per-call records of `meanRecordBytes`). Infinity without consumers.
   */
  readonly perConsumerBytesPerSecond: number;
}

/** The shared readers' share of one shard (see `SharedReadShare`). */
export function sharedReadShare(limits: ReadLimits, consumers: number, callsDemand: number, meanRecordBytes: number): SharedReadShare {
  const callsAdmitted = Math.min(callsDemand, limits.callsPerSecond);
  if (!(consumers > 0)) return { callsAdmitted, callsThrottledFraction: 0, perConsumerBytesPerSecond: Infinity };
  const perCall = Math.min(limits.maxBytesPerCall, limits.maxRecordsPerCall * meanRecordBytes);
  return {
    callsAdmitted,
    callsThrottledFraction: callsDemand > 0 ? 1 - callsAdmitted / callsDemand : 0,
    perConsumerBytesPerSecond: Math.min(limits.bytesPerSecond / consumers, (callsAdmitted / consumers) * perCall),
  };
}

/** Owed bytes below this are rounding left by repaying in steps, not debt. */
const OWED_EPSILON_BYTES = 1e-6;

/** Why a GetRecords call was refused, or "ok". */
export type ReadAdmission = "ok" | "calls" | "bytes";

/** One shard's shared read limits on a millisecond clock: the calls bucket (full at creation) and the bytes owed. */
export class ShardReadLimiter {
  private readonly calls: TokenBucket;
  /** Read bytes available: ≤ 0; negative = bytes still owed for earlier responses. */
  private credit = 0;
  private lastMs: number;

  public constructor(
    public readonly limits: ReadLimits = readLimitsOf(),
    startMs = 0,
  ) {
    this.calls = new TokenBucket(limits.callsPerSecond, limits.callsPerSecond, startMs);
    this.lastMs = startMs;
  }

  /** Admits a call at `nowMs` (taking a call token) or says which limit refuses it; a refused call takes nothing. */
  public admit(nowMs: number): ReadAdmission {
    this.repay(nowMs);
    if (this.credit < -OWED_EPSILON_BYTES) return "bytes";
    return this.calls.tryTake(1, nowMs) ? "ok" : "calls";
  }

  /** Charges the bytes an admitted call returned (data + partition keys). */
  public charge(bytes: number, nowMs: number): void {
    this.repay(nowMs);
    this.credit -= bytes;
  }

  /** Milliseconds from `nowMs` until a call would be admitted. */
  public msUntilAdmitted(nowMs: number): number {
    this.repay(nowMs);
    const bytesWait = this.credit < -OWED_EPSILON_BYTES ? (-this.credit * 1000) / this.limits.bytesPerSecond : 0;
    return Math.max(bytesWait, this.calls.msUntil(1, nowMs));
  }

  private repay(nowMs: number): void {
    const elapsed = nowMs - this.lastMs;
    if (elapsed < 0) throw new RangeError(`time went backwards: ${nowMs} < ${this.lastMs}`);
    if (elapsed > 0) {
      this.credit = refill(this.credit, 0, this.limits.bytesPerSecond, elapsed / 1000);
      this.lastMs = nowMs;
    }
  }
}
