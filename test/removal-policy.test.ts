/**
 * Retain by default: every resource that holds data — Kinesis streams, S3 buckets (data and access-log), KMS keys,
 * Firehose error log groups — carries `lifecycle { prevent_destroy = true }` unless its construct says
 * `removalPolicy: RemovalPolicy.DESTROY`, so a `cdktf destroy`, or a change that replaces the resource, fails the
 * plan instead of deleting data. Nothing else (roles, policies, configuration resources) is retained.
 */
import { TerraformStack } from "cdktf";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { RemovalPolicy } from "../constructs/removal-policy";
import type { StreamingPipelineProps } from "../constructs/pipeline/props";
import { ENVIRONMENTS } from "../config/environments";
import { AgentTelemetryStack } from "../stacks/agent-telemetry-stack";
import { TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { validationFailure } from "./helpers/assertions";
import { synthJson, testApp, testStack } from "./helpers/test-stack";

/** The types whose resources hold data. */
const STATEFUL = ["aws_kinesis_stream", "aws_s3_bucket", "aws_kms_key", "aws_cloudwatch_log_group"];

/** `type.logicalId` of every resource with `prevent_destroy`, and of every stateful resource without it. */
function retention(stack: TerraformStack): { retained: string[]; unprotected: string[] } {
  const json = synthJson(stack);
  const retained: string[] = [];
  const unprotected: string[] = [];
  for (const [type, resources] of Object.entries(json.resource as Record<string, Record<string, any>>)) {
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.lifecycle?.prevent_destroy === true) retained.push(`${type}.${id}`);
      else if (STATEFUL.includes(type)) unprotected.push(`${type}.${id}`);
    }
  }
  return { retained: retained.sort(), unprotected: unprotected.sort() };
}

const typesOf = (addresses: string[]) => [...new Set(addresses.map((a) => a.split(".")[0]))].sort();

function pipeline(props: Partial<StreamingPipelineProps> = {}): TerraformStack {
  const { stack } = testStack();
  new StreamingPipeline(stack, "orders", {
    name: "orders",
    ...props,
    delivery: { bucketProps: { accessLogging: true }, ...props.delivery },
  });
  return stack;
}

