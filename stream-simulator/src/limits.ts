/**
 * Every AWS service figure this project relies on, recorded once, each with its source and the date it was last
 * confirmed. The simulator's models and the constructs' synth-time validation both read this table; nothing else in
 * the repository may hard-code one of these numbers.
 *
 * Figures marked `unconfirmed: true` are assumptions no retrieved primary source confirms. The simulator has NO
 * per-call override for them (there is no `limits` option on `simulate`/`size`): to test another assumption, change
 * the value here (or patch this object in a test) and re-run. Prices have their own per-call overrides (prices.ts).
 *
 * `source` names the primary source (an AWS documentation page, an AWS SDK's API documentation text, or a public
 * repository and path for figures derived from code); `asOf` is the date the figure was last confirmed there.
 */

/** A numeric service figure with its provenance. */
export interface Limit {
  readonly value: number;
  /** Unit of `value`, spelled out (e.g. "bytes/second", "records/second", "hours"). */
  readonly unit: string;
  /** Where the figure comes from: documentation URL or repository + path. */
  readonly source: string;
  /** ISO date the figure was last confirmed in the cited source. */
  readonly asOf: string;
  /** True when no retrieved primary source confirms the figure; treated as an overridable assumption. */
  readonly unconfirmed?: boolean;
}

/** A naming rule with its provenance. */
export interface NameRule {
  readonly pattern: RegExp;
  /** Human description of the allowed characters, used in error messages. */
  readonly allowed: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly source: string;
  readonly asOf: string;
}

/** An enumerated set of allowed values with its provenance. */
export interface AllowedValues<T> {
  readonly values: readonly T[];
  readonly source: string;
  readonly asOf: string;
  /** True when the source's statement could not be re-read on `asOf` (kept, and only warned about). */
  readonly unconfirmed?: boolean;
}

const MiB = 1024 * 1024;
const KiB = 1024;

const KDS_LIMITS_PAGE = "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html";
const KDS_LARGE_RECORDS = "https://docs.aws.amazon.com/streams/latest/dev/large-records.html";
const KDS_SIZING_PAGE = "https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html";
const KDS_FAQ = "https://aws.amazon.com/kinesis/data-streams/faqs/";
const KDS_EFO_PAGE = "https://docs.aws.amazon.com/streams/latest/dev/enhanced-consumers.html";
const KDS_WARM_THROUGHPUT = "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamWarmThroughput.html";
const KDS_UPDATE_SHARD_COUNT = "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html";
const FIREHOSE_LIMITS_PAGE = "https://docs.aws.amazon.com/firehose/latest/dev/limits.html";
const FIREHOSE_BUFFERING = "https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html";
const FIREHOSE_DYNAMIC_PARTITIONING = "https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html";
const FIREHOSE_TRANSFORMATION = "https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html";

const KDS_TAGGING_PAGE = "https://docs.aws.amazon.com/streams/latest/dev/tagging.html";

/**
 * Tag restrictions AWS applies to the resources the constructs tag (streams, buckets, keys, delivery streams, log
 * groups, alarms); keys starting with `aws:` (any case) are reserved for AWS.
 */
