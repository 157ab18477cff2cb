/**
 * Public shapes of the simulator: the workload a user declares and the results every model returns.
 * Models may ADD fields to results; they never remove or rename one (the CLI, the constructs and users' tests read
 * them).
 */

/** How producers choose partition keys. */
export type PartitionKeyStrategy =
  /** A fresh random UUID per record: spreads uniformly over the hash space. */
  | { readonly strategy: "uuid" }
  /** One constant key for every record: everything lands on one shard. */
  | { readonly strategy: "static"; readonly value?: string }
  /**
   * Entity IDs (session, tenant, device…): `distinctKeys` keys, chosen uniformly (`zipfExponent` 0 or absent) or
   * Zipf-skewed (key of rank k has weight 1/k^s).
   */
  | { readonly strategy: "entity"; readonly distinctKeys: number; readonly zipfExponent?: number }
  /** The event time as the key (e.g. ISO second): all records of the same second share one key. */
  | { readonly strategy: "timestamp"; readonly resolutionMs?: number };

/** Consumers reading the stream. */
export interface ConsumersSpec {
  /**
   * Shared-throughput (GetRecords) consumers, a Firehose delivery stream reading the stream included. They share
   * 2 MiB/s and 5 GetRecords calls/s per shard.
   * @default 1
   */
  readonly shared?: number;
  /** Enhanced fan-out consumers, each with its own 2 MiB/s per shard. @default 0 */
  readonly enhancedFanOut?: number;
  /** GetRecords polls per second each shared consumer makes per shard (Firehose polls once per second). @default 1 */
  readonly pollsPerSecond?: number;
}

/** Producer behaviour (models the batching of stream-processor Kinesis outputs and the KPL). */
export interface ProducerSpec {
  /** KPL-style aggregation: many user records packed into one Kinesis record. @default false */
  readonly aggregation?: boolean;
  /** Maximum bytes of one aggregated Kinesis record (KPL AggregationMaxSize). @default 51200 */
  readonly aggregationMaxBytes?: number;
  /**
   * Records per PutRecords request (at most 500). @default 500
   * No effect on `simulate`/`size`: shard limits count records and bytes per second, not requests. Used by the
   * Firehose direct-PUT model (requests/s quota) and by `replayTrace` (per-record producer replay).
   */
  readonly maxBatchRecords?: number;
  /** Bytes per PutRecords request (at most 10 MiB). @default 10485760 (same scope as maxBatchRecords) */
  readonly maxBatchBytes?: number;
  /** How long a record may wait for its batch to fill before the batch is sent, in ms. @default 100 */
  readonly lingerMs?: number;
  /** Retries of throttled records (0 = none). @default 3 */
  readonly maxRetries?: number;
  /**
   * Base backoff before the first retry, in ms; doubles per attempt. In the per-second models a retry waits
   * max(1, ceil(retryBackoffMs · 2^attempt / 1000)) seconds (see retries.ts). @default 100
   */
  readonly retryBackoffMs?: number;
}

