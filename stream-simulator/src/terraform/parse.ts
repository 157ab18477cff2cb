import { ALLOWED_VALUES, FIREHOSE_LIMITS, KINESIS_LIMITS } from "../limits";
import type { FirehoseCompression, StreamCapacitySpec } from "../types";
import {
  block,
  describe,
  intAttribute,
  isExpression,
  isObject,
  regionOf,
  resourceLabel,
  resourcesOf,
  SynthStackError,
  type Json,
  type StackProblem,
  type StackRegion,
  type StackResource,
} from "./document";

/**
 * The Kinesis streams and Firehose delivery streams of a synthesized Terraform JSON stack (cdktf's
 * `cdktf.out/stacks/<stack>/cdk.tf.json`), as the simulator models them (`stream-sim cost --synth`, the jest matchers of
 * `cdktf-kinesis-pipeline/testing`). Pure: reads plain JSON, no cdktf import; the model never imports it.
 *
 * What is read:
 * - `aws_kinesis_stream`: `name`, `stream_mode_details.stream_mode` (absent = PROVISIONED), `shard_count` (required
 *   when provisioned), `retention_period` (absent = 24 h), the `aws_kms_key` its `kms_key_id` references;
 * - `aws_kinesis_stream_consumer`: an enhanced fan-out consumer of the stream its `stream_arn` names
 *   (`${aws_kinesis_stream.<id>.arn}`, or a literal ARN ending in `stream/<name>`);
 * - `aws_kinesis_firehose_delivery_stream`: `kinesis_source_configuration.kinesis_stream_arn` (which stream it reads:
 *   one shared-throughput consumer of it; none = direct PUT), `extended_s3_configuration.buffering_size` /
 *   `buffering_interval` / `compression_format` / `dynamic_partitioning_configuration.enabled` (absent = the
 *   Terraform provider's defaults 5 MiB, 300 s, UNCOMPRESSED), the `aws_kms_key`s it references (bucket, SSE);
 * - `aws_kms_key`: customer-managed keys, each priced with the stream or delivery stream that references it;
 * - `provider.aws[].region` (per alias, when literal).
 *
 * A value the simulator needs that is a Terraform expression (`${var.shards}`) or missing is an error naming the
 * resource and the attribute (`SynthStackError`); values the cost does not depend on (names) may be expressions.
 */

/** A Firehose delivery stream to S3 as synthesized. */
export interface StackDelivery extends StackResource {
  readonly source:
    | { readonly kind: "kinesis"; readonly streamAddress: string }
    | { readonly kind: "kinesis-outside-stack"; readonly streamArn: string }
    | { readonly kind: "direct-put" }
    | { readonly kind: "msk" };
  /** `destination`, e.g. `extended_s3`. */
  readonly destination: string;
  /** The S3 delivery settings (extended_s3 destination), as the workload's `firehose` object takes them. */
  readonly s3?: {
    readonly bufferingSizeMiB: number;
    readonly bufferingIntervalSeconds: number;
    readonly compression: FirehoseCompression;
    /** true, false, or "expression" when `enabled` is a Terraform expression. */
    readonly dynamicPartitioning: boolean | "expression";
    /**
     * Record format conversion (`data_format_conversion_configuration`, whose `enabled` defaults to true): true, false,
     * or "expression" when `enabled` is a Terraform expression.
     */
    readonly formatConversion: boolean | "expression";
    /** Attributes absent from the JSON (the provider's default applies). */
    readonly defaulted: readonly string[];
  };
  /** Addresses of the `aws_kms_key`s the delivery stream references (bucket key, SSE key). */
  readonly kmsKeys: readonly string[];
  readonly region: StackRegion;
}

/** A Kinesis data stream as synthesized, with its readers. */
export interface StackStream extends StackResource {
  readonly capacity: StreamCapacitySpec;
  readonly retentionHours: number;
  /** True when `retention_period` is absent (24 h). */
  readonly retentionDefaulted: boolean;
  /** Its `aws_kinesis_stream_consumer`s (enhanced fan-out). */
  readonly efoConsumers: readonly StackResource[];
  /** Firehose delivery streams reading it (each a shared-throughput consumer). */
  readonly firehoseReaders: readonly StackDelivery[];
  /** The `aws_kms_key` its `kms_key_id` references, when one of the stack's. */
  readonly kmsKey?: string;
  readonly region: StackRegion;
}

