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
  /**
   * Enhanced fan-out consumers, each with its own 2 MiB/s per shard. A stream registers at most 20 (provisioned,
   * On-demand Standard) or 50 (On-demand Advantage): `KINESIS_LIMITS.maxEfoConsumersPerStream*`. @default 0
   */
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
  /**
   * How the rate moves over the run, always with mean `recordsPerSecond` and maximum `peakToAverage` × it
   * (traffic.ts): "bursts" — periodic bursts at the peak; "ramp" — a straight rise to the peak at the end of the run
   * (traffic growing, e.g. a launch); "daily" — one trough-to-peak-to-trough cycle over the run (give
   * `durationSeconds: 86400` for a day). @default "bursts"
   */
  readonly trafficShape?: TrafficShapeKind;
  /** What the on-demand models assume about the stream (on-demand capacity only). @default a newly created stream */
  readonly onDemand?: OnDemandSpec;
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

/** The traffic shapes of `Workload.trafficShape`. */
export type TrafficShapeKind = "bursts" | "ramp" | "daily";

/** An on-demand stream's history and settings (the workload's `onDemand` field). */
export interface OnDemandSpec {
  /**
   * The stream's peak write throughput in the last 30 days, MiB/s: an established on-demand stream accommodates up
   * to twice it at once. Absent: a newly created stream (4 MiB/s). Not a setting: what CloudWatch `IncomingBytes`
   * showed (per second). @default none (a new stream)
   */
  readonly previousPeakMiBPerSecond?: number;
  /**
   * Warm throughput, MiB/s (On-demand Advantage only; `UpdateStreamWarmThroughput`): write capacity the stream keeps
   * ready at all times. Used by the Advantage verdict and ignored for On-demand Standard. @default none
   */
  readonly warmThroughputMiBPerSecond?: number;
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
  /** Record format conversion (JSON to Parquet/ORC), priced per GB ingested in 5 KB increments. @default false */
  readonly formatConversion?: boolean;
  /**
   * Dynamic partitioning: `activePartitions` distinct S3 prefixes per buffering interval, each with its own buffer
   * (more, smaller objects), priced per GB, per 1,000 objects and per JQ processing hour. @default none
   */
  readonly dynamicPartitioning?: DynamicPartitioningSpec;
}

/** The workload's Firehose dynamic partitioning (`FirehoseSpec.dynamicPartitioning`). */
export interface DynamicPartitioningSpec {
  /** Distinct partition-key values (S3 prefixes) active per buffering interval, integer ≥ 1. */
  readonly activePartitions: number;
  /**
   * JQ processing hours billed per month when the partition keys come from a JQ query (AWS bills JQ run time; the
   * model has no figure for JQ's speed, so give what CloudWatch shows). @default 0
   */
  readonly jqProcessingHoursPerMonth?: number;
}

