import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { Workload } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import type { PipelineEnvironment, StreamCapacityConfig } from "../config/types";
import { EnvironmentStack } from "./environment-stack";

/** S3 layout of delivered telemetry: one folder per UTC hour, so a single agent incident is a narrow scan. */
export const AGENT_TELEMETRY_PREFIX = "agent-telemetry/!{timestamp:yyyy/MM/dd/HH}/";
/** Records Firehose could not deliver, grouped by failure type. */
export const AGENT_TELEMETRY_ERROR_PREFIX =
  "agent-telemetry-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/";

export interface AgentTelemetryStackProps {
  readonly environment: PipelineEnvironment;
  /**
   * Declared workload of the stream (and its Firehose). The environment's region is filled in when it has none.
   * @default environment.workloads.agentTelemetry
   */
  readonly workload?: Workload;
  /**
   * Stream capacity, checked against the workload at synth (a capacity that would throttle fails synth).
   * @default from environment.workloads.agentTelemetryCapacity: sized by `StreamCapacity.forWorkload`
   */
  readonly capacity?: StreamCapacity;
  /**
   * How long records stay replayable on the stream (hours). 48 h lets a consumer that failed over a weekend night
   * catch up; above 168 h long-term retention pricing applies.
   * @default 48
   */
  readonly retentionHours?: number;
}

/**
 * The seed use case: telemetry of AI agents (tool calls, traces, prompt/response events) written by agent runtimes to
 * a KMS-encrypted Kinesis stream, delivered by Firehose as GZIP'd JSON lines to a hardened S3 bucket, hour-partitioned.
 *
 * Producers get write access with `stack.pipeline.stream.grantWrite(roleName)`; analytics consumers (Athena, Spark)
 * read the bucket.
 */
export class AgentTelemetryStack extends EnvironmentStack {
  public readonly pipeline: StreamingPipeline;
  /** The declared workload the pipeline was sized and checked for (region filled in). */
  public readonly workload: Workload;

  public constructor(scope: Construct, id: string, props: AgentTelemetryStackProps) {
    super(scope, id, props.environment);
    const name = `agent-telemetry-${props.environment.name}`;
    const declared = props.workload ?? props.environment.workloads.agentTelemetry;
    this.workload = { ...declared, region: declared.region ?? props.environment.region };
    this.pipeline = new StreamingPipeline(this, "Pipeline", {
      name,
      // The stream's capacity is sized from (or checked against) it; the Firehose checks its settings against it.
      workload: this.workload,
      stream: {
        capacity: props.capacity ?? capacityFromConfig(this.workload, props.environment.workloads.agentTelemetryCapacity),
        retentionHours: props.retentionHours ?? 48,
      },
      delivery: {
        prefix: AGENT_TELEMETRY_PREFIX,
        errorOutputPrefix: AGENT_TELEMETRY_ERROR_PREFIX,
        // Objects land within ~2 minutes, soon enough to inspect a misbehaving agent run; 64 MiB keeps objects large
        // enough for efficient scans when traffic is high.
        bufferingSizeMiB: 64,
        bufferingIntervalSeconds: 120,
        compression: Compression.GZIP,
        fileExtension: ".jsonl.gz",
      },
      tags: { Workload: "agent-telemetry" },
      removalPolicy: props.environment.removalPolicy,
      // One place to look: traffic against capacity, iterator age, throttling, delivery freshness (docs/dashboard.svg).
      dashboard: true,
    });

    new TerraformOutput(this, "stream_name", {
      value: this.pipeline.stream.streamName,
      description: "Kinesis data stream agent runtimes write telemetry to",
    });
    new TerraformOutput(this, "stream_arn", {
      value: this.pipeline.stream.streamArn,
      description: "ARN of the telemetry stream (for producer IAM policies)",
    });
    new TerraformOutput(this, "delivery_stream_name", {
      value: this.pipeline.delivery.deliveryStreamName,
      description: "Firehose delivery stream writing the telemetry to S3",
    });
    new TerraformOutput(this, "bucket_name", {
      value: this.pipeline.bucket.bucketName,
      description: "S3 bucket holding delivered telemetry",
    });
  }
}

/** The stream capacity an environment's configuration asks for. */
export function capacityFromConfig(workload: Workload, config: StreamCapacityConfig): StreamCapacity {
  switch (config.mode) {
    case "provisioned":
      return StreamCapacity.provisioned(config.shards);
    case "on-demand":
      return StreamCapacity.onDemand();
    case "for-workload":
      return StreamCapacity.forWorkload(workload, {
        ...(config.choose !== undefined ? { mode: config.choose } : {}),
        ...(config.targetThrottledFraction !== undefined ? { targetThrottledFraction: config.targetThrottledFraction } : {}),
        ...(config.headroom !== undefined ? { headroom: config.headroom } : {}),
      });
  }
}