/** The streams of a synthesized stack. */
export interface SynthStack {
  readonly streams: readonly StackStream[];
  /** Delivery streams that read no stream of this stack (direct PUT, a stream elsewhere, MSK). */
  readonly standaloneDeliveries: readonly StackDelivery[];
  /** Addresses of every `aws_kms_key` of the stack. */
  readonly kmsKeys: readonly string[];
  /** Consumers whose `stream_arn` names no stream of this stack (not counted anywhere). */
  readonly unmatchedConsumers: readonly StackResource[];
}

/** Options of `parseSynthStack`. */
export interface ParseSynthStackOptions {
  /**
   * Read only this stream (literal `name`, logical id, `<type>.<id>` address or construct path) — a Kinesis stream
   * or a standalone delivery stream. Attributes of the others are not checked. @default every stream
   */
  readonly stream?: string;
}

/** The resource types read. */
export const STREAM = "aws_kinesis_stream";
/** The Terraform type of a Kinesis data stream, as other readers of the JSON (the jest matchers) look it up. */
export const STREAM_RESOURCE_TYPE = STREAM;
export const CONSUMER = "aws_kinesis_stream_consumer";
export const FIREHOSE = "aws_kinesis_firehose_delivery_stream";
export const KMS_KEY = "aws_kms_key";

/**
 * Defaults of the Terraform AWS provider for attributes absent from the JSON (hashicorp/terraform-provider-aws,
 * `internal/service/firehose/delivery_stream.go`, `internal/service/kinesis/stream.go`; provider 5.x/6.x). Buffering
 * and retention defaults are the service's own (limits.ts); compression defaults to UNCOMPRESSED.
 */
export const TERRAFORM_DEFAULTS = {
  streamMode: "PROVISIONED",
  retentionPeriodHours: KINESIS_LIMITS.retentionMinHours.value,
  bufferingSizeMiB: FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value,
  bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
  compressionFormat: "UNCOMPRESSED" as FirehoseCompression,
} as const;

const KMS_REF = /\$\{aws_kms_key\.([A-Za-z0-9_-]+)\.(?:arn|id|key_id)\}/g;

function kmsKeysReferenced(value: unknown, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const m of JSON.stringify(value ?? null).matchAll(KMS_REF)) {
    if (known.has(m[1])) found.add(`${KMS_KEY}.${m[1]}`);
  }
  return [...found].sort();
}

/** The stream a `stream_arn`/`kinesis_stream_arn` value names: a stack stream's address, an outside ARN, or nothing. */
function streamReference(value: unknown, streams: readonly StackResource[]): { address?: string; outside?: string } {
  if (typeof value !== "string") return {};
  const ref = /^\$\{aws_kinesis_stream\.([A-Za-z0-9_-]+)\.(?:arn|id)\}$/.exec(value.trim());
  if (ref) {
    const s = streams.find((x) => x.id === ref[1]);
    return s ? { address: s.address } : { outside: value };
  }
  const arn = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(value.trim());
  if (arn) {
    const s = streams.find((x) => x.name === arn[1]);
    return s ? { address: s.address } : { outside: value };
  }
  return { outside: value };
}

function matches(r: StackResource, selector: string): boolean {
  return r.name === selector || r.id === selector || r.address === selector || r.path === selector || (r.path !== undefined && r.path.replace(/\/Resource$/, "") === selector);
}

