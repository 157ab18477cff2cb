import { checkCapacity } from "../src/capacity-check";
import { estimateCost } from "../src/cost";
import { KINESIS_LIMITS } from "../src/limits";
import { SynthStackError, costSynthStack, isExpression, parseSynthStack, readStreamCapacity, stackResources, type StackProblem } from "../src/terraform";
import type { Workload } from "../src/types";

/**
 * Reading a synthesized Terraform JSON stack (`cdk.tf.json`) and costing its streams: small hand-written documents
 * shaped like cdktf's output. The end-to-end test against a real synthesized stack is test/stream-sim-cost-synth.test.ts
 * at the repository root (this package may not depend on cdktf).
 */

type Json = Record<string, unknown>;

const meta = (path: string): Json => ({ "//": { metadata: { path, uniqueId: path.split("/").join("_") } } });

function stream(name: string, attrs: Json = {}): Json {
  return { ...meta(`stack/${name}/Resource`), name, ...attrs };
}

function delivery(name: string, attrs: Json = {}, s3: Json = {}): Json {
  return {
    ...meta(`stack/${name}/Resource`),
    name,
    destination: "extended_s3",
    extended_s3_configuration: { bucket_arn: "${aws_s3_bucket.B.arn}", role_arn: "${aws_iam_role.R.arn}", ...s3 },
    ...attrs,
  };
}

const readsFrom = (streamId: string): Json => ({
  kinesis_source_configuration: { kinesis_stream_arn: `\${aws_kinesis_stream.${streamId}.arn}`, role_arn: "${aws_iam_role.R.arn}" },
});

/** A stack document: `resources` by type, and a provider block. */
function stack(resources: Record<string, Record<string, Json>>, provider: Json[] = [{ region: "eu-west-1" }]): Json {
  return { "//": { metadata: { backend: "local", stackName: "stack", version: "0.21.0" } }, provider: { aws: provider }, resource: resources, terraform: {} };
}

const WORKLOAD: Workload = { recordsPerSecond: 500, recordBytes: 800, durationSeconds: 600, consumers: { shared: 1, enhancedFanOut: 3 }, retentionHours: 24 };

function problemsOf(fn: () => unknown): readonly StackProblem[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SynthStackError);
    return (e as SynthStackError).problems;
  }
  throw new Error("expected a SynthStackError");
}

describe("stackResources / readStreamCapacity: the reading the jest matchers share", () => {
  const doc = stack({
    aws_kinesis_stream: {
      A: stream("a", { stream_mode_details: [{ stream_mode: "ON_DEMAND" }] }),
      B: stream("b", { shard_count: 3 }),
      C: stream("c", { shard_count: "${var.shards}" }),
      D: stream("d", { stream_mode_details: { stream_mode: "BURSTY" } }),
    },
  });

  it("lists a type's resources with their logical id, address, construct path and literal name", () => {
    const [a] = stackResources(doc, "aws_kinesis_stream");
    expect(a.resource).toEqual({ type: "aws_kinesis_stream", id: "A", address: "aws_kinesis_stream.A", path: "stack/a/Resource", name: "a" });
    expect(a.attributes.name).toBe("a");
    expect(stackResources("not a document", "aws_kinesis_stream")).toEqual([]);
  });

  it("reads on-demand (block written as a list too) and provisioned capacity, and says why it cannot read the rest", () => {
    const read = stackResources(doc, "aws_kinesis_stream").map(({ resource, attributes }) => {
      const problems: StackProblem[] = [];
      return { capacity: readStreamCapacity(attributes, resource, problems), fields: problems.map((p) => p.field) };
    });
    expect(read).toEqual([
      { capacity: { mode: "on-demand" }, fields: [] },
      { capacity: { mode: "provisioned", shards: 3 }, fields: [] },
      { capacity: undefined, fields: ["shard_count"] },
      { capacity: undefined, fields: ["stream_mode_details.stream_mode"] },
    ]);
  });

  it("tells Terraform expressions and unresolved cdktf tokens from literals", () => {
    expect(isExpression("${var.shards}")).toBe(true);
    expect(isExpression("${TfToken[TOKEN.12]}")).toBe(true);
    expect(isExpression("orders")).toBe(false);
    expect(isExpression(3)).toBe(false);
  });
});

