/**
 * A `FirehoseToS3`'s declared workload, simulated at synth with the delivery's own settings (`simulateFirehose`):
 * breaches become problems, wasteful settings warnings. Pure: returns them, never throws.
 */
import {
  FIREHOSE_LIMITS,
  type FirehoseCompression,
  type FirehoseFindingKind,
  type FirehoseQuotaOverrides,
  type FirehoseResult,
  parseWorkload,
  type QuotaUse,
  simulateFirehose,
  type Workload,
  WORKLOAD_DEFAULTS,
} from "stream-simulator";
import type { FirehoseToS3Props } from "../firehose/props";
import { resolveFirehoseSettings, type FirehoseSettings } from "../firehose/settings";
import type { FirehoseValidationContext } from "./firehose";
import { evaluateOnSamples, MAX_EVALUATED_PAYLOAD_BYTES, type SampleEvaluation } from "./jq";
import { isToken, type Problem } from "./problems";
import { checkFirehoseBuffering } from "./rules";
import { workloadProblems, workloadTokenPaths } from "./workload";

/** What the workload check depends on besides the props. */
export interface FirehoseWorkloadContext extends FirehoseValidationContext {
  /** The stack's region when known at synth (a literal), else undefined. */
  readonly region?: string;
}

/** Outcome of checking a delivery stream against its declared workload. */
export interface FirehoseWorkloadCheck {
  /** Breaches: the delivery stream will throttle or reject records under this workload. */
  readonly problems: Problem[];
  /** Wasteful or surprising settings that still work (shown as synth warnings). */
  readonly warnings: string[];
  /** Region whose quotas were applied. */
  readonly region: string;
  /** The simulation; undefined when the settings could not be simulated (tokens, or invalid values reported elsewhere). */
  readonly estimate?: FirehoseResult;
}

/** Simulator findings that are breaches; they become problems (with remedies) instead of warnings. */
const BREACH_KINDS: ReadonlySet<FirehoseFindingKind> = new Set(["record-too-large", "direct-put-quota", "active-partitions"]);

const EXPECTED_PARTITIONS = "dynamicPartitioning.expectedActivePartitions";
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const pct = (u: number): string => `${(u * 100).toFixed(u < 10 ? 1 : 0)}%`;

/**
 * Remedy per direct-PUT dimension. The three direct-PUT quotas scale together on an increase, and a Kinesis source
 * has none (https://docs.aws.amazon.com/firehose/latest/dev/limits.html); PutRecordBatch limits:
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html.
 */
function quotaRemedy(dimension: "records/s" | "requests/s" | "bytes/s"): string {
  const common =
    "request a Firehose direct-PUT quota increase for this region (the three quotas scale together) and declare it in quotas once granted, " +
    "or put a Kinesis data stream in front (source: no direct-PUT quota applies)";
  if (dimension === "requests/s") {
    return `batch more records per PutRecordBatch (up to ${FIREHOSE_LIMITS.putRecordBatchMaxRecords.value} records or ` +
      `${FIREHOSE_LIMITS.putRecordBatchMaxBytes.value / 1024 ** 2} MiB per request: workload.producer.maxBatchRecords, lingerMs), ${common}`;
  }
  if (dimension === "records/s") {
    return `pack several events into each record (fewer, larger records; this also cuts the 5 KB-per-record ingestion billing), ${common}`;
  }
  return common;
}

/** Sample payload indexes as messages show them (1-based, at most five). */
function which(indexes: readonly number[]): string {
  const shown = indexes.slice(0, 5).map((i) => i + 1).join(", ");
  return indexes.length > 5 ? `${shown}, …` : shown;
}

/**
 * Warnings from the JQ query's run on the sample payloads: payloads Firehose would deliver to the error prefix (not
 * JSON, a jq error, a key without a value), and more distinct partitions than declared.
 */
function sampleWarnings(samples: SampleEvaluation, declared: number | undefined): string[] {
  const warnings: string[] = [];
  const of = `of the ${fmt(samples.evaluated)} workload.samplePayloads`;
  const errorPrefix = "Firehose delivers such records to the error prefix (errorOutputPrefix), not the partitions";
  if (samples.tooLarge.length > 0) {
    warnings.push(
      `dynamicPartitioning.jqQuery: ${fmt(samples.tooLarge.length)} workload.samplePayloads larger than ${fmt(MAX_EVALUATED_PAYLOAD_BYTES / 1024)} KiB ` +
        `were not evaluated (payload ${which(samples.tooLarge)}).`,
    );
  }
  if (samples.notJson.length > 0) {
    warnings.push(`dynamicPartitioning.jqQuery: ${fmt(samples.notJson.length)} ${of} are not JSON (payload ${which(samples.notJson)}); ${errorPrefix}.`);
  }
  if (samples.failed.length > 0) {
    const first = samples.failed[0];
    warnings.push(
      `dynamicPartitioning.jqQuery: fails on ${fmt(samples.failed.length)} ${of} (payload ${which(samples.failed.map((f) => f.index))}; ` +
        `payload ${first.index + 1}: ${first.error}); ${errorPrefix}.`,
    );
  }
  for (const [key, indexes] of samples.missingKeys) {
    warnings.push(
      `dynamicPartitioning.jqQuery.${key}: has no value (null) on ${fmt(indexes.length)} ${of} (payload ${which(indexes)}); ${errorPrefix}.`,
    );
  }
  if (declared !== undefined && !isToken(declared) && samples.distinctPartitions > declared) {
    warnings.push(
      `${EXPECTED_PARTITIONS} is ${fmt(declared)}, but the ${fmt(samples.evaluated)} workload.samplePayloads alone give ` +
        `${fmt(samples.distinctPartitions)} distinct partitions under dynamicPartitioning.jqQuery: check the declared figure.`,
    );
  }
  return warnings;
}