export const TAG_LIMITS = {
  /** Tags per resource, the library's own included. */
  maxTagsPerResource: { value: 50, unit: "tags", source: `${KDS_TAGGING_PAGE} (tag restrictions)`, asOf: "2026-12-04" },
  keyMaxLength: { value: 128, unit: "characters", source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Tag.html", asOf: "2026-12-02" },
  valueMaxLength: { value: 256, unit: "characters", source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Tag.html", asOf: "2026-12-02" },
} as const satisfies Record<string, Limit>;

/** Kinesis Data Streams limits. */
export const KINESIS_LIMITS = {
  /** Per-shard write bandwidth, data blob + partition key. "MB" taken as MiB, as the KPL's limiter does. */
  shardWriteBytesPerSecond: {
    value: 1 * MiB,
    unit: "bytes/second",
    source: `${KDS_LIMITS_PAGE}; awslabs/amazon-kinesis-producer aws/kinesis/core/limiter.h (MiB interpretation)`,
    asOf: "2026-09-29",
  },
  /** Per-shard write record rate, PutRecord and PutRecords combined. */
  shardWriteRecordsPerSecond: {
    value: 1000,
    unit: "records/second",
    source: `${KDS_LIMITS_PAGE}; @aws-sdk/client-kinesis 3.1143.0 CreateStreamCommand.d.ts`,
    asOf: "2026-09-29",
  },
  /** Per-shard shared read bandwidth, split among all shared-throughput consumers. */
  shardReadBytesPerSecond: {
    value: 2 * MiB,
    unit: "bytes/second",
    source: `${KDS_LIMITS_PAGE}; @aws-sdk/client-kinesis 3.1143.0 GetRecordsCommand.d.ts`,
    asOf: "2026-09-29",
  },
  /** GetRecords calls per shard per second, shared by all shared-throughput consumers. */
  shardGetRecordsPerSecond: {
    value: 5,
    unit: "calls/second",
    source: `${KDS_LIMITS_PAGE}; @aws-sdk/client-kinesis 3.1143.0 GetRecordsCommand.d.ts`,
    asOf: "2026-09-29",
  },
  /** Maximum bytes one GetRecords call returns. */
  getRecordsMaxBytes: {
    value: 10 * MiB,
    unit: "bytes",
    source: "@aws-sdk/client-kinesis 3.1143.0 GetRecordsCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Maximum records one GetRecords call returns. */
  getRecordsMaxRecords: {
    value: 10000,
    unit: "records",
    source: "@aws-sdk/client-kinesis 3.1143.0 GetRecordsCommand.d.ts",
    asOf: "2026-09-29",
  },
  /**
   * After a GetRecords call returns 10 MiB, calls in the next 5 seconds are throttled ("if a call returns 10 MiB of
   * data, subsequent calls made within the next 5 seconds throw ProvisionedThroughputExceededException"): the read
   * bandwidth repaying that response (10 MiB at 2 MiB/s). read-limiter.ts derives it; its test checks it equals this.
   */
  getRecordsMaxResponseThrottleSeconds: {
    value: 5,
    unit: "seconds",
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html; @aws-sdk/client-kinesis 3.1143.0 GetRecordsCommand.d.ts",
    asOf: "2026-12-02",
  },
  /** GetShardIterator calls per shard per second. */
  shardGetShardIteratorPerSecond: {
    value: 5,
    unit: "calls/second",
    source: `${KDS_LIMITS_PAGE}; @aws-sdk/client-kinesis 3.1143.0 GetShardIteratorCommand.d.ts (too often: ProvisionedThroughputExceededException)`,
    asOf: "2026-12-02",
  },
  /** Enhanced fan-out read bandwidth per registered consumer per shard. */
  efoBytesPerSecondPerConsumerShard: {
    value: 2 * MiB,
    unit: "bytes/second",
    source: "@aws-sdk/client-kinesis 3.1143.0 RegisterStreamConsumerCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Registered EFO consumers per stream, provisioned and On-demand Standard. */
  maxEfoConsumersPerStream: {
    value: 20,
    unit: "consumers",
    source: `${KDS_EFO_PAGE}; @aws-sdk/client-kinesis 3.1143.0 RegisterStreamConsumerCommand.d.ts`,
    asOf: "2026-12-02",
  },
  /** RegisterStreamConsumer: consumers of one stream in the CREATING state at once. */
  efoConsumersCreatingAtOnce: {
    value: 5,
    unit: "consumers",
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html",
    asOf: "2026-12-04",
  },
  /** Registered EFO consumers per stream with On-demand Advantage. */
  maxEfoConsumersPerStreamAdvantage: {
    value: 50,
    unit: "consumers",
    source: `${KDS_EFO_PAGE}; @aws-sdk/client-kinesis 3.1143.0 RegisterStreamConsumerCommand.d.ts`,
    asOf: "2026-12-02",
  },
  /** Default per-stream maximum record size (data + partition key). */
  defaultMaxRecordBytes: {
    value: 1024 * KiB,
    unit: "bytes",
    source: KDS_LARGE_RECORDS,
    asOf: "2025-10-27",
  },
  /** Largest configurable per-stream record size (MaxRecordSizeInKiB 10240). */
  maxRecordBytesCeiling: {
    value: 10 * MiB,
    unit: "bytes",
    source: `${KDS_LARGE_RECORDS}; @aws-sdk/client-kinesis 3.1143.0 UpdateMaxRecordSizeInput`,
    asOf: "2025-10-27",
  },
  /** Records per PutRecords request. */
  putRecordsMaxRecords: {
    value: 500,
    unit: "records",
    source: "@aws-sdk/client-kinesis 3.1143.0 PutRecordsCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Bytes per PutRecords request including partition keys (raised from 5 MiB in Oct 2025). */
  putRecordsMaxBytes: {
    value: 10 * MiB,
    unit: "bytes",
    source: "@aws-sdk/client-kinesis 3.1143.0 PutRecordsCommand.d.ts",
    asOf: "2025-10-27",
  },
  /** Partition key length in characters (UTF-16 units, as the emulators check). */
  partitionKeyMaxLength: {
    value: 256,
    unit: "characters",
    source: "@aws-sdk/client-kinesis 3.1143.0 PutRecordCommand.d.ts; botocore kinesis service-2.json shape PartitionKey",
    asOf: "2026-09-29",
  },
  /** Minimum data retention. */
  retentionMinHours: {
    value: 24,
    unit: "hours",
    source: "@aws-sdk/client-kinesis 3.1143.0 IncreaseStreamRetentionPeriodCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Maximum data retention, 365 days. */
  retentionMaxHours: {
    value: 8760,
    unit: "hours",
    source: "@aws-sdk/client-kinesis 3.1143.0 IncreaseStreamRetentionPeriodCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Retention above which long-term (per GB-month) retention pricing applies: 7 days. */
  extendedRetentionMaxHours: {
    value: 168,
    unit: "hours",
    source: "https://aws.amazon.com/kinesis/data-streams/pricing/",
    asOf: "2024-07-01",
  },
  /** Shards per stream reachable with UpdateShardCount. */
  maxShardsPerStream: {
    value: 10000,
    unit: "shards",
    source: "@aws-sdk/client-kinesis 3.1143.0 UpdateShardCountCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Default shard quota per account in us-east-1, us-west-2 and eu-west-1. */
  accountShardQuotaLargeRegions: {
    value: 20000,
    unit: "shards",
    source: KDS_LIMITS_PAGE,
    asOf: "2026-09-29",
  },
  /** Default shard quota per account in other regions (lower of the two published figures). */
  accountShardQuotaOtherRegions: {
    value: 1000,
    unit: "shards",
    source: KDS_LIMITS_PAGE,
    asOf: "2026-09-29",
  },
  /** New on-demand stream write capacity. */
  onDemandInitialWriteBytesPerSecond: {
    value: 4 * MiB,
    unit: "bytes/second",
    source: KDS_LIMITS_PAGE,
    asOf: "2026-09-29",
  },
  /** New on-demand stream write record rate ("a quota of 4 MB/second and 4,000 records per second"). */
  onDemandInitialWriteRecordsPerSecond: {
    value: 4000,
    unit: "records/second",
    source: KDS_FAQ,
    asOf: "2026-12-01",
  },
  /** On-demand accommodates up to this multiple of the peak write throughput of the last 30 days. */
  onDemandPeakMultiplier: {
    value: 2,
    unit: "× previous peak",
    source: `${KDS_FAQ}; ${KDS_SIZING_PAGE}`,
    asOf: "2026-12-01",
  },
  /** Window within which more than doubling the previous peak throttles an on-demand stream. */
  onDemandScaleWindowSeconds: {
    value: 15 * 60,
    unit: "seconds",
    source: `${KDS_FAQ}; ${KDS_SIZING_PAGE}`,
    asOf: "2026-12-01",
  },
  /** Warm throughput of one on-demand stream (On-demand Advantage), at most 10 GiB/s. */
  warmThroughputMaxMiBPerSecond: {
    value: 10 * 1024,
    unit: "MiB/second",
    source: `${KDS_WARM_THROUGHPUT}; @aws-sdk/client-kinesis 3.1143.0 UpdateStreamWarmThroughputCommand.d.ts`,
    asOf: "2026-12-01",
  },
  /**
   * On-demand Advantage bills at least this much ingest per region (across its on-demand streams). "MB" taken as
   * 2^20 bytes, as for the other billed volumes.
   */
  advantageMinimumIngestBytesPerSecond: {
    value: 25 * MiB,
    unit: "bytes/second (region-wide)",
    source: KDS_FAQ,
    asOf: "2026-12-01",
    unconfirmed: true,
  },
  /** On-demand Advantage bills at least this much retrieval per region (across its on-demand streams). */
  advantageMinimumRetrievalBytesPerSecond: {
    value: 25 * MiB,
    unit: "bytes/second (region-wide)",
    source: KDS_FAQ,
    asOf: "2026-12-01",
    unconfirmed: true,
  },
  /** On-demand Advantage cannot be turned off within this many hours of turning it on. */
  advantageCommitmentMinimumHours: {
    value: 24,
    unit: "hours",
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MinimumThroughputBillingCommitmentInput.html",
    asOf: "2026-12-02",
  },
  /** On-demand streams per account (default quota). */
  onDemandStreamsPerAccount: {
    value: 50,
    unit: "streams",
    source: KDS_LIMITS_PAGE,
    asOf: "2026-12-01",
  },
  /** UpdateShardCount: the target is at most this multiple of the current count per call. */
  updateShardCountMaxScaleUp: {
    value: 2,
    unit: "× current shard count",
    source: `${KDS_UPDATE_SHARD_COUNT}; @aws-sdk/client-kinesis 3.1143.0 UpdateShardCountCommand.d.ts`,
    asOf: "2026-12-01",
  },
  /** UpdateShardCount: the target is at least this fraction of the current count per call. */
  updateShardCountMinScaleDown: {
    value: 0.5,
    unit: "× current shard count",
    source: `${KDS_UPDATE_SHARD_COUNT}; @aws-sdk/client-kinesis 3.1143.0 UpdateShardCountCommand.d.ts`,
    asOf: "2026-12-01",
  },
  /** UpdateShardCount: scaling operations per stream in a rolling 24 hours. */
  updateShardCountMaxPer24Hours: {
    value: 10,
    unit: "operations",
    source: `${KDS_UPDATE_SHARD_COUNT}; @aws-sdk/client-kinesis 3.1143.0 UpdateShardCountCommand.d.ts`,
    asOf: "2026-12-01",
  },
  /** Per-shard incoming bytes above which on-demand splits a shard. */
  onDemandShardSplitBytesPerSecond: {
    value: 500 * 1000,
    unit: "bytes/second",
    source: `${KDS_SIZING_PAGE} (2022 revision)`,
    asOf: "2022-08-31",
  },
  /** On-demand per-stream write maximum in us-east-1, us-west-2, eu-west-1. */
  onDemandMaxWriteBytesPerSecondLargeRegions: {
    value: 10 * 1024 * MiB,
    unit: "bytes/second",
    source: `${KDS_LIMITS_PAGE} (ja_jp / zh_cn copies)`,
    asOf: "2026-09-29",
  },
  /** On-demand per-stream write maximum elsewhere. */
  onDemandMaxWriteBytesPerSecondOtherRegions: {
    value: 200 * MiB,
    unit: "bytes/second",
    source: `${KDS_LIMITS_PAGE} (ja_jp / zh_cn copies)`,
    asOf: "2026-09-29",
  },
  /** Write token-bucket burst capacity in bytes; AWS's parameters are unpublished, the KPL's limiter uses 10 MiB. */
  writeBurstBytes: {
    value: 10 * MiB,
    unit: "bytes",
    source: "awslabs/amazon-kinesis-producer aws/kinesis/core/limiter.h; large-records.html (bursts up to 10 MiB)",
    asOf: "2025-10-27",
    unconfirmed: true,
  },
  /** Write token-bucket burst capacity in records; the KPL's limiter caps at one second's worth. */
  writeBurstRecords: {
    value: 1000,
    unit: "records",
    source: "awslabs/amazon-kinesis-producer aws/kinesis/core/limiter.h",
    asOf: "2025-10-27",
    unconfirmed: true,
  },
} as const satisfies Record<string, Limit>;

/** Amazon Data Firehose limits. */
export const FIREHOSE_LIMITS = {
  bufferingSizeMinMiB: { value: 1, unit: "MiB", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  bufferingSizeMaxMiB: { value: 128, unit: "MiB", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  bufferingSizeDefaultMiB: { value: 5, unit: "MiB", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  bufferingIntervalMinSeconds: { value: 0, unit: "seconds", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  bufferingIntervalMaxSeconds: { value: 900, unit: "seconds", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  bufferingIntervalDefaultSeconds: { value: 300, unit: "seconds", source: FIREHOSE_BUFFERING, asOf: "2026-09-29" },
  /** Minimum buffer when dynamic partitioning or format conversion is enabled. */
  dynamicPartitioningMinBufferMiB: {
    value: 64,
    unit: "MiB",
    source: `${FIREHOSE_DYNAMIC_PARTITIONING}; API error "BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is enabled."`,
    asOf: "2026-09-29",
  },
  /** Minimum buffering interval with dynamic partitioning (zero buffering unsupported). */
  dynamicPartitioningMinIntervalSeconds: {
    value: 60,
    unit: "seconds",
    source: "https://docs.aws.amazon.com/firehose/latest/dev/buffering.html; aws-cdk-lib aws-kinesisfirehose/lib/private/helpers.ts",
    asOf: "2026-09-29",
  },
  /** Maximum dynamic-partitioning retry duration (aws-cdk-lib validates the same bound). */
  dynamicPartitioningMaxRetrySeconds: {
    value: 7200,
    unit: "seconds",
    source: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_RetryOptions.html; aws-cdk-lib delivery-stream rule",
    asOf: "2026-09-29",
  },
  /** Lambda transform: the buffer Firehose fills before invoking the function (`BufferSizeInMBs`), in MB. */
  lambdaBufferSizeMinMB: { value: 0.2, unit: "MB", source: FIREHOSE_TRANSFORMATION, asOf: "2026-12-04" },
  lambdaBufferSizeMaxMB: { value: 3, unit: "MB", source: FIREHOSE_TRANSFORMATION, asOf: "2026-12-04" },
  lambdaBufferSizeDefaultMB: { value: 1, unit: "MB", source: FIREHOSE_TRANSFORMATION, asOf: "2026-12-04" },
  /** Lambda transform: the longest Firehose buffers before invoking the function (`BufferIntervalInSeconds`). */
  lambdaBufferIntervalMaxSeconds: { value: 900, unit: "seconds", source: FIREHOSE_TRANSFORMATION, asOf: "2026-12-04" },
  lambdaBufferIntervalDefaultSeconds: { value: 60, unit: "seconds", source: FIREHOSE_TRANSFORMATION, asOf: "2026-12-04" },
  /** Lambda transform: invocation retries after a timeout or throttling (`NumberOfRetries`) by default. */
  lambdaRetriesDefault: {
    value: 3,
    unit: "retries",
    source: "https://docs.aws.amazon.com/firehose/latest/dev/data-transformation-failure-handling.html",
    asOf: "2026-12-04",
  },
  /** Default active partitions per delivery stream. */
  activePartitionsDefault: { value: 500, unit: "partitions", source: FIREHOSE_DYNAMIC_PARTITIONING, asOf: "2026-09-29" },
  /** Active partitions after a quota increase. */
  activePartitionsMax: { value: 5000, unit: "partitions", source: FIREHOSE_DYNAMIC_PARTITIONING, asOf: "2026-09-29" },
  /** Partition keys one JQ metadata-extraction query may define (aws-cdk-lib validates the same bound). */
  maxJqPartitionKeys: {
    value: 50,
    unit: "keys",
    source: "aws-cdk-lib aws-kinesisfirehose/lib/processors (MetadataExtractionProcessor), mirrors the service limit",
    asOf: "2026-09-29",
  },
  /** End-to-end delay with dynamic partitioning may reach this multiple of the interval. */
  dynamicPartitioningDelayFactor: {
    value: 1.5,
    unit: "× buffering interval",
    source: "https://docs.aws.amazon.com/firehose/latest/dev/buffering.html",
    asOf: "2026-09-29",
  },
  /** Direct PUT quotas, us-east-1 / us-west-2 / eu-west-1. */
  directPutRecordsPerSecondLargeRegions: {
    value: 500000,
    unit: "records/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  directPutRequestsPerSecondLargeRegions: {
    value: 2000,
    unit: "requests/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  directPutBytesPerSecondLargeRegions: {
    value: 5 * MiB,
    unit: "bytes/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  /** Direct PUT quotas, other regions. */
  directPutRecordsPerSecondOtherRegions: {
    value: 100000,
    unit: "records/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  directPutRequestsPerSecondOtherRegions: {
    value: 1000,
    unit: "requests/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  directPutBytesPerSecondOtherRegions: {
    value: 1 * MiB,
    unit: "bytes/second",
    source: `${FIREHOSE_LIMITS_PAGE} (2023 revision: awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/limits.md)`,
    asOf: "2023-01-27",
  },
  /** Largest record accepted, before base64. */
  maxRecordBytes: {
    value: 1000 * KiB,
    unit: "bytes",
    source: "botocore firehose service-2.json shape Data (max 1024000)",
    asOf: "2026-09-29",
  },
  putRecordBatchMaxRecords: {
    value: 500,
    unit: "records",
    source: "@aws-sdk/client-firehose 3.1169.0 PutRecordBatchCommand.d.ts",
    asOf: "2026-09-29",
  },
  putRecordBatchMaxBytes: {
    value: 4 * MiB,
    unit: "bytes",
    source: "@aws-sdk/client-firehose 3.1169.0 PutRecordBatchCommand.d.ts",
    asOf: "2026-09-29",
  },
  /** Firehose polls each source shard with GetRecords once per second. */
  kinesisSourceGetRecordsPerShardPerSecond: {
    value: 1,
    unit: "calls/second",
    source: "awsdocs/amazon-kinesis-data-firehose-developer-guide doc_source/writing-with-kinesis-streams.md (2023)",
    asOf: "2023-01-27",
    unconfirmed: true,
  },
  /** Firehose ingestion is billed per record rounded up to the next 5 KB (5,120 bytes). */
  ingestionBillingIncrementBytes: {
    value: 5 * KiB,
    unit: "bytes",
    source: "https://aws.amazon.com/kinesis/data-firehose/pricing/ (de copy: https://aws.amazon.com/de/kinesis/data-firehose/pricing/)",
    asOf: "2024-07-01",
  },
  /** Maximum length of the S3 prefix and error output prefix. */
  s3PrefixMaxLength: {
    value: 1024,
    unit: "characters",
    source: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html",
    asOf: "2026-09-29",
  },
} as const satisfies Record<string, Limit>;

/** Resource naming rules the constructs validate at synth time. */
export const NAME_RULES = {
  kinesisStreamName: {
    pattern: /^[a-zA-Z0-9_.-]+$/,
    allowed: "letters, digits, '_', '.' and '-'",
    minLength: 1,
    maxLength: 128,
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (StreamName pattern)",
    asOf: "2026-09-29",
  },
  kinesisConsumerName: {
    pattern: /^[a-zA-Z0-9_.-]+$/,
    allowed: "letters, digits, '_', '.' and '-'",
    minLength: 1,
    maxLength: 128,
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html (ConsumerName)",
    asOf: "2026-09-29",
  },
  firehoseDeliveryStreamName: {
    pattern: /^[a-zA-Z0-9_.-]+$/,
    allowed: "letters, digits, '_', '.' and '-'",
    minLength: 1,
    maxLength: 64,
    source: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html (DeliveryStreamName)",
    asOf: "2026-09-29",
  },
  /** Full bucket names (for imported buckets and the derived prefix). */
  s3BucketName: {
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed: "lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
    minLength: 3,
    maxLength: 63,
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    asOf: "2026-09-29",
  },
  /** `bucket_prefix`: terraform appends a 26-character unique suffix, so at most 37 characters. */
  s3BucketPrefix: {
    pattern: /^[a-z0-9][a-z0-9.-]*$/,
    allowed: "lowercase letters, digits, '.' and '-', starting with a letter or digit",
    minLength: 1,
    maxLength: 37,
    source: "https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket (bucket_prefix)",
    asOf: "2026-09-29",
  },
  kmsAliasName: {
    pattern: /^alias\/[a-zA-Z0-9/_-]+$/,
    allowed: "'alias/' followed by letters, digits, '/', '_' and '-' (not 'alias/aws/')",
    minLength: 7,
    maxLength: 256,
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
    asOf: "2026-09-29",
  },
  cloudwatchLogGroupName: {
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    allowed: "letters, digits, '.', '-', '_', '/' and '#'",
    minLength: 1,
    maxLength: 512,
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
    asOf: "2026-09-29",
  },
  /** IAM role names (RoleName): the name, not the path or the ARN. */
  iamRoleName: {
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and '+', '=', ',', '.', '@', '_', '-'",
    minLength: 1,
    maxLength: 64,
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName)",
    asOf: "2026-12-03",
  },
  cloudwatchLogStreamName: {
    pattern: /^[^:*]+$/,
    allowed: "any characters except ':' and '*'",
    minLength: 1,
    maxLength: 512,
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html",
    asOf: "2026-09-29",
  },
  /** Firehose S3 `FileExtension`: '.' then lowercase letters, digits and !-_.*'() (the API also accepts ""). */
  firehoseFileExtension: {
    pattern: /^\.[0-9a-z!\-_.*'()]+$/,
    allowed: "'.' followed by lowercase letters, digits and ! - _ . * ' ( )",
    minLength: 2,
    maxLength: 128,
    source:
      "https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html (FileExtension); aws-cdk-lib aws-kinesisfirehose/lib/s3-bucket.ts",
    asOf: "2026-09-29",
  },
} as const satisfies Record<string, NameRule>;

/** Enumerated values. */
export const ALLOWED_VALUES = {
  /**
   * Regions the Kinesis Data Streams FAQ names as not offering server-side encryption (its security section gives no
   * date, so AWS may have added it since: the constructs warn, not fail).
   */
  kinesisSseUnlistedRegions: {
    values: ["cn-north-1"],
    source: KDS_FAQ,
    asOf: "2026-12-04",
    unconfirmed: true,
  },
  /** CloudWatch Logs retention values (0 = never expire is deliberately excluded: logs must expire). */
  logRetentionDays: {
    values: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
    source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
    asOf: "2026-09-29",
  },
  firehoseCompression: {
    values: ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"],
    source: "https://docs.aws.amazon.com/firehose/latest/APIReference/API_ExtendedS3DestinationConfiguration.html (CompressionFormat)",
    asOf: "2026-09-29",
  },
  /** Namespaces allowed in `!{namespace:value}` S3 prefix expressions. */
  firehosePrefixNamespaces: {
    values: ["firehose", "timestamp", "partitionKeyFromQuery", "partitionKeyFromLambda"],
    source: "https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html",
    asOf: "2026-09-29",
  },
  /** Values of the `firehose` namespace. */
  firehoseNamespaceValues: {
    values: ["error-output-type", "random-string"],
    source: "https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html",
    asOf: "2026-09-29",
  },
  shardLevelMetrics: {
    values: [
      "IncomingBytes",
      "IncomingRecords",
      "OutgoingBytes",
      "OutgoingRecords",
      "WriteProvisionedThroughputExceeded",
      "ReadProvisionedThroughputExceeded",
      "IteratorAgeMilliseconds",
      "ALL",
    ],
    source: "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html",
    asOf: "2026-09-29",
  },
  /**
   * AWS Region codes as AWS lists them in its Region billing codes (commercial, AWS GovCloud (US) and China
   * partitions). A well-formed code not listed here may be a Region launched since: it draws a warning, not an error.
   */
  awsRegions: {
    values: [
      "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1",
      "af-south-1",
      "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
      "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
      "ap-southeast-7",
      "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
      "il-central-1", "me-central-1", "me-south-1",
      "sa-east-1",
      "us-gov-east-1", "us-gov-west-1",
      "cn-north-1", "cn-northwest-1",
    ],
    source:
      "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html; " +
      "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
    asOf: "2026-12-03",
  },
  /** Regions with the larger Firehose direct-PUT and Kinesis shard quotas. */
  largeQuotaRegions: {
    values: ["us-east-1", "us-west-2", "eu-west-1"],
    source: `${FIREHOSE_LIMITS_PAGE}; ${KDS_LIMITS_PAGE}`,
    asOf: "2026-09-29",
  },
} as const;

/** KMS key settings validated at synth time. */
export const KMS_LIMITS = {
  deletionWindowMinDays: {
    value: 7,
    unit: "days",
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html",
    asOf: "2026-09-29",
  },
  deletionWindowMaxDays: {
    value: 30,
    unit: "days",
    source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html",
    asOf: "2026-09-29",
  },
} as const satisfies Record<string, Limit>;

const S3_LIFECYCLE_CONSTRAINTS =
  "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html";

/** S3 lifecycle figures validated at synth time (`SecureBucket`). */
export const S3_LIMITS = {
  /**
   * Days an object must exist before a lifecycle rule may move it to STANDARD_IA or ONEZONE_IA, and (the same
   * 30-day minimum storage duration) the gap S3 requires between an IA transition and the next transition.
   */
  infrequentAccessMinDays: {
    value: 30,
    unit: "days",
    source: `${S3_LIFECYCLE_CONSTRAINTS}; https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html (Days)`,
    asOf: "2026-11-22",
  },
  /** Smallest `Days` of an expiration, noncurrent-version expiration or abort-incomplete-multipart action. */
  lifecycleActionMinDays: {
    value: 1,
    unit: "days",
    source:
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html (Days: non-zero positive integer); " +
      "https://docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html",
    asOf: "2026-11-22",
  },
} as const satisfies Record<string, Limit>;

/** S3 enumerations validated at synth time (`SecureBucket`). */
export const S3_ALLOWED_VALUES = {
  /** Storage classes a lifecycle `Transition` may target (STANDARD is where objects start, not a target). */
  transitionStorageClasses: {
    values: ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html (StorageClass)",
    asOf: "2026-11-22",
  },
  /** Suffixes S3 reserves (access-point aliases, Object Lambda, MRAP, directory and table buckets). */
  reservedBucketNameSuffixes: {
    values: ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    asOf: "2026-11-22",
  },
  /** Prefixes S3 reserves; a bucket name (so also a `bucket_prefix`) must not start with them. */
  reservedBucketNamePrefixes: {
    values: ["xn--", "sthree-", "amzn-s3-demo-"],
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    asOf: "2026-11-22",
  },
} as const;

/** True when the region has the larger Firehose direct-PUT / Kinesis quotas. */
export function isLargeQuotaRegion(region: string): boolean {
  return (ALLOWED_VALUES.largeQuotaRegions.values as readonly string[]).includes(region);
}

/** Firehose direct-PUT quotas for a region. */
export function firehoseDirectPutQuota(region: string): {
  recordsPerSecond: number;
  requestsPerSecond: number;
  bytesPerSecond: number;
} {
  const large = isLargeQuotaRegion(region);
  return {
    recordsPerSecond: large
      ? FIREHOSE_LIMITS.directPutRecordsPerSecondLargeRegions.value
      : FIREHOSE_LIMITS.directPutRecordsPerSecondOtherRegions.value,
    requestsPerSecond: large
      ? FIREHOSE_LIMITS.directPutRequestsPerSecondLargeRegions.value
      : FIREHOSE_LIMITS.directPutRequestsPerSecondOtherRegions.value,
    bytesPerSecond: large
      ? FIREHOSE_LIMITS.directPutBytesPerSecondLargeRegions.value
      : FIREHOSE_LIMITS.directPutBytesPerSecondOtherRegions.value,
  };
}

/** CloudWatch alarm settings validated at synth time. */
export const CLOUDWATCH_LIMITS = {
  /** Actions per alarm state (AlarmActions / OKActions / InsufficientDataActions each hold at most 5). */
  maxAlarmActionsPerState: {
    value: 5,
    unit: "actions",
    source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmActions)",
    asOf: "2026-09-29",
  },
} as const satisfies Record<string, Limit>;