/** A declared workload: what producers write and who reads it. */
export interface Workload {
  /** Average user records per second over the run. */
  readonly recordsPerSecond: number;
  /** Average user record payload size in bytes (data blob, without the partition key). */
  readonly recordBytes: number;
  /** Simulated duration in seconds. @default 3600 */
  readonly durationSeconds?: number;
  /** Ratio of the peak one-second rate to the average rate (1 = steady). @default 1 */
  readonly peakToAverage?: number;
  /** Partition-key design. @default { strategy: "uuid" } */
  readonly partitionKey?: PartitionKeyStrategy;
  /** Average partition key length in bytes (UTF-8), counted against the 1 MiB/s shard limit. @default 36 */
  readonly partitionKeyBytes?: number;
  readonly consumers?: ConsumersSpec;
  readonly producer?: ProducerSpec;
  /** Stream data retention in hours (affects cost only). @default 24 */
  readonly retentionHours?: number;
  /** AWS region (direct-PUT quotas, on-demand maxima, prices). @default "us-east-1" */
  readonly region?: string;
  /** Example payloads (UTF-8 strings); when given, the GZIP ratio is measured by compressing them. */
  readonly samplePayloads?: readonly string[];
  /** Seed for every pseudo-random choice: same workload + seed ⇒ same result. @default 1 */
  readonly seed?: number;
  /**
   * Per-second arrival noise on top of the deterministic traffic shape. "poisson": records arrive independently, so
   * each shard's count in a second is Poisson-distributed around its expected rate; "none": exactly the expected
   * rates (a fluid model, used to check the model against AWS's documented numbers). @default "poisson"
   */
  readonly arrivalNoise?: "poisson" | "none";
  /**
   * The stream's maximum record size in KiB (stream setting MaxRecordSizeInKiB, 1024–10240): records larger than this
   * (data + partition key) are rejected. @default 1024
   */
  readonly maxRecordSizeKiB?: number;
  /**
   * Whether a Firehose delivery stream reads the stream (is its sink) and delivers to S3: adds Firehose ingestion,
   * S3 PUT requests and S3 Standard storage (and the S3 bucket's KMS key) to the cost. `true` = a delivery stream
   * with every `FirehoseSpec` default; an object = a delivery stream with those settings; `false` = no Firehose and no
   * S3. The Firehose is one of the `consumers.shared` readers; setting this does not change the consumer count.
   * @default true (this project's pipelines deliver through Firehose)
   */
  readonly firehose?: boolean | FirehoseSpec;
}

/** A Kinesis-sourced Firehose delivery stream to S3 (the workload's `firehose` field as an object). */
export interface FirehoseSpec {
  /** Buffer size hint in MiB, integer 1–128 (FIREHOSE_LIMITS). @default 5 */
  readonly bufferingSizeMiB?: number;
  /** Buffer interval hint in seconds, integer 0–900 (FIREHOSE_LIMITS). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /** Compression of the S3 objects (ALLOWED_VALUES.firehoseCompression). @default "GZIP" */
  readonly compression?: FirehoseCompression;
  /**
   * Days delivered objects stay in S3 Standard (e.g. until a lifecycle rule expires or transitions them), for the
   * storage estimate. 0 = not stored. @default 30
   */
  readonly s3StorageDays?: number;
}

