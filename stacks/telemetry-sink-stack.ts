import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { Workload } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import type { PipelineEnvironment } from "../config/types";
import { EnvironmentStack } from "./environment-stack";

/** S3 layout of delivered events: one folder per UTC day. */
export const TELEMETRY_SINK_PREFIX = "events/!{timestamp:yyyy/MM/dd}/";

export interface TelemetrySinkStackProps {
  readonly environment: PipelineEnvironment;
  /**
   * Declared workload of the direct-PUT Firehose, checked against its quotas at synth. The environment's region is
   * filled in when it has none.
   * @default environment.workloads.telemetrySink
   */
  readonly workload?: Workload;
}

/**
 * A "telemetry sink": producers PUT records straight into Firehose (no Kinesis stream in front), which buffers up to
 * 64 MiB or 60 s, GZIPs, and writes to a hardened S3 bucket. The cheapest shape when nothing needs to replay or read
 * the records in real time. Producers get access with `stack.sink.grantPutRecords(roleName)`.
 */
export class TelemetrySinkStack extends EnvironmentStack {
  public readonly sink: FirehoseToS3;
  /** The declared workload the delivery stream was checked for (region filled in). */
  public readonly workload: Workload;

  public constructor(scope: Construct, id: string, props: TelemetrySinkStackProps) {
    super(scope, id, props.environment);
    const declared = props.workload ?? props.environment.workloads.telemetrySink;
    this.workload = { ...declared, region: declared.region ?? props.environment.region };
    this.sink = new FirehoseToS3(this, "Sink", {
      deliveryStreamName: `telemetry-sink-${props.environment.name}`,
      removalPolicy: props.environment.removalPolicy,
      prefix: TELEMETRY_SINK_PREFIX,
      bufferingSizeMiB: 64,
      bufferingIntervalSeconds: 60,
      compression: Compression.GZIP,
      tags: { Workload: "telemetry-sink" },
      workload: this.workload,
    });

    new TerraformOutput(this, "delivery_stream_name", {
      value: this.sink.deliveryStreamName,
      description: "Firehose delivery stream producers PUT records to",
    });
    new TerraformOutput(this, "delivery_stream_arn", {
      value: this.sink.deliveryStreamArn,
      description: "ARN of the delivery stream (for producer IAM policies)",
    });
    new TerraformOutput(this, "bucket_name", {
      value: this.sink.bucket.bucketName,
      description: "S3 bucket holding delivered events",
    });
  }
}
