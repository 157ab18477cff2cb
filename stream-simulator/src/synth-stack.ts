import { checkCapacity, type CapacityVerdict } from "./capacity-check";
import { estimateCost, type CostEstimate, type CostOptions } from "./cost";
import { simulateFirehose } from "./firehose";
import { ALLOWED_VALUES, FIREHOSE_LIMITS, KINESIS_LIMITS } from "./limits";
import type { CostLine, FirehoseCompression, FirehoseSpec, StreamCapacitySpec, Workload } from "./types";
import { parseWorkload, resolveWorkload, WORKLOAD_DEFAULTS } from "./workload";

/**
 * The Kinesis streams and Firehose delivery streams of a synthesized Terraform JSON stack (cdktf's
 * `cdktf.out/stacks/<stack>/cdk.tf.json`), and their monthly cost under a workload (`stream-sim cost --synth`).
 * Pure: reads plain JSON, no cdktf import.
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

/** One unusable attribute of the stack. */
export interface StackProblem {
  /** Terraform address, e.g. `aws_kinesis_stream.Pipeline_Stream_DD609695`, with the construct path when known. */
  readonly resource: string;
  /** Attribute path, e.g. `shard_count` or `extended_s3_configuration.buffering_size`. */
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Thrown for a file that is not a usable synthesized stack; `problems` lists every unusable attribute. */
export class SynthStackError extends Error {
  public constructor(
    message: string,
    public readonly problems: readonly StackProblem[] = [],
  ) {
    super(message);
    this.name = "SynthStackError";
  }
}

/** A resource of the stack. */
export interface StackResource {
  /** Terraform type, e.g. `aws_kinesis_stream`. */
  readonly type: string;
  /** Logical id (cdktf's unique id), e.g. `Pipeline_Stream_DD609695`. */
  readonly id: string;
  /** `<type>.<id>`. */
  readonly address: string;
  /** Construct path from cdktf's metadata, when present. */
  readonly path?: string;
  /** The `name` attribute when it is a literal. */
  readonly name?: string;
}

/** Where the region of a resource comes from. */
export interface StackRegion {
  /** The provider's literal region, or undefined when not set or not literal. */
  readonly value?: string;
  /** e.g. `provider "aws" region`, `provider "aws" (alias west) region`. */
  readonly from: string;
  /** The raw value when it is not a literal (a Terraform expression). */
  readonly expression?: string;
}

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

const STREAM = "aws_kinesis_stream";
const CONSUMER = "aws_kinesis_stream_consumer";
const FIREHOSE = "aws_kinesis_firehose_delivery_stream";
const KMS_KEY = "aws_kms_key";

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

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** A Terraform expression or interpolation (`${...}`), including cdktf tokens left unresolved. */
export const isExpression = (v: unknown): v is string => typeof v === "string" && /\$\{|\bTfToken\[/.test(v);
/** A nested block: cdktf writes single blocks as an object, some as a one-element list. */
const block = (v: unknown): Json | undefined => (Array.isArray(v) ? (isObject(v[0]) ? v[0] : undefined) : isObject(v) ? v : undefined);

function resourcesOf(doc: Json, type: string): [string, Json][] {
  const all = isObject(doc.resource) ? doc.resource : {};
  const byId = all[type];
  if (!isObject(byId)) return [];
  return Object.entries(byId).filter((e): e is [string, Json] => isObject(e[1]));
}

function describe(type: string, id: string, r: Json): StackResource {
  const meta = block(r["//"]);
  const metadata = meta ? block(meta.metadata) : undefined;
  const path = typeof metadata?.path === "string" ? metadata.path : undefined;
  const name = typeof r.name === "string" && !isExpression(r.name) ? r.name : undefined;
  return { type, id, address: `${type}.${id}`, ...(path !== undefined ? { path } : {}), ...(name !== undefined ? { name } : {}) };
}

/** `aws_kinesis_stream.X (construct/path)` for messages. */
export function resourceLabel(r: StackResource): string {
  return r.path ? `${r.address} (${r.path})` : r.address;
}

/** The name shown for a resource: its literal name, else its address. */
export function displayName(r: StackResource): string {
  return r.name ?? r.address;
}

function regionOf(doc: Json, r: Json): StackRegion {
  const ref = typeof r.provider === "string" ? r.provider : "aws";
  const alias = ref.includes(".") ? ref.slice(ref.indexOf(".") + 1) : undefined;
  const providers = isObject(doc.provider) ? doc.provider.aws : undefined;
  const list = Array.isArray(providers) ? providers.filter(isObject) : isObject(providers) ? [providers] : [];
  const p = list.find((c) => (alias === undefined ? c.alias === undefined : c.alias === alias));
  const from = alias === undefined ? 'provider "aws" region' : `provider "aws" (alias ${alias}) region`;
  if (!p || p.region === undefined) return { from };
  if (typeof p.region === "string" && !isExpression(p.region)) return { value: p.region, from };
  return { from, expression: String(p.region) };
}

/** Reads a whole number; problems for expressions, missing values (unless a default is given) and out-of-range values. */
function intAttribute(
  obj: Json,
  key: string,
  field: string,
  resource: StackResource,
  range: { min: number; max: number; what: string },
  problems: StackProblem[],
  fallback?: number,
): number | undefined {
  const raw = obj[key];
  const allowed = `a literal whole number from ${range.min.toLocaleString("en-US")} to ${range.max.toLocaleString("en-US")} (${range.what})`;
  const label = resourceLabel(resource);
  if (raw === undefined || raw === null) {
    if (fallback !== undefined) return fallback;
    problems.push({ resource: label, field, value: undefined, allowed: `${allowed}; it is required here` });
    return undefined;
  }
  if (isExpression(raw)) {
    problems.push({ resource: label, field, value: raw, allowed: `${allowed}: a Terraform expression is known only at plan time, so stream-sim cannot cost it` });
    return undefined;
  }
  // Terraform converts a JSON string such as "4" to a number.
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    problems.push({ resource: label, field, value: raw, allowed });
    return undefined;
  }
  return n;
}

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
    if (size !== undefined && interval !== undefined && compression !== undefined) {
      s3 = { bufferingSizeMiB: size, bufferingIntervalSeconds: interval, compression, dynamicPartitioning, defaulted };
    }
  }
  return { ...res, source, destination, ...(s3 ? { s3 } : {}), kmsKeys: kmsKeysReferenced(r, keyIds), region: regionOf(doc, r) };
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
    const mode = block(r.stream_mode_details)?.stream_mode ?? TERRAFORM_DEFAULTS.streamMode;
    let capacity: StreamCapacitySpec | undefined;
    if (mode === "ON_DEMAND") capacity = { mode: "on-demand" };
    else if (mode === "PROVISIONED") {
      const max = KINESIS_LIMITS.maxShardsPerStream.value;
      const shards = intAttribute(r, "shard_count", "shard_count", res, { min: 1, max, what: "shards; required in PROVISIONED mode" }, problems);
      if (shards !== undefined) capacity = { mode: "provisioned", shards };
    } else {
      problems.push({
        resource: resourceLabel(res),
        field: "stream_mode_details.stream_mode",
        value: mode,
        allowed: `a literal "PROVISIONED" or "ON_DEMAND"${isExpression(mode) ? " (a Terraform expression is known only at plan time)" : ""}`,
      });
    }
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

// ---------------------------------------------------------------------------------------------------------------------
// The workload as the stack has it, and its cost
// ---------------------------------------------------------------------------------------------------------------------

/** A value the stack supplies in place of the workload file's. */
export interface StackValue {
  /** Workload field (or `capacity`, `KMS customer-managed keys`). */
  readonly field: string;
  readonly value: unknown;
  /** What the workload file said (its default when absent); undefined when the file has no such field. */
  readonly workloadValue?: unknown;
  /** Where in the stack it comes from. */
  readonly from: string;
}

/** One costed item: a Kinesis stream (with its readers) or a standalone Firehose delivery stream. */
export interface SynthCostItem {
  readonly kind: "kinesis-stream" | "firehose";
  readonly resource: StackResource;
  /** The stream's capacity; null for a standalone delivery stream. */
  readonly capacity: StreamCapacitySpec | null;
  /** How a standalone delivery stream is fed. */
  readonly source?: StackDelivery["source"]["kind"];
  /** Firehose delivery streams reading the stream (addresses) and its enhanced fan-out consumers. */
  readonly firehoseReaders: readonly StackResource[];
  readonly efoConsumers: readonly StackResource[];
  /** Every value taken from the stack. */
  readonly fromStack: readonly StackValue[];
  /** The workload as costed: the file's, with the stack's values in place. */
  readonly workload: Workload;
  readonly cost: SynthCost;
  readonly monthlyUsd: number;
  /** What the stack implies for this cost beyond the model's own notes (dynamic partitioning, keys, region, quota). */
  readonly notes: readonly string[];
}

/** A cost breakdown: `estimateCost`'s for a stream; Firehose, S3 and KMS lines only for a standalone delivery stream. */
export interface SynthCost {
  readonly lines: readonly CostLine[];
  readonly totalMonthlyUsd: number;
  readonly priceTableAsOf: string;
  readonly region: string;
  readonly notes: readonly string[];
  readonly s3Delivery?: CostEstimate["s3Delivery"];
  readonly kinesisRecordsPerSecond?: number;
  readonly kinesisRecordBytes?: number;
}

/** Result of `costSynthStack`. */
export interface SynthCostReport {
  readonly items: readonly SynthCostItem[];
  /** Stack-wide remarks (unmatched consumers, keys priced with no stream). */
  readonly notes: readonly string[];
}

function firehoseSpecOf(d: StackDelivery, workload: Workload): FirehoseSpec | undefined {
  if (!d.s3) return undefined;
  const fileSpec = resolveWorkload(workload).firehoseDelivery ?? WORKLOAD_DEFAULTS.firehoseDelivery;
  return { bufferingSizeMiB: d.s3.bufferingSizeMiB, bufferingIntervalSeconds: d.s3.bufferingIntervalSeconds, compression: d.s3.compression, s3StorageDays: fileSpec.s3StorageDays };
}

function firehoseValues(d: StackDelivery, workload: Workload, values: StackValue[]): void {
  if (!d.s3) return;
  const file = resolveWorkload(workload).firehoseDelivery;
  const from = (attr: string): string => `${d.address}: extended_s3_configuration.${attr}${d.s3!.defaulted.includes(attr) ? " (absent: provider default)" : ""}`;
  values.push({ field: "firehose.bufferingSizeMiB", value: d.s3.bufferingSizeMiB, workloadValue: file?.bufferingSizeMiB ?? "no Firehose", from: from("buffering_size") });
  values.push({ field: "firehose.bufferingIntervalSeconds", value: d.s3.bufferingIntervalSeconds, workloadValue: file?.bufferingIntervalSeconds ?? "no Firehose", from: from("buffering_interval") });
  values.push({ field: "firehose.compression", value: d.s3.compression, workloadValue: file?.compression ?? "no Firehose", from: from("compression_format") });
}

function deliveryNotes(d: StackDelivery): string[] {
  const notes: string[] = [];
  if (d.s3?.dynamicPartitioning === true || d.s3?.dynamicPartitioning === "expression") {
    notes.push(
      `${displayName(d)} ${d.s3.dynamicPartitioning === true ? "uses" : "may use (expression)"} dynamic partitioning: the cost model assumes one partition, so S3 PUT requests are a lower bound (one object per active partition per flush), and dynamic-partitioning charges are not priced`,
    );
  }
  if (!d.s3) notes.push(`${displayName(d)} delivers to ${d.destination}, not S3: Firehose ingestion is priced, the destination is not`);
  return notes;
}

function regionValue(region: StackRegion, workload: Workload, values: StackValue[], notes: string[]): string | undefined {
  const fileRegion = resolveWorkload(workload).region;
  if (region.value !== undefined) {
    values.push({ field: "region", value: region.value, workloadValue: fileRegion, from: region.from });
    return region.value;
  }
  notes.push(region.expression !== undefined
    ? `the provider's region is an expression (${region.expression}): the workload file's region (${fileRegion}) is used`
    : `the stack sets no provider region: the workload file's region (${fileRegion}) is used`);
  return undefined;
}

/** KMS key options for `estimateCost`: the default labels when the stack has exactly this project's keys. */
function kmsOptions(streamKey: string | undefined, otherKeys: readonly string[], firehoseOn: boolean, notes: string[]): CostOptions {
  const count = (streamKey ? 1 : 0) + otherKeys.length;
  if (streamKey && otherKeys.length === (firehoseOn ? 1 : 0)) return {};
  if (!streamKey && count > 0) notes.push("the stream has no customer-managed key of this stack: its KMS requests are not priced");
  return { kmsCustomerManagedKeys: count, ...(streamKey ? {} : { kmsRequestsPerMonth: 0 }) };
}

function costStream(stream: StackStream, workload: Workload): SynthCostItem {
  const file = resolveWorkload(workload);
  const values: StackValue[] = [];
  const notes: string[] = [];
  const cap = stream.capacity;
  values.push({
    field: "capacity",
    value: cap.mode === "provisioned" ? `${cap.shards} shards` : "on-demand",
    from: cap.mode === "provisioned" ? `${stream.address}: shard_count` : `${stream.address}: stream_mode_details.stream_mode`,
  });
  values.push({ field: "retentionHours", value: stream.retentionHours, workloadValue: file.retentionHours, from: `${stream.address}: retention_period${stream.retentionDefaulted ? " (absent: 24 h default)" : ""}` });
  values.push({
    field: "consumers.enhancedFanOut",
    value: stream.efoConsumers.length,
    workloadValue: file.consumers.enhancedFanOut,
    from: stream.efoConsumers.length > 0 ? `${CONSUMER}: ${stream.efoConsumers.map(displayName).join(", ")}` : `no ${CONSUMER} reads it`,
  });
  const readers = stream.firehoseReaders;
  const shared = Math.max(file.consumers.shared, readers.length);
  values.push({
    field: "consumers.shared",
    value: shared,
    workloadValue: file.consumers.shared,
    from: `max(the file's count, ${readers.length} Firehose reader${readers.length === 1 ? "" : "s"} with kinesis_source_configuration)`,
  });
  const first = readers[0];
  const spec = first ? firehoseSpecOf(first, workload) : undefined;
  const firehose: boolean | FirehoseSpec = spec ?? (first ? true : false);
  if (!first) values.push({ field: "firehose", value: false, workloadValue: file.firehose, from: `no ${FIREHOSE} reads it` });
  else firehoseValues(first, workload, values);
  for (const d of readers) notes.push(...deliveryNotes(d));
  const region = regionValue(stream.region, workload, values, notes);
  const costed: Workload = {
    ...workload,
    retentionHours: stream.retentionHours,
    consumers: { ...workload.consumers, enhancedFanOut: stream.efoConsumers.length, shared },
    firehose,
    ...(region !== undefined ? { region } : {}),
  };
  parseWorkload(costed); // the stack's values within the workload's ranges (checked above; a safety net)
  // A cost is only meaningful for a capacity that carries the traffic: say so when the stack's does not.
  const verdict = checkCapacity(costed, cap);
  if (!verdict.passes) notes.push(capacityShortfall(verdict));
  const firehoseOn = first !== undefined;
  const otherKeys = [...new Set(readers.flatMap((d) => d.kmsKeys))].filter((k) => k !== stream.kmsKey).sort();
  const kms = kmsOptions(stream.kmsKey, otherKeys, firehoseOn, notes);
  const keyList = [stream.kmsKey, ...otherKeys].filter((k): k is string => k !== undefined);
  values.push({ field: "KMS customer-managed keys", value: keyList.length, from: keyList.length > 0 ? keyList.join(", ") : "no aws_kms_key referenced" });
  const estimate = estimateCost(costed, cap, { ...kms, ...(first && !first.s3 ? { s3: {} } : {}) });
  let lines = [...estimate.lines];
  const extraNotes: string[] = [];
  // Further Firehose readers: their own Firehose and S3 lines.
  for (const d of readers.slice(1)) {
    const extra = deliveryLines(costed, d);
    lines = lines.concat(extra.lines.map((l) => ({ ...l, item: `${l.item} — ${displayName(d)}` })));
    extraNotes.push(`${displayName(d)} also reads the stream: its Firehose and S3 lines are added (its S3 storage days from the workload file)`);
  }
  const total = lines.reduce((a, l) => a + l.monthlyUsd, 0);
  return {
    kind: "kinesis-stream",
    resource: strip(stream),
    capacity: cap,
    firehoseReaders: readers.map(strip),
    efoConsumers: stream.efoConsumers,
    fromStack: values,
    workload: costed,
    cost: {
      lines,
      totalMonthlyUsd: total,
      priceTableAsOf: estimate.priceTableAsOf,
      region: estimate.region,
      notes: estimate.notes,
      ...(estimate.s3Delivery ? { s3Delivery: estimate.s3Delivery } : {}),
      kinesisRecordsPerSecond: estimate.kinesisRecordsPerSecond,
      kinesisRecordBytes: estimate.kinesisRecordBytes,
    },
    monthlyUsd: total,
    notes: [...notes, ...extraNotes],
  };
}

/** The note for a synthesized capacity that does not sustain the costed workload (`checkCapacity`'s default criteria). */
function capacityShortfall(v: CapacityVerdict): string {
  const cap = v.capacity.mode === "provisioned" ? `${v.capacity.shards} shard${v.capacity.shards === 1 ? "" : "s"}` : "on-demand capacity";
  const fix =
    v.feasible === false || v.smallestPassingShards === null || v.smallestPassingShards === undefined
      ? "no provisioned shard count passes (stream-sim size explains why)"
      : `${v.smallestPassingShards} shards pass (stream-sim size)`;
  return (
    `the stack's capacity (${cap}) does NOT sustain this workload ` +
    `(${v.failures.map((f) => f.message).join("; ")}; binding constraint ${v.bindingConstraint}): ${fix}. ` +
    "The cost above is that of the stack as synthesized, not of a stream sized for this traffic"
  );
}

function strip(r: StackResource): StackResource {
  return { type: r.type, id: r.id, address: r.address, ...(r.path !== undefined ? { path: r.path } : {}), ...(r.name !== undefined ? { name: r.name } : {}) };
}

/** The Firehose and S3 lines of one delivery stream under `workload` (estimateCost's, without the stream's lines). */
function deliveryLines(workload: Workload, d: StackDelivery): { lines: CostLine[]; estimate: CostEstimate } {
  const spec = firehoseSpecOf(d, workload);
  const estimate = estimateCost({ ...workload, firehose: spec ?? true }, { mode: "on-demand" }, { kmsCustomerManagedKeys: 0, ...(spec ? {} : { s3: {} }) });
  return { lines: estimate.lines.filter((l) => /^(Firehose|S3)/.test(l.item)), estimate };
}

function costStandalone(d: StackDelivery, workload: Workload): SynthCostItem {
  const values: StackValue[] = [];
  const notes: string[] = [];
  firehoseValues(d, workload, values);
  notes.push(...deliveryNotes(d));
  const region = regionValue(d.region, workload, values, notes);
  const costed: Workload = { ...workload, firehose: firehoseSpecOf(d, workload) ?? true, ...(region !== undefined ? { region } : {}) };
  const { lines, estimate } = deliveryLines(costed, d);
  const all = [...lines];
  const keys = d.kmsKeys;
  values.push({ field: "KMS customer-managed keys", value: keys.length, from: keys.length > 0 ? keys.join(", ") : "no aws_kms_key referenced" });
  if (keys.length > 0) {
    const withKeys = estimateCost(costed, { mode: "on-demand" }, { kmsCustomerManagedKeys: keys.length, kmsRequestsPerMonth: 0 });
    all.push(...withKeys.lines.filter((l) => l.item.startsWith("KMS customer-managed keys")));
    notes.push("KMS requests of the delivery stream's keys are not priced (no figure for Firehose's request rate)");
  }
  if (d.source.kind === "direct-put") {
    notes.push("direct PUT: no Kinesis stream, so the workload's stream fields (retention, consumers, partition keys, shards) do not apply");
    if (d.s3) {
      const q = simulateFirehose(costed, { bufferingSizeMiB: d.s3.bufferingSizeMiB, bufferingIntervalSeconds: d.s3.bufferingIntervalSeconds, compression: d.s3.compression, source: "direct-put" });
      const u = q.directPutQuota!;
      const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
      notes.push(
        `direct-PUT quota use at peak (${u.region}): records/s ${pct(u.recordsPerSecond.utilization)}, requests/s ${pct(u.requestsPerSecond.utilization)}, bytes/s ${pct(u.bytesPerSecond.utilization)}` +
          (q.quotaBreached ? " — QUOTA BREACHED: PutRecordBatch will throttle" : ""),
      );
    }
  } else if (d.source.kind === "kinesis-outside-stack") {
    notes.push(`reads a Kinesis stream outside this stack (${d.source.streamArn}): only its Firehose and S3 lines are priced here`);
  } else if (d.source.kind === "msk") {
    notes.push("reads an MSK cluster: only its Firehose and S3 lines are priced (the Firehose ingestion price of an MSK source may differ)");
  }
  const total = all.reduce((a, l) => a + l.monthlyUsd, 0);
  const keptNotes = estimate.notes.filter((n) => !/^(KMS|on-demand)/.test(n));
  return {
    kind: "firehose",
    resource: strip(d),
    capacity: null,
    source: d.source.kind,
    firehoseReaders: [],
    efoConsumers: [],
    fromStack: values,
    workload: costed,
    cost: {
      lines: all,
      totalMonthlyUsd: total,
      priceTableAsOf: estimate.priceTableAsOf,
      region: estimate.region,
      notes: keptNotes,
      ...(estimate.s3Delivery && d.s3 ? { s3Delivery: estimate.s3Delivery } : {}),
    },
    monthlyUsd: total,
    notes,
  };
}

/**
 * Monthly cost of every stream of a synthesized stack (or the one `options.stream` selects) under `workload`: each
 * Kinesis stream at its synthesized capacity, retention, enhanced fan-out consumers and Firehose reader (the
 * workload's own values for these are replaced, and listed in `fromStack`), and each delivery stream that reads no
 * stream of the stack (direct PUT) with its Firehose, S3 and KMS lines. Every stream is costed under the same
 * workload: a workload file describes one stream's traffic.
 */
export function costSynthStack(stackJson: unknown, workload: Workload, options: ParseSynthStackOptions = {}): SynthCostReport {
  const stack = parseSynthStack(stackJson, options);
  const items = [...stack.streams.map((s) => costStream(s, workload)), ...stack.standaloneDeliveries.map((d) => costStandalone(d, workload))];
  const notes: string[] = [];
  for (const c of stack.unmatchedConsumers) notes.push(`${resourceLabel(c)}: its stream_arn names no stream of this stack; not counted`);
  if (options.stream === undefined) {
    const priced = new Set<string>();
    for (const s of stack.streams) {
      if (s.kmsKey) priced.add(s.kmsKey);
      for (const d of s.firehoseReaders) d.kmsKeys.forEach((k) => priced.add(k));
    }
    for (const d of stack.standaloneDeliveries) d.kmsKeys.forEach((k) => priced.add(k));
    const unpriced = stack.kmsKeys.filter((k) => !priced.has(k));
    if (unpriced.length > 0) notes.push(`${unpriced.length} KMS key${unpriced.length === 1 ? "" : "s"} of the stack referenced by no costed stream (not priced): ${unpriced.join(", ")}`);
  }
  if (items.length > 1) notes.push("every stream is costed under the same workload file (a workload describes one stream's traffic)");
  return { items, notes };
}
