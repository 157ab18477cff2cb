/**
 * The workload outputs of FirehoseToS3 against real Terraform (offline): direct PUT, Kinesis source and dynamic
 * partitioning, each with a declared workload, must validate and plan with their outputs.
 */
import type { Workload } from "stream-simulator";
import { EncryptedStream } from "../constructs/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose-to-s3";
import { synthJson, testStack } from "./helpers/test-stack";
import { terraformPlan, terraformValidate } from "./terraform/harness";

describe("FirehoseToS3 workload outputs with terraform", () => {
  const { stack } = testStack("firehose-workload-terraform");
  const workload: Workload = { recordsPerSecond: 256, recordBytes: 4096, peakToAverage: 1.5 };
  new FirehoseToS3(stack, "direct", { deliveryStreamName: "orders", workload, bufferingSizeMiB: 64 });
  const source = new EncryptedStream(stack, "clicks-stream", { streamName: "clicks" });
  new FirehoseToS3(stack, "from-stream", { deliveryStreamName: "clicks", source, workload, bufferingSizeMiB: 64 });
  new FirehoseToS3(stack, "partitioned", {
    deliveryStreamName: "events",
    workload,
    dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, expectedActivePartitions: 20 },
    prefix: "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/",
  });

  it("synthesizes 4 + 3 quota outputs per direct-PUT delivery, 4 for the Kinesis-sourced one, and 1 more with partitions", () => {
    expect(Object.keys(synthJson(stack).output)).toHaveLength(7 + 4 + 8);
  });

  it("passes terraform validate and plans offline", () => {
    expect(terraformValidate(stack).warnings).toEqual([]);
    const plan = terraformPlan(stack);
    expect(plan.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(3);
    expect(plan.warnings).toEqual([]);
  });
});
