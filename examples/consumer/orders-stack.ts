/**
 * The consumer example's stack: a capacity-checked Kinesis → Firehose → S3 pipeline and the role of its producers.
 */
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
// Provider classes by deep path: the package root loads every resource class of the provider.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { policyDocument, StreamCapacity, StreamingPipeline, type Workload } from "cdktf-kinesis-pipeline";

/** What the producers write: synth sizes the stream from it, and fails if an edit would make the stream throttle. */
export const ORDERS_WORKLOAD: Workload = {
  recordsPerSecond: 800, // on average; the busiest second runs at peakToAverage × that
  recordBytes: 1024,
  peakToAverage: 2,
  partitionKey: { strategy: "entity", distinctKeys: 20_000, zipfExponent: 0.8 }, // customer IDs, skewed
  region: "eu-west-1",
};

export class OrdersStack extends TerraformStack {
  readonly pipeline: StreamingPipeline;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1", allowedAccountIds: ["111122223333"] });

    // Kinesis (its own KMS key) → Firehose → hardened S3 bucket (GZIP objects, one folder per UTC hour).
    this.pipeline = new StreamingPipeline(this, "Orders", {
      name: "orders",
      workload: ORDERS_WORKLOAD, // checked by the stream and by the Firehose
      stream: { capacity: StreamCapacity.forWorkload(ORDERS_WORKLOAD) },
      delivery: { prefix: "orders/!{timestamp:yyyy/MM/dd/HH}/", bufferingSizeMiB: 64, bufferingIntervalSeconds: 120 },
    });

    // The producers' role (an ECS task role): PutRecord(s) and ListShards on the stream, kms:GenerateDataKey on its key.
    const producer = new IamRole(this, "Producer", {
      name: "orders-producer",
      assumeRolePolicy: policyDocument([
        { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
    });
    this.pipeline.stream.grantWrite(producer.name);
  }
}
