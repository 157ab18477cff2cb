/**
 * FirehoseToS3 with a declared workload: the delivery's own settings are simulated at synth (stream-simulator's
 * simulateFirehose); quota breaches fail synth, wasteful settings become warnings, the figures become outputs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnnotationMetadataEntryType, Testing, Token, type TerraformStack } from "cdktf";
import * as fc from "fast-check";
import {
  FIREHOSE_LIMITS,
  type FirehoseOptions,
  firehoseDirectPutQuota,
  MULTIPART_INTERVAL_SECONDS,
  simulateFirehose,
  SMALL_OBJECT_WARNING_BYTES,
  type Workload,
} from "stream-simulator";
import { REGION_CONTEXT_KEY } from "../constructs/aws-environment";
import { Compression } from "../constructs/firehose/compression";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import type { FirehoseToS3Props } from "../constructs/firehose/props";
import { checkFirehoseWorkload } from "../constructs/validation/firehose-workload";
import { validationFailure, warningsOf } from "./helpers/assertions";
import { synthJson, testStack, TEST_REGION, TEST_ACCOUNT_ID } from "./helpers/test-stack";

const DP_PREFIX = "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/";
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

/** Terraform outputs of the synthesized stack whose logical id contains `id`, as values. */
function outputValue(json: any, id: string): unknown {
  const keys = Object.keys(json.output ?? {}).filter((k) => k.includes(id));
  expect(keys).toHaveLength(1);
  return json.output[keys[0]].value;
}

function directPut(stack: TerraformStack, props: Partial<FirehoseToS3Props> & { workload: Workload }): FirehoseToS3 {
  return new FirehoseToS3(stack, "Delivery", { deliveryStreamName: "events", ...props });
}

/** 600,000 one-byte records/s: only the records/s dimension of us-east-1's direct-PUT quota is breached. */
const OVER_RECORDS: Workload = { recordsPerSecond: 600_000, recordBytes: 1 };
/** 1 MiB/s of 4 KiB records, steady: fills a 64 MiB buffer in 64 s. */
const WELL_SIZED: Workload = { recordsPerSecond: 256, recordBytes: 4096 };

