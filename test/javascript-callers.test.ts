/**
 * Callers without a type checker (JavaScript, or TypeScript through `as any`): a missing props object, a missing
 * required property or a value of the wrong kind is a `PipelineValidationError` naming the construct path, the
 * property, the value and what is allowed — never a `TypeError` — together with the construct's other problems; a
 * property the construct does not know is a synth warning naming the nearest known one, and is ignored.
 */
import { TerraformVariable } from "cdktf";
import * as lib from "../index";
import { validationFailure, warningsOf } from "./helpers/assertions";
import { testStack } from "./helpers/test-stack";

/** A construct class called as JavaScript would (any props at all). */
type Untyped = new (scope: unknown, id: string, props?: unknown) => { node: { path: string } };
const untyped = (cls: unknown) => cls as Untyped;

describe("JavaScript callers: missing and wrongly typed props are problems, never TypeErrors", () => {
  it.each([
    ["EncryptedStream", lib.EncryptedStream, "EncryptedStreamProps with at least streamName"],
    ["FirehoseToS3", lib.FirehoseToS3, "FirehoseToS3Props with at least deliveryStreamName"],
    ["StreamingPipeline", lib.StreamingPipeline, "StreamingPipelineProps with at least name"],
  ])("fails when %s is given no props at all", (_name, cls, allowed) => {
    const error = validationFailure(() => new (untyped(cls))(testStack().stack, "x"));
    expect(error.constructPath).toBe("test/x");
    expect(error.problems).toEqual([{ property: "props", value: undefined, allowed: `an object of ${allowed}` }]);
  });

  it.each([
    ["EncryptedStream", "streamName", lib.EncryptedStream, "EncryptedStreamProps.streamName"],
    ["FirehoseToS3", "deliveryStreamName", lib.FirehoseToS3, "FirehoseToS3Props.deliveryStreamName"],
    ["StreamingPipeline", "name", lib.StreamingPipeline, "StreamingPipelineProps.name"],
  ])("fails when %s is given no %s (was: a nameless stream, or a TypeError)", (_name, property, cls, qualified) => {
    const error = validationFailure(() => new (untyped(cls))(testStack().stack, "x", {}));
    expect(error.problems).toEqual([{ property, value: undefined, allowed: `a string: ${qualified} is required` }]);
  });

  it("fails when PipelineKey gets no props: its alias is required", () => {
    const error = validationFailure(() => new (untyped(lib.PipelineKey))(testStack().stack, "key"));
    expect(error.problems.map((p) => p.property)).toEqual(["aliasName"]);
  });

  it("fails when SecureBucket's props are null (undefined means every default)", () => {
    const error = validationFailure(() => new (untyped(lib.SecureBucket))(testStack().stack, "bucket", null));
    expect(error.problems).toEqual([{ property: "props", value: null, allowed: "an object of SecureBucketProps" }]);
    expect(() => new (untyped(lib.SecureBucket))(testStack().stack, "bucket", undefined)).not.toThrow();
  });

  it("fails when an importer's attributes are missing, once per property", () => {
    const stream = validationFailure(() => (lib.EncryptedStream.fromStreamAttributes as any)(testStack().stack, "s"));
    expect(stream.problems).toEqual([{ property: "props", value: undefined, allowed: "an object of StreamAttributes with at least streamArn" }]);
    const bucket = validationFailure(() => (lib.SecureBucket.fromBucketAttributes as any)(testStack().stack, "b", {}));
    expect(bucket.problems).toEqual([{ property: "bucketName", value: undefined, allowed: "a string: SecureBucketAttributes.bucketName is required" }]);
  });

  it("fails when values have the wrong kind, reported with the construct's other problems", () => {
    const error = validationFailure(
      () => new (untyped(lib.EncryptedStream))(testStack().stack, "s", { streamName: 5, efoConsumerNames: "abc", tags: "team", retentionHours: 9000 }),
    );
    expect(error.problems).toEqual([
      { property: "streamName", value: 5, allowed: "a string" },
      { property: "efoConsumerNames", value: "abc", allowed: "an array" },
      { property: "tags", value: "team", allowed: "an object" },
      expect.objectContaining({ property: "retentionHours", value: 9000 }),
    ]);
  });

  it("names nested props as written: bucketProps.*, dynamicPartitioning.*, stream.*, delivery.*", () => {
    const delivery = validationFailure(
      () =>
        new (untyped(lib.FirehoseToS3))(testStack().stack, "d", {
          deliveryStreamName: "d",
          bucketProps: { expirationDays: "400" },
          dynamicPartitioning: { jqQuery: ".tenant" },
          alarms: "on",
        }),
    );
    expect(delivery.problems).toEqual(
      expect.arrayContaining([
        { property: "alarms", value: "on", allowed: "a boolean or an object" },
        { property: "bucketProps.expirationDays", value: "400", allowed: "a number" },
        { property: "dynamicPartitioning.jqQuery", value: ".tenant", allowed: "an object" },
      ]),
    );
    const pipeline = validationFailure(
      () => new (untyped(lib.StreamingPipeline))(testStack().stack, "p", { name: "p", stream: { retentionHours: "48" }, delivery: { prefix: 7 } }),
    );
    expect(pipeline.problems).toEqual([
      { property: "stream.retentionHours", value: "48", allowed: "a number" },
      { property: "delivery.prefix", value: 7, allowed: "a string" },
    ]);
  });

  it("fails when a pipeline's delivery names a source or bucket (its stream is the source; bucket is the pipeline's prop)", () => {
    const error = validationFailure(() => new (untyped(lib.StreamingPipeline))(testStack().stack, "p", { name: "p", delivery: { source: {}, bucket: {} } }));
    expect(error.problems.map((p) => p.property)).toEqual(["delivery.source", "delivery.bucket"]);
  });

  it("accepts Terraform tokens as the kind they encode (string, number, list)", () => {
    const { stack } = testStack();
    const name = new TerraformVariable(stack, "name", { type: "string" });
    const hours = new TerraformVariable(stack, "hours", { type: "number" });
    const consumers = new TerraformVariable(stack, "consumers", { type: "list(string)" });
    expect(
      () => new lib.EncryptedStream(stack, "s", { streamName: name.stringValue, retentionHours: hours.numberValue, efoConsumerNames: consumers.listValue, alarms: false }),
    ).not.toThrow();
  });
});