describe("removal policy: stateful resources are retained by default", () => {
  it("a default pipeline protects its stream, buckets (data and access-log), keys and error log group, and nothing else", () => {
    const { retained, unprotected } = retention(pipeline());
    expect(unprotected).toEqual([]);
    expect(typesOf(retained)).toEqual(STATEFUL.slice().sort());
    // stream + its key; data bucket + its key + access-log bucket; log group + its key.
    expect(retained.filter((a) => a.startsWith("aws_kms_key."))).toHaveLength(3);
    expect(retained.filter((a) => a.startsWith("aws_s3_bucket."))).toHaveLength(2);
  });

  it("each construct retains what it creates: EncryptedStream, SecureBucket, PipelineKey, FirehoseToS3 (direct PUT: its own key too)", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "stream", { streamName: "clicks" });
    new SecureBucket(stack, "bucket");
    new PipelineKey(stack, "key", { aliasName: "alias/shared" });
    new FirehoseToS3(stack, "direct", { deliveryStreamName: "events" });
    const { retained, unprotected } = retention(stack);
    expect(unprotected).toEqual([]);
    // stream key, bucket key, shared key, and the delivery's bucket key, SSE key and log key.
    expect(retained.filter((a) => a.startsWith("aws_kms_key."))).toHaveLength(6);
  });

  it("removalPolicy: DESTROY on the pipeline lifts the protection from every part", () => {
    expect(retention(pipeline({ removalPolicy: RemovalPolicy.DESTROY })).retained).toEqual([]);
  });

  it("a part's own removalPolicy overrides the pipeline's: stream.removalPolicy, delivery.removalPolicy, delivery.bucketProps.removalPolicy", () => {
    const streamOnly = retention(pipeline({ removalPolicy: RemovalPolicy.DESTROY, stream: { removalPolicy: RemovalPolicy.RETAIN } }));
    expect(typesOf(streamOnly.retained)).toEqual(["aws_kinesis_stream", "aws_kms_key"]);
    const bucketOnly = retention(
      pipeline({ removalPolicy: RemovalPolicy.DESTROY, delivery: { bucketProps: { accessLogging: true, removalPolicy: RemovalPolicy.RETAIN } } }),
    );
    expect(typesOf(bucketOnly.retained)).toEqual(["aws_kms_key", "aws_s3_bucket"]);
    expect(bucketOnly.retained.filter((a) => a.startsWith("aws_s3_bucket."))).toHaveLength(2);
    const deliveryDestroyed = retention(pipeline({ delivery: { removalPolicy: RemovalPolicy.DESTROY } }));
    expect(typesOf(deliveryDestroyed.retained)).toEqual(["aws_kinesis_stream", "aws_kms_key"]);
  });

  it("keys keep their 30-day deletion window whatever the removal policy", () => {
    const json = synthJson(pipeline({ removalPolicy: RemovalPolicy.DESTROY }));
    for (const key of Object.values(json.resource.aws_kms_key as Record<string, any>)) expect(key.deletion_window_in_days).toBe(30);
  });

  it("the example stacks: dev opts out (RemovalPolicy.DESTROY, a test environment), prod retains", () => {
    const stacks = (name: string) => [
      new AgentTelemetryStack(testApp(), "agent-telemetry", { environment: ENVIRONMENTS[name] }),
      new TelemetrySinkStack(testApp(), "telemetry-sink", { environment: ENVIRONMENTS[name] }),
    ];
    for (const stack of stacks("dev")) expect(retention(stack).retained).toEqual([]);
    for (const stack of stacks("prod")) {
      const { retained, unprotected } = retention(stack);
      expect(unprotected).toEqual([]);
      expect(retained.length).toBeGreaterThan(0);
    }
  });
});

describe("removal policy: what is rejected", () => {
  it("fails when removalPolicy is not one of RemovalPolicy's values (a JavaScript caller's string), on every construct", () => {
    const bad = "keep" as unknown as RemovalPolicy;
    const builds: [string, (stack: TerraformStack) => unknown][] = [
      ["stream", (stack) => new EncryptedStream(stack, "stream", { streamName: "s", removalPolicy: bad })],
      ["bucket", (stack) => new SecureBucket(stack, "bucket", { removalPolicy: bad })],
      ["key", (stack) => new PipelineKey(stack, "key", { aliasName: "alias/k", removalPolicy: bad })],
      ["delivery", (stack) => new FirehoseToS3(stack, "delivery", { deliveryStreamName: "d", removalPolicy: bad })],
    ];
    for (const [id, build] of builds) {
      const error = validationFailure(() => build(testStack().stack));
      expect(error.constructPath).toBe(`test/${id}`);
      expect(error.message).toContain('removalPolicy: got "keep"; allowed: RemovalPolicy.RETAIN ("retain", the default');
    }
  });

  it("fails when forceDestroy is set on a retained bucket (it could never take effect), as aws-cdk-lib's autoDeleteObjects", () => {
    const error = validationFailure(() => new SecureBucket(testStack().stack, "landing", { forceDestroy: true }));
    expect(error.problems).toEqual([
      expect.objectContaining({ property: "forceDestroy", value: true, allowed: expect.stringContaining("only with removalPolicy: RemovalPolicy.DESTROY") }),
    ]);
    expect(() => new SecureBucket(testStack().stack, "landing", { forceDestroy: true, removalPolicy: RemovalPolicy.DESTROY })).not.toThrow();
  });

  it("names a FirehoseToS3's created bucket's forceDestroy under bucketProps", () => {
    const error = validationFailure(
      () => new FirehoseToS3(testStack().stack, "delivery", { deliveryStreamName: "d", bucketProps: { forceDestroy: true } }),
    );
    expect(error.problems.map((p) => p.property)).toEqual(["bucketProps.forceDestroy"]);
  });
});
