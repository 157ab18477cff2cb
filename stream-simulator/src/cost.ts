/**
 * Monthly cost of a workload on a stream: provisioned, On-demand Standard or On-demand Advantage Kinesis Data Streams,
 * plus Firehose ingestion (and format conversion, dynamic partitioning), S3 delivery (PUT requests, Standard storage)
 * and KMS, derived from the workload by default. Uses the average rate over the month (`recordsPerSecond`), after KPL
 * aggregation when the producer aggregates. Every rate comes from the price table (`prices.ts`), overridable.
 *
 * Assumptions (named in the returned `notes` where they apply):
 * - Billing GB = 2^30 bytes (prices.ts `bytesPerGb`).
 * - PUT payload units and on-demand 1 KB rounding count the data blob of each Kinesis record (aggregated blobs
 *   included), not the partition key.
 * - Firehose ingestion (unless the workload's `firehose` is false; default on) is billed per USER record, each
 *   rounded up to 5 KB: Firehose de-aggregates KPL records from a KDS source (firehose-billing.ts, an ASSUMPTION).
 * - Long-term retention GB-months = steady-state data older than 7 days; on-demand extended retention GB-months =
 *   data between 24 h and 7 days old.
 * - S3 (only with Firehose, unless `options.s3` is given): PUT requests = objects per month from `simulateFirehose`
 *   with the workload's buffering settings, one request per object (intervals under 60 s use multipart uploads,
 *   whose extra part requests are NOT counted: no figure for them); storage = the delivered (compressed) GB kept
 *   `s3StorageDays` in S3 Standard (`s3DeliveryOf`).
 * - KMS (unless `options.kmsCustomerManagedKeys` is given): the customer-managed keys this project's pipelines
 *   create — one for the stream, one for the S3 bucket when Firehose delivers to it — with automatic rotation (each of
 *   a key's first two rotations adds a key-month: `options.kmsKeyRotations`, default 2, a key older than two years),
 *   and the stream's KMS requests at `prices.kmsRequestsPerStreamHour` (an UNCONFIRMED assumption). The bucket uses
 *   S3 Bucket Keys, so its KMS requests are few and not priced.
 * - On-demand Advantage: no per-stream fee and no enhanced fan-out charge; ingest, retrieval and extended retention at
 *   the Advantage rates; and the region-wide minimum (25 MB/s ingest and 25 MB/s retrieval across the region's
 *   on-demand streams) is shown as this stream's shortfall, the charge a region with no other on-demand stream pays.
 * - Records larger than the stream's maximum record size are rejected: nothing is ingested, delivered or stored.
 */
import { KINESIS_LIMITS } from "./limits";
import { KPL_FRAMING_BYTES, aggregatedEntryBytes, aggregatedKeyTableEntryBytes } from "./kpl";
import { type PriceOverrides, type PriceTable, resolvePrices } from "./prices";
import type { CostBreakdown, CostLine, StreamCapacitySpec, Workload } from "./types";
import { WORKLOAD_DEFAULTS, resolveWorkload } from "./workload";
import { firehoseBilledGb } from "./firehose-billing";
import { keyModelOf } from "./keys";
import { hotKeyPeakUtilization, writeShapeOf } from "./aggregation";
import { ASSUMED_COMPRESSION_RATIOS, MULTIPART_INTERVAL_SECONDS, simulateFirehose } from "./firehose";

export interface CostOptions {
  readonly prices?: PriceOverrides;
  /** Hours billed per month. @default 730 */
  readonly hoursPerMonth?: number;
  /**
   * Include a Firehose delivery stream reading the stream: Firehose ingestion, S3 PUT requests and storage, the S3
   * bucket's KMS key. `true` with a workload whose `firehose` is false uses the Firehose defaults.
   * @default the workload's `firehose` (true unless set)
   */
  readonly firehose?: boolean;
  /**
   * S3 destination usage, overriding the estimate derived from the workload's Firehose: when given, exactly the
   * S3 lines whose figures it holds appear (with or without Firehose). @default derived (`s3DeliveryOf`)
   */
  readonly s3?: { readonly objectsPerMonth?: number; readonly storedGbMonth?: number };
  /**
   * Customer-managed KMS keys (SSE); KMS lines appear only when > 0 (0 = the AWS-managed key: no key charge).
   * @default 1 for the stream + 1 for the S3 bucket when a Firehose delivers to S3 (this project's pipelines)
   */
  readonly kmsCustomerManagedKeys?: number;
  /** KMS requests per month; default prices.kmsRequestsPerStreamHour × hours. */
  readonly kmsRequestsPerMonth?: number;
  /**
   * Automatic rotations each customer-managed key has had; each of the first two adds a key-month charge.
   * @default 2 (a pipeline running longer than two years: the long-run monthly cost)
   */
  readonly kmsKeyRotations?: number;
  /** GB read per month from long-term retention (data older than 7 days). @default 0 */
  readonly longTermRetrievalGbPerMonth?: number;
}