describe("JavaScript callers: nested options, enum props and list tokens", () => {
  it("fails when a nested option has the wrong kind: sourceRecordBackup.prefix, alarms.*, a transition that is not an object", () => {
    const delivery = validationFailure(
      () =>
        new (untyped(lib.FirehoseToS3))(testStack().stack, "d", {
          deliveryStreamName: "d",
          sourceRecordBackup: { prefix: 5 },
          alarms: { dataFreshnessThresholdSeconds: "900" },
          bucketProps: { transitions: [null, { afterDays: "30", storageClass: "GLACIER" }] },
        }),
    );
    expect(delivery.problems.map((p) => p.property)).toEqual(
      expect.arrayContaining(["sourceRecordBackup.prefix", "alarms.dataFreshnessThresholdSeconds", "bucketProps.transitions[0]", "bucketProps.transitions[1].afterDays"]),
    );
  });

  it("a grant's options may be null (JavaScript), meaning the defaults", () => {
    const stream = new lib.EncryptedStream(testStack().stack, "s", { streamName: "s" });
    expect(() => stream.grantRead("reader", undefined, null as never)).not.toThrow();
  });

  it("says which values an enum prop takes (removalPolicy: 5, compression: \"GZIP\")", () => {
    const error = validationFailure(
      () => new (untyped(lib.FirehoseToS3))(testStack().stack, "d", { deliveryStreamName: "d", removalPolicy: 5, compression: "GZIP" }),
    );
    expect(error.problems).toEqual([
      { property: "compression", value: "GZIP", allowed: expect.stringContaining("a Compression (Compression.GZIP") },
      { property: "removalPolicy", value: 5, allowed: 'RemovalPolicy.RETAIN ("retain") or RemovalPolicy.DESTROY ("destroy")' },
    ]);
  });

  it("reports a bad removalPolicy once, as written, not again on the parts it reaches", () => {
    const delivery = validationFailure(() => new (untyped(lib.FirehoseToS3))(testStack().stack, "d", { deliveryStreamName: "d", removalPolicy: "keep" }));
    expect(delivery.problems.map((p) => p.property)).toEqual(["removalPolicy"]);
    const pipeline = validationFailure(() => new (untyped(lib.StreamingPipeline))(testStack().stack, "p", { name: "p", removalPolicy: "keep" }));
    expect(pipeline.problems.map((p) => p.property)).toEqual(["removalPolicy"]);
  });

  it("fails when a list prop is a string token (spread, it would be its characters)", () => {
    const { stack } = testStack();
    const one = new TerraformVariable(stack, "one", { type: "string" });
    const error = validationFailure(() => new lib.EncryptedStream(stack, "s", { streamName: "s", efoConsumerNames: one.stringValue as never }));
    expect(error.problems.map((p) => p.property)).toEqual(["efoConsumerNames"]);
  });
});

describe("JavaScript callers: unknown props are warned about, with the nearest known name", () => {
  it("warns when a FirehoseToS3 prop is misspelt (bufferingIntervalSecond), and uses the default", () => {
    const { stack } = testStack();
    const delivery = new (untyped(lib.FirehoseToS3))(stack, "d", { deliveryStreamName: "d", bufferingIntervalSecond: 60, bucketProps: { expirationDay: 3 } });
    expect(warningsOf(delivery as any)).toEqual([
      "bufferingIntervalSecond is not a property of FirehoseToS3Props, so it is ignored (did you mean bufferingIntervalSeconds?)",
      "bucketProps.expirationDay is not a property of SecureBucketProps, so it is ignored (did you mean bucketProps.expirationDays?)",
    ]);
  });

  it("warns once, at the pipeline, for its own and its parts' unknown props", () => {
    const { stack } = testStack();
    const pipeline = new (untyped(lib.StreamingPipeline))(stack, "p", { name: "p", colour: "blue", stream: { retentionHour: 48 } });
    expect(warningsOf(pipeline as any)).toEqual([
      "colour is not a property of StreamingPipelineProps, so it is ignored",
      "stream.retentionHour is not a property of EncryptedStreamProps, so it is ignored (did you mean stream.retentionHours?)",
    ]);
    const stream = (pipeline as unknown as lib.StreamingPipeline).stream;
    expect(warningsOf(stream)).toEqual([]);
    expect(stream.retentionHours).toBe(24);
  });

  it("warns about every construct's unknown props: EncryptedStream, SecureBucket, PipelineKey, the importers", () => {
    const { stack } = testStack();
    const made = [
      new (untyped(lib.EncryptedStream))(stack, "s", { streamName: "s", shardCount: 2 }),
      new (untyped(lib.SecureBucket))(stack, "b", { versioning: false }),
      new (untyped(lib.PipelineKey))(stack, "k", { aliasName: "alias/k", rotation: false }),
    ];
    expect(made.map((c) => warningsOf(c as any).length)).toEqual([1, 1, 1]);
    expect(warningsOf(made[0] as any)[0]).toBe("shardCount is not a property of EncryptedStreamProps, so it is ignored");
  });
});