describe("parseSynthStack: streams", () => {
  it("reads a provisioned stream's shard count, retention, name and construct path; no stream_mode_details means PROVISIONED", () => {
    const s = parseSynthStack(stack({ aws_kinesis_stream: { A: stream("orders", { shard_count: 6, retention_period: 72 }) } }));
    expect(s.streams).toHaveLength(1);
    expect(s.streams[0]).toMatchObject({
      address: "aws_kinesis_stream.A",
      name: "orders",
      path: "stack/orders/Resource",
      capacity: { mode: "provisioned", shards: 6 },
      retentionHours: 72,
      retentionDefaulted: false,
      region: { value: "eu-west-1" },
    });
  });

  it("reads ON_DEMAND (ignoring a shard_count) and defaults an absent retention_period to 24 h", () => {
    const s = parseSynthStack(stack({ aws_kinesis_stream: { A: stream("a", { stream_mode_details: { stream_mode: "ON_DEMAND" }, shard_count: "${var.ignored}" }) } }));
    expect(s.streams[0].capacity).toEqual({ mode: "on-demand" });
    expect(s.streams[0].retentionHours).toBe(KINESIS_LIMITS.retentionMinHours.value);
    expect(s.streams[0].retentionDefaulted).toBe(true);
  });

  it("accepts a shard count written as a JSON string of digits (Terraform converts it)", () => {
    const s = parseSynthStack(stack({ aws_kinesis_stream: { A: stream("a", { shard_count: "3" }) } }));
    expect(s.streams[0].capacity).toEqual({ mode: "provisioned", shards: 3 });
  });

  it("fails naming the resource and field when shard_count is a Terraform expression or missing in PROVISIONED mode, listing every problem at once", () => {
    const problems = problemsOf(() =>
      parseSynthStack(
        stack({
          aws_kinesis_stream: {
            A: stream("tokens", { shard_count: "${var.shards}", retention_period: "${var.retention}" }),
            B: stream("missing", { stream_mode_details: { stream_mode: "PROVISIONED" } }),
            C: stream("too-many", { shard_count: KINESIS_LIMITS.maxShardsPerStream.value + 1 }),
          },
        }),
      ),
    );
    expect(problems.map((p) => [p.resource, p.field])).toEqual([
      ["aws_kinesis_stream.A (stack/tokens/Resource)", "shard_count"],
      ["aws_kinesis_stream.A (stack/tokens/Resource)", "retention_period"],
      ["aws_kinesis_stream.B (stack/missing/Resource)", "shard_count"],
      ["aws_kinesis_stream.C (stack/too-many/Resource)", "shard_count"],
    ]);
    expect(problems[0].value).toBe("${var.shards}");
    expect(problems[0].allowed).toMatch(/Terraform expression is known only at plan time/);
    expect(problems[2].value).toBeUndefined();
    expect(problems[2].allowed).toMatch(/required/);
    expect(problems[3].allowed).toContain("10,000");
  });

  it("fails on a stream_mode that is an expression or unknown", () => {
    const problems = problemsOf(() => parseSynthStack(stack({ aws_kinesis_stream: { A: stream("a", { stream_mode_details: { stream_mode: "${var.mode}" } }) } })));
    expect(problems).toEqual([expect.objectContaining({ field: "stream_mode_details.stream_mode", value: "${var.mode}" })]);
  });

  it("counts enhanced fan-out consumers per stream: by ${aws_kinesis_stream.<id>.arn} reference or by a literal ARN naming the stream", () => {
    const s = parseSynthStack(
      stack({
        aws_kinesis_stream: { A: stream("alpha", { shard_count: 2 }), B: stream("beta", { shard_count: 1 }) },
        aws_kinesis_stream_consumer: {
          C1: { ...meta("stack/alpha/c1"), name: "analytics", stream_arn: "${aws_kinesis_stream.A.arn}" },
          C2: { ...meta("stack/alpha/c2"), name: "audit", stream_arn: "${aws_kinesis_stream.A.arn}" },
          C3: { ...meta("stack/beta/c3"), name: "beta-reader", stream_arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/beta" },
          C4: { ...meta("stack/x/c4"), name: "stray", stream_arn: "${data.aws_kinesis_stream.other.arn}" },
        },
      }),
    );
    const byName = Object.fromEntries(s.streams.map((x) => [x.name, x.efoConsumers.map((c) => c.name)]));
    expect(byName).toEqual({ alpha: ["analytics", "audit"], beta: ["beta-reader"] });
    expect(s.unmatchedConsumers.map((c) => c.address)).toEqual(["aws_kinesis_stream_consumer.C4"]);
  });

  it("fails when more consumers than a stream may register read it", () => {
    const max = KINESIS_LIMITS.maxEfoConsumersPerStream.value;
    const consumers = Object.fromEntries(Array.from({ length: max + 1 }, (_, i) => [`C${i}`, { name: `c${i}`, stream_arn: "${aws_kinesis_stream.A.arn}" }]));
    const problems = problemsOf(() => parseSynthStack(stack({ aws_kinesis_stream: { A: stream("a", { shard_count: 1 }) }, aws_kinesis_stream_consumer: consumers })));
    expect(problems).toEqual([expect.objectContaining({ field: "aws_kinesis_stream_consumer resources", value: max + 1 })]);
  });

  it("--stream selects by name, logical id, address or construct path; problems of the other streams do not matter; an unknown name lists the streams", () => {
    const doc = stack({ aws_kinesis_stream: { A: stream("good", { shard_count: 2 }), B: stream("bad", { shard_count: "${var.n}" }) } });
    for (const sel of ["good", "A", "aws_kinesis_stream.A", "stack/good/Resource", "stack/good"]) {
      expect(parseSynthStack(doc, { stream: sel }).streams.map((s) => s.name)).toEqual(["good"]);
    }
    expect(() => parseSynthStack(doc)).toThrow(SynthStackError);
    expect(() => parseSynthStack(doc, { stream: "nope" })).toThrow(/no stream named 'nope' in the stack \(streams: good \(A\), bad \(B\)\)/);
  });

  it("rejects documents that are not Terraform JSON, and stacks without any stream", () => {
    for (const bad of [[1, 2], "text", null, { recordsPerSecond: 1 }]) {
      expect(() => parseSynthStack(bad)).toThrow(/not a synthesized Terraform JSON stack/);
    }
    expect(() => parseSynthStack(stack({ aws_s3_bucket: { B: { bucket: "b" } } }))).toThrow(
      /no aws_kinesis_stream and no aws_kinesis_firehose_delivery_stream resource \(resource types found: aws_s3_bucket\)/,
    );
  });

  it("reads the region of the provider a resource names (alias), and none when it is an expression", () => {
    const doc = stack(
      { aws_kinesis_stream: { A: stream("a", { shard_count: 1 }), B: stream("b", { shard_count: 1, provider: "aws.west" }) } },
      [{ region: "${var.region}" }, { alias: "west", region: "us-west-2" }],
    );
    const s = parseSynthStack(doc);
    expect(s.streams[0].region).toEqual({ from: 'provider "aws" region', expression: "${var.region}" });
    expect(s.streams[1].region).toEqual({ value: "us-west-2", from: 'provider "aws" (alias west) region' });
  });
});

describe("parseSynthStack: Firehose delivery streams and KMS keys", () => {
  it("attaches a delivery stream to the stream its kinesis_source_configuration names, with its S3 buffering and compression", () => {
    const s = parseSynthStack(
      stack({
        aws_kinesis_stream: { A: stream("a", { shard_count: 2 }) },
        aws_kinesis_firehose_delivery_stream: {
          D: delivery("to-s3", readsFrom("A"), { buffering_size: 64, buffering_interval: 120, compression_format: "GZIP", dynamic_partitioning_configuration: { enabled: true } }),
        },
      }),
    );
    expect(s.standaloneDeliveries).toEqual([]);
    expect(s.streams[0].firehoseReaders).toHaveLength(1);
    expect(s.streams[0].firehoseReaders[0]).toMatchObject({
      name: "to-s3",
      source: { kind: "kinesis", streamAddress: "aws_kinesis_stream.A" },
      s3: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: "GZIP", dynamicPartitioning: true, defaulted: [] },
    });
  });

  it("uses the provider's defaults for absent buffering and compression attributes (5 MiB, 300 s, UNCOMPRESSED) and says so", () => {
    const s = parseSynthStack(stack({ aws_kinesis_firehose_delivery_stream: { D: delivery("d") } }));
    expect(s.standaloneDeliveries[0]).toMatchObject({
      source: { kind: "direct-put" },
      s3: { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, compression: "UNCOMPRESSED", defaulted: ["buffering_size", "buffering_interval", "compression_format"] },
    });
  });

  it("fails naming the delivery stream and attribute when buffering or compression is an expression or out of range", () => {
    const problems = problemsOf(() =>
      parseSynthStack(
        stack({
          aws_kinesis_stream: { A: stream("a", { shard_count: 1 }) },
          aws_kinesis_firehose_delivery_stream: {
            D: delivery("d", readsFrom("A"), { buffering_size: "${var.size}", buffering_interval: 901, compression_format: "BZIP2" }),
          },
        }),
      ),
    );
    expect(problems.map((p) => [p.resource, p.field])).toEqual([
      ["aws_kinesis_firehose_delivery_stream.D (stack/d/Resource)", "extended_s3_configuration.buffering_size"],
      ["aws_kinesis_firehose_delivery_stream.D (stack/d/Resource)", "extended_s3_configuration.buffering_interval"],
      ["aws_kinesis_firehose_delivery_stream.D (stack/d/Resource)", "extended_s3_configuration.compression_format"],
    ]);
  });

  it("keeps a delivery stream reading a stream outside the stack as standalone", () => {
    const s = parseSynthStack(
      stack({ aws_kinesis_firehose_delivery_stream: { D: delivery("d", { kinesis_source_configuration: { kinesis_stream_arn: "${data.aws_kinesis_stream.x.arn}" } }) } }),
    );
    expect(s.standaloneDeliveries[0].source).toEqual({ kind: "kinesis-outside-stack", streamArn: "${data.aws_kinesis_stream.x.arn}" });
  });

  it("finds the KMS keys a stream and its delivery stream reference, among the stack's keys", () => {
    const s = parseSynthStack(
      stack({
        aws_kms_key: { SK: {}, BK: {}, Other: {} },
        aws_kinesis_stream: { A: stream("a", { shard_count: 1, encryption_type: "KMS", kms_key_id: "${aws_kms_key.SK.arn}" }) },
        aws_kinesis_firehose_delivery_stream: { D: delivery("d", readsFrom("A"), { kms_key_arn: "${aws_kms_key.BK.arn}" }) },
      }),
    );
    expect(s.streams[0].kmsKey).toBe("aws_kms_key.SK");
    expect(s.streams[0].firehoseReaders[0].kmsKeys).toEqual(["aws_kms_key.BK"]);
    expect(s.kmsKeys).toEqual(["aws_kms_key.BK", "aws_kms_key.Other", "aws_kms_key.SK"]);
  });
});