/** S3 usage of a Firehose delivery stream over a month (`s3DeliveryOf`). */
export interface S3DeliveryEstimate {
  /** S3 objects Firehose writes per month: one PUT request each (multipart parts not counted). */
  readonly objectsPerMonth: number;
  /** Delivered (compressed) GB per month. */
  readonly deliveredGbPerMonth: number;
  /** GB-months of S3 Standard storage billed per month. */
  readonly storedGbMonth: number;
  /** Compressed / raw bytes of the objects. */
  readonly compressionRatio: number;
  readonly compressionRatioMeasured: boolean;
  /** Buffering interval under 60 s: Firehose uses multipart uploads (more requests than objects). */
  readonly multipartUpload: boolean;
}

/** A cost breakdown plus the figures it was computed from. */
export interface CostEstimate extends CostBreakdown {
  /** Kinesis records per second after aggregation (average). */
  readonly kinesisRecordsPerSecond: number;
  /** Data-blob bytes per Kinesis record (an aggregate's full serialized size when aggregating). */
  readonly kinesisRecordBytes: number;
  /** Assumptions and caveats that apply to this estimate. */
  readonly notes: readonly string[];
  /** The S3 figures derived from the workload's Firehose (absent without Firehose). */
  readonly s3Delivery?: S3DeliveryEstimate;
}

export interface CostComparison {
  readonly provisioned: CostEstimate;
  readonly onDemand: CostEstimate;
  readonly onDemandAdvantage: CostEstimate;
  readonly cheapest: "provisioned" | "on-demand" | "on-demand-advantage";
  /** How much the cheapest option saves per month against the next cheapest. */
  readonly monthlySavingsUsd: number;
}

const DEFAULT_HOURS_PER_MONTH = 730;

/** PUT payload units of one Kinesis record: its data blob in 25 KB chunks, at least one. */
export function putPayloadUnits(dataBytes: number, unitBytes: number = resolvePrices().putPayloadUnitBytes.value): number {
  return Math.max(1, Math.ceil(dataBytes / unitBytes));
}

/** `bytes` rounded up to a multiple of `increment` (at least one increment). */
export function roundUpTo(bytes: number, increment: number): number {
  return Math.max(1, Math.ceil(bytes / increment)) * increment;
}

/** Firehose ingestion charge for `gb` GB in a month, tier by tier. */
export function firehoseIngestionUsd(gb: number, prices: PriceTable): number {
  const t1 = Math.min(gb, prices.firehoseTier1SizeGb.value);
  const t2 = Math.min(Math.max(gb - t1, 0), prices.firehoseTier2SizeGb.value);
  const t3 = Math.max(gb - t1 - t2, 0);
  return t1 * prices.firehoseTier1GbPrice.value + t2 * prices.firehoseTier2GbPrice.value + t3 * prices.firehoseTier3GbPrice.value;
}

/**
 * Kinesis records the producer writes per second and their data-blob size, after KPL aggregation. An aggregate holds
 * as many user records as fit in `aggregationMaxBytes`, but no more than one shard receives within `lingerMs`.
 */
