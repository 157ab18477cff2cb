/**
 * Names AWS requires to be unique per account and region — stream names, delivery stream names (and the log groups
 * derived from them), KMS aliases — are unique across the app: a second construct with the same name in the same
 * account and region fails at synth, naming the first (it would fail at apply with ResourceInUseException).
 */
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { validationFailure } from "./helpers/assertions";
import { testApp, testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "../constructs/aws-environment";

describe("physical names are unique per account and region across the app", () => {
  it("fails when two FirehoseToS3 share a deliveryStreamName, naming the first", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "a", { deliveryStreamName: "orders" });
    const error = validationFailure(() => new FirehoseToS3(stack, "b", { deliveryStreamName: "orders" }));
    expect(error.constructPath).toBe("test/b");
    expect(error.problems).toEqual([
      {
        property: "deliveryStreamName",
        value: "orders",
        allowed: `a Firehose delivery stream name not used elsewhere in account ${TEST_ACCOUNT_ID}, region ${TEST_REGION}: test/a already creates one named "orders"`,
      },
    ]);
  });

  it("fails when two streams share a name, also across two stacks of one account and region", () => {
    const { app, stack } = testStack();
    new EncryptedStream(stack, "a", { streamName: "clicks" });
    const other = new TerraformStack(app, "other");
    new AwsProvider(other, "aws", { region: TEST_REGION });
    const error = validationFailure(() => new EncryptedStream(other, "b", { streamName: "clicks" }));
    expect(error.problems.map((p) => p.allowed)).toEqual([expect.stringContaining("test/a already creates one named \"clicks\"")]);
  });

  it("fails when two keys share an alias, and when a pipeline's derived names collide with another part of the stack", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "a", { aliasName: "alias/shared" });
    expect(validationFailure(() => new PipelineKey(stack, "b", { aliasName: "alias/shared" })).problems[0].property).toBe("aliasName");
    new FirehoseToS3(stack, "events", { deliveryStreamName: "events" });
    const error = validationFailure(() => new StreamingPipeline(stack, "events-pipeline", { name: "events" }));
    expect(error.constructPath).toBe("test/events-pipeline/Delivery");
  });

  it("passes the same names in stacks of different regions, and in stacks whose account or region is unknown", () => {
    const east = testStack("east", {}, { accountId: TEST_ACCOUNT_ID, region: "us-east-1" });
    const west = new TerraformStack(east.app, "west");
    // A second region in the same app: context on the stack itself.
    west.node.setContext(REGION_CONTEXT_KEY, "eu-west-1");
    west.node.setContext(ACCOUNT_ID_CONTEXT_KEY, TEST_ACCOUNT_ID);
    new AwsProvider(west, "aws", { region: "eu-west-1" });
    new FirehoseToS3(east.stack, "a", { deliveryStreamName: "orders" });
    expect(() => new FirehoseToS3(west, "a", { deliveryStreamName: "orders" })).not.toThrow();
    const app = testApp();
    for (const id of ["one", "two"]) {
      const stack = new TerraformStack(app, id);
      expect(() => new EncryptedStream(stack, "s", { streamName: "clicks" })).not.toThrow();
    }
  });

  it("a construct that failed claims nothing", () => {
    const { stack } = testStack();
    expect(() => new EncryptedStream(stack, "bad", { streamName: "clicks", retentionHours: 1 })).toThrow();
    expect(() => new EncryptedStream(stack, "good", { streamName: "clicks" })).not.toThrow();
  });
});
