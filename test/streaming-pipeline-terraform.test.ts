/**
 * FirehoseToS3 and StreamingPipeline against real Terraform (offline, provider 5.100.0 from the local mirror): one
 * stack holding every shape — direct PUT, Kinesis source, dynamic partitioning, Lambda transform with backup, and two
 * full pipelines — validated and planned once. Catches what synth cannot: unknown arguments, enum values
 * (`s3_backup_mode`, processor types, `key_type`) and provider CustomizeDiff rules of the delivery stream.
 */
import { Compression } from "../constructs/compression";
import { EncryptedStream } from "../constructs/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose-to-s3";
import { StreamingPipeline } from "../constructs/streaming-pipeline";
import { testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";
import { terraformPlan, terraformValidate } from "./terraform/harness";

describe("FirehoseToS3 and StreamingPipeline with terraform", () => {
  const { stack } = testStack("firehose-terraform");
  const direct = new FirehoseToS3(stack, "direct", { deliveryStreamName: "orders" });
  direct.grantPutRecords("orders-producer");

  const source = new EncryptedStream(stack, "clicks-stream", { streamName: "clicks" });
  new FirehoseToS3(stack, "from-stream", { deliveryStreamName: "clicks", source, compression: Compression.SNAPPY });

  new FirehoseToS3(stack, "partitioned", {
    deliveryStreamName: "events",
    dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, retryDurationSeconds: 600 },
    prefix: "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/",
    fileExtension: ".json.gz",
  });

  new FirehoseToS3(stack, "transformed", {
    deliveryStreamName: "enriched",
    transformLambdaArn: `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:enrich`,
    sourceRecordBackup: true,
    logRetentionDays: 30,
    bufferingIntervalSeconds: 60,
  });

  new StreamingPipeline(stack, "telemetry", { name: "telemetry", tags: { team: "data" } });
  new StreamingPipeline(stack, "audit", { name: "audit", delivery: { alarms: false, logging: false } });

  it("passes terraform validate", () => {
    expect(terraformValidate(stack).warnings).toEqual([]);
  });

  it("plans offline: six delivery streams, their roles and policies, all created", () => {
    const plan = terraformPlan(stack);
    expect(plan.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(6);
    expect(plan.byType("aws_iam_role")).toHaveLength(6);
    expect(plan.byType("aws_kinesis_stream")).toHaveLength(3);
    // direct (s3, logs, sse, put grant) + from-stream (s3, logs, read) + partitioned (s3, logs, sse)
    // + transformed (s3, logs, lambda, sse) + telemetry (s3, logs, read) + audit (s3, read) = 19
    expect(plan.byType("aws_iam_role_policy")).toHaveLength(19);
    expect(plan.byType("aws_cloudwatch_log_stream")).toHaveLength(6); // 4 destination + 1 backup + telemetry
    expect(plan.resourceChanges.every((c) => c.actions.join() === "create" || c.actions.join() === "read")).toBe(true);
    expect(plan.counts.remove).toBe(0);
    expect(plan.warnings).toEqual([]);
  });
});
