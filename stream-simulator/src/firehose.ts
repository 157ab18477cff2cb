import { deflateRawSync, gzipSync } from "node:zlib";
import { ALLOWED_VALUES, FIREHOSE_LIMITS, firehoseDirectPutQuota } from "./limits";
import { trafficShape } from "./traffic";
import { firehoseBilledBytesPerRecord, firehoseBilledGb } from "./firehose-billing";
import { parseWorkload, resolveWorkload } from "./workload";
import type { FirehoseCompression, FirehoseFinding, FirehoseFindingKind, FirehoseResult, QuotaUse, Workload } from "./types";

/**
 * Firehose-to-S3 delivery model:
 * - Buffering (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html): a buffer flushes when its uncompressed size reaches `bufferingSizeMiB` or its oldest record
 *   reaches `bufferingIntervalSeconds`, whichever comes first. Modelled in continuous time over the deterministic
 *   traffic shape (traffic.ts, no arrival noise: buffers integrate over seconds to minutes). Interval 0 (zero
 *   buffering, "within a few seconds") is modelled as a 1-second interval.
 * - Dynamic partitioning (https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html): every active partition has its own buffer; traffic is assumed evenly spread over the
 *   `activePartitionKeys` partitions. Delivery may take up to `dynamicPartitioningDelayFactor` (1.5) × the buffering
 *   interval (multi-stage buffering), applied to the maximum latency. The minimum buffer (64 MiB) and interval (60 s)
 *   are enforced as AWS's API does (RangeError).
 * - Latency: a record waits from its arrival to its buffer's flush; with a steady rate within a buffer the mean wait is
 *   half the buffer's age at flush (record-weighted over all objects); the maximum is the largest buffer age.
 * - Compression: GZIP and ZIP ratios are measured by compressing `samplePayloads` concatenated (Firehose concatenates
 *   records without separators) with zlib — deterministic. Without samples, and for Snappy formats (no codec in
 *   Node), `ASSUMED_COMPRESSION_RATIOS` are used and `compressionRatioMeasured` is false.
 * - Direct PUT quotas (per delivery stream, https://docs.aws.amazon.com/firehose/latest/dev/limits.html): peak records/s, PutRecordBatch requests/s and bytes/s against the
 *   region's quota. Requests come from one producer batching up to 500 records or 4 MiB per PutRecordBatch (the API's limits,
 *   capped by the workload's producer batch settings), and flushing at least every `lingerMs` while records wait.
 *   With a Kinesis source no quota applies. `quotas` replaces a default with a granted increase.
 * - Findings: every message is also returned tagged with its kind (`findings`), so callers (the constructs' synth
 *   check) tell breaches from advice without parsing text. The advice thresholds SMALL_OBJECT_WARNING_BYTES,
 *   COMPRESSIBLE_GZIP_RATIO and UNDERFILLED_BUFFER_FRACTION are heuristics, not AWS figures.
 * - Billing: each USER record rounded up to 5 KB (firehose-billing.ts, shared with cost.ts; Firehose
 *   de-aggregates KPL records from a KDS source — an assumption); GB = 2^30 bytes; a month = 730 hours.
 */

export interface FirehoseOptions {
  readonly bufferingSizeMiB: number;
  readonly bufferingIntervalSeconds: number;
  /** @default "UNCOMPRESSED" */
  readonly compression?: FirehoseCompression;
  readonly source: "direct-put" | "kinesis";
  /** @default the workload's region */
  readonly region?: string;
  readonly dynamicPartitioning?: {
    /** Distinct S3 prefixes (partition key values) seen per buffering interval. */
    readonly activePartitionKeys: number;
  };
  /**
   * Quotas this delivery stream has after an approved increase, replacing the defaults field by field.
   * @default the region's default direct-PUT quotas (firehoseDirectPutQuota) and FIREHOSE_LIMITS.activePartitionsDefault
   */
  readonly quotas?: FirehoseQuotaOverrides;
}

/** Raised Firehose quotas of one delivery stream (Service Quotas increases); each field replaces one default. */
export interface FirehoseQuotaOverrides {
  readonly directPutRecordsPerSecond?: number;
  readonly directPutRequestsPerSecond?: number;
  readonly directPutBytesPerSecond?: number;
  readonly activePartitions?: number;
}

/** Compression ratios (compressed / raw) assumed when not measured: typical of JSON/text logs. ASSUMPTION. */
export const ASSUMED_COMPRESSION_RATIOS: Readonly<Record<FirehoseCompression, number>> = {
  UNCOMPRESSED: 1,
  GZIP: 0.25,
  ZIP: 0.25,
  Snappy: 0.5,
  HADOOP_SNAPPY: 0.5,
};