/** Whether the settings are literal and in the ranges simulateFirehose (and AWS) accept; otherwise other rules report them. */
function simulatable(settings: FirehoseSettings, partitions: number | undefined): boolean {
  if (isToken(settings.bufferingSizeMiB) || isToken(settings.bufferingIntervalSeconds) || isToken(settings.compression)) return false;
  if (checkFirehoseBuffering(settings).length > 0) return false;
  return !settings.dynamicPartitioning || partitions !== undefined;
}

/**
 * Checks a Firehose-to-S3 delivery stream against its declared workload by running `simulateFirehose` with the
 * delivery's own settings. Problems: an invalid workload; a workload region other than the stack's; direct-PUT
 * quota breaches (per dimension, at the workload's peak); active partitions above the quota (declared, or counted
 * by running the JQ query on `workload.samplePayloads`: `evaluateOnSamples`, ./jq.ts); records larger than Firehose
 * accepts; dynamic partitioning with neither `expectedActivePartitions` nor samples the query partitions. Warnings:
 * sample payloads the error prefix would get, more sample partitions than declared, the simulator's advice
 * (tiny objects, multipart intervals, 5 KB billing rounding, uncompressed compressible data, a size hint that never
 * binds), a data-freshness alarm that healthy delivery would trip, and a direct-PUT region that had to be assumed.
 */