describe("FirehoseToS3 workload: direct-PUT quotas", () => {
  it("fails when a direct-PUT workload exceeds the us-east-1 records/s quota, naming the dimension, demand, quota and remedies", () => {
    const { stack } = testStack();
    const error = validationFailure(() => directPut(stack, { workload: OVER_RECORDS }));
    const quota = firehoseDirectPutQuota("us-east-1").recordsPerSecond;
    expect(error.constructPath).toBe("test/Delivery");
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem.property).toBe("workload");
    expect(problem.allowed).toContain("direct-PUT records/s within the us-east-1 quota");
    expect(problem.allowed).toContain(`peak demand ${fmt(OVER_RECORDS.recordsPerSecond)} records/s`);
    expect(problem.allowed).toContain(`quota of ${fmt(quota)} records/s`);
    expect(problem.allowed).toMatch(/request a Firehose direct-PUT quota increase/);
    expect(problem.allowed).toMatch(/put a Kinesis data stream in front/);
    expect(error.message).toContain("test/Delivery: 1 invalid property:");
  });

  it("fails when requests/s exceed the quota, and the remedy is to batch more records per PutRecordBatch", () => {
    const { stack } = testStack();
    const workload: Workload = { recordsPerSecond: 3000, recordBytes: 100, producer: { maxBatchRecords: 1 } };
    const error = validationFailure(() => directPut(stack, { workload }));
    expect(error.problems.map((p) => p.allowed).join("\n")).toMatch(/direct-PUT requests\/s .*peak demand 3,000 requests\/s .*batch more records per PutRecordBatch/);
  });

  it("fails in a region with smaller quotas where us-east-1 passes (2 MiB/s against 1 MiB/s and 5 MiB/s)", () => {
    const workload: Workload = { recordsPerSecond: 2048, recordBytes: 1024 };
    const east = testStack("east").stack;
    const ok = directPut(east, { workload, bufferingSizeMiB: 64 });
    expect(ok.workloadEstimate?.directPutQuota?.region).toBe("us-east-1");
    expect(ok.workloadEstimate?.quotaBreached).toBe(false);

    const frankfurt = testStack("frankfurt", {}, { accountId: TEST_ACCOUNT_ID, region: "eu-central-1" }).stack;
    const error = validationFailure(() => directPut(frankfurt, { workload, bufferingSizeMiB: 64 }));
    const bytesQuota = firehoseDirectPutQuota("eu-central-1").bytesPerSecond;
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].allowed).toContain(`direct-PUT bytes/s within the eu-central-1 quota: peak demand ${fmt(2048 * 1024)} bytes/s exceeds the quota of ${fmt(bytesQuota)} bytes/s (200.0%)`);
  });

  it("fails when workload.region differs from the stack's literal region", () => {
    const { stack } = testStack();
    const error = validationFailure(() => directPut(stack, { workload: { ...WELL_SIZED, region: "eu-central-1" }, bufferingSizeMiB: 64 }));
    expect(error.problems).toEqual([
      expect.objectContaining({ property: "workload.region", value: "eu-central-1", allowed: expect.stringContaining(`the stack's region "${TEST_REGION}"`) }),
    ]);
  });

  it("uses workload.region when the stack's region is unknown at synth, and warns when neither is known", () => {
    const unknown = testStack("unknown", { [REGION_CONTEXT_KEY]: undefined }).stack;
    const declared = directPut(unknown, { workload: { ...WELL_SIZED, region: "ap-south-1" }, bufferingSizeMiB: 64 });
    expect(declared.workloadEstimate?.directPutQuota?.region).toBe("ap-south-1");
    expect(warningsOf(declared)).toEqual([]);

    const neither = new FirehoseToS3(unknown, "Neither", { deliveryStreamName: "neither", workload: WELL_SIZED, bufferingSizeMiB: 64 });
    expect(neither.workloadEstimate?.directPutQuota?.region).toBe("us-east-1");
    expect(warningsOf(neither)).toEqual([expect.stringMatching(/^Direct-PUT quotas checked for us-east-1 .*not known at synth/)]);
  });

  it("honours a raised quota declared in quotas, and says the declared quota was exceeded", () => {
    const { stack } = testStack();
    const raised = directPut(stack, { workload: OVER_RECORDS, quotas: { directPutRecordsPerSecond: 1_000_000 } });
    expect(raised.workloadEstimate?.directPutQuota?.recordsPerSecond.quota).toBe(1_000_000);
    const error = validationFailure(() =>
      new FirehoseToS3(stack, "Low", { deliveryStreamName: "low", workload: OVER_RECORDS, quotas: { directPutRecordsPerSecond: 550_000 } }),
    );
    expect(error.problems[0].allowed).toContain("within the declared (quotas.directPutRecordsPerSecond) quota");
    expect(validationFailure(() => new FirehoseToS3(stack, "Bad", { deliveryStreamName: "bad", workload: WELL_SIZED, quotas: { activePartitions: 0 } })).problems).toEqual([
      expect.objectContaining({ property: "quotas.activePartitions", value: 0 }),
    ]);
  });

  it("does not hold a Kinesis-sourced delivery to direct-PUT quotas", () => {
    const { stack } = testStack();
    const source = new EncryptedStream(stack, "Stream", { streamName: "events" });
    const delivery = new FirehoseToS3(stack, "Delivery", { deliveryStreamName: "events", source, workload: OVER_RECORDS, bufferingSizeMiB: 128 });
    expect(delivery.workloadEstimate?.source).toBe("kinesis");
    expect(delivery.workloadEstimate?.directPutQuota).toBeNull();
    const outputs = Object.keys(synthJson(stack).output);
    expect(outputs.some((k) => k.includes("DirectPut"))).toBe(false);
    expect(outputs.some((k) => k.includes("WorkloadObjectsPerHour"))).toBe(true);
  });

  it("fails when records are larger than Firehose's maximum record size", () => {
    const { stack } = testStack();
    const recordBytes = FIREHOSE_LIMITS.maxRecordBytes.value + 1;
    const error = validationFailure(() => directPut(stack, { workload: { recordsPerSecond: 1, recordBytes } }));
    expect(error.problems).toEqual([
      expect.objectContaining({
        property: "workload.recordBytes",
        value: recordBytes,
        allowed: expect.stringContaining(`at most ${fmt(FIREHOSE_LIMITS.maxRecordBytes.value)} bytes per record`),
      }),
    ]);
  });

  it("reports an invalid workload field by field, as workload.<field>", () => {
    const { stack } = testStack();
    const error = validationFailure(() => directPut(stack, { workload: { recordsPerSecond: -1, recordBytes: 100, peakToAverage: 0 } }));
    expect(error.problems.map((p) => p.property).sort()).toEqual(["workload.peakToAverage", "workload.recordsPerSecond"]);
  });

  it("gathers workload problems with the delivery's other problems in one error, and problemsOf includes them", () => {
    const { stack } = testStack();
    const props: FirehoseToS3Props = { deliveryStreamName: "events", logRetentionDays: 8, workload: OVER_RECORDS };
    const error = validationFailure(() => new FirehoseToS3(stack, "Delivery", props));
    expect(error.problems.map((p) => p.property)).toEqual(["logRetentionDays", "workload"]);
    expect(FirehoseToS3.problemsOf(props, { region: "us-east-1" })).toEqual(error.problems);
    // With a Kinesis source (as StreamingPipeline checks its delivery) no direct-PUT quota applies.
    expect(FirehoseToS3.problemsOf(props, { kinesisSource: true, region: "us-east-1" }).map((p) => p.property)).toEqual(["logRetentionDays"]);
  });
});