export function kinesisRecordShape(workload: Workload, shards: number): { recordsPerSecond: number; dataBytes: number; userRecordsPerKinesisRecord: number } {
  const w = resolveWorkload(workload);
  const p = w.producer;
  const plain = { recordsPerSecond: w.recordsPerSecond, dataBytes: w.recordBytes, userRecordsPerKinesisRecord: 1 };
  if (!p.aggregation) return plain;
  const key = w.partitionKey;
  const pkBytes = w.partitionKeyBytes;
  const entry = aggregatedEntryBytes(w.recordBytes, 1);
  const keyEntry = aggregatedKeyTableEntryBytes(pkBytes);
  // Records sharing a key share one key-table entry: static and timestamp keys need one per aggregate; uuid keys one
  // per record; entity keys somewhere between (one per record until the aggregate has seen every key of its shard).
  const singleKey = key.strategy === "static" || key.strategy === "timestamp";
  const targetShards = singleKey ? 1 : Math.max(1, shards);
  const perShardPerLinger = (w.recordsPerSecond * p.lingerMs) / 1000 / targetShards;
  let keysPerRecord = singleKey ? 0 : 1;
  if (key.strategy === "entity") {
    const keysPerShard = key.distinctKeys / targetShards;
    keysPerRecord = perShardPerLinger > 0 ? Math.min(1, keysPerShard / perShardPerLinger) : 1;
  }
  const fixed = KPL_FRAMING_BYTES + (singleKey ? keyEntry : 0);
  const perRecord = entry + keysPerRecord * keyEntry;
  // The aggregate's serialized size plus the outer partition key "a" must fit aggregationMaxBytes.
  const bySize = Math.floor((p.aggregationMaxBytes - 1 - fixed) / perRecord);
  const n = Math.max(1, Math.min(bySize, Math.floor(perShardPerLinger)));
  if (n <= 1) return plain;
  return { recordsPerSecond: w.recordsPerSecond / n, dataBytes: fixed + n * perRecord, userRecordsPerKinesisRecord: n };
}

/**
 * S3 usage of the workload's Firehose delivery stream (Kinesis source) over `hoursPerMonth` hours: objects from
 * `simulateFirehose` with the workload's buffering settings and compression, and S3 Standard storage.
 *
 * Storage: Firehose delivers g = deliveredGbPerMonth / H GB per hour, and each object stays `s3StorageDays` (s)
 * days. In steady state (the pipeline has run longer than s days) the bucket holds g × 24 × s GB at every moment,
 * so the month's average is that figure and the GB-months billed over H hours are
 *   storedGbMonth = g × 24 × s × (H / 730) = deliveredGbPerMonth × 24 × s / 730,
 * i.e. each month's delivery held s days of a 730-hour (30.42-day) month (s = 30 → 0.986 × deliveredGbPerMonth).
 */
export function s3DeliveryOf(workload: Workload, hoursPerMonth: number = DEFAULT_HOURS_PER_MONTH, bytesPerGb: number = resolvePrices().bytesPerGb.value): S3DeliveryEstimate {
  const w = resolveWorkload(workload);
  const f = w.firehoseDelivery ?? WORKLOAD_DEFAULTS.firehoseDelivery;
  const r = simulateFirehose(workload, {
    bufferingSizeMiB: f.bufferingSizeMiB,
    bufferingIntervalSeconds: f.bufferingIntervalSeconds,
    compression: f.compression,
    source: "kinesis",
    ...(f.dynamicPartitioning !== null ? { dynamicPartitioning: { activePartitionKeys: f.dynamicPartitioning.activePartitions } } : {}),
  });
  const objectsPerMonth = r.objectsPerHour * hoursPerMonth;
  const deliveredGbPerMonth = (objectsPerMonth * r.meanObjectBytes) / bytesPerGb;
  const storedGbMonth = (deliveredGbPerMonth * 24 * f.s3StorageDays) / DEFAULT_HOURS_PER_MONTH;
  return {
    objectsPerMonth,
    deliveredGbPerMonth,
    storedGbMonth,
    compressionRatio: r.compressionRatio,
    compressionRatioMeasured: r.compressionRatioMeasured,
    multipartUpload: f.bufferingIntervalSeconds < MULTIPART_INTERVAL_SECONDS,
  };
}

function line(item: string, quantity: number, unit: string, unitPriceUsd: number): CostLine {
  return { item, quantity, unit, unitPriceUsd, monthlyUsd: quantity * unitPriceUsd };
}

