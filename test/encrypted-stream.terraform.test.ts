import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { EncryptedStream } from "../constructs/encrypted-stream";
import { PipelineKey } from "../constructs/pipeline-key";
import { StreamCapacity } from "../constructs/stream-capacity";
import { StreamEncryption } from "../constructs/stream-encryption";
import { testStack, TEST_ACCOUNT_ID } from "./helpers/test-stack";
import { terraformPlan, terraformValidate } from "./terraform/harness";

/**
 * One stack, several streams covering every option family, checked once by real terraform (validate + offline plan):
 * catches schema errors and CustomizeDiff rules (e.g. shard_count with ON_DEMAND) that Testing.synth cannot see.
 */
describe("EncryptedStream and PipelineKey under terraform", () => {
  it("validate and plan a stack holding several streams and keys", () => {
    const { stack } = testStack("streams");
    const role = new IamRole(stack, "consumer", {
      name: "stream-consumer",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    const shared = new PipelineKey(stack, "shared-key", { aliasName: "alias/pipeline/shared", deletionWindowDays: 7 });

    const orders = new EncryptedStream(stack, "orders", { streamName: "orders.v1", efoConsumerNames: ["analytics"] });
    const clicks = new EncryptedStream(stack, "clicks", {
      streamName: "clicks",
      capacity: StreamCapacity.provisioned(2),
      retentionHours: 168,
      encryption: StreamEncryption.existingKey(shared),
      shardLevelMetrics: ["IncomingBytes", "OutgoingBytes"],
      alarmActionArns: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:alarms`],
      tags: { team: "web" },
    });
    const audit = new EncryptedStream(stack, "audit", {
      streamName: "audit",
      encryption: StreamEncryption.awsManaged(),
      alarms: false,
    });
    const legacy = EncryptedStream.fromStreamAttributes(stack, "legacy", {
      streamArn: `arn:aws:kinesis:us-east-1:${TEST_ACCOUNT_ID}:stream/legacy`,
      encryptionKeyArn: `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    });
    for (const s of [orders, clicks, audit, legacy]) {
      s.grantRead(role.name);
      s.grantWrite(role.name);
    }
    orders.grantReadConsumer("analytics", role.name);

    expect(() => terraformValidate(stack)).not.toThrow();
    const plan = terraformPlan(stack);
    expect(plan.byType("aws_kinesis_stream")).toHaveLength(3);
    expect(plan.byType("aws_kms_key")).toHaveLength(2); // orders' own key + the shared one
    expect(plan.byType("aws_kms_alias")).toHaveLength(2);
    expect(plan.byType("aws_kinesis_stream_consumer")).toHaveLength(1);
    expect(plan.byType("aws_cloudwatch_metric_alarm")).toHaveLength(6);
    expect(plan.byType("aws_iam_role_policy")).toHaveLength(9);
    expect(plan.counts.change).toBe(0);
    expect(plan.counts.remove).toBe(0);
    for (const change of plan.resourceChanges) expect(change.actions).toEqual(["create"]);
  });
});
