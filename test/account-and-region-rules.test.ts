/**
 * Rules that depend on where a stack deploys and on what the library adds itself: tags (at most 50 per resource, the
 * library's own included; `aws:` reserved), KMS keys in the stack's region, the account-wide default quotas (shards,
 * on-demand streams) counted across the app, server-side encryption where the FAQ says Kinesis does not offer it,
 * and enhanced fan-out consumers registered no more than 5 at a time.
 */
import { KINESIS_LIMITS, TAG_LIMITS } from "stream-simulator";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamEncryption } from "../constructs/stream/stream-encryption";
import { checkTags } from "../constructs/validation/rules";
import { validationFailure, warningsOf } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";

const tags = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
const keyIn = (region: string) => `arn:aws:kms:${region}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_REGION = "eu-central-1"; // TEST_REGION is us-east-1

describe("tags: at most 50 per resource with the library's own, keys not starting with aws:", () => {
  it("checkTags counts the library's tags with the user's, and names them", () => {
    expect(TAG_LIMITS.maxTagsPerResource.value).toBe(50);
    expect(checkTags("tags", tags(50))).toEqual([]);
    expect(checkTags("tags", tags(49), ["CapacitySizing"])).toEqual([]);
    expect(checkTags("tags", tags(50), ["CapacitySizing"])).toEqual([
      {
        property: "tags",
        value: "50 tags (+ CapacitySizing, which the library adds)",
        allowed: expect.stringMatching(/^at most 50 tags per resource, the library's own included \(https:\/\/docs\.aws\.amazon\.com\/streams\/latest\/dev\/tagging\.html/),
      },
    ]);
    // A user tag the library would set too counts once.
    expect(checkTags("tags", { ...tags(49), CapacitySizing: "mine" }, ["CapacitySizing"])).toEqual([]);
  });

  it("fails for each construct given 51 tags, or an aws: key, naming the construct and the property", () => {
    const { stack } = testStack();
    const cases: [string, () => unknown][] = [
      ["stream", () => new EncryptedStream(stack, "stream", { streamName: "s", tags: tags(51) })],
      ["bucket", () => new SecureBucket(stack, "bucket", { tags: tags(51) })],
      ["key", () => new PipelineKey(stack, "key", { aliasName: "alias/k", tags: { "aws:owner": "me" } })],
      ["delivery", () => new FirehoseToS3(stack, "delivery", { deliveryStreamName: "d", tags: tags(51) })],
    ];
    for (const [id, build] of cases) {
      const error = validationFailure(build);
      expect(error.constructPath).toBe(`test/${id}`);
      expect(error.problems.map((p) => p.property)).toEqual(["tags"]);
    }
  });

  it("fails for a stream sized from a workload at 50 tags: the library tags it CapacitySizing (the 51st)", () => {
    const { stack } = testStack();
    const workload = { recordsPerSecond: 100, recordBytes: 1000 };
    expect(() => new EncryptedStream(stack, "fits", { streamName: "fits", tags: tags(49), capacity: StreamCapacity.forWorkload(workload) })).not.toThrow();
    const error = validationFailure(() => new EncryptedStream(stack, "full", { streamName: "full", tags: tags(50), capacity: StreamCapacity.forWorkload(workload) }));
    expect(error.problems).toEqual([expect.objectContaining({ property: "tags", value: "50 tags (+ CapacitySizing, which the library adds)" })]);
    // Through a pipeline too: under stream.tags when given there, as tags (once) when given on the pipeline.
    const pipeline = validationFailure(() => new StreamingPipeline(stack, "pipe", { name: "pipe", workload, stream: { tags: tags(50) } }));
    expect(pipeline.problems.map((p) => p.property)).toContain("stream.tags");
    const onPipeline = validationFailure(() => new StreamingPipeline(stack, "pipe2", { name: "pipe2", tags: tags(51) }));
    expect(onPipeline.problems.map((p) => p.property)).toEqual(["tags"]);
  });
});

describe("KMS keys in the stack's region", () => {
  it("fails when an existing key is in another region (stream, bucket, delivery, delivery logs), naming the stack's region", () => {
    const { stack } = testStack();
    const cases: [string, string, () => unknown][] = [
      ["stream", "encryption.keyArn", () => new EncryptedStream(stack, "stream", { streamName: "s", encryption: StreamEncryption.existingKey(keyIn(OTHER_REGION)) })],
      ["bucket", "encryptionKeyArn", () => new SecureBucket(stack, "bucket", { encryptionKeyArn: keyIn(OTHER_REGION) })],
      ["delivery", "encryptionKeyArn", () => new FirehoseToS3(stack, "delivery", { deliveryStreamName: "d", encryptionKeyArn: keyIn(OTHER_REGION) })],
      ["logs", "logEncryptionKeyArn", () => new FirehoseToS3(stack, "logs", { deliveryStreamName: "l", logEncryptionKeyArn: keyIn(OTHER_REGION) })],
      ["created-bucket", "bucketProps.encryptionKeyArn", () => new FirehoseToS3(stack, "created-bucket", { deliveryStreamName: "c", bucketProps: { encryptionKeyArn: keyIn(OTHER_REGION) } })],
    ];
    for (const [id, property, build] of cases) {
      const error = validationFailure(build);
      expect({ id, problems: error.problems }).toEqual({
        id,
        problems: [{ property, value: keyIn(OTHER_REGION), allowed: expect.stringContaining(`a KMS key in the stack's region, ${TEST_REGION} (this key is in ${OTHER_REGION};`) }],
      });
    }
  });

  it("passes a key in the stack's region, and does not compare when the region is unknown at synth (no region context)", () => {
    const { stack } = testStack();
    expect(() => new EncryptedStream(stack, "same", { streamName: "same", encryption: StreamEncryption.existingKey(keyIn(TEST_REGION)) })).not.toThrow();
    const { stack: unknownRegion } = testStack("no-region", { "cdktf-kinesis-pipeline:region": "" });
    expect(() => new SecureBucket(unknownRegion, "b", { encryptionKeyArn: keyIn(OTHER_REGION) })).not.toThrow();
  });
});

