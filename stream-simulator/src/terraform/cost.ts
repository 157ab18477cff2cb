/**
 * The monthly cost of a synthesized stack's streams under a workload (`stream-sim cost --synth`): the streams as
 * `parse.ts` reads them, priced by the simulator's model (`estimateCost`, `checkCapacity`, `simulateFirehose`).
 */
import { checkCapacity, type CapacityVerdict } from "../capacity-check";
import { estimateCost, type CostEstimate, type CostOptions } from "../cost";
import { simulateFirehose } from "../firehose";
import type { CostLine, FirehoseSpec, StreamCapacitySpec, Workload } from "../types";
import { FIREHOSE_LIMITS } from "../limits";
import { parseWorkload, resolveWorkload, WORKLOAD_DEFAULTS } from "../workload";
import { displayName, resourceLabel, type StackRegion, type StackResource } from "./document";
import { CONSUMER, FIREHOSE, parseSynthStack, type ParseSynthStackOptions, type StackDelivery, type StackStream } from "./parse";

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

/** The workload file's own `firehose` object, when it declares one. */
function fileFirehose(workload: Workload): FirehoseSpec | undefined {
  return typeof workload.firehose === "object" && workload.firehose !== null ? workload.firehose : undefined;
}

/**
 * The delivery's settings as the workload's `firehose` object: buffering and compression from the stack; record
 * format conversion when the stack enables it; dynamic partitioning when the stack enables it and the workload file
 * says how many partitions are active (`firehose.dynamicPartitioning`, which the stack cannot know).
 */
function firehoseSpecOf(d: StackDelivery, workload: Workload): FirehoseSpec | undefined {
  if (!d.s3) return undefined;
  const fileSpec = resolveWorkload(workload).firehoseDelivery ?? WORKLOAD_DEFAULTS.firehoseDelivery;
  const partitions = fileFirehose(workload)?.dynamicPartitioning;
  const F = FIREHOSE_LIMITS;
  const partitioned =
    d.s3.dynamicPartitioning === true &&
    partitions !== undefined &&
    d.s3.bufferingSizeMiB >= F.dynamicPartitioningMinBufferMiB.value &&
    d.s3.bufferingIntervalSeconds >= F.dynamicPartitioningMinIntervalSeconds.value;
  return {
    bufferingSizeMiB: d.s3.bufferingSizeMiB,
    bufferingIntervalSeconds: d.s3.bufferingIntervalSeconds,
    compression: d.s3.compression,
    s3StorageDays: fileSpec.s3StorageDays,
    ...(d.s3.formatConversion === true ? { formatConversion: true } : {}),
    ...(partitioned ? { dynamicPartitioning: partitions } : {}),
  };
}

function firehoseValues(d: StackDelivery, workload: Workload, values: StackValue[]): void {
  if (!d.s3) return;
  const file = resolveWorkload(workload).firehoseDelivery;
  const from = (attr: string): string => `${d.address}: extended_s3_configuration.${attr}${d.s3!.defaulted.includes(attr) ? " (absent: provider default)" : ""}`;
  values.push({ field: "firehose.bufferingSizeMiB", value: d.s3.bufferingSizeMiB, workloadValue: file?.bufferingSizeMiB ?? "no Firehose", from: from("buffering_size") });
  values.push({ field: "firehose.bufferingIntervalSeconds", value: d.s3.bufferingIntervalSeconds, workloadValue: file?.bufferingIntervalSeconds ?? "no Firehose", from: from("buffering_interval") });
  values.push({ field: "firehose.compression", value: d.s3.compression, workloadValue: file?.compression ?? "no Firehose", from: from("compression_format") });
  if (d.s3.formatConversion !== "expression") {
    values.push({
      field: "firehose.formatConversion",
      value: d.s3.formatConversion,
      workloadValue: fileFirehose(workload)?.formatConversion ?? false,
      from: `${d.address}: extended_s3_configuration.data_format_conversion_configuration${d.s3.formatConversion ? "" : " (absent or disabled)"}`,
    });
  }
}

function deliveryNotes(d: StackDelivery, workload: Workload): string[] {
  const notes: string[] = [];
  const partitions = fileFirehose(workload)?.dynamicPartitioning;
  const priced = firehoseSpecOf(d, workload)?.dynamicPartitioning !== undefined;
  if (d.s3?.dynamicPartitioning === "expression") {
    notes.push(`${displayName(d)} may use dynamic partitioning (its enabled flag is an expression): its charges are not priced, and S3 PUT requests assume one partition`);
  } else if (d.s3?.dynamicPartitioning === true && !priced) {
    notes.push(
      partitions === undefined
        ? `${displayName(d)} uses dynamic partitioning: declare firehose.dynamicPartitioning.activePartitions in the workload file to price it (its per-GB, per-object and JQ charges, one object per active partition per flush); priced here as one partition without those charges`
        : `${displayName(d)} uses dynamic partitioning with buffering below its minimum (64 MiB, 60 s): not priced`,
    );
  } else if (d.s3 && d.s3.dynamicPartitioning === false && partitions !== undefined) {
    notes.push(`the workload file declares dynamic partitioning, but ${displayName(d)} does not enable it: priced without it`);
  }
  if (d.s3?.formatConversion === "expression") {
    notes.push(`${displayName(d)} may convert record formats (its enabled flag is an expression): conversion is not priced`);
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
  for (const d of readers) notes.push(...deliveryNotes(d, workload));
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
  const cold = verdict.passes ? verdict.onDemand?.coldStart : undefined;
  if (cold !== undefined && !cold.passes) {
    notes.push(
      `on-demand sustains this workload once established, but a new stream's cold start throttles ${(cold.firstAttemptThrottledFraction * 100).toFixed(1)}% ` +
        `of first attempts for ${Math.ceil(cold.seconds / 60)} min (stream-sim simulate --on-demand shows the phases)`,
    );
  }
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
  notes.push(...deliveryNotes(d, workload));
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