describe("costSynthStack", () => {
  const pipeline = stack({
    aws_kms_key: { SK: {}, BK: {} },
    aws_kinesis_stream: { A: stream("a", { shard_count: 4, retention_period: 200, kms_key_id: "${aws_kms_key.SK.arn}" }) },
    aws_kinesis_stream_consumer: { C: { name: "efo", stream_arn: "${aws_kinesis_stream.A.arn}" } },
    aws_kinesis_firehose_delivery_stream: {
      D: delivery("d", readsFrom("A"), { buffering_size: 32, buffering_interval: 60, compression_format: "Snappy", kms_key_arn: "${aws_kms_key.BK.arn}" }),
    },
  });

  it("costs a stream exactly as estimateCost does with the stack's capacity, retention, consumers, Firehose and region in the workload", () => {
    const [item] = costSynthStack(pipeline, WORKLOAD).items;
    const expected = estimateCost(
      {
        ...WORKLOAD,
        retentionHours: 200,
        consumers: { shared: 1, enhancedFanOut: 1 },
        firehose: { bufferingSizeMiB: 32, bufferingIntervalSeconds: 60, compression: "Snappy", s3StorageDays: 30 },
        region: "eu-west-1",
      },
      { mode: "provisioned", shards: 4 },
    );
    expect(item.capacity).toEqual({ mode: "provisioned", shards: 4 });
    expect(item.cost.lines).toEqual(expected.lines);
    expect(item.monthlyUsd).toBe(expected.totalMonthlyUsd);
    expect(item.cost.lines.find((l) => l.item.startsWith("KMS customer-managed keys"))?.item).toBe("KMS customer-managed keys (stream + S3 bucket)");
  });

  it("lists each value taken from the stack next to what the workload file said", () => {
    const [item] = costSynthStack(pipeline, WORKLOAD).items;
    const v = Object.fromEntries(item.fromStack.map((x) => [x.field, [x.value, x.workloadValue]]));
    expect(v).toMatchObject({
      capacity: ["4 shards", undefined],
      retentionHours: [200, 24],
      "consumers.enhancedFanOut": [1, 3],
      "consumers.shared": [1, 1],
      "firehose.bufferingSizeMiB": [32, 5],
      "firehose.bufferingIntervalSeconds": [60, 300],
      "firehose.compression": ["Snappy", "GZIP"],
      region: ["eu-west-1", "us-east-1"],
      "KMS customer-managed keys": [2, undefined],
    });
  });

  it("counts Firehose readers as shared consumers at least, keeping a higher count from the workload file", () => {
    const more = costSynthStack(pipeline, { ...WORKLOAD, consumers: { shared: 3 } }).items[0];
    expect(more.workload.consumers?.shared).toBe(3);
    const none = costSynthStack(pipeline, { ...WORKLOAD, consumers: { shared: 0 } }).items[0];
    expect(none.workload.consumers?.shared).toBe(1);
  });

  it("turns the workload's Firehose off for a stream nothing delivers from, and prices only the stream's key", () => {
    const doc = stack({ aws_kms_key: { SK: {} }, aws_kinesis_stream: { A: stream("a", { stream_mode_details: { stream_mode: "ON_DEMAND" }, kms_key_id: "${aws_kms_key.SK.arn}" }) } });
    const [item] = costSynthStack(doc, WORKLOAD).items;
    expect(item.workload.firehose).toBe(false);
    expect(item.monthlyUsd).toBe(estimateCost({ ...WORKLOAD, consumers: { shared: 1, enhancedFanOut: 0 }, firehose: false, region: "eu-west-1" }, { mode: "on-demand" }).totalMonthlyUsd);
    expect(item.cost.lines.map((l) => l.item)).toContain("KMS customer-managed keys (stream)");
  });

  it("prices the keys the stack has when they differ from a stream key + a bucket key, and no stream KMS requests without a stream key", () => {
    const doc = stack({
      aws_kms_key: { BK: {} },
      aws_kinesis_stream: { A: stream("a", { shard_count: 1, kms_key_id: "alias/aws/kinesis" }) },
      aws_kinesis_firehose_delivery_stream: { D: delivery("d", readsFrom("A"), { kms_key_arn: "${aws_kms_key.BK.arn}" }) },
    });
    const [item] = costSynthStack(doc, WORKLOAD).items;
    const keys = item.cost.lines.find((l) => l.item.startsWith("KMS customer-managed keys"))!;
    expect(keys.quantity).toBe(1);
    expect(item.cost.lines.find((l) => l.item === "KMS requests")?.quantity).toBe(0);
    expect(item.notes.join(" ")).toMatch(/no customer-managed key of this stack/);
  });

  it("costs a direct-PUT delivery stream: its Firehose and S3 lines as estimateCost prices them, its keys, and its quota use", () => {
    const doc = stack({
      aws_kms_key: { SSE: {}, BK: {} },
      aws_kinesis_firehose_delivery_stream: {
        D: delivery("sink", { server_side_encryption: { enabled: true, key_arn: "${aws_kms_key.SSE.arn}", key_type: "CUSTOMER_MANAGED_CMK" } }, {
          buffering_size: 64,
          buffering_interval: 60,
          compression_format: "GZIP",
          kms_key_arn: "${aws_kms_key.BK.arn}",
        }),
      },
    });
    const [item] = costSynthStack(doc, WORKLOAD).items;
    expect(item).toMatchObject({ kind: "firehose", source: "direct-put", capacity: null });
    const reference = estimateCost(
      { ...WORKLOAD, firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, compression: "GZIP" }, region: "eu-west-1" },
      { mode: "on-demand" },
      { kmsCustomerManagedKeys: 2, kmsRequestsPerMonth: 0 },
    );
    const expected = reference.lines.filter((l) => /^(Firehose|S3|KMS customer-managed keys)/.test(l.item));
    expect(item.cost.lines).toEqual(expected);
    expect(item.monthlyUsd).toBeCloseTo(expected.reduce((a, l) => a + l.monthlyUsd, 0), 9);
    expect(item.notes.join(" ")).toMatch(/direct-PUT quota use at peak \(eu-west-1\): records\/s [\d.]+%/);
  });

  it("adds the Firehose and S3 lines of a second delivery stream reading the same stream", () => {
    const doc = stack({
      aws_kinesis_stream: { A: stream("a", { shard_count: 2 }) },
      aws_kinesis_firehose_delivery_stream: { D1: delivery("first", readsFrom("A"), { buffering_size: 5 }), D2: delivery("second", readsFrom("A"), { buffering_size: 10 }) },
    });
    const [item] = costSynthStack(doc, WORKLOAD).items;
    expect(item.workload.consumers?.shared).toBe(2);
    expect(item.cost.lines.map((l) => l.item)).toEqual(expect.arrayContaining(["Firehose ingestion (user records rounded up to 5 KB, tiered) — second", "S3 PUT requests (Firehose objects) — second"]));
    expect(item.monthlyUsd).toBeCloseTo(item.cost.lines.reduce((a, l) => a + l.monthlyUsd, 0), 9);
  });

  it("prices dynamic partitioning from the workload file's active partitions, and says what to declare when it has none", () => {
    const doc = stack({
      aws_kms_key: { Lonely: {} },
      aws_kinesis_stream: { A: stream("a", { shard_count: 2 }) },
      aws_kinesis_stream_consumer: { C: { name: "stray", stream_arn: "${var.arn}" } },
      aws_kinesis_firehose_delivery_stream: {
        D: delivery("d", readsFrom("A"), { buffering_size: 64, buffering_interval: 60, dynamic_partitioning_configuration: [{ enabled: true }] }),
      },
    });
    const undeclared = costSynthStack(doc, WORKLOAD);
    const items = (r: typeof undeclared): string[] => r.items[0].cost.lines.map((l) => l.item);
    expect(undeclared.items[0].notes.join(" ")).toMatch(/uses dynamic partitioning: declare firehose\.dynamicPartitioning\.activePartitions in the workload file to price it/);
    expect(items(undeclared).filter((i) => i.startsWith("Firehose dynamic partitioning"))).toEqual([]);
    const declared = costSynthStack(doc, {
      ...WORKLOAD,
      firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, dynamicPartitioning: { activePartitions: 40, jqProcessingHoursPerMonth: 10 } },
    });
    expect(items(declared)).toEqual(
      expect.arrayContaining([
        "Firehose dynamic partitioning (data delivered)",
        "Firehose dynamic partitioning (objects delivered)",
        "Firehose dynamic partitioning JQ processing",
      ]),
    );
    expect(declared.items[0].notes.join(" ")).not.toMatch(/dynamic partitioning/);
    // 40 active partitions: one object per partition per flush, so more S3 PUT requests than with one partition.
    const puts = (r: typeof undeclared): number => r.items[0].cost.lines.find((l) => l.item.startsWith("S3 PUT requests"))!.quantity;
    expect(puts(declared)).toBeGreaterThan(puts(undeclared));
    expect(undeclared.notes.join(" ")).toMatch(/aws_kinesis_stream_consumer\.C: its stream_arn names no stream of this stack/);
    expect(undeclared.notes.join(" ")).toMatch(/1 KMS key of the stack referenced by no costed stream \(not priced\): aws_kms_key\.Lonely/);
  });

  it("prices record format conversion when the stack enables it (enabled defaults to true), and lists where it read it", () => {
    const withConversion = (conversion: Json | undefined): Json =>
      stack({
        aws_kinesis_stream: { A: stream("a", { shard_count: 2 }) },
        aws_kinesis_firehose_delivery_stream: {
          D: delivery("d", readsFrom("A"), { buffering_size: 128, ...(conversion ? { data_format_conversion_configuration: conversion } : {}) }),
        },
      });
    const line = (doc: Json): string | undefined =>
      costSynthStack(doc, WORKLOAD).items[0].cost.lines.find((l) => l.item.startsWith("Firehose format conversion"))?.item;
    expect(line(withConversion({ input_format_configuration: {}, output_format_configuration: {} }))).toBeDefined();
    expect(line(withConversion({ enabled: false }))).toBeUndefined();
    expect(line(withConversion(undefined))).toBeUndefined();
    const listed = costSynthStack(withConversion({ enabled: true }), WORKLOAD).items[0].fromStack.find((v) => v.field === "firehose.formatConversion");
    expect(listed).toMatchObject({ value: true, workloadValue: false, from: "aws_kinesis_firehose_delivery_stream.D: extended_s3_configuration.data_format_conversion_configuration" });
    expect(costSynthStack(withConversion({ enabled: "${var.convert}" }), WORKLOAD).items[0].notes.join(" ")).toMatch(/may convert record formats .*not priced/);
  });

  it("notes an on-demand stream's cold start when it throttles, though the stream passes once established", () => {
    const doc = stack({ aws_kinesis_stream: { A: stream("a", { stream_mode_details: { stream_mode: "ON_DEMAND" } }) } });
    const bursty: Workload = { recordsPerSecond: 1500, recordBytes: 2048, peakToAverage: 3, durationSeconds: 1800 };
    const item = costSynthStack(doc, bursty).items[0];
    expect(item.notes.join(" ")).not.toContain("does NOT sustain");
    expect(item.notes).toContainEqual(expect.stringMatching(/^on-demand sustains this workload once established, but a new stream's cold start throttles [\d.]+% of first attempts for \d+ min/));
    const established = costSynthStack(doc, { ...bursty, onDemand: { previousPeakMiBPerSecond: 12 } }).items[0];
    expect(established.notes.join(" ")).not.toContain("cold start");
  });

  it("says when the stack's capacity does not sustain the workload it costs (with the passing shard count), and not when it does", () => {
    const doc = (shards: number): Json => stack({ aws_kinesis_stream: { A: stream("a", { shard_count: shards }) } });
    const heavy: Workload = { ...WORKLOAD, consumers: { shared: 1 } }; // 500 records/s of 800 B: ~0.4 MiB/s
    const small = costSynthStack(doc(1), { ...heavy, recordsPerSecond: 2000 }).items[0];
    const passing = checkCapacity({ ...heavy, recordsPerSecond: 2000, region: "eu-west-1" }, { mode: "provisioned", shards: 1 });
    expect(passing.passes).toBe(false);
    expect(small.notes).toContainEqual(
      expect.stringMatching(new RegExp(`^the stack's capacity \\(1 shard\\) does NOT sustain this workload .*: ${passing.smallestPassingShards} shards pass`)),
    );
    const fine = costSynthStack(doc(4), heavy).items[0];
    expect(fine.notes.join(" ")).not.toContain("does NOT sustain");
  });
});