export function checkFirehoseWorkload(props: FirehoseToS3Props, context: FirehoseWorkloadContext = {}): FirehoseWorkloadCheck | undefined {
  if (props.workload === undefined) return undefined;
  const settings = resolveFirehoseSettings(props, context);
  const source = settings.kinesisSource ? "kinesis" : "direct-put";
  const stackRegion = context.region;
  const problems: Problem[] = [];
  const warnings: string[] = [];

  const tokens = workloadTokenPaths(props.workload);
  if (tokens.length > 0) {
    warnings.push(
      `The workload was not checked: workload.${tokens.join(", workload.")} ${tokens.length === 1 ? "is a Terraform token" : "are Terraform tokens"} (known only at deploy time).`,
    );
    const stack = stackRegion !== undefined && !isToken(stackRegion) ? stackRegion : undefined;
    return { problems, warnings, region: stack ?? WORKLOAD_DEFAULTS.region };
  }

  const invalid = workloadProblems("workload", props.workload);
  if (invalid.length > 0) {
    return { problems: invalid, warnings, region: props.workload?.region ?? stackRegion ?? WORKLOAD_DEFAULTS.region };
  }
  const workload: Workload = parseWorkload(props.workload);

  // Region: the delivery stream lives in the stack's region, so that region's quotas apply.
  const declared = workload.region;
  const stack = stackRegion !== undefined && !isToken(stackRegion) ? stackRegion : undefined;
  if (stack !== undefined && declared !== undefined && declared !== stack) {
    problems.push({
      property: "workload.region",
      value: declared,
      allowed: `the stack's region "${stack}", where this delivery stream is created and whose quotas apply (or omit workload.region)`,
    });
  }
  const region = stack ?? declared ?? WORKLOAD_DEFAULTS.region;
  if (stack === undefined && declared === undefined && source === "direct-put") {
    warnings.push(
      `Direct-PUT quotas checked for ${region} (the workload default): the stack's region is not known at synth. ` +
        "Set workload.region or the cdktf-kinesis-pipeline:region context so the check uses the region you deploy to.",
    );
  }

  let quotasValid = true;
  for (const [field, v] of Object.entries(props.quotas ?? {})) {
    if (v === undefined || isToken(v)) continue;
    if (!(Number.isInteger(v) && v >= 1)) {
      quotasValid = false;
      problems.push({ property: `quotas.${field}`, value: v, allowed: "a positive integer: the quota granted to this delivery stream" });
    }
  }

  // Dynamic partitioning needs the number of partitions active at once: declared, or counted on the sample payloads.
  let partitions: number | undefined;
  if (props.dynamicPartitioning !== undefined) {
    const n = props.dynamicPartitioning.expectedActivePartitions;
    const samples = evaluateOnSamples(props.dynamicPartitioning.jqQuery, workload.samplePayloads);
    if (samples !== undefined) warnings.push(...sampleWarnings(samples, n));
    if (n === undefined && samples !== undefined && samples.distinctPartitions > 0) {
      partitions = samples.distinctPartitions;
      warnings.push(
        `Active partitions checked as ${fmt(partitions)}: the distinct partition keys of the ${fmt(samples.evaluated)} workload.samplePayloads ` +
          `under dynamicPartitioning.jqQuery, a lower bound. Declare ${EXPECTED_PARTITIONS} for the number active within one buffering interval.`,
      );
    } else if (n === undefined) {
      problems.push({
        property: EXPECTED_PARTITIONS,
        value: n,
        allowed:
          "a positive integer with a declared workload: the distinct S3 prefixes (partition-key values × timestamp buckets) " +
          `Firehose buffers at once; checked against the ${FIREHOSE_LIMITS.activePartitionsDefault.value}-partition quota`,
      });
    } else if (isToken(n)) {
      // deploy-time value: the partition check is skipped
    } else if (!Number.isInteger(n) || n < 1) {
      problems.push({ property: EXPECTED_PARTITIONS, value: n, allowed: "a positive integer (partitions active within one buffering interval)" });
    } else {
      partitions = n;
    }
  }

  const literalQuotas = Object.values(props.quotas ?? {}).every((v) => v === undefined || !isToken(v));
  if (!quotasValid || !literalQuotas || !simulatable(settings, partitions)) {
    if (isToken(settings.bufferingSizeMiB) || isToken(settings.bufferingIntervalSeconds) || isToken(settings.compression)) {
      warnings.push("The workload was not checked: bufferingSizeMiB, bufferingIntervalSeconds or compression is a Terraform token (known only at deploy time).");
    }
    return { problems, warnings, region };
  }

  const estimate = simulateFirehose(workload, {
    source,
    bufferingSizeMiB: settings.bufferingSizeMiB,
    bufferingIntervalSeconds: settings.bufferingIntervalSeconds,
    compression: settings.compression as FirehoseCompression,
    region,
    dynamicPartitioning: partitions !== undefined ? { activePartitionKeys: partitions } : undefined,
    quotas: props.quotas,
  });

  if (estimate.rejectedRecordsPerSecond > 0) {
    problems.push({
      property: "workload.recordBytes",
      value: workload.recordBytes,
      allowed:
        `at most ${fmt(FIREHOSE_LIMITS.maxRecordBytes.value)} bytes per record (Firehose's maximum record size, before base64); ` +
        "larger records are rejected. Split them, or store large payloads in S3 and send references",
    });
  }
  const q = estimate.directPutQuota;
  if (q !== null) {
    const dims: ReadonlyArray<readonly ["records/s" | "requests/s" | "bytes/s", QuotaUse, keyof FirehoseQuotaOverrides]> = [
      ["records/s", q.recordsPerSecond, "directPutRecordsPerSecond"],
      ["requests/s", q.requestsPerSecond, "directPutRequestsPerSecond"],
      ["bytes/s", q.bytesPerSecond, "directPutBytesPerSecond"],
    ];
    for (const [dimension, use, override] of dims) {
      if (use.utilization <= 1) continue;
      const whose = props.quotas?.[override] !== undefined ? `declared (quotas.${override})` : region;
      problems.push({
        property: "workload",
        value: { recordsPerSecond: workload.recordsPerSecond, recordBytes: workload.recordBytes, peakToAverage: workload.peakToAverage ?? 1 },
        allowed:
          `direct-PUT ${dimension} within the ${whose} quota: peak demand ${fmt(use.used)} ${dimension} exceeds the quota of ` +
          `${fmt(use.quota)} ${dimension} (${pct(use.utilization)}), so PutRecordBatch throttles. Remedy: ${quotaRemedy(dimension)}`,
      });
    }
  }
  const active = estimate.activePartitions;
  if (active !== null && active.exceeded) {
    problems.push({
      property: EXPECTED_PARTITIONS,
      value: active.count,
      allowed:
        `at most ${fmt(active.quota)} active partitions (${props.quotas?.activePartitions !== undefined ? "the declared quota" : "Firehose's default quota"} per delivery stream); records for further partitions ` +
        "go to the activePartitionExceeded error prefix. Use fewer or coarser partition keys (or a coarser timestamp), or request " +
        `a quota increase (up to ${fmt(FIREHOSE_LIMITS.activePartitionsMax.value)}) and declare it in quotas.activePartitions`,
    });
  }

  for (const f of estimate.findings) if (!BREACH_KINDS.has(f.kind)) warnings.push(f.message);

  const threshold = settings.alarms ? settings.dataFreshnessThresholdSeconds : undefined;
  if (threshold !== undefined && !isToken(threshold) && estimate.deliveryLatencySeconds.max >= threshold) {
    warnings.push(
      `The data-freshness alarm threshold (${threshold} s) is at or below the expected maximum delivery latency ` +
        `(${estimate.deliveryLatencySeconds.max.toFixed(0)} s for these buffering settings): the alarm will fire on healthy delivery. ` +
        "Raise alarms.dataFreshnessThresholdSeconds or shorten bufferingIntervalSeconds.",
    );
  }
  return { problems, warnings, region, estimate };
}