/** Objects smaller than this are "tiny" for S3 analytics (many PUTs, slow scans). A heuristic, not an AWS limit. */
export const SMALL_OBJECT_WARNING_BYTES = 1024 * 1024;
/** Below this interval Firehose uses multipart uploads to S3 (slightly higher PUT cost; buffering-hints.html). */
export const MULTIPART_INTERVAL_SECONDS = 60;
/**
 * Uncompressed delivery is flagged when the sample payloads GZIP to at most this fraction of their size (they are
 * clearly compressible). A heuristic, not an AWS limit.
 */
export const COMPRESSIBLE_GZIP_RATIO = 0.5;
/**
 * Interval-flushed objects below this fraction of the size hint are flagged as "the size hint never binds" (when they
 * are not already tiny). A heuristic, not an AWS limit.
 */
export const UNDERFILLED_BUFFER_FRACTION = 0.25;
/** AWS prices a month as 730 hours. */
const HOURS_PER_MONTH = 730;
const GB = 1024 ** 3;
const MiB = 1024 * 1024;

function measureRatio(compression: FirehoseCompression, samples: readonly string[]): number | undefined {
  if (samples.length === 0) return undefined;
  const raw = Buffer.from(samples.join(""), "utf8");
  if (compression === "GZIP") return gzipSync(raw, { level: 6 }).length / raw.length;
  if (compression === "ZIP") return deflateRawSync(raw, { level: 6 }).length / raw.length;
  return undefined;
}