function parseDelivery(doc: Json, id: string, r: Json, streams: readonly StackResource[], keyIds: ReadonlySet<string>, problems: StackProblem[]): StackDelivery {
  const res = describe(FIREHOSE, id, r);
  const label = resourceLabel(res);
  const ks = block(r.kinesis_source_configuration);
  let source: StackDelivery["source"];
  if (ks) {
    const ref = streamReference(ks.kinesis_stream_arn, streams);
    source = ref.address ? { kind: "kinesis", streamAddress: ref.address } : { kind: "kinesis-outside-stack", streamArn: String(ref.outside ?? ks.kinesis_stream_arn) };
  } else if (block(r.msk_source_configuration)) source = { kind: "msk" };
  else source = { kind: "direct-put" };
  const destination = typeof r.destination === "string" ? r.destination : "extended_s3";
  let s3: StackDelivery["s3"];
  const ext = block(r.extended_s3_configuration);
  if (destination === "extended_s3" && ext) {
    const defaulted: string[] = [];
    const F = FIREHOSE_LIMITS;
    if (ext.buffering_size === undefined) defaulted.push("buffering_size");
    if (ext.buffering_interval === undefined) defaulted.push("buffering_interval");
    if (ext.compression_format === undefined) defaulted.push("compression_format");
    const size = intAttribute(ext, "buffering_size", "extended_s3_configuration.buffering_size", res,
      { min: F.bufferingSizeMinMiB.value, max: F.bufferingSizeMaxMiB.value, what: "MiB" }, problems, TERRAFORM_DEFAULTS.bufferingSizeMiB);
    const interval = intAttribute(ext, "buffering_interval", "extended_s3_configuration.buffering_interval", res,
      { min: F.bufferingIntervalMinSeconds.value, max: F.bufferingIntervalMaxSeconds.value, what: "seconds" }, problems, TERRAFORM_DEFAULTS.bufferingIntervalSeconds);
    const rawCompression = ext.compression_format ?? TERRAFORM_DEFAULTS.compressionFormat;
    const allowedCompression = ALLOWED_VALUES.firehoseCompression.values as readonly string[];
    let compression: FirehoseCompression | undefined;
    if (typeof rawCompression === "string" && allowedCompression.includes(rawCompression)) compression = rawCompression as FirehoseCompression;
    else {
      problems.push({
        resource: label,
        field: "extended_s3_configuration.compression_format",
        value: rawCompression,
        allowed: `a literal, one of ${allowedCompression.join(", ")}${isExpression(rawCompression) ? " (a Terraform expression is known only at plan time)" : ""}`,
      });
    }
    const dpBlock = block(ext.dynamic_partitioning_configuration);
    const enabled = dpBlock?.enabled;
    const dynamicPartitioning = isExpression(enabled) ? "expression" : enabled === true || enabled === "true";
    const conversion = block(ext.data_format_conversion_configuration);
    const conversionEnabled = conversion?.enabled;
    const formatConversion =
      conversion === undefined ? false : isExpression(conversionEnabled) ? "expression" : conversionEnabled !== false && conversionEnabled !== "false";
    if (size !== undefined && interval !== undefined && compression !== undefined) {
      s3 = { bufferingSizeMiB: size, bufferingIntervalSeconds: interval, compression, dynamicPartitioning, formatConversion, defaulted };
    }
  }
  return { ...res, source, destination, ...(s3 ? { s3 } : {}), kmsKeys: kmsKeysReferenced(r, keyIds), region: regionOf(doc, r) };
}

/**
 * The capacity of an `aws_kinesis_stream` as synthesized: `stream_mode_details.stream_mode` (absent = PROVISIONED;
 * cdktf writes the block as an object, an escape-hatch override may write Terraform JSON's list form) and, when
 * provisioned, a literal `shard_count` from 1 to `KINESIS_LIMITS.maxShardsPerStream`. Undefined, with the reason in
 * `problems`, when either is a Terraform expression, missing or out of range.
 */
export function readStreamCapacity(stream: Json, resource: StackResource, problems: StackProblem[]): StreamCapacitySpec | undefined {
  const mode = block(stream.stream_mode_details)?.stream_mode ?? TERRAFORM_DEFAULTS.streamMode;
  if (mode === "ON_DEMAND") return { mode: "on-demand" };
  if (mode === "PROVISIONED") {
    const max = KINESIS_LIMITS.maxShardsPerStream.value;
    const shards = intAttribute(stream, "shard_count", "shard_count", resource, { min: 1, max, what: "shards; required in PROVISIONED mode" }, problems);
    return shards !== undefined ? { mode: "provisioned", shards } : undefined;
  }
  problems.push({
    resource: resourceLabel(resource),
    field: "stream_mode_details.stream_mode",
    value: mode,
    allowed: `a literal "PROVISIONED" or "ON_DEMAND"${isExpression(mode) ? " (a Terraform expression is known only at plan time)" : ""}`,
  });
  return undefined;
}

/**
 * Reads the streams of a synthesized stack. Throws `SynthStackError` when the document is not Terraform JSON, has
 * no Kinesis or Firehose delivery stream, `options.stream` selects nothing, or an attribute the cost needs is an
 * expression, missing or out of range (every such problem at once).
 */