/** One invalid field of a workload. */
export interface WorkloadProblem {
  /** JSON path of the field, e.g. `partitionKey.distinctKeys`. */
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Capacity of a stream: provisioned shards or on-demand. */
export type StreamCapacitySpec =
  | { readonly mode: "provisioned"; readonly shards: number }
  | { readonly mode: "on-demand" };

/** What limited a stream first. */
export type Bottleneck =
  | "write-bytes"
  | "write-records"
  | "hot-key"
  | "shared-read-bytes"
  | "shared-read-calls"
  | "efo-read-bytes"
  | "on-demand-scaling"
  | "none";

/** Per-shard figures of one simulation. */
export interface ShardFigures {
  readonly shardId: string;
  /** Fraction of the hash-key space (or of the keys' traffic) the shard owns. */
  readonly trafficShare: number;
  readonly offeredRecords: number;
  readonly throttledRecords: number;
  /** Peak one-second write load as a fraction of the shard's limit (max of bytes and records). */
  readonly peakWriteUtilization: number;
  readonly meanWriteUtilization: number;
  readonly peakBytesPerSecond: number;
  readonly peakRecordsPerSecond: number;
}

/** Utilization over time: `values[shard * buckets + bucket]`, each the max write utilization in that bucket. */
export interface UtilizationHeatmap {
  readonly shards: number;
  readonly buckets: number;
  readonly bucketSeconds: number;
  readonly values: Float32Array;
}

/** Result of `simulate`. */
export interface SimulationResult {
  readonly capacity: StreamCapacitySpec;
  readonly durationSeconds: number;
  /** User records offered by producers (before aggregation). */
  readonly offeredRecords: number;
  readonly acceptedRecords: number;
  /** User records whose write was throttled (after retries, when modelled). */
  readonly writeThrottledRecords: number;
  readonly writeThrottledFraction: number;
  /** Records rejected outright (larger than the stream's maximum record size). */
  readonly rejectedRecords: number;
  /**
   * Peak one-second write utilization of the busiest shard (1 = at the limit): the records producers offered that
   * second as NEW traffic (after aggregation), retries excluded (see `maxShardAttemptedWriteUtilization`). Above 1
   * without throttling means the shard's burst capacity absorbed the peak.
   */
  readonly maxShardWriteUtilization: number;
  readonly hotShard: {
    readonly shardId: string;
    readonly peakBytesPerSecond: number;
    readonly peakRecordsPerSecond: number;
    readonly peakWriteUtilization: number;
  };
  /** Seconds in which shared consumers could not keep up (reads throttled or lagging). */
  readonly readThrottledSeconds: number;
  /** Largest consumer lag observed, as iterator age in seconds. */
  readonly maxIteratorAgeSeconds: number;
  readonly bottleneck: Bottleneck;
  readonly perShard: readonly ShardFigures[];
  readonly heatmap?: UtilizationHeatmap;
  /** Peak one-second write bytes of the busiest shard as a fraction of its byte limit. */
  readonly maxShardWriteBytesUtilization?: number;
  /** Peak one-second Kinesis records (after aggregation) of the busiest shard as a fraction of its record limit. */
  readonly maxShardWriteRecordsUtilization?: number;
  /** Peak one-second shared-read demand (shared consumers × bytes written) of the busiest shard / 2 MiB. */
  readonly maxSharedReadUtilization?: number;
  /** Shared GetRecords calls per shard per second demanded (shared consumers × polls) / the 5 calls/s limit. */
  readonly sharedReadCallsUtilization?: number;
  /** The hottest single partition key: its share of traffic and peak load as a fraction of one shard's limit. */
  readonly hotKey?: { readonly key: string; readonly share: number; readonly peakUtilization: number };
  /** Kinesis records written (after KPL aggregation), accepted ones only. */
  readonly acceptedKinesisRecords?: number;
  /** Peak one-second write utilization of what was attempted: new records plus retries due that second. */
  readonly maxShardAttemptedWriteUtilization?: number;
  /**
   * The limit closest to its ceiling at this capacity (binding.ts `bindingOf`, the rule `size` uses for its
   * `bottleneck`), whether or not anything was throttled. `bottleneck` instead names what actually limited the run
   * ("none" when nothing was throttled or lagged).
   */
  readonly bindingConstraint?: Bottleneck;
}

/** One line of a monthly cost breakdown. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPriceUsd: number;
  readonly monthlyUsd: number;
}

/** Monthly cost of one capacity choice. */
export interface CostBreakdown {
  readonly capacity: StreamCapacitySpec;
  readonly lines: readonly CostLine[];
  readonly totalMonthlyUsd: number;
  /** Date the price table was last confirmed (ISO). */
  readonly priceTableAsOf: string;
  readonly region: string;
}

/** Result of `size`. */
export interface SizingResult {
  /** Smallest shard count meeting the target, or null when no shard count can. */
  readonly recommendedShards: number | null;
  readonly feasible: boolean;
  /** Constraint that binds at the recommendation (or that makes it infeasible). */
  readonly bottleneck: Bottleneck;
  /** The AWS documentation formula's answer, max(in_KiB/1024, out_KiB/2048), for comparison. */
  readonly faqFormulaShards: number;
  /** Throttled fraction simulated at the recommendation (or at the largest count tried when infeasible). */
  readonly throttledFraction: number;
  /** Peak write utilization of the busiest shard at the recommendation. */
  readonly peakShardUtilization: number;
  /** Shard count `throttledFraction` and `peakShardUtilization` were simulated at (the recommendation when feasible). */
  readonly simulatedShards: number;
  /** One-paragraph human explanation of the reasoning. */
  readonly explanation: string;
  /** What would help when infeasible or tight (key design, aggregation, on-demand…). */
  readonly advice: readonly string[];
  readonly cost: {
    readonly provisioned: CostBreakdown | null;
    readonly onDemand: CostBreakdown;
  };
}

/** Compression formats Firehose can apply to S3 objects. */
export type FirehoseCompression = "UNCOMPRESSED" | "GZIP" | "ZIP" | "Snappy" | "HADOOP_SNAPPY";

/** Use of one direct-PUT quota dimension. */
export interface QuotaUse {
  /** Peak one-second demand. */
  readonly used: number;
  readonly quota: number;
  /** used / quota. */
  readonly utilization: number;
  /** quota − used (negative when breached). */
  readonly headroom: number;
}

/**
 * What a Firehose finding is about. Breaches (records or partitions AWS will reject or throttle): `record-too-large`,
 * `direct-put-quota`, `active-partitions`. Advice (works, but costs more or models an approximation):
 * `zero-buffering`, `billing-rounding`, `small-objects`, `multipart-interval`, `uncompressed`, `size-hint-unused`.
 */
export type FirehoseFindingKind =
  | "record-too-large"
  | "direct-put-quota"
  | "active-partitions"
  | "zero-buffering"
  | "billing-rounding"
  | "small-objects"
  | "multipart-interval"
  | "uncompressed"
  | "size-hint-unused";

/** One message of `simulateFirehose`, tagged with what it is about (`FirehoseResult.warnings` holds the same messages). */
export interface FirehoseFinding {
  readonly kind: FirehoseFindingKind;
  readonly message: string;
}

/** Result of `simulateFirehose`. */
export interface FirehoseResult {
  readonly source: "direct-put" | "kinesis";
  /** S3 objects delivered per hour (all partitions). */
  readonly objectsPerHour: number;
  /** Mean object size after compression, bytes. */
  readonly meanObjectBytes: number;
  /** Mean object size before compression, bytes. */
  readonly meanObjectBytesUncompressed: number;
  /** What flushed most buffers: the size threshold or the interval. */
  readonly flushTrigger: "size" | "interval";
  /** Fraction of flushes triggered by size. */
  readonly sizeFlushFraction: number;
  /** Delivery latency in seconds (buffering only; mean per record and max). */
  readonly deliveryLatencySeconds: { readonly mean: number; readonly max: number };
  /** Compressed / uncompressed bytes. */
  readonly compressionRatio: number;
  /** True when measured by compressing `samplePayloads`; false when assumed. */
  readonly compressionRatioMeasured: boolean;
  /** Direct-PUT quota use per dimension (null with a Kinesis source: no quota applies). */
  readonly directPutQuota: {
    readonly region: string;
    readonly recordsPerSecond: QuotaUse;
    readonly requestsPerSecond: QuotaUse;
    readonly bytesPerSecond: QuotaUse;
  } | null;
  readonly quotaBreached: boolean;
  /** Ingested GB (2^30 bytes) per month as billed: each record rounded up to 5 KB. */
  readonly billedGbPerMonth: number;
  /** Actual ingested GB (2^30 bytes) per month. */
  readonly ingestedGbPerMonth: number;
  /** Active partitions (dynamic partitioning), or null without it. */
  readonly activePartitions: { readonly count: number; readonly quota: number; readonly exceeded: boolean } | null;
  /** Records too large for Firehose (rejected), per second on average. */
  readonly rejectedRecordsPerSecond: number;
  /** Every finding's message, in order (same as `findings.map((f) => f.message)`). */
  readonly warnings: readonly string[];
  /** The same messages tagged with their kind, so callers can tell breaches from advice without parsing text. */
  readonly findings: readonly FirehoseFinding[];
}