export function simulateFirehose(workload: Workload, options: FirehoseOptions): FirehoseResult {
  const w = resolveWorkload(parseWorkload(workload));
  const F = FIREHOSE_LIMITS;
  const compression = options.compression ?? "UNCOMPRESSED";
  const region = options.region ?? w.region;
  const dp = options.dynamicPartitioning;
  const sizeMiB = options.bufferingSizeMiB;
  const interval = options.bufferingIntervalSeconds;
  const errors: string[] = [];
  if (!(sizeMiB >= F.bufferingSizeMinMiB.value && sizeMiB <= F.bufferingSizeMaxMiB.value)) {
    errors.push(`bufferingSizeMiB must be ${F.bufferingSizeMinMiB.value}–${F.bufferingSizeMaxMiB.value}, got ${sizeMiB}`);
  }
  if (!(Number.isInteger(interval) && interval >= F.bufferingIntervalMinSeconds.value && interval <= F.bufferingIntervalMaxSeconds.value)) {
    errors.push(`bufferingIntervalSeconds must be an integer ${F.bufferingIntervalMinSeconds.value}–${F.bufferingIntervalMaxSeconds.value}, got ${interval}`);
  }
  if (!(ALLOWED_VALUES.firehoseCompression.values as readonly string[]).includes(compression)) {
    errors.push(`compression must be one of ${ALLOWED_VALUES.firehoseCompression.values.join(", ")}, got ${String(compression)}`);
  }
  if (options.source !== "direct-put" && options.source !== "kinesis") errors.push(`source must be "direct-put" or "kinesis", got ${String(options.source)}`);
  if (dp !== undefined) {
    if (!Number.isInteger(dp.activePartitionKeys) || dp.activePartitionKeys < 1) {
      errors.push(`dynamicPartitioning.activePartitionKeys must be a positive integer, got ${dp.activePartitionKeys}`);
    }
    if (sizeMiB < F.dynamicPartitioningMinBufferMiB.value) {
      errors.push(`BufferingHints.SizeInMBs must be at least ${F.dynamicPartitioningMinBufferMiB.value} when Dynamic Partitioning is enabled (got ${sizeMiB})`);
    }
    if (interval < F.dynamicPartitioningMinIntervalSeconds.value) {
      errors.push(`bufferingIntervalSeconds must be at least ${F.dynamicPartitioningMinIntervalSeconds.value} with dynamic partitioning (got ${interval})`);
    }
  }
  for (const [name, v] of Object.entries(options.quotas ?? {})) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) errors.push(`quotas.${name} must be a positive integer, got ${String(v)}`);
  }
  if (errors.length > 0) throw new RangeError(`Invalid Firehose options: ${errors.join("; ")}`);

  const findings: FirehoseFinding[] = [];
  const note = (kind: FirehoseFindingKind, message: string): void => {
    findings.push({ kind, message });
  };
  const partitions = dp?.activePartitionKeys ?? 1;
  const D = w.durationSeconds;
  const shape = trafficShape(D, w.peakToAverage, w.trafficShape).multipliers;
  const recordBytes = w.recordBytes;
  const tooLarge = recordBytes > F.maxRecordBytes.value;
  const rejectedPerSecond = tooLarge ? w.recordsPerSecond : 0;
  if (tooLarge) note("record-too-large", `Records of ${recordBytes} bytes exceed Firehose's ${F.maxRecordBytes.value}-byte record limit and are rejected.`);

  // --- Buffering, one partition's buffer (all partitions alike) -----------------------------------------------------
  const S = sizeMiB * MiB;
  const I = interval === 0 ? 1 : interval;
  if (interval === 0) note("zero-buffering", "Zero buffering is modelled as a 1-second interval (AWS: delivery within a few seconds).");
  let b = 0;
  let start = 0;
  let objects = 0;
  let sizeFlushes = 0;
  let deliveredBytes = 0;
  let latencyWeighted = 0;
  let maxAge = 0;
  const flush = (bytes: number, age: number, bySize: boolean): void => {
    objects++;
    if (bySize) sizeFlushes++;
    deliveredBytes += bytes;
    latencyWeighted += (bytes * age) / 2;
    if (age > maxAge) maxAge = age;
  };
  for (let t = 0; t < D && !tooLarge; t++) {
    const x = (w.recordsPerSecond * shape[t] * recordBytes) / partitions;
    let cur = t;
    const end = t + 1;
    while (cur < end - 1e-12) {
      if (b === 0) {
        if (x <= 0) break;
        start = cur;
      }
      const tSize = x > 0 ? cur + (S - b) / x : Infinity;
      const tInt = start + I;
      const ev = Math.min(tSize, tInt, end);
      b += x * (ev - cur);
      cur = ev;
      if (ev === tSize && tSize <= tInt) {
        flush(S, ev - start, true);
        b = 0;
      } else if (ev === tInt) {
        flush(b, I, false);
        b = 0;
      }
    }
  }
  const totalObjects = objects * partitions;
  const objectsPerHour = (totalObjects / D) * 3600;
  const meanRaw = objects > 0 ? deliveredBytes / objects : 0;
  const measured = compression === "UNCOMPRESSED" ? undefined : measureRatio(compression, w.samplePayloads);
  const ratio = measured ?? ASSUMED_COMPRESSION_RATIOS[compression];
  const meanObject = meanRaw * ratio;
  const delayFactor = dp ? F.dynamicPartitioningDelayFactor.value : 1;
  const meanLatency = deliveredBytes > 0 ? latencyWeighted / deliveredBytes : 0;
  const maxLatency = maxAge * delayFactor;
  const sizeFraction = objects > 0 ? sizeFlushes / objects : 0;

  // --- Direct PUT quotas ----------------------------------------------------------------------------------------------
  const peakRecords = w.recordsPerSecond * w.peakToAverage;
  let quota: FirehoseResult["directPutQuota"] = null;
  let breached = false;
  if (options.source === "direct-put") {
    const defaults = firehoseDirectPutQuota(region);
    const o = options.quotas ?? {};
    const q = {
      recordsPerSecond: o.directPutRecordsPerSecond ?? defaults.recordsPerSecond,
      requestsPerSecond: o.directPutRequestsPerSecond ?? defaults.requestsPerSecond,
      bytesPerSecond: o.directPutBytesPerSecond ?? defaults.bytesPerSecond,
    };
    const batchBytes = Math.min(w.producer.maxBatchBytes, F.putRecordBatchMaxBytes.value);
    const perBatch = Math.max(1, Math.min(F.putRecordBatchMaxRecords.value, w.producer.maxBatchRecords, Math.floor(batchBytes / recordBytes)));
    const lingerFlushes = w.producer.lingerMs > 0 ? 1000 / w.producer.lingerMs : Infinity;
    const requests = Math.max(Math.ceil(peakRecords / perBatch), Math.min(peakRecords, lingerFlushes));
    const use = (used: number, limit: number): QuotaUse => ({ used, quota: limit, utilization: used / limit, headroom: limit - used });
    quota = {
      region,
      recordsPerSecond: use(peakRecords, q.recordsPerSecond),
      requestsPerSecond: use(requests, q.requestsPerSecond),
      bytesPerSecond: use(peakRecords * recordBytes, q.bytesPerSecond),
    };
    for (const [name, u] of [["records/s", quota.recordsPerSecond], ["requests/s", quota.requestsPerSecond], ["bytes/s", quota.bytesPerSecond]] as const) {
      if (u.utilization > 1) {
        breached = true;
        note("direct-put-quota", `Direct PUT ${name} at peak (${Math.round(u.used)}) exceeds the ${region} quota of ${u.quota}: PutRecordBatch will throttle; request a quota increase or use a Kinesis stream as source.`);
      }
    }
  }

  // --- Billing ----------------------------------------------------------------------------------------------------------
  const inc = F.ingestionBillingIncrementBytes.value;
  const secondsPerMonth = HOURS_PER_MONTH * 3600;
  const billedPerRecord = firehoseBilledBytesPerRecord(recordBytes, inc);
  const billedGbPerMonth = tooLarge ? 0 : firehoseBilledGb(w.recordsPerSecond, recordBytes, secondsPerMonth, inc, GB);
  const ingestedGbPerMonth = tooLarge ? 0 : (w.recordsPerSecond * recordBytes * secondsPerMonth) / GB;
  if (!tooLarge && billedPerRecord >= 2 * recordBytes) {
    note(
      "billing-rounding",
      `Records of ${recordBytes} bytes are billed as ${billedPerRecord} bytes each (5 KB rounding): ${(billedPerRecord / recordBytes).toFixed(1)}× the data. Batch several events per record to cut ingestion cost.`,
    );
  }

  // --- Partitions and wasteful settings --------------------------------------------------------------------------
  let active: FirehoseResult["activePartitions"] = null;
  if (dp) {
    const limit = options.quotas?.activePartitions ?? F.activePartitionsDefault.value;
    active = { count: partitions, quota: limit, exceeded: partitions > limit };
    if (partitions > limit) {
      note(
        "active-partitions",
        `${partitions} active partitions exceed the ${options.quotas?.activePartitions !== undefined ? "" : "default "}quota of ${limit}: records for new partitions go to the activePartitionExceeded error prefix. Reduce the partition-key cardinality or request an increase (up to ${F.activePartitionsMax.value}).`,
      );
    }
  }
  if (objects > 0 && meanObject < SMALL_OBJECT_WARNING_BYTES) {
    note(
      "small-objects",
      `Objects average ${(meanObject / 1024).toFixed(1)} KiB (${Math.round(objectsPerHour)} per hour): many tiny S3 objects raise PUT cost and slow queries. ` +
        (sizeFraction < 0.5 ? "Raise bufferingIntervalSeconds" : "Raise bufferingSizeMiB") +
        (dp ? " or use fewer partition keys." : "."),
    );
  }
  if (interval > 0 && interval < MULTIPART_INTERVAL_SECONDS && !dp) {
    note("multipart-interval", `An interval under ${MULTIPART_INTERVAL_SECONDS} s makes Firehose use multipart uploads to S3 (slightly higher S3 request cost).`);
  }

  if (compression === "UNCOMPRESSED" && !tooLarge) {
    const gzip = measureRatio("GZIP", w.samplePayloads);
    if (gzip !== undefined && gzip <= COMPRESSIBLE_GZIP_RATIO) {
      note(
        "uncompressed",
        `Delivery is UNCOMPRESSED, but the sample payloads GZIP to ${(gzip * 100).toFixed(0)}% of their size: S3 stores and scans ` +
          `${(1 / gzip).toFixed(1)}× the bytes. Use GZIP compression unless readers need raw objects.`,
      );
    }
  }
  if (objects > 0 && sizeFlushes === 0 && meanObject >= SMALL_OBJECT_WARNING_BYTES && meanRaw < UNDERFILLED_BUFFER_FRACTION * S) {
    note(
      "size-hint-unused",
      `Every buffer flushes by interval at ${(meanRaw / MiB).toFixed(1)} MiB (uncompressed), ${((meanRaw / S) * 100).toFixed(0)}% of the ${sizeMiB} MiB size hint: ` +
        "the size hint never binds. " +
        (interval < F.bufferingIntervalMaxSeconds.value
          ? `A longer bufferingIntervalSeconds (up to ${F.bufferingIntervalMaxSeconds.value}) gives fewer, larger objects if the latency allows.`
          : "Objects are as large as this traffic allows."),
    );
  }

  return {
    source: options.source,
    objectsPerHour,
    meanObjectBytes: meanObject,
    meanObjectBytesUncompressed: meanRaw,
    flushTrigger: sizeFraction > 0.5 ? "size" : "interval",
    sizeFlushFraction: sizeFraction,
    deliveryLatencySeconds: { mean: meanLatency, max: maxLatency },
    compressionRatio: ratio,
    compressionRatioMeasured: measured !== undefined,
    directPutQuota: quota,
    quotaBreached: breached,
    billedGbPerMonth,
    ingestedGbPerMonth,
    activePartitions: active,
    rejectedRecordsPerSecond: rejectedPerSecond,
    warnings: findings.map((f) => f.message),
    findings,
  };
}
