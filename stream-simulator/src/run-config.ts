/**
 * The one configuration object a simulation engine runs from (provisioned.ts, on-demand.ts): the resolved workload
 * turned into per-second rates, write accounting, limits, reader demand and retry delays. Built once by
 * `runConfigOf`; the engines read it and never resolve anything themselves.
 */
import { KINESIS_LIMITS } from "./limits";
import { trafficShape } from "./traffic";
import { KPL_EMPTY_AGGREGATE_BYTES } from "./kpl";
import { kinesisRecordsFor, writeShapeOf, type WriteShape } from "./aggregation";
import { retryDelaysSeconds } from "./retries";
import { writeLimitsOf, type WriteLimits } from "./write-limiter";
import { readLimitsOf, sharedReadShare } from "./read-limiter";
import type { ResolvedWorkload } from "./workload";


/** What the shared (GetRecords) and enhanced fan-out readers need of every shard. */
export interface ReaderDemand {
  /** Shared-throughput consumers. */
  readonly shared: number;
  /** GetRecords calls per shard per second the shared consumers make together, and the shard's limit. */
  readonly callsDemand: number;
  readonly callsLimit: number;
  /**
   * Bytes per second one shared consumer can read from one shard: its share of 2 MiB/s, and what its successful
   * calls can return (10 MiB and 10,000 records each, records of the workload's mean Kinesis record size).
   */
  readonly perConsumerBytesPerSecond: number;
  /** Enhanced fan-out consumers and the bytes per second each reads from one shard. */
  readonly efo: number;
  readonly efoBytesPerSecond: number;
}

export interface RunConfig {
  readonly workload: ResolvedWorkload;
  readonly durationSeconds: number;
  /** Expected user records offered in each second of the run (mean rate × traffic shape). */
  readonly rates: Float64Array;
  /** Poisson arrival noise (`arrivalNoise: "poisson"`) or the exact expected counts. */
  readonly noisy: boolean;
  /** One shard's write buckets (write-limiter.ts). */
  readonly write: WriteLimits;
  /** Kinesis records and bytes of a second's user records (aggregation accounting). */
  readonly shape: WriteShape;
  /** Every record is larger than the stream's maximum record size. */
  readonly rejectAll: boolean;
  readonly readers: ReaderDemand;
  readonly maxRetries: number;
  /** Retry delay in whole seconds per attempt level (retries.ts). */
  readonly retryDelays: Int32Array;
  /** Seconds after the run's end in which pending retries still play out (no new arrivals). */
  readonly drainSeconds: number;
  /** Heatmap resolution, or null for none. */
  readonly heatmap: { readonly buckets: number; readonly bucketSeconds: number } | null;
  readonly onProgress?: (fraction: number) => void;
  /** Which key naming places entity keys (keys.ts). */
  readonly keyNaming: number;
}

export interface RunConfigOptions {
  readonly heatmapBuckets?: number;
  readonly onProgress?: (fraction: number) => void;
  readonly keyNaming?: number;
  /** Replaces the write buckets' burst capacity (the sizing's sensitivity check). @default KINESIS_LIMITS.writeBurst* */
  readonly writeBurst?: { readonly bytes: number; readonly records: number };
  /**
   * Runs `seconds` seconds of the traffic shape from second `start` instead of the whole run, cycling past its end
   * (the sizing's throttle question runs the peak hour, `peakWindowOf`). @default the whole run
   */
  readonly window?: { readonly start: number; readonly seconds: number };
}

/** Seconds of the window the throttle question simulates. */
export const THROTTLE_WINDOW_SECONDS = 3600;

/**
 * The busiest `THROTTLE_WINDOW_SECONDS` of the workload's traffic shape (the first such window), cycling a shorter run:
 * where throttling concentrates, and the same length whatever the declared duration, so the throttle question's
 * answer does not grow with how long the run is.
 */
export function peakWindowOf(w: ResolvedWorkload): { readonly start: number; readonly seconds: number } {
  const D = w.durationSeconds;
  const S = THROTTLE_WINDOW_SECONDS;
  if (D <= S) return { start: 0, seconds: S };
  const m = trafficShape(D, w.peakToAverage, w.trafficShape).multipliers;
  let sum = 0;
  for (let t = 0; t < S; t++) sum += m[t];
  let best = sum;
  let start = 0;
  for (let t = S; t < D; t++) {
    sum += m[t] - m[t - S];
    if (sum > best + 1e-9 * Math.abs(best)) {
      best = sum;
      start = t - S + 1;
    }
  }
  return { start, seconds: S };
}