export function parseSynthStack(input: unknown, options: ParseSynthStackOptions = {}): SynthStack {
  if (!isObject(input) || !(isObject(input.resource) || isObject(input.terraform) || isObject(input.provider))) {
    throw new SynthStackError(
      "not a synthesized Terraform JSON stack: expected an object with \"resource\" (and \"terraform\", \"provider\") blocks, such as cdktf.out/stacks/<stack>/cdk.tf.json",
    );
  }
  const doc = input;
  const keyIds = new Set(resourcesOf(doc, KMS_KEY).map(([id]) => id));
  const streamEntries = resourcesOf(doc, STREAM);
  const deliveryEntries = resourcesOf(doc, FIREHOSE);
  if (streamEntries.length === 0 && deliveryEntries.length === 0) {
    const types = Object.keys(isObject(doc.resource) ? doc.resource : {});
    throw new SynthStackError(
      `the stack has no ${STREAM} and no ${FIREHOSE} resource (resource types found: ${types.length > 0 ? types.join(", ") : "none"})`,
    );
  }
  const streamResources = streamEntries.map(([id, r]) => describe(STREAM, id, r));
  const problems: StackProblem[] = [];
  // Delivery streams first (read with problems collected separately: only those that are costed count).
  const deliveryProblems = new Map<string, StackProblem[]>();
  const deliveries = deliveryEntries.map(([id, r]) => {
    const own: StackProblem[] = [];
    const d = parseDelivery(doc, id, r, streamResources, keyIds, own);
    deliveryProblems.set(d.address, own);
    return d;
  });
  const standaloneAll = deliveries.filter((d) => d.source.kind !== "kinesis");
  const selector = options.stream;
  const selectedStreams = selector === undefined ? streamResources : streamResources.filter((s) => matches(s, selector));
  const selectedStandalone = selector === undefined ? standaloneAll : standaloneAll.filter((d) => matches(d, selector));
  if (selector !== undefined && selectedStreams.length === 0 && selectedStandalone.length === 0) {
    const names = [...streamResources, ...standaloneAll].map((r) => (r.name ? `${r.name} (${r.id})` : r.id));
    throw new SynthStackError(`no stream named '${selector}' in the stack (streams: ${names.join(", ")})`);
  }

  const consumers = resourcesOf(doc, CONSUMER).map(([id, r]) => ({ res: describe(CONSUMER, id, r), ref: streamReference(r.stream_arn, streamResources) }));
  const streams: StackStream[] = [];
  for (const res of selectedStreams) {
    const r = streamEntries.find(([id]) => id === res.id)![1];
    const capacity = readStreamCapacity(r, res, problems);
    const L = KINESIS_LIMITS;
    const retention = intAttribute(r, "retention_period", "retention_period", res,
      { min: L.retentionMinHours.value, max: L.retentionMaxHours.value, what: "hours" }, problems, TERRAFORM_DEFAULTS.retentionPeriodHours);
    const efoConsumers = consumers.filter((c) => c.ref.address === res.address).map((c) => c.res);
    const maxEfo = L.maxEfoConsumersPerStream.value;
    if (efoConsumers.length > maxEfo) {
      problems.push({ resource: resourceLabel(res), field: `${CONSUMER} resources`, value: efoConsumers.length, allowed: `at most ${maxEfo} enhanced fan-out consumers per stream` });
    }
    const firehoseReaders = deliveries.filter((d) => d.source.kind === "kinesis" && d.source.streamAddress === res.address);
    for (const d of firehoseReaders) problems.push(...(deliveryProblems.get(d.address) ?? []));
    const keys = kmsKeysReferenced(r.kms_key_id, keyIds);
    if (capacity !== undefined && retention !== undefined) {
      streams.push({
        ...res,
        capacity,
        retentionHours: retention,
        retentionDefaulted: r.retention_period === undefined,
        efoConsumers,
        firehoseReaders,
        ...(keys.length > 0 ? { kmsKey: keys[0] } : {}),
        region: regionOf(doc, r),
      });
    }
  }
  for (const d of selectedStandalone) problems.push(...(deliveryProblems.get(d.address) ?? []));
  if (problems.length > 0) {
    throw new SynthStackError(`the stack has ${problems.length} value${problems.length === 1 ? "" : "s"} stream-sim cannot cost`, problems);
  }
  return {
    streams,
    standaloneDeliveries: selectedStandalone,
    kmsKeys: [...keyIds].sort().map((id) => `${KMS_KEY}.${id}`),
    unmatchedConsumers: consumers.filter((c) => c.ref.address === undefined).map((c) => c.res),
  };
}