describe("FirehoseToS3 workload: dynamic partitioning", () => {
  const dp = (expectedActivePartitions?: number): Partial<FirehoseToS3Props> => ({
    prefix: DP_PREFIX,
    dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, expectedActivePartitions },
  });

  it("fails when the expected active partitions exceed the quota", () => {
    const { stack } = testStack();
    const quota = FIREHOSE_LIMITS.activePartitionsDefault.value;
    const error = validationFailure(() => directPut(stack, { workload: WELL_SIZED, ...dp(quota + 1) }));
    expect(error.problems).toEqual([
      expect.objectContaining({
        property: "dynamicPartitioning.expectedActivePartitions",
        value: quota + 1,
        allowed: expect.stringMatching(new RegExp(`at most ${quota} active partitions .*activePartitionExceeded.*quotas\\.activePartitions`)),
      }),
    ]);
  });

  it("passes at the quota, and above it with a raised quotas.activePartitions", () => {
    const { stack } = testStack();
    const quota = FIREHOSE_LIMITS.activePartitionsDefault.value;
    const at = directPut(stack, { workload: WELL_SIZED, ...dp(quota) });
    expect(at.workloadEstimate?.activePartitions).toEqual({ count: quota, quota, exceeded: false });
    const raised = new FirehoseToS3(stack, "Raised", { deliveryStreamName: "raised", workload: WELL_SIZED, ...dp(800), quotas: { activePartitions: 1000 } });
    expect(raised.workloadEstimate?.activePartitions).toEqual({ count: 800, quota: 1000, exceeded: false });
  });

  it("fails when a workload is declared without expectedActivePartitions", () => {
    const { stack } = testStack();
    const error = validationFailure(() => directPut(stack, { workload: WELL_SIZED, ...dp(undefined) }));
    expect(error.problems).toEqual([expect.objectContaining({ property: "dynamicPartitioning.expectedActivePartitions", value: undefined })]);
  });

  it("warns when the data-freshness alarm threshold is below the latency dynamic partitioning implies (1.5 × interval)", () => {
    const { stack } = testStack();
    const delivery = directPut(stack, { workload: WELL_SIZED, ...dp(10), bufferingIntervalSeconds: 900, alarms: { dataFreshnessThresholdSeconds: 1000 } });
    const max = 900 * FIREHOSE_LIMITS.dynamicPartitioningDelayFactor.value;
    expect(delivery.workloadEstimate?.deliveryLatencySeconds.max).toBe(max);
    expect(warningsOf(delivery)).toContainEqual(expect.stringContaining(`threshold (1000 s) is at or below the expected maximum delivery latency (${max} s`));
  });
});