/** Bytes of one Kinesis record of the workload (an aggregate's full size when aggregating), for the read-call caps. */
export function meanKinesisRecordBytes(s: WriteShape): number {
  if (s.recordsPerAggregate <= 1) return s.plainRecordBytes;
  return s.recordsPerAggregate * s.aggregatedRecordBytes + KPL_EMPTY_AGGREGATE_BYTES;
}

/** The readers' demand on one shard (see `ReaderDemand`); the read rule is read-limiter.ts `sharedReadShare`. */
export function readerDemandOf(w: ResolvedWorkload, s: WriteShape): ReaderDemand {
  const limits = readLimitsOf();
  const S = w.consumers.shared;
  const callsDemand = S * w.consumers.pollsPerSecond;
  return {
    shared: S,
    callsDemand,
    callsLimit: limits.callsPerSecond,
    perConsumerBytesPerSecond: sharedReadShare(limits, S, callsDemand, meanKinesisRecordBytes(s)).perConsumerBytesPerSecond,
    efo: w.consumers.enhancedFanOut,
    efoBytesPerSecond: KINESIS_LIMITS.efoBytesPerSecondPerConsumerShard.value,
  };
}

export function runConfigOf(w: ResolvedWorkload, options: RunConfigOptions = {}): RunConfig {
  const whole = w.durationSeconds;
  const multipliers = trafficShape(whole, w.peakToAverage, w.trafficShape).multipliers;
  const win = options.window;
  const D = win ? win.seconds : whole;
  const from = win ? win.start : 0;
  const rates = new Float64Array(D);
  for (let t = 0; t < D; t++) rates[t] = w.recordsPerSecond * multipliers[(from + t) % whole];
  const shape = writeShapeOf(w);
  const delays = retryDelaysSeconds(w.producer.maxRetries, w.producer.retryBackoffMs);
  let drain = 0;
  for (let a = 0; a < delays.length; a++) drain += delays[a];
  const buckets = options.heatmapBuckets;
  const bucketSeconds = buckets ? Math.ceil(D / buckets) : 0;
  return {
    workload: w,
    durationSeconds: D,
    rates,
    noisy: w.arrivalNoise === "poisson",
    write: writeLimitsOf(options.writeBurst),
    shape,
    rejectAll: shape.plainRecordBytes > w.maxRecordBytes,
    readers: readerDemandOf(w, shape),
    maxRetries: w.producer.maxRetries,
    retryDelays: delays,
    // Every retry level once more after the last arrival, so a record's last retry falls inside the drain.
    drainSeconds: Math.min(drain, 31 * 86400),
    heatmap: buckets ? { buckets: Math.ceil(D / bucketSeconds), bucketSeconds } : null,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    keyNaming: options.keyNaming ?? 0,
  };
}

/** Kinesis records for `count` user records in one second (aggregation.ts, re-exported for the engines). */
export { kinesisRecordsFor };

/** What an engine measured, before simulate.ts classifies it (one entry per shard; on-demand: one pseudo-shard). */
export interface EngineResult {
  readonly shardIds: readonly string[];
  readonly trafficShare: Float64Array;
  readonly offered: Float64Array;
  /** Lost: still throttled after the last retry. */
  readonly lost: Float64Array;
  readonly firstAttemptThrottled: Float64Array;
  readonly peakBytes: Float64Array;
  readonly peakRecords: Float64Array;
  readonly peakUtilization: Float64Array;
  readonly sumUtilization: Float64Array;
  readonly peakAttemptedUtilization: Float64Array;
  readonly accepted: number;
  readonly rejected: number;
  readonly acceptedKinesisRecords: number;
  readonly throttledByBytes: number;
  readonly throttledByRecords: number;
  readonly throttledByKey: number;
  readonly throttledByScaling: number;
  /** Seconds in which some shard's shared readers, or EFO readers, fell behind. */
  readonly sharedLagSeconds: number;
  readonly efoLagSeconds: number;
  /** The shared readers' per-second cap was set by the 10,000 records per call rather than by bytes. */
  readonly sharedLagByRecords: boolean;
  /** Largest iterator age: the age of the last record a reader got, in seconds. */
  readonly maxIteratorAgeSeconds: number;
  /** Peak one-second figures of the busiest second, as fractions of their limits. */
  readonly maxBytesUtilization: number;
  readonly maxRecordsUtilization: number;
  /** Shared consumers × peak written bytes / 2 MiB. */
  readonly maxSharedReadUtilization: number;
  readonly throttledSeconds: number;
  readonly absorbedShardSeconds: number;
  readonly heat: Float32Array | null;
  readonly heatThrottled: Uint8Array | null;
}
