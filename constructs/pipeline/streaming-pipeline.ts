import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { stableJson, type FirehoseSpec, type Workload } from "stream-simulator";
import { AwsEnvironment, knownRegion } from "../aws-environment";
import { FirehoseToS3 } from "../firehose/firehose-to-s3";
import type { FirehoseToS3Props } from "../firehose/props";
import { firehoseSpecOf, resolveFirehoseSettings } from "../firehose/settings";
import type { ISecureBucket } from "../interfaces";
import { EncryptedStream } from "../stream/encrypted-stream";
import type { EncryptedStreamProps } from "../stream/props";
import { StreamCapacity } from "../stream/stream-capacity";
import { streamingPipelinePropsShape, validateStreamingPipelineProps } from "../validation/pipeline";
import { withShapeProblems } from "../validation/props-shape";
import { throwIfProblems } from "../validation/problems";
import { PipelineDashboard } from "./dashboard";
import type { StreamingPipelineProps } from "./props";
import { pipelineStreamWorkload } from "./stream-workload";

/**
 * A complete KMS-encrypted Kinesis Data Stream → Firehose → S3 pipeline: `EncryptedStream` feeding a `FirehoseToS3`,
 * which writes to a `SecureBucket` (created, or the one given). Composition only: it adds no rules of its own, so a
 * problem surfaces from the part that owns it, under that part's construct path (`<pipeline>/Stream`,
 * `<pipeline>/Delivery`, `<pipeline>/Delivery/Bucket`). Child ids are scoped inside this construct, so a stack can
 * hold several pipelines (AWS Solutions Constructs' stream pattern cannot: it creates its stream-reading role in the
 * parent scope with a fixed id, https://github.com/awslabs/aws-solutions-constructs/issues/940).
 */
export class StreamingPipeline extends Construct {
  /** The Kinesis data stream producers write to (`stream.grantWrite(roleName)`). */
  public readonly stream: EncryptedStream;
  /** The Firehose delivery stream reading `stream` and writing to `bucket`. */
  public readonly delivery: FirehoseToS3;
  /** The destination bucket. */
  public readonly bucket: ISecureBucket;
  /** The pipeline's CloudWatch dashboard; undefined unless `dashboard: true`. */
  public readonly dashboard?: PipelineDashboard;

  public constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    // JavaScript callers: a missing or wrongly typed prop is a problem, an unknown one a warning (never a TypeError).
    const shape = streamingPipelinePropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    const deliveryWorkload = props.delivery?.workload ?? props.workload;
    const deliveryProps: Omit<FirehoseToS3Props, "source"> = {
      ...props.delivery,
      deliveryStreamName: props.delivery?.deliveryStreamName ?? props.name,
      bucket: props.bucket,
      removalPolicy: props.delivery?.removalPolicy ?? props.removalPolicy,
      tags: mergeTags(props.tags, props.delivery?.tags),
      ...(deliveryWorkload !== undefined ? { workload: deliveryWorkload } : {}),
    };
    // The delivery's settings as it will be built, reading from a Kinesis stream.
    const firehose = firehoseSpecOf(resolveFirehoseSettings(deliveryProps, { kinesisSource: true }));
    const { workload: streamWorkload, capacity: streamCapacity, warnings } = StreamingPipeline.streamWorkload(props, firehose);
    const streamProps: EncryptedStreamProps = {
      ...props.stream,
      streamName: props.stream?.streamName ?? props.name,
      removalPolicy: props.stream?.removalPolicy ?? props.removalPolicy,
      tags: mergeTags(props.tags, props.stream?.tags),
      ...(streamWorkload !== undefined ? { workload: streamWorkload } : {}),
      ...(streamCapacity !== undefined ? { capacity: streamCapacity } : {}),
    };
    // Check both parts before building either, so one error lists every problem of the pipeline.
    throwIfProblems(
      this.node.path,
      withShapeProblems(
        shape,
        validateStreamingPipelineProps(props, {
          stream: streamProps,
          streamPath: `${this.node.path}/Stream`,
          delivery: deliveryProps,
          // The region context, read without creating the environment (which would reorder the output).
          region: knownRegion(this),
        }),
      ),
    );

    for (const warning of [...shape.warnings, ...warnings]) Annotations.of(this).addWarning(warning);

    this.stream = new EncryptedStream(this, "Stream", streamProps);
    this.delivery = new FirehoseToS3(this, "Delivery", { ...deliveryProps, source: this.stream });
    this.bucket = this.delivery.bucket;
    if (props.dashboard === true) {
      this.dashboard = new PipelineDashboard(this, "Dashboard", {
        dashboardName: props.name.replace(/[^A-Za-z0-9_-]/g, "-"),
        region: AwsEnvironment.of(this).region,
        streamName: this.stream.streamName,
        deliveryStreamName: this.delivery.deliveryStreamName,
        shardCount: this.stream.capacity.mode === "PROVISIONED" ? this.stream.capacity.shardCount : undefined,
        iteratorAgeThresholdMs: this.stream.alarms?.iteratorAgeThresholdMs,
        dataFreshnessThresholdSeconds: this.delivery.alarms?.dataFreshnessThresholdSeconds,
      });
    }
  }

  /**
   * The stream's workload and capacity with the delivery's Firehose settings filled in (`pipelineStreamWorkload`), so
   * the recorded cost estimate prices the Firehose that deploys. A `StreamCapacity.forWorkload` capacity sized for
   * the same workload is sized again for the filled-in one, with the same options: Firehose settings change the cost,
   * never the shard count, and the stream's "same workload" check keeps accepting `forWorkload(w)` with `workload: w`.
   * A capacity sized for a different workload is left alone, and so is the workload, so that conflict is reported
   * with the values the user gave.
   */
  private static streamWorkload(
    props: StreamingPipelineProps,
    firehose: FirehoseSpec,
  ): {
    workload?: Workload;
    capacity?: StreamCapacity;
    warnings: readonly string[];
  } {
    const declared = props.stream?.workload ?? props.workload;
    const sizing = props.stream?.capacity?.sizing;
    const base = declared ?? sizing?.workload;
    if (base === undefined) return { workload: declared, warnings: [] };
    if (declared !== undefined && sizing !== undefined && stableJson(sizing.workload) !== stableJson(declared)) {
      return { workload: declared, warnings: [] };
    }
    const property = props.stream?.workload !== undefined ? "stream.workload" : declared !== undefined ? "workload" : "stream.capacity.workload";
    const fitted = pipelineStreamWorkload(base, firehose, property);
    const capacity =
      sizing !== undefined && fitted.workload !== base
        ? StreamCapacity.forWorkload(fitted.workload, { targetThrottledFraction: sizing.targetThrottledFraction, headroom: sizing.headroom, mode: sizing.mode })
        : undefined;
    return { workload: declared !== undefined ? fitted.workload : undefined, capacity, warnings: fitted.warnings };
  }
}

/** Shared tags overlaid with a part's own; undefined when there are none (no empty `tags = {}` in the plan). */
function mergeTags(
  shared: Readonly<Record<string, string>> | undefined,
  own: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  const merged = { ...shared, ...own };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
