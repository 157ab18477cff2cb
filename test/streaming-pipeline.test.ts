import { Testing } from "cdktf";
import * as fc from "fast-check";
import { Compression } from "../constructs/firehose/compression";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";
import { validationFailure } from "./helpers/assertions";

/** Terraform resource types that take `tags` (every other type the pipeline creates does not). */
const TAGGABLE = [
  "aws_kinesis_stream",
  "aws_kms_key",
  "aws_s3_bucket",
  "aws_iam_role",
  "aws_cloudwatch_log_group",
  "aws_cloudwatch_metric_alarm",
  "aws_kinesis_firehose_delivery_stream",
];

describe("StreamingPipeline", () => {
  it("has a stable shape", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "telemetry", { name: "telemetry", tags: { team: "data" } });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("composes an EncryptedStream feeding a FirehoseToS3 that writes to a SecureBucket, all named after the pipeline", () => {
    const { stack } = testStack();
    const pipeline = new StreamingPipeline(stack, "telemetry", { name: "telemetry" });
    expect(pipeline.stream).toBeInstanceOf(EncryptedStream);
    expect(pipeline.delivery).toBeInstanceOf(FirehoseToS3);
    expect(pipeline.bucket).toBeInstanceOf(SecureBucket);
    expect(pipeline.delivery.source).toBe(pipeline.stream);
    expect(pipeline.bucket).toBe(pipeline.delivery.bucket);
    const json = synthJson(stack);
    const [stream] = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
    const [delivery] = Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream")) as any[];
    expect(stream.name).toBe("telemetry");
    expect(delivery.name).toBe("telemetry");
    const streamId = Object.keys(resourcesOfType(json, "aws_kinesis_stream"))[0];
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toBe(`\${aws_kinesis_stream.${streamId}.arn}`);
    expect(delivery.server_side_encryption).toBeUndefined();
  });

  it("applies one shared set of tags to every taggable resource, and lets a part add its own", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "telemetry", {
      name: "telemetry",
      tags: { team: "data", env: "prod" },
      stream: { tags: { tier: "hot" } },
    });
    const json = synthJson(stack);
    let count = 0;
    for (const type of TAGGABLE) {
      for (const [id, resource] of Object.entries(resourcesOfType(json, type)) as Array<[string, any]>) {
        expect({ id, tags: resource.tags }).toEqual({ id, tags: expect.objectContaining({ team: "data", env: "prod" }) });
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(12);
    const [stream] = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
    expect(stream.tags).toEqual({ team: "data", env: "prod", tier: "hot" });
    const [delivery] = Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream")) as any[];
    expect(delivery.tags).toEqual({ team: "data", env: "prod" });
  });

  it("passes stream and delivery settings through, and names override the pipeline name", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "p", {
      name: "clicks",
      stream: { streamName: "clicks-in", capacity: StreamCapacity.provisioned(2), retentionHours: 48 },
      delivery: { deliveryStreamName: "clicks-out", compression: Compression.UNCOMPRESSED, bufferingIntervalSeconds: 60 },
    });
    const json = synthJson(stack);
    const [stream] = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
    const [delivery] = Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream")) as any[];
    expect(stream).toMatchObject({ name: "clicks-in", shard_count: 2, retention_period: 48 });
    expect(delivery.name).toBe("clicks-out");
    expect(delivery.extended_s3_configuration).toMatchObject({ compression_format: "UNCOMPRESSED", buffering_interval: 60 });
  });

  it("writes to a given bucket and creates none", () => {
    const { stack } = testStack();
    const bucket = new SecureBucket(stack, "landing", { bucketPrefix: "landing-", accessLogging: false });
    const pipeline = new StreamingPipeline(stack, "p", { name: "clicks", bucket });
    expect(pipeline.bucket).toBe(bucket);
    expect(Object.keys(resourcesOfType(synthJson(stack), "aws_s3_bucket"))).toHaveLength(1);
  });

  it("two pipelines in one stack do not collide (ids, alarm names, aliases, log groups, role prefixes)", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "orders", { name: "orders" });
    new StreamingPipeline(stack, "payments", { name: "payments" });
    const json = synthJson(stack);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_stream"))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream"))).toHaveLength(2);
    for (const [type, field] of [
      ["aws_cloudwatch_metric_alarm", "alarm_name"],
      ["aws_kms_alias", "name"],
      ["aws_cloudwatch_log_group", "name"],
      ["aws_iam_role", "name_prefix"],
      ["aws_s3_bucket", "bucket_prefix"],
    ]) {
      // Fixed names must differ; generated ones (the bucket keys' alias name_prefix) are unique by construction.
      const values = Object.values(resourcesOfType(json, type))
        .map((r: any) => r[field])
        .filter((v) => v !== undefined);
      expect(values.length).toBeGreaterThan(1);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it("has no literal arn:aws: in the synthesized stack", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "p", { name: "telemetry" });
    expect(Testing.synth(stack)).not.toContain("arn:aws:");
  });

  describe("validation: every problem of the pipeline in one error, under the pipeline's path", () => {
    it("a stream problem names the property as written on the pipeline's props", () => {
      const { stack } = testStack();
      const e = validationFailure(() => new StreamingPipeline(stack, "p", { name: "telemetry", stream: { retentionHours: 1 } }));
      expect(e.constructPath).toBe("test/p");
      expect(e.problems.map((x) => x.property)).toEqual(["stream.retentionHours"]);
    });

    it("a delivery problem names the property as written on the pipeline's props", () => {
      const { stack } = testStack();
      const e = validationFailure(() => new StreamingPipeline(stack, "p", { name: "telemetry", delivery: { bufferingSizeMiB: 500 } }));
      expect(e.constructPath).toBe("test/p");
      expect(e.problems.map((x) => x.property)).toContain("delivery.bufferingSizeMiB");
    });

    it("SSE requested on a pipeline's delivery stream is refused (the source stream is encrypted instead)", () => {
      const { stack } = testStack();
      const e = validationFailure(() => new StreamingPipeline(stack, "p", { name: "telemetry", delivery: { serverSideEncryption: true } }));
      expect(e.problems.map((x) => x.property)).toEqual(["delivery.serverSideEncryption"]);
    });

    it("a name too long for Firehose (but fine for Kinesis) is reported as the pipeline's name", () => {
      const { stack } = testStack();
      const e = validationFailure(() => new StreamingPipeline(stack, "p", { name: "x".repeat(65) }));
      expect(e.problems.map((x) => x.property)).toEqual(["name"]);
      expect(e.message).toContain("x".repeat(65));
    });

    it("fails with stream AND delivery problems together, before building either part", () => {
      const { stack } = testStack();
      const e = validationFailure(
        () =>
          new StreamingPipeline(stack, "p", {
            name: "telemetry",
            stream: { retentionHours: 9000, efoConsumerNames: ["bad name"] },
            delivery: { bufferingIntervalSeconds: 901, prefix: "data/!{unknown:x}/" },
          }),
      );
      expect(e.problems.map((x) => x.property).sort()).toEqual(
        ["delivery.bufferingIntervalSeconds", "delivery.prefix", "stream.efoConsumerNames[0]", "stream.retentionHours"].sort(),
      );
      expect(stack.node.tryFindChild("p")?.node.children ?? []).toEqual([]);
    });
  });

  it("random valid pipeline names and settings synthesize (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/),
        fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
        fc.integer({ min: 24, max: 8760 }),
        fc.boolean(),
        (name, shards, retentionHours, backup) => {
          const { stack } = testStack();
          new StreamingPipeline(stack, "p", {
            name,
            stream: { capacity: shards ? StreamCapacity.provisioned(shards) : undefined, retentionHours },
            delivery: { sourceRecordBackup: backup },
          });
          const json = synthJson(stack);
          const [delivery] = Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream")) as any[];
          expect(delivery.name).toBe(name);
          expect(delivery.depends_on.length).toBeGreaterThanOrEqual(3);
        },
      ),
      { numRuns: 15 },
    );
  });
});