describe("FirehoseToS3 workload: warnings for wasteful settings", () => {
  it("warns about tiny objects and a short interval via Annotations, also in the synthesized manifest", () => {
    const { app, stack } = testStack();
    const workload: Workload = { recordsPerSecond: 10, recordBytes: 1024 };
    const delivery = directPut(stack, { workload, bufferingIntervalSeconds: 30 });
    const warnings = warningsOf(delivery);
    expect(delivery.workloadEstimate!.meanObjectBytes).toBeLessThan(SMALL_OBJECT_WARNING_BYTES);
    expect(warnings).toContainEqual(expect.stringMatching(/^Objects average .* tiny S3 objects .*Raise bufferingIntervalSeconds/));
    expect(warnings).toContainEqual(expect.stringContaining(`An interval under ${MULTIPART_INTERVAL_SECONDS} s makes Firehose use multipart uploads`));

    const outdir = Testing.fullSynth(stack);
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
      const annotations = manifest.stacks[stack.node.id].annotations as Array<{ constructPath: string; level: string; message: string }>;
      expect(annotations.filter((a) => a.level === AnnotationMetadataEntryType.WARN && a.constructPath === delivery.node.path).map((a) => a.message)).toEqual(warnings);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    expect(app).toBeDefined();
  });

  it("warns about uncompressed delivery of compressible samples", () => {
    const { stack } = testStack();
    const samplePayloads = Array.from({ length: 100 }, (_, i) => `${JSON.stringify({ id: i, level: "info", path: "/api/orders", status: 200 })}\n`);
    const delivery = directPut(stack, { workload: { ...WELL_SIZED, samplePayloads }, bufferingSizeMiB: 64, compression: Compression.UNCOMPRESSED });
    expect(warningsOf(delivery)).toEqual([expect.stringMatching(/^Delivery is UNCOMPRESSED, but the sample payloads GZIP to \d+% /)]);
  });

  it("gives no warning for a well-sized setup", () => {
    const { stack } = testStack();
    const delivery = directPut(stack, { workload: WELL_SIZED, bufferingSizeMiB: 64 });
    expect(delivery.workloadEstimate!.flushTrigger).toBe("size");
    expect(warningsOf(delivery)).toEqual([]);
  });

  it("skips the check (with a warning) when a buffering setting is a Terraform token", () => {
    const { stack } = testStack();
    const delivery = directPut(stack, { workload: OVER_RECORDS, bufferingIntervalSeconds: Token.asNumber("${var.interval}") });
    expect(delivery.workloadEstimate).toBeUndefined();
    expect(warningsOf(delivery)).toEqual([expect.stringMatching(/not checked: .*Terraform token/)]);
  });

  it("skips the check with a warning naming the fields when the workload itself holds Terraform tokens (not an invalid-value error)", () => {
    const { stack } = testStack();
    const delivery = directPut(stack, {
      workload: { ...OVER_RECORDS, recordsPerSecond: Token.asNumber("${var.rate}"), region: Token.asString("${var.region}") },
    });
    expect(delivery.workloadEstimate).toBeUndefined();
    expect(warningsOf(delivery)).toEqual([
      "The workload was not checked: workload.recordsPerSecond, workload.region are Terraform tokens (known only at deploy time).",
    ]);
    expect(synthJson(stack).output ?? {}).toEqual({});
  });
});

describe("FirehoseToS3 workload: figures", () => {
  it("exposes the simulation and records it as Terraform outputs with the simulator's numbers", () => {
    const { stack } = testStack();
    const workload: Workload = { recordsPerSecond: 500, recordBytes: 3000, peakToAverage: 2 };
    const delivery = directPut(stack, { workload, bufferingSizeMiB: 16, bufferingIntervalSeconds: 120 });
    const expected = simulateFirehose(workload, { source: "direct-put", bufferingSizeMiB: 16, bufferingIntervalSeconds: 120, compression: "GZIP", region: TEST_REGION });
    expect(delivery.workloadEstimate).toEqual(expected);

    const json = synthJson(stack);
    expect(outputValue(json, "WorkloadObjectsPerHour")).toBeCloseTo(expected.objectsPerHour, 1);
    expect(outputValue(json, "WorkloadMeanObjectMiB")).toBeCloseTo(expected.meanObjectBytes / 1024 ** 2, 3);
    expect(outputValue(json, "WorkloadLatencyMeanSeconds")).toBeCloseTo(expected.deliveryLatencySeconds.mean, 1);
    expect(outputValue(json, "WorkloadLatencyMaxSeconds")).toBeCloseTo(expected.deliveryLatencySeconds.max, 1);
    const q = expected.directPutQuota!;
    expect(outputValue(json, "WorkloadDirectPutRecordsUtilization")).toBeCloseTo(q.recordsPerSecond.utilization, 4);
    expect(outputValue(json, "WorkloadDirectPutRequestsUtilization")).toBeCloseTo(q.requestsPerSecond.utilization, 4);
    expect(outputValue(json, "WorkloadDirectPutBytesUtilization")).toBeCloseTo(q.bytesPerSecond.utilization, 4);
    for (const output of Object.values<any>(json.output)) {
      expect(typeof output.value).toBe("number");
      expect(output.description).toMatch(/^test\/Delivery: /);
    }
  });

  it("records no workload outputs without a workload", () => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "Delivery", { deliveryStreamName: "events" });
    expect(delivery.workloadEstimate).toBeUndefined();
    expect(synthJson(stack).output).toBeUndefined();
    expect(warningsOf(delivery)).toEqual([]);
  });
});

