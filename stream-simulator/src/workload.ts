import { ALLOWED_VALUES, FIREHOSE_LIMITS, KINESIS_LIMITS } from "./limits";
import { KPL_EMPTY_AGGREGATE_BYTES } from "./kpl";
import type {
  ConsumersSpec,
  DynamicPartitioningSpec,
  FirehoseSpec,
  OnDemandSpec,
  PartitionKeyStrategy,
  ProducerSpec,
  TrafficShapeKind,
  Workload,
  WorkloadProblem,
} from "./types";

/**
 * Workload schema: strict validation (`parseWorkload`) and defaults (`resolveWorkload`).
 * Validation collects every problem and throws once; it never fills anything in.
 */

/** Thrown by `parseWorkload` with every invalid field of the input. */
export class WorkloadValidationError extends Error {
  public readonly problems: readonly WorkloadProblem[];

  public constructor(problems: readonly WorkloadProblem[]) {
    super(
      `Invalid workload (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.path || "(root)"}: got ${show(p.value)}; allowed: ${p.allowed}`).join("\n"),
    );
    this.name = "WorkloadValidationError";
    this.problems = problems;
  }
}

function show(value: unknown): string {
  if (value === undefined) return "undefined (missing)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

/** Upper bounds that keep a run tractable; not AWS figures. */
export const WORKLOAD_BOUNDS = {
  /** 31 days of per-second simulation. */
  maxDurationSeconds: 31 * 86400,
  maxRecordsPerSecond: 1e9,
  maxPeakToAverage: 1000,
  maxDistinctKeys: 1e9,
  maxZipfExponent: 10,
  maxSharedConsumers: 1000,
  maxPollsPerSecond: 100,
  maxRetries: 100,
  maxLingerMs: 60_000,
  maxBackoffMs: 600_000,
  maxSamplePayloads: 100_000,
  /** Partition keys are at most 256 characters; UTF-8 needs at most 4 bytes per character. */
  maxPartitionKeyBytes: KINESIS_LIMITS.partitionKeyMaxLength.value * 4,
  /** Days delivered objects stay in S3 Standard for the storage estimate (100 years). */
  maxS3StorageDays: 36_500,
} as const;

/** A workload with every default applied. */
export interface ResolvedWorkload {
  readonly recordsPerSecond: number;
  readonly recordBytes: number;
  readonly durationSeconds: number;
  readonly peakToAverage: number;
  readonly trafficShape: TrafficShapeKind;
  readonly partitionKey: PartitionKeyStrategy;
  readonly partitionKeyBytes: number;
  readonly consumers: Required<ConsumersSpec>;
  readonly producer: Required<ProducerSpec>;
  readonly retentionHours: number;
  readonly region: string;
  readonly samplePayloads: readonly string[];
  readonly seed: number;
  readonly arrivalNoise: "poisson" | "none";
  /** Largest accepted record (data + partition key), bytes: maxRecordSizeKiB × 1024. */
  readonly maxRecordBytes: number;
  /** Whether a Firehose delivery stream reads the stream (the `firehose` field is `true` or an object). */
  readonly firehose: boolean;
  /** The Firehose delivery stream's settings with defaults applied, or null without Firehose. */
  readonly firehoseDelivery: ResolvedFirehose | null;
  /** The on-demand assumptions (`onDemand`), each absent when not declared. */
  readonly onDemand: OnDemandSpec;
}

/** A Firehose spec with every default applied (dynamic partitioning stays absent when not declared). */
export type ResolvedFirehose = Required<Omit<FirehoseSpec, "dynamicPartitioning">> & {
  readonly dynamicPartitioning: Required<DynamicPartitioningSpec> | null;
};

/** Defaults of every optional field (documented in types.ts). */
export const WORKLOAD_DEFAULTS = {
  durationSeconds: 3600,
  peakToAverage: 1,
  trafficShape: "bursts" as TrafficShapeKind,
  partitionKey: { strategy: "uuid" } as PartitionKeyStrategy,
  partitionKeyBytes: 36,
  consumers: { shared: 1, enhancedFanOut: 0, pollsPerSecond: 1 },
  producer: {
    aggregation: false,
    aggregationMaxBytes: 51200,
    maxBatchRecords: KINESIS_LIMITS.putRecordsMaxRecords.value,
    maxBatchBytes: KINESIS_LIMITS.putRecordsMaxBytes.value,
    lingerMs: 100,
    maxRetries: 3,
    retryBackoffMs: 100,
  },
  retentionHours: KINESIS_LIMITS.retentionMinHours.value,
  region: "us-east-1",
  seed: 1,
  arrivalNoise: "poisson" as const,
  maxRecordSizeKiB: KINESIS_LIMITS.defaultMaxRecordBytes.value / 1024,
  firehose: true,
  /** Settings of the Firehose delivery stream when `firehose` is `true` or omits a field. */
  firehoseDelivery: {
    bufferingSizeMiB: FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value,
    bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
    compression: "GZIP",
    s3StorageDays: 30,
    formatConversion: false,
    dynamicPartitioning: null,
  } as ResolvedFirehose,
  /** Key a "static" strategy uses when none is given. */
  staticKey: "static-key",
  /** Timestamp resolution when none is given: one key per second (an ISO-8601 second). */
  timestampResolutionMs: 1000,
} as const;

/** Applies defaults. The input must already be valid (see `parseWorkload`). */
export function resolveWorkload(w: Workload): ResolvedWorkload {
  const d = WORKLOAD_DEFAULTS;
  return {
    recordsPerSecond: w.recordsPerSecond,
    recordBytes: w.recordBytes,
    durationSeconds: w.durationSeconds ?? d.durationSeconds,
    peakToAverage: w.peakToAverage ?? d.peakToAverage,
    trafficShape: w.trafficShape ?? d.trafficShape,
    partitionKey: w.partitionKey ?? d.partitionKey,
    partitionKeyBytes: w.partitionKeyBytes ?? d.partitionKeyBytes,
    consumers: {
      shared: w.consumers?.shared ?? d.consumers.shared,
      enhancedFanOut: w.consumers?.enhancedFanOut ?? d.consumers.enhancedFanOut,
      pollsPerSecond: w.consumers?.pollsPerSecond ?? d.consumers.pollsPerSecond,
    },
    producer: {
      aggregation: w.producer?.aggregation ?? d.producer.aggregation,
      aggregationMaxBytes: w.producer?.aggregationMaxBytes ?? d.producer.aggregationMaxBytes,
      maxBatchRecords: w.producer?.maxBatchRecords ?? d.producer.maxBatchRecords,
      maxBatchBytes: w.producer?.maxBatchBytes ?? d.producer.maxBatchBytes,
      lingerMs: w.producer?.lingerMs ?? d.producer.lingerMs,
      maxRetries: w.producer?.maxRetries ?? d.producer.maxRetries,
      retryBackoffMs: w.producer?.retryBackoffMs ?? d.producer.retryBackoffMs,
    },
    retentionHours: w.retentionHours ?? d.retentionHours,
    region: w.region ?? d.region,
    samplePayloads: w.samplePayloads ?? [],
    seed: w.seed ?? d.seed,
    arrivalNoise: w.arrivalNoise ?? d.arrivalNoise,
    maxRecordBytes: (w.maxRecordSizeKiB ?? d.maxRecordSizeKiB) * 1024,
    firehose: (w.firehose ?? d.firehose) !== false,
    firehoseDelivery: resolveFirehose(w.firehose ?? d.firehose),
    onDemand: { ...(w.onDemand ?? {}) },
  };
}

function resolveFirehose(f: boolean | FirehoseSpec): ResolvedFirehose | null {
  if (f === false) return null;
  const d = WORKLOAD_DEFAULTS.firehoseDelivery;
  if (f === true) return { ...d };
  return {
    bufferingSizeMiB: f.bufferingSizeMiB ?? d.bufferingSizeMiB,
    bufferingIntervalSeconds: f.bufferingIntervalSeconds ?? d.bufferingIntervalSeconds,
    compression: f.compression ?? d.compression,
    s3StorageDays: f.s3StorageDays ?? d.s3StorageDays,
    formatConversion: f.formatConversion ?? d.formatConversion,
    dynamicPartitioning: f.dynamicPartitioning
      ? { activePartitions: f.dynamicPartitioning.activePartitions, jqProcessingHoursPerMonth: f.dynamicPartitioning.jqProcessingHoursPerMonth ?? 0 }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------------

type Check = (value: unknown) => boolean;

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNumber(v) && Number.isInteger(v);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

const numberIn = (min: number, max: number, minExclusive = false): Check => (v) =>
  isNumber(v) && (minExclusive ? v > min : v >= min) && v <= max;
const intIn = (min: number, max: number): Check => (v) => isInt(v) && v >= min && v <= max;

/** AWS region names such as us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

class Collector {
  public readonly problems: WorkloadProblem[] = [];

  public add(path: string, value: unknown, allowed: string): void {
    this.problems.push({ path, value, allowed });
  }

  /** Reports every key of `obj` not in `known`. */
  public unknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string): void {
    for (const k of Object.keys(obj)) {
      if (!known.includes(k)) this.add(`${prefix}${k}`, obj[k], `no such field (known fields: ${known.join(", ")})`);
    }
  }

  /** Checks an optional field; returns true when absent or valid. */
  public optional(obj: Record<string, unknown>, key: string, prefix: string, check: Check, allowed: string): boolean {
    if (!(key in obj) || obj[key] === undefined) return true;
    if (check(obj[key])) return true;
    this.add(`${prefix}${key}`, obj[key], allowed);
    return false;
  }

  public required(obj: Record<string, unknown>, key: string, prefix: string, check: Check, allowed: string): boolean {
    if (check(obj[key])) return true;
    this.add(`${prefix}${key}`, obj[key], allowed);
    return false;
  }
}

const TOP_LEVEL_FIELDS = [
  "recordsPerSecond",
  "recordBytes",
  "durationSeconds",
  "peakToAverage",
  "trafficShape",
  "partitionKey",
  "partitionKeyBytes",
  "consumers",
  "producer",
  "retentionHours",
  "region",
  "samplePayloads",
  "seed",
  "arrivalNoise",
  "maxRecordSizeKiB",
  "firehose",
  "onDemand",
] as const;

/**
 * Validates every field of a workload (from JSON or code) and returns it unchanged, typed. Throws
 * `WorkloadValidationError` listing ALL problems at once; unknown fields are problems too, so typos never pass.
 */
export function parseWorkload(input: unknown): Workload {
  const c = new Collector();
  const B = WORKLOAD_BOUNDS;
  if (!isPlainObject(input)) {
    c.add("", input, "an object with at least recordsPerSecond and recordBytes");
    throw new WorkloadValidationError(c.problems);
  }
  const w = input;
  c.unknownKeys(w, TOP_LEVEL_FIELDS, "");
  c.required(w, "recordsPerSecond", "", numberIn(0, B.maxRecordsPerSecond, true), `a number > 0 and ≤ ${B.maxRecordsPerSecond}`);
  c.required(
    w,
    "recordBytes",
    "",
    intIn(1, KINESIS_LIMITS.maxRecordBytesCeiling.value),
    `an integer from 1 to ${KINESIS_LIMITS.maxRecordBytesCeiling.value} (10 MiB, the largest Kinesis record)`,
  );
  const durationOk = c.optional(w, "durationSeconds", "", intIn(1, B.maxDurationSeconds), `an integer from 1 to ${B.maxDurationSeconds} (31 days)`);
  const ptaOk = c.optional(w, "peakToAverage", "", numberIn(1, B.maxPeakToAverage), `a number from 1 to ${B.maxPeakToAverage}`);
  if (durationOk && ptaOk && isNumber(w.peakToAverage)) {
    const duration = isInt(w.durationSeconds) ? w.durationSeconds : WORKLOAD_DEFAULTS.durationSeconds;
    if (w.peakToAverage > duration) {
      c.add("peakToAverage", w.peakToAverage, `at most durationSeconds (${duration}): one peak second cannot exceed the whole run's volume`);
    }
  }
  c.optional(
    w,
    "partitionKeyBytes",
    "",
    intIn(1, B.maxPartitionKeyBytes),
    `an integer from 1 to ${B.maxPartitionKeyBytes} (a key is 1–${KINESIS_LIMITS.partitionKeyMaxLength.value} characters of UTF-8)`,
  );
  if (w.partitionKey !== undefined) checkPartitionKey(c, w.partitionKey);
  if (w.consumers !== undefined) {
    if (!isPlainObject(w.consumers)) c.add("consumers", w.consumers, "an object { shared?, enhancedFanOut?, pollsPerSecond? }");
    else {
      const o = w.consumers;
      c.unknownKeys(o, ["shared", "enhancedFanOut", "pollsPerSecond"], "consumers.");
      c.optional(o, "shared", "consumers.", intIn(0, B.maxSharedConsumers), `an integer from 0 to ${B.maxSharedConsumers}`);
      const maxEfo = KINESIS_LIMITS.maxEfoConsumersPerStreamAdvantage.value;
      c.optional(
        o,
        "enhancedFanOut",
        "consumers.",
        intIn(0, maxEfo),
        `an integer from 0 to ${maxEfo} (registered consumers per stream: ${KINESIS_LIMITS.maxEfoConsumersPerStream.value} on provisioned and On-demand Standard streams, ${maxEfo} with On-demand Advantage)`,
      );
      c.optional(o, "pollsPerSecond", "consumers.", numberIn(0, B.maxPollsPerSecond, true), `a number > 0 and ≤ ${B.maxPollsPerSecond}`);
    }
  }
  if (w.producer !== undefined) {
    if (!isPlainObject(w.producer)) c.add("producer", w.producer, "an object (aggregation, batching and retry settings)");
    else {
      const o = w.producer;
      c.unknownKeys(
        o,
        ["aggregation", "aggregationMaxBytes", "maxBatchRecords", "maxBatchBytes", "lingerMs", "maxRetries", "retryBackoffMs"],
        "producer.",
      );
      c.optional(o, "aggregation", "producer.", (v) => typeof v === "boolean", "true or false");
      const maxRec = KINESIS_LIMITS.defaultMaxRecordBytes.value;
      const minAgg = KPL_EMPTY_AGGREGATE_BYTES + 1;
      c.optional(o, "aggregationMaxBytes", "producer.", intIn(minAgg, maxRec), `an integer from ${minAgg} to ${maxRec} (KPL AggregationMaxSize; an aggregate needs ${minAgg - 1} bytes of framing)`);
      const maxBatch = KINESIS_LIMITS.putRecordsMaxRecords.value;
      c.optional(o, "maxBatchRecords", "producer.", intIn(1, maxBatch), `an integer from 1 to ${maxBatch} (PutRecords limit)`);
      const maxBatchBytes = KINESIS_LIMITS.putRecordsMaxBytes.value;
      c.optional(o, "maxBatchBytes", "producer.", intIn(1, maxBatchBytes), `an integer from 1 to ${maxBatchBytes} (PutRecords limit)`);
      c.optional(o, "lingerMs", "producer.", numberIn(0, B.maxLingerMs), `a number from 0 to ${B.maxLingerMs}`);
      c.optional(o, "maxRetries", "producer.", intIn(0, B.maxRetries), `an integer from 0 to ${B.maxRetries}`);
      c.optional(o, "retryBackoffMs", "producer.", numberIn(0, B.maxBackoffMs), `a number from 0 to ${B.maxBackoffMs}`);
    }
  }
  const minRet = KINESIS_LIMITS.retentionMinHours.value;
  const maxRet = KINESIS_LIMITS.retentionMaxHours.value;
  c.optional(w, "retentionHours", "", intIn(minRet, maxRet), `an integer number of hours from ${minRet} to ${maxRet}`);
  c.optional(w, "region", "", (v) => typeof v === "string" && REGION_PATTERN.test(v), "an AWS region name such as us-east-1");
  if (w.samplePayloads !== undefined) {
    const sp = w.samplePayloads;
    if (!Array.isArray(sp) || sp.length > B.maxSamplePayloads) {
      c.add("samplePayloads", sp, `an array of at most ${B.maxSamplePayloads} strings`);
    } else {
      sp.forEach((s, i) => {
        if (typeof s !== "string" || s.length === 0) c.add(`samplePayloads[${i}]`, s, "a non-empty string");
      });
    }
  }
  c.optional(w, "seed", "", intIn(0, 0xffffffff), "an integer from 0 to 4294967295");
  c.optional(w, "arrivalNoise", "", (v) => v === "poisson" || v === "none", '"poisson" or "none"');
  const minKiB = KINESIS_LIMITS.defaultMaxRecordBytes.value / 1024;
  const maxKiB = KINESIS_LIMITS.maxRecordBytesCeiling.value / 1024;
  c.optional(w, "maxRecordSizeKiB", "", intIn(minKiB, maxKiB), `an integer number of KiB from ${minKiB} to ${maxKiB} (stream MaxRecordSizeInKiB)`);
  if (w.firehose !== undefined) checkFirehose(c, w.firehose);
  c.optional(w, "trafficShape", "", (v) => TRAFFIC_SHAPES.includes(v as TrafficShapeKind), TRAFFIC_SHAPES.map((v) => `"${v}"`).join(", "));
  if (w.onDemand !== undefined) checkOnDemand(c, w.onDemand);
  if (c.problems.length > 0) throw new WorkloadValidationError(c.problems);
  return input as unknown as Workload;
}

const TRAFFIC_SHAPES: readonly TrafficShapeKind[] = ["bursts", "ramp", "daily"];

function checkOnDemand(c: Collector, od: unknown): void {
  const fields = ["previousPeakMiBPerSecond", "warmThroughputMiBPerSecond"];
  if (!isPlainObject(od)) {
    c.add("onDemand", od, `an object { ${fields.join("?, ")}? }`);
    return;
  }
  c.unknownKeys(od, fields, "onDemand.");
  const maxMiB = KINESIS_LIMITS.warmThroughputMaxMiBPerSecond.value;
  c.optional(
    od,
    "previousPeakMiBPerSecond",
    "onDemand.",
    numberIn(0, maxMiB),
    `a number of MiB/s from 0 to ${maxMiB} (the stream's peak write throughput in the last 30 days)`,
  );
  c.optional(
    od,
    "warmThroughputMiBPerSecond",
    "onDemand.",
    numberIn(0, maxMiB, true),
    `a number of MiB/s above 0 and at most ${maxMiB} (On-demand Advantage warm throughput)`,
  );
}

const FIREHOSE_FIELDS = [
  "bufferingSizeMiB",
  "bufferingIntervalSeconds",
  "compression",
  "s3StorageDays",
  "formatConversion",
  "dynamicPartitioning",
] as const;

function checkFirehose(c: Collector, f: unknown): void {
  if (typeof f === "boolean") return;
  if (!isPlainObject(f)) {
    c.add(
      "firehose",
      f,
      `true, false or an object { ${FIREHOSE_FIELDS.join("?, ")}? } (a Firehose delivery stream to S3 reads the stream)`,
    );
    return;
  }
  const F = FIREHOSE_LIMITS;
  const p = "firehose.";
  c.unknownKeys(f, FIREHOSE_FIELDS, p);
  c.optional(
    f,
    "bufferingSizeMiB",
    p,
    intIn(F.bufferingSizeMinMiB.value, F.bufferingSizeMaxMiB.value),
    `an integer number of MiB from ${F.bufferingSizeMinMiB.value} to ${F.bufferingSizeMaxMiB.value} (Firehose BufferingHints.SizeInMBs)`,
  );
  c.optional(
    f,
    "bufferingIntervalSeconds",
    p,
    intIn(F.bufferingIntervalMinSeconds.value, F.bufferingIntervalMaxSeconds.value),
    `an integer number of seconds from ${F.bufferingIntervalMinSeconds.value} to ${F.bufferingIntervalMaxSeconds.value} (Firehose BufferingHints.IntervalInSeconds)`,
  );
  const formats = ALLOWED_VALUES.firehoseCompression.values as readonly string[];
  c.optional(f, "compression", p, (v) => typeof v === "string" && formats.includes(v), formats.map((v) => `"${v}"`).join(", "));
  const maxDays = WORKLOAD_BOUNDS.maxS3StorageDays;
  c.optional(f, "s3StorageDays", p, numberIn(0, maxDays), `a number of days from 0 to ${maxDays} (how long delivered objects stay in S3 Standard)`);
  const conversionOk = c.optional(f, "formatConversion", p, (v) => typeof v === "boolean", "true or false");
  // Firehose refuses a smaller buffer with format conversion or dynamic partitioning (and zero buffering with the latter).
  const minBuffer = F.dynamicPartitioningMinBufferMiB.value;
  const size = isInt(f.bufferingSizeMiB) ? f.bufferingSizeMiB : WORKLOAD_DEFAULTS.firehoseDelivery.bufferingSizeMiB;
  const needsBig = (conversionOk && f.formatConversion === true) || isPlainObject(f.dynamicPartitioning);
  if (needsBig && size < minBuffer) {
    c.add(
      `${p}bufferingSizeMiB`,
      f.bufferingSizeMiB,
      `at least ${minBuffer} MiB with ${f.formatConversion === true ? "format conversion" : "dynamic partitioning"} (Firehose rejects a smaller buffer)`,
    );
  }
  const interval = isInt(f.bufferingIntervalSeconds) ? f.bufferingIntervalSeconds : WORKLOAD_DEFAULTS.firehoseDelivery.bufferingIntervalSeconds;
  const minInterval = F.dynamicPartitioningMinIntervalSeconds.value;
  if (isPlainObject(f.dynamicPartitioning) && interval < minInterval) {
    c.add(`${p}bufferingIntervalSeconds`, f.bufferingIntervalSeconds, `at least ${minInterval} seconds with dynamic partitioning`);
  }
  const dp = f.dynamicPartitioning;
  if (dp !== undefined) {
    if (!isPlainObject(dp)) c.add(`${p}dynamicPartitioning`, dp, "an object { activePartitions, jqProcessingHoursPerMonth? }");
    else {
      const q = `${p}dynamicPartitioning.`;
      c.unknownKeys(dp, ["activePartitions", "jqProcessingHoursPerMonth"], q);
      const maxP = F.activePartitionsMax.value;
      c.required(dp, "activePartitions", q, intIn(1, maxP), `an integer from 1 to ${maxP} (active partitions per buffering interval)`);
      c.optional(dp, "jqProcessingHoursPerMonth", q, numberIn(0, 1e6), "a number of hours from 0 to 1000000 (JQ processing hours billed per month)");
    }
  }
}

function checkPartitionKey(c: Collector, pk: unknown): void {
  const B = WORKLOAD_BOUNDS;
  const strategies = ["uuid", "static", "entity", "timestamp"];
  if (!isPlainObject(pk)) {
    c.add("partitionKey", pk, `an object { strategy: ${strategies.map((s) => `"${s}"`).join(" | ")}, … }`);
    return;
  }
  if (!strategies.includes(pk.strategy as string)) {
    c.add("partitionKey.strategy", pk.strategy, strategies.map((s) => `"${s}"`).join(", "));
    return;
  }
  const p = "partitionKey.";
  switch (pk.strategy) {
    case "uuid":
      c.unknownKeys(pk, ["strategy"], p);
      break;
    case "static": {
      c.unknownKeys(pk, ["strategy", "value"], p);
      const max = KINESIS_LIMITS.partitionKeyMaxLength.value;
      c.optional(pk, "value", p, (v) => typeof v === "string" && v.length >= 1 && v.length <= max, `a string of 1 to ${max} characters`);
      break;
    }
    case "entity":
      c.unknownKeys(pk, ["strategy", "distinctKeys", "zipfExponent"], p);
      c.required(pk, "distinctKeys", p, intIn(1, B.maxDistinctKeys), `an integer from 1 to ${B.maxDistinctKeys}`);
      c.optional(pk, "zipfExponent", p, numberIn(0, B.maxZipfExponent), `a number from 0 (uniform) to ${B.maxZipfExponent}`);
      break;
    default:
      c.unknownKeys(pk, ["strategy", "resolutionMs"], p);
      c.optional(pk, "resolutionMs", p, intIn(1, 86_400_000), "an integer number of milliseconds from 1 to 86400000 (one day)");
  }
}