describe("account-wide default quotas, counted across the app's streams in one account and region", () => {
  it("warns on the stream that takes the app past 50 on-demand streams in the account and region, once", () => {
    const { stack } = testStack();
    const streams = Array.from({ length: KINESIS_LIMITS.onDemandStreamsPerAccount.value + 2 }, (_, i) => new EncryptedStream(stack, `s${i}`, { streamName: `s${i}` }));
    const warned = streams.map((s, i) => [i, warningsOf(s).filter((w) => w.includes("on-demand streams per account"))] as const).filter(([, w]) => w.length > 0);
    expect(warned.map(([i]) => i)).toEqual([50]);
    expect(warned[0][1][0]).toMatch(/^this is on-demand stream 51 of this app in account \d{12}, region [a-z0-9-]+: above the default quota of 50/);
  });

  it("warns when the provisioned shards of the app's streams exceed the account's default shard quota for the region", () => {
    const { stack } = testStack("quota", {}, { accountId: TEST_ACCOUNT_ID, region: "ap-south-1" });
    const first = new EncryptedStream(stack, "a", { streamName: "a", capacity: StreamCapacity.provisioned(600) });
    const second = new EncryptedStream(stack, "b", { streamName: "b", capacity: StreamCapacity.provisioned(600) });
    expect(warningsOf(first).filter((w) => w.includes("shard quota"))).toEqual([]);
    expect(warningsOf(second).filter((w) => w.includes("shard quota"))).toEqual([
      expect.stringMatching(/now have 1200 shards: above the default shard quota of 1000 per account in this region \(1,000 or 6,000 outside us-east-1, us-west-2 and eu-west-1\)/),
    ]);
    // us-east-1: 20,000.
    const { stack: large } = testStack("large", {}, { accountId: TEST_ACCOUNT_ID, region: "us-east-1" });
    const big = new EncryptedStream(large, "c", { streamName: "c", capacity: StreamCapacity.provisioned(1200) });
    expect(warningsOf(big).filter((w) => w.includes("shard quota"))).toEqual([]);
  });
});

describe("server-side encryption where the Kinesis FAQ says it is not offered", () => {
  it("warns for a stream in China (Beijing), and not in China (Ningxia)", () => {
    const { stack } = testStack("bjs", {}, { accountId: TEST_ACCOUNT_ID, region: "cn-north-1" });
    const beijing = new EncryptedStream(stack, "s", { streamName: "s" });
    expect(warningsOf(beijing)).toEqual(expect.arrayContaining([expect.stringMatching(/^region cn-north-1: the Kinesis Data Streams FAQ \(https:\/\/aws\.amazon\.com\/kinesis\/data-streams\/faqs\/\) lists it as a region without server-side encryption/)]));
    const { stack: ningxia } = testStack("zhy", {}, { accountId: TEST_ACCOUNT_ID, region: "cn-northwest-1" });
    expect(warningsOf(new EncryptedStream(ningxia, "s", { streamName: "s" })).filter((w) => w.includes("FAQ"))).toEqual([]);
  });
});

describe("enhanced fan-out consumers: at most 5 registering at once", () => {
  it("makes each consumer past the fifth depend on the one five before it, so Terraform never has more than 5 in CREATING", () => {
    const { stack } = testStack();
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const stream = new EncryptedStream(stack, "fanout", { streamName: "fanout", efoConsumerNames: names });
    const consumers = resourcesOfType(synthJson(stack), "aws_kinesis_stream_consumer");
    const byName = new Map(Object.entries(consumers).map(([id, c]: [string, any]) => [c.name as string, { id, dependsOn: (c.depends_on ?? []) as string[] }]));
    names.forEach((name, i) => {
      const expected = i < KINESIS_LIMITS.efoConsumersCreatingAtOnce.value ? [] : [`aws_kinesis_stream_consumer.${byName.get(names[i - 5])!.id}`];
      expect({ name, dependsOn: byName.get(name)!.dependsOn }).toEqual({ name, dependsOn: expected });
    });
    expect(stream.consumers).toHaveLength(12);
  });
});