describe("checkFirehoseWorkload (property)", () => {
  const compressions = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"] as const;
  const settings = fc.oneof(
    fc.record({
      bufferingSizeMiB: fc.integer({ min: 1, max: 128 }),
      bufferingIntervalSeconds: fc.integer({ min: 0, max: 900 }),
      partitions: fc.constant(undefined),
    }),
    fc.record({
      bufferingSizeMiB: fc.integer({ min: 64, max: 128 }),
      bufferingIntervalSeconds: fc.integer({ min: 60, max: 900 }),
      partitions: fc.integer({ min: 1, max: 1000 }),
    }),
  );
  // Up to 64 MiB/s on average (the model's cost grows with the number of buffer flushes, and 12× the largest
  // direct-PUT quota is plenty to cross every threshold); records up to 1.2 MB cross Firehose's record limit.
  const MAX_BYTES_PER_SECOND = 64 * 1024 ** 2;
  const workload = fc.integer({ min: 1, max: 1_200_000 }).chain((recordBytes) =>
    fc.record(
      {
        recordsPerSecond: fc.integer({ min: 1, max: Math.max(1, Math.min(1_000_000, Math.floor(MAX_BYTES_PER_SECOND / recordBytes))) }),
        recordBytes: fc.constant(recordBytes),
        peakToAverage: fc.double({ min: 1, max: 5, noNaN: true }),
        producer: fc.record({ maxBatchRecords: fc.integer({ min: 1, max: 500 }) }, { requiredKeys: [] }),
        durationSeconds: fc.constant(600),
      },
      { requiredKeys: ["recordsPerSecond", "recordBytes"] },
    ),
  );

  it("problems are empty iff the simulator reports no quota breach, partition excess or rejected records", () => {
    const seen = { breach: 0, pass: 0 };
    fc.assert(
      fc.property(
        workload,
        settings,
        fc.constantFrom(...compressions),
        fc.constantFrom<FirehoseOptions["source"]>("direct-put", "kinesis"),
        fc.constantFrom("us-east-1", "eu-central-1", "ap-south-1"),
        (w, s, compression, source, region) => {
          const props: FirehoseToS3Props = {
            deliveryStreamName: "events",
            workload: w,
            bufferingSizeMiB: s.bufferingSizeMiB,
            bufferingIntervalSeconds: s.bufferingIntervalSeconds,
            compression: Compression.of(compression),
            dynamicPartitioning: s.partitions === undefined ? undefined : { jqQuery: {}, expectedActivePartitions: s.partitions },
            // No data-freshness alarm: its warning is not one of the simulator's findings.
            alarms: false,
          };
          const check = checkFirehoseWorkload(props, { kinesisSource: source === "kinesis", region });
          if (check === undefined) throw new Error("a delivery with a workload is always checked");
          const sim = simulateFirehose(w, {
            source,
            bufferingSizeMiB: s.bufferingSizeMiB,
            bufferingIntervalSeconds: s.bufferingIntervalSeconds,
            compression,
            region,
            dynamicPartitioning: s.partitions === undefined ? undefined : { activePartitionKeys: s.partitions },
          });
          const breach = sim.quotaBreached || (sim.activePartitions?.exceeded ?? false) || sim.rejectedRecordsPerSecond > 0;
          seen[breach ? "breach" : "pass"]++;
          expect(check.problems.length === 0).toBe(!breach);
          expect(check.estimate).toEqual(sim);
          // Every advisory finding is a warning; no breach is ever only a warning.
          expect(check.warnings.length).toBe(sim.findings.filter((f) => !["direct-put-quota", "active-partitions", "record-too-large"].includes(f.kind)).length);
        },
      ),
      { numRuns: 150 },
    );
    // The generators reach both outcomes (a property that only ever saw one side would prove little).
    expect(seen.breach).toBeGreaterThan(10);
    expect(seen.pass).toBeGreaterThan(10);
  });
});