/** One invalid field of a workload. */
export interface WorkloadProblem {
  /** JSON path of the field, e.g. `partitionKey.distinctKeys`; empty for the workload itself. */
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** The two on-demand tiers: Standard (per-stream fee) and Advantage (account-level commitment, warm throughput). */
export type OnDemandTier = "standard" | "advantage";

/** Capacity of a stream: provisioned shards or on-demand (Standard unless `tier` says Advantage). */
export type StreamCapacitySpec =
  | { readonly mode: "provisioned"; readonly shards: number }
  | { readonly mode: "on-demand"; readonly tier?: OnDemandTier };

/**
 * What limits a stream (what-limits.ts decides it, once for every model): a per-shard limit — write bytes (1 MiB/s),
 * write records (1,000/s after aggregation), shared read bytes (2 MiB/s split by the shared consumers), shared read
 * records (10,000 per GetRecords call), shared GetRecords calls (5/s), enhanced fan-out read bytes — or a single
 * partition key, on-demand scaling, the record size, the stream's enhanced fan-out consumer limit, or nothing.
 */
export type Bottleneck =
  | "write-bytes"
  | "write-records"
  | "hot-key"
  | "shared-read-bytes"
  | "shared-read-records"
  | "shared-read-calls"
  | "efo-read-bytes"
  | "efo-consumers"
  | "record-size"
  | "on-demand-scaling"
  | "none";

/** Per-shard figures of one simulation. */
export interface ShardFigures {
  readonly shardId: string;
  /** Fraction of the hash-key space (or of the keys' traffic) the shard owns. */
  readonly trafficShare: number;
  readonly offeredRecords: number;
  /** User records lost on this shard (throttled after the last retry). */
  readonly throttledRecords: number;
  /** User records whose first attempt this shard throttled. */
  readonly firstAttemptThrottledRecords: number;
  /** Peak one-second write load as a fraction of the shard's limit (max of bytes and records). */
  readonly peakWriteUtilization: number;
  readonly meanWriteUtilization: number;
  readonly peakBytesPerSecond: number;
  readonly peakRecordsPerSecond: number;
}

/**
 * Utilization over time: `values[shard * buckets + bucket]`, each the max write utilization in that bucket (offered
 * load over the shard's per-second limit: above 1 the burst bucket absorbed it or it throttled), and `throttled`
 * (same index) 1 where at least one attempt was throttled in that bucket.
 */
export interface UtilizationHeatmap {
  readonly shards: number;
  readonly buckets: number;
  readonly bucketSeconds: number;
  readonly values: Float32Array;
  readonly throttled: Uint8Array;
  /** What `values` is relative to: a shard's write limit, or (on-demand) the stream's capacity that second. */
  readonly relativeTo: "shard-limit" | "on-demand-capacity";
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
   * The limit closest to its ceiling at this capacity (what-limits.ts, the rule `size` uses too), whether or not
   * anything was throttled. `bottleneck` instead names what actually limited the run ("none" when nothing was
   * throttled or lagged).
   */
  readonly bindingConstraint?: Bottleneck;
  /**
   * User records whose FIRST attempt was throttled (what CloudWatch `WriteProvisionedThroughputExceeded` counts, and
   * what adds retry latency), whether or not a retry then succeeded.
   */
  readonly firstAttemptThrottledRecords: number;
  /** firstAttemptThrottledRecords / offeredRecords. */
  readonly firstAttemptThrottledFraction: number;
  /** User records lost: still throttled after the producer's last retry (the same figure as writeThrottledRecords). */
  readonly lostRecords: number;
  /** Seconds of the run in which some shard throttled at least one attempt. */
  readonly throttledSeconds: number;
  /** Shard-seconds whose offered load exceeded the per-second limit but that the burst bucket absorbed in full. */
  readonly absorbedShardSeconds: number;
  /** Entity keys: which of the key namings placed the keys (keys.ts `KEY_NAMINGS`); 0 otherwise. */
  readonly keyNaming: number;
  /** On-demand runs: throttling while a new (or under-warmed) stream scales, apart from the steady state. */
  readonly onDemand?: OnDemandPhases;
}

/** An on-demand run split into its cold start (the stream scaling up to the traffic) and its steady state. */
export interface OnDemandPhases {
  readonly tier: OnDemandTier;
  /** Write capacity at the start of the run, bytes/s (4 MiB/s new; 2 × previous peak; at least warm throughput). */
  readonly initialCapacityBytesPerSecond: number;
  /**
   * Seconds from the start until the stream's capacity first covered the run's peak offered load (0 when it did from
   * the start; the run's duration when it never did).
   */
  readonly coldStartSeconds: number;
  /** User records offered, first-attempt throttled and lost during the cold start. */
  readonly coldStart: { readonly offeredRecords: number; readonly firstAttemptThrottledRecords: number; readonly lostRecords: number };
  /** The same after the cold start (for an established stream, the whole run). */
  readonly steadyState: { readonly offeredRecords: number; readonly firstAttemptThrottledRecords: number; readonly lostRecords: number };
  /**
   * The heaviest keys' own arrival noise: on-demand still limits each key to one shard's write throughput, so each key
   * heavy enough for its noise to matter ran alone on one shard. Its first-attempt throttled and lost records are
   * included in the run's totals (not in `coldStart` / `steadyState`, which are the stream's).
   */
  readonly keyNoise: { readonly keys: readonly string[]; readonly firstAttemptThrottledRecords: number; readonly lostRecords: number };
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

/** The three questions of the sizing rule (capacity-rule.ts). */
export type SizingQuestion = "limit" | "growth" | "throttle";

/** The answer to one sizing question. */
export interface SizingAnswer {
  /** Smallest shard count meeting the question; null when no shard count can (or none up to the search's ceiling). */
  readonly shards: number | null;
  /** The constraint behind the answer, at the answer's shard count (or what makes it impossible). */
  readonly constraint: Bottleneck;
  /** One sentence with the figures. */
  readonly explanation: string;
}

/** `limit`: the busiest shard fits every per-shard limit at the steady peak rate. */
export interface LimitAnswer extends SizingAnswer {
  /** The busiest shard's load at the steady peak at the answer (1 = at a limit). */
  readonly busiestShardLoad: number;
}

/** `growth`: the busiest shard's mean load at the steady peak within the headroom. */
export interface GrowthAnswer extends SizingAnswer {
  readonly headroom: number;
  /** The busiest shard's load the headroom applies to, at the answer. */
  readonly busiestShardLoad: number;
  /**
   * Set when a single key holds a shard above the headroom that more shards cannot lower materially: the search
   * stopped there. `keyLoad` is the key's own load; the stream absorbs at most `maxGrowth` × today's peak whatever the
   * shard count.
   */
  readonly limitedByKey?: { readonly key: string; readonly keyLoad: number; readonly shardLoad: number; readonly maxGrowth: number };
}

/** `throttle`: first-attempt throttling within the target and nothing lost, in the noisy per-second simulation. */
export interface ThrottleAnswer extends SizingAnswer {
  readonly target: number;
  /** First-attempt throttled fraction (outside key-dominated shards) and records lost, at the answer. */
  readonly firstAttemptThrottledFraction: number;
  readonly lostRecords: number;
  /** First attempts are throttled beyond the target only on shards a single key dominates (more shards do not help). */
  readonly limitedByKey: boolean;
  /**
   * How much the unconfirmed write-bucket size drives the answer: the same check with a bucket of one second's refill
   * (no burst allowance) — its first-attempt throttling at the recommendation and the shard count it would need (the
   * recommendation when it holds there; null when none up to the search's ceiling does).
   */
  readonly burstSensitivity?: {
    readonly burstBytes: number;
    readonly burstRecords: number;
    readonly firstAttemptThrottledFraction: number;
    readonly shards: number | null;
  };
}

/** Entity keys: how the answer varies with the real key names (keys.ts `KEY_NAMINGS`). */
export interface KeyNamingSpread {
  readonly namings: number;
  /** The recommendation holds for at least this fraction of the namings. */
  readonly quantile: number;
  /** Namings the recommendation holds for. */
  readonly holdsFor: number;
  /** The smallest and largest shard count meeting `limit` and `growth` under a single naming. */
  readonly minShards: number;
  readonly maxShards: number;
}

/** One capacity mode priced and checked for `size` and `cost`. */
export interface CapacityOption {
  readonly mode: "provisioned" | "on-demand" | "on-demand-advantage";
  /** Monthly cost (null: provisioned with no passing shard count). */
  readonly monthlyUsd: number | null;
  /** Whether the workload throttles beyond the target there (on-demand: in its steady state or its cold start). */
  readonly throttles: boolean;
  /** What the mode does with this workload, in a sentence. */
  readonly note: string;
}

/** Result of `size`. */
export interface SizingResult {
  /** Smallest shard count meeting all three questions, or null when no shard count can. */
  readonly recommendedShards: number | null;
  readonly feasible: boolean;
  /** The question whose answer is the recommendation (null when infeasible). */
  readonly binding: SizingQuestion | null;
  /** The constraint that binds at the recommendation (the binding question's), or what makes it infeasible. */
  readonly bottleneck: Bottleneck;
  readonly questions: { readonly limit: LimitAnswer; readonly growth: GrowthAnswer; readonly throttle: ThrottleAnswer };
  /** Entity keys only: the spread over key namings. */
  readonly keyNamings?: KeyNamingSpread;
  /** What the answer depends on, one sentence each (declared peak, headroom, key names, unconfirmed figures). */
  readonly dependsOn: readonly string[];
  /** The AWS documentation formula's answer, max(in_KiB/1024, out_KiB/2048), for comparison. */
  readonly faqFormulaShards: number;
  /** Records lost after retries / offered, simulated at `simulatedShards`. */
  readonly throttledFraction: number;
  /** First-attempt throttled records / offered, simulated at `simulatedShards`. */
  readonly firstAttemptThrottledFraction: number;
  readonly lostRecords: number;
  /** Peak one-second write utilization of the busiest shard (arrival noise included), simulated at `simulatedShards`. */
  readonly peakShardUtilization: number;
  /** The busiest shard's load at the steady peak (no noise) at the recommendation. */
  readonly busiestShardLoad: number;
  /** Shard count the figures were simulated at (the recommendation when feasible). */
  readonly simulatedShards: number;
  /** One-paragraph human explanation of the reasoning. */
  readonly explanation: string;
  /** What would help when infeasible or tight (key design, aggregation, on-demand…). */
  readonly advice: readonly string[];
  readonly cost: {
    readonly provisioned: CostBreakdown | null;
    readonly onDemand: CostBreakdown;
    readonly onDemandAdvantage: CostBreakdown;
    /** The three modes side by side, cheapest first among those that do not throttle. */
    readonly options: readonly CapacityOption[];
    /** The cheapest mode that does not throttle (null: every mode throttles). */
    readonly cheapest: CapacityOption["mode"] | null;
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