/** Shards an on-demand stream would run for packing estimates: ≥ 4, and 2 × the write load (it provisions for 2× peak). */
function onDemandShardEstimate(workload: Workload): number {
  const w = resolveWorkload(workload);
  const L = KINESIS_LIMITS;
  const peakRecords = w.recordsPerSecond * w.peakToAverage;
  const peakBytes = peakRecords * (w.recordBytes + w.partitionKeyBytes);
  const initial = L.onDemandInitialWriteBytesPerSecond.value / L.shardWriteBytesPerSecond.value;
  return Math.max(
    initial,
    Math.ceil((L.onDemandPeakMultiplier.value * peakBytes) / L.shardWriteBytesPerSecond.value),
    Math.ceil((L.onDemandPeakMultiplier.value * peakRecords) / L.shardWriteRecordsPerSecond.value),
  );
}

/** Monthly cost of `workload` on a stream of the given capacity. */
export function estimateCost(workload: Workload, capacity: StreamCapacitySpec, options: CostOptions = {}): CostEstimate {
  const w = resolveWorkload(workload);
  const P = resolvePrices(options.prices);
  const H = options.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH;
  if (!(H > 0) || !Number.isFinite(H)) throw new RangeError(`hoursPerMonth must be > 0, got ${H}`);
  if (capacity.mode === "provisioned" && (!Number.isInteger(capacity.shards) || capacity.shards < 1)) {
    throw new RangeError(`shards must be a positive integer, got ${capacity.shards}`);
  }
  if (capacity.mode === "on-demand" && capacity.tier !== undefined && capacity.tier !== "standard" && capacity.tier !== "advantage") {
    throw new RangeError(`tier must be "standard" or "advantage", got ${JSON.stringify(capacity.tier)}`);
  }
  const rotations = options.kmsKeyRotations ?? 2;
  if (!(Number.isInteger(rotations) && rotations >= 0)) throw new RangeError(`kmsKeyRotations must be an integer ≥ 0, got ${rotations}`);
  const ltRead = options.longTermRetrievalGbPerMonth ?? 0;
  if (!(ltRead >= 0 && Number.isFinite(ltRead))) throw new RangeError(`longTermRetrievalGbPerMonth must be ≥ 0, got ${ltRead}`);
  const monthFraction = H / DEFAULT_HOURS_PER_MONTH; // GB-month prices are per 730 h
  const seconds = H * 3600;
  const GB = P.bytesPerGb.value;
  const notes: string[] = [];

  const packingShards = capacity.mode === "provisioned" ? capacity.shards : onDemandShardEstimate(workload);
  // Records above the stream's maximum record size are rejected: nothing is written, read, delivered or stored.
  const rejected = w.recordBytes + w.partitionKeyBytes > w.maxRecordBytes;
  const accepted = rejected ? { ...workload, recordsPerSecond: 0 } : workload;
  const shape = kinesisRecordShape(accepted, packingShards);
  if (rejected) {
    notes.push(
      `every record (${w.recordBytes + w.partitionKeyBytes} bytes with its partition key) is above the stream's ${w.maxRecordBytes}-byte maximum record size: ` +
        "the stream rejects 100% of them, so nothing is ingested, delivered or stored",
    );
  }
  const kinesisRecordsPerMonth = shape.recordsPerSecond * seconds;
  const dataGbPerMonth = (kinesisRecordsPerMonth * shape.dataBytes) / GB;
  const dataBytesPerSecond = shape.recordsPerSecond * shape.dataBytes;
  const retention = w.retentionHours;
  const extendedMax = KINESIS_LIMITS.extendedRetentionMaxHours.value;
  const retentionMin = KINESIS_LIMITS.retentionMinHours.value;
  const sharedConsumers = w.consumers.shared;
  const efo = w.consumers.enhancedFanOut;
  const lines: CostLine[] = [];

  if (shape.userRecordsPerKinesisRecord > 1) {
    notes.push(`KPL aggregation: ~${shape.userRecordsPerKinesisRecord} user records per Kinesis record of ~${Math.round(shape.dataBytes)} bytes`);
  }

  if (capacity.mode === "provisioned") {
    const shardHours = capacity.shards * H;
    lines.push(line("Shard hours", shardHours, "shard-hours", P.shardHour.value));
    const units = kinesisRecordsPerMonth * putPayloadUnits(shape.dataBytes, P.putPayloadUnitBytes.value);
    lines.push(line("PUT payload units", units / 1e6, "million PUT payload units", P.putPayloadUnitsPerMillion.value));
    if (retention > retentionMin) {
      lines.push(line("Extended retention (up to 7 days)", shardHours, "shard-hours", P.extendedRetentionShardHour.value));
    }
    if (retention > extendedMax) {
      const gbMonths = ((dataBytesPerSecond * (retention - extendedMax) * 3600) / GB) * monthFraction;
      lines.push(line("Long-term retention (beyond 7 days)", gbMonths, "GB-months", P.longTermRetentionGbMonth.value));
    }
    if (efo > 0) {
      lines.push(line("Enhanced fan-out consumer-shard hours", efo * shardHours, "consumer-shard-hours", P.efoConsumerShardHour.value));
      lines.push(line("Enhanced fan-out data retrieved", efo * dataGbPerMonth, "GB", P.efoGbRetrieved.value));
    }
  } else {
    const adv = capacity.tier === "advantage";
    const name = adv ? "On-demand Advantage" : "On-demand";
    if (!adv) lines.push(line("On-demand stream hours", H, "stream-hours", P.onDemandStreamHour.value));
    const billedIn = (kinesisRecordsPerMonth * roundUpTo(shape.dataBytes, P.onDemandRecordRoundingBytes.value)) / GB;
    const gbIn = adv ? P.advantageGbIn : P.onDemandGbIn;
    const gbOut = adv ? P.advantageGbOut : P.onDemandGbOut;
    lines.push(line(`${name} data in (records rounded up to 1 KB)`, billedIn, "GB", gbIn.value));
    const outGb = sharedConsumers * dataGbPerMonth;
    if (sharedConsumers > 0) lines.push(line(`${name} data out (shared consumers)`, outGb, "GB", gbOut.value));
    if (efo > 0) {
      lines.push(line(`${name} enhanced fan-out data retrieved${adv ? " (no charge)" : ""}`, efo * dataGbPerMonth, "GB", adv ? 0 : P.onDemandEfoGbRetrieved.value));
    }
    if (retention > retentionMin) {
      const hours = Math.min(retention, extendedMax) - retentionMin;
      const gbMonths = ((dataBytesPerSecond * hours * 3600) / GB) * monthFraction;
      lines.push(
        line(`${name} extended retention (24 h to 7 days)`, gbMonths, "GB-months", (adv ? P.advantageExtendedRetentionGbMonth : P.onDemandExtendedRetentionGbMonth).value),
      );
    }
    if (retention > extendedMax) {
      const gbMonths = ((dataBytesPerSecond * (retention - extendedMax) * 3600) / GB) * monthFraction;
      lines.push(line(`${name} long-term retention (beyond 7 days)`, gbMonths, "GB-months", P.onDemandLongTermRetentionGbMonth.value));
    }
    if (adv) {
      const L = KINESIS_LIMITS;
      const minIn = (L.advantageMinimumIngestBytesPerSecond.value * seconds) / GB;
      const minOut = (L.advantageMinimumRetrievalBytesPerSecond.value * seconds) / GB;
      const shortIn = Math.max(0, minIn - billedIn);
      const shortOut = Math.max(0, minOut - outGb);
      if (shortIn > 0) lines.push(line("On-demand Advantage minimum ingest shortfall (region-wide 25 MB/s)", shortIn, "GB", gbIn.value));
      if (shortOut > 0) lines.push(line("On-demand Advantage minimum retrieval shortfall (region-wide 25 MB/s)", shortOut, "GB", gbOut.value));
      if (shortIn > 0 || shortOut > 0) {
        notes.push(
          "On-demand Advantage bills at least 25 MB/s of ingest and of retrieval per region across all its on-demand streams (a 24-hour commitment): " +
            "the shortfall lines are what this stream pays if it is the region's only on-demand stream",
        );
      }
      if (gbIn.unconfirmed) notes.push("On-demand Advantage rates are unconfirmed: AWS states them as at least 60% below On-demand Standard; the model takes exactly 60%");
    }
  }
  if (ltRead > 0) {
    lines.push(line("Long-term retention retrieval (data older than 7 days)", ltRead * monthFraction, "GB", P.longTermRetrievalGb.value));
  } else if (retention > extendedMax) {
    notes.push(`reading data older than 7 days costs $${P.longTermRetrievalGb.value}/GB (not included: pass longTermRetrievalGbPerMonth)`);
  }

  const firehoseOn = (options.firehose ?? w.firehose) && !rejected;
  if (firehoseOn) {
    // Per USER record (Firehose de-aggregates KPL records), whatever the producer's aggregation: firehose-billing.ts.
    const gb = firehoseBilledGb(w.recordsPerSecond, w.recordBytes, seconds, P.firehoseRecordRoundingBytes.value, GB);
    const usd = firehoseIngestionUsd(gb, P);
    lines.push({ item: "Firehose ingestion (user records rounded up to 5 KB, tiered)", quantity: gb, unit: "GB", unitPriceUsd: gb > 0 ? usd / gb : P.firehoseTier1GbPrice.value, monthlyUsd: usd });
    if (P.firehoseTier1GbPrice.unconfirmed) notes.push("Firehose us-east-1 ingestion tiers are unconfirmed (third-party 2015 figures)");
    const f = w.firehoseDelivery ?? WORKLOAD_DEFAULTS.firehoseDelivery;
    if (f.formatConversion) {
      lines.push(line("Firehose format conversion (records rounded up to 5 KB)", gb, "GB", P.firehoseFormatConversionGb.value));
    }
    if (f.dynamicPartitioning !== null) {
      const deliveredGb = (w.recordsPerSecond * w.recordBytes * seconds) / GB;
      lines.push(line("Firehose dynamic partitioning (data delivered)", deliveredGb, "GB", P.firehoseDynamicPartitioningGb.value));
      if (f.dynamicPartitioning.jqProcessingHoursPerMonth > 0) {
        lines.push(line("Firehose dynamic partitioning JQ processing", f.dynamicPartitioning.jqProcessingHoursPerMonth * monthFraction, "hours", P.firehoseJqHour.value));
      }
    }
    if ((f.formatConversion || f.dynamicPartitioning !== null) && (P.firehoseFormatConversionGb.unconfirmed || P.firehoseDynamicPartitioningGb.unconfirmed)) {
      notes.push("Firehose format-conversion and dynamic-partitioning rates are unconfirmed (see prices.ts)");
    }
  }
  let s3Delivery: S3DeliveryEstimate | undefined;
  if (options.s3) {
    // Explicit figures override the derived estimate (API callers).
    if (options.s3.objectsPerMonth !== undefined) {
      lines.push(line("S3 PUT requests", options.s3.objectsPerMonth / 1000, "thousand requests", P.s3PutPer1000.value));
    }
    if (options.s3.storedGbMonth !== undefined) {
      lines.push(line("S3 Standard storage", options.s3.storedGbMonth, "GB-months", P.s3StandardGbMonth.value));
    }
  } else if (firehoseOn) {
    const workloadWithFirehose = w.firehoseDelivery ? workload : { ...workload, firehose: true };
    s3Delivery = s3DeliveryOf(workloadWithFirehose, H, GB);
    const f = resolveWorkload(workloadWithFirehose).firehoseDelivery ?? WORKLOAD_DEFAULTS.firehoseDelivery;
    lines.push(line("S3 PUT requests (Firehose objects)", s3Delivery.objectsPerMonth / 1000, "thousand requests", P.s3PutPer1000.value));
    if (f.dynamicPartitioning !== null) {
      lines.push(line("Firehose dynamic partitioning (objects delivered)", s3Delivery.objectsPerMonth / 1000, "thousand objects", P.firehoseDynamicPartitioningPer1000Objects.value));
    }
    lines.push(
      line(
        `S3 Standard storage (${f.compression} objects kept ${f.s3StorageDays} days)`,
        s3Delivery.storedGbMonth,
        "GB-months",
        P.s3StandardGbMonth.value,
      ),
    );
    if (s3Delivery.multipartUpload) {
      notes.push(
        `S3 PUT requests count one request per object: a buffering interval under ${MULTIPART_INTERVAL_SECONDS} s makes Firehose use multipart uploads, ` +
          "whose extra part requests the model has no figure for, so the S3 request cost is a lower bound",
      );
    }
    if (f.compression !== "UNCOMPRESSED" && !s3Delivery.compressionRatioMeasured) {
      notes.push(
        `S3 storage assumes a ${f.compression} ratio of ${ASSUMED_COMPRESSION_RATIOS[f.compression]} (compressed / raw)` +
          (f.compression === "GZIP" || f.compression === "ZIP" ? "; give samplePayloads to measure it" : ""),
      );
    }
  }
  const defaultKeys = options.kmsCustomerManagedKeys === undefined;
  const keys = options.kmsCustomerManagedKeys ?? (firehoseOn ? 2 : 1);
  if (keys > 0) {
    const which = defaultKeys ? (firehoseOn ? " (stream + S3 bucket)" : " (stream)") : "";
    lines.push(line(`KMS customer-managed keys${which}`, keys * monthFraction, "key-months", P.kmsKeyMonth.value));
    const charged = Math.min(2, rotations);
    if (charged > 0) {
      lines.push(
        line(`KMS rotated key material (${charged} rotation${charged === 1 ? "" : "s"} per key)`, keys * charged * monthFraction, "key-months", P.kmsRotatedKeyMaterialMonth.value),
      );
    }
    const requests = options.kmsRequestsPerMonth ?? P.kmsRequestsPerStreamHour.value * H;
    lines.push(line("KMS requests", requests / 10_000, "10,000 requests", P.kmsRequestsPer10000.value));
    if (options.kmsRequestsPerMonth === undefined) {
      notes.push(
        `KMS request count is an estimate (≈12 calls per 5 minutes per stream, ${P.kmsRequestsPerStreamHour.value} per stream-hour` +
          `${P.kmsRequestsPerStreamHour.unconfirmed ? ", an UNCONFIRMED assumption" : ""})` +
          (firehoseOn ? "; the S3 bucket's requests are not priced (S3 Bucket Keys make them few)" : ""),
      );
    }
  }
  if (capacity.mode === "on-demand" && w.partitionKey.strategy !== "uuid") {
    const hk = hotKeyPeakUtilization(w, keyModelOf(w), writeShapeOf(w));
    if (hk !== undefined && hk.peakUtilization > 1) {
      notes.push(
        `on-demand does not fix a hot key: the hottest partition key (${hk.key}) peaks at ${hk.peakUtilization.toFixed(2)}× one shard's write limit, ` +
          "and on-demand still limits each key to one shard's 1 MiB/s and 1,000 records/s — that key's excess throttles at any price",
      );
    }
  }
  if (w.region !== P.region) notes.push(`prices are ${P.region}'s; the workload's region is ${w.region}`);
  if (P.bytesPerGb.unconfirmed) notes.push("GB taken as 2^30 bytes");

  const total = lines.reduce((a, l) => a + l.monthlyUsd, 0);
  return {
    capacity,
    lines,
    totalMonthlyUsd: total,
    priceTableAsOf: P.asOf,
    region: P.region,
    kinesisRecordsPerSecond: shape.recordsPerSecond,
    kinesisRecordBytes: shape.dataBytes,
    notes,
    ...(s3Delivery ? { s3Delivery } : {}),
  };
}

/** Provisioned (`shards`), On-demand Standard and On-demand Advantage monthly costs side by side. */
export function compareCosts(workload: Workload, shards: number, options: CostOptions = {}): CostComparison {
  const provisioned = estimateCost(workload, { mode: "provisioned", shards }, options);
  const onDemand = estimateCost(workload, { mode: "on-demand" }, options);
  const onDemandAdvantage = estimateCost(workload, { mode: "on-demand", tier: "advantage" }, options);
  const ranked = (
    [
      ["provisioned", provisioned],
      ["on-demand", onDemand],
      ["on-demand-advantage", onDemandAdvantage],
    ] as const
  )
    .slice()
    .sort((a, b) => a[1].totalMonthlyUsd - b[1].totalMonthlyUsd);
  return {
    provisioned,
    onDemand,
    onDemandAdvantage,
    cheapest: ranked[0][0],
    monthlySavingsUsd: ranked[1][1].totalMonthlyUsd - ranked[0][1].totalMonthlyUsd,
  };
}
