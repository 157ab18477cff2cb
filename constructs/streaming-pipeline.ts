import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { stableJson, type Workload } from "stream-simulator";
import { AwsEnvironment } from "./aws-environment";
import { EncryptedStream, type EncryptedStreamProps } from "./encrypted-stream";
import { FirehoseToS3, type FirehoseToS3Props } from "./firehose-to-s3";
import type { ISecureBucket } from "./interfaces";
import { deliveryFirehoseSpec, pipelineStreamWorkload } from "./pipeline-firehose-workload";
import { StreamCapacity } from "./stream-capacity";
import { type Problem, throwIfProblems } from "./validation/problems";

/** Properties of a `StreamingPipeline`. */
export interface StreamingPipelineProps {
  /**
   * Name of the pipeline: the default name of the Kinesis stream and of the Firehose delivery stream (so it must
   * satisfy both: 1–64 letters, digits, '_', '.', '-').
   */
  readonly name: string;
  /**
   * Configuration of the Kinesis data stream (see `EncryptedStreamProps`).
   * @default - `EncryptedStream` defaults (on-demand, 24 h, customer-managed key, alarms), named `name`
   */
  readonly stream?: Partial<EncryptedStreamProps>;
  /**
   * Configuration of the Firehose delivery stream (see `FirehoseToS3Props`); its source is always the stream, and
   * an existing destination is given with `bucket` below, so neither appears here.
   * @default - `FirehoseToS3` defaults (GZIP, dated prefixes, error logging, alarms), named `name`
   */
  readonly delivery?: Partial<Omit<FirehoseToS3Props, "source" | "bucket">>;
  /**
   * Existing destination bucket.
   * @default - a `SecureBucket` created by the delivery stream (configure it with `delivery.bucketProps`)
   */
  readonly bucket?: ISecureBucket;
  /**
   * Declared workload of the pipeline, given to both parts: the stream checks its capacity against it (or is sized
   * from it with `StreamCapacity.forWorkload`), the delivery stream checks its Firehose settings against it. A
   * `stream.workload` or `delivery.workload` overrides it for that part. All problems of both parts are reported
   * together. The stream's cost estimate prices the pipeline's Firehose with the delivery's buffering and compression:
   * an absent or `true` `firehose` (or an object's omitted fields) takes the delivery's settings; declared settings
   * that differ from the delivery's, and `firehose: false`, are kept and warned about at synth.
   * @default - no workload checks
   */
  readonly workload?: Workload;
  /**
   * Tags applied to every taggable resource of the pipeline (stream, keys, bucket, role, log group, alarms,
   * delivery stream). Tags given in `stream.tags` or `delivery.tags` are added to, and override, these for that part.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A complete KMS-encrypted Kinesis Data Stream → Firehose → S3 pipeline: `EncryptedStream` feeding a `FirehoseToS3`,
 * which writes to a `SecureBucket` (created, or the one given). Composition only: it adds no rules of its own, so a
 * problem surfaces from the part that owns it, under that part's construct path (`<pipeline>/Stream`,
 * `<pipeline>/Delivery`, `<pipeline>/Delivery/Bucket`). Child ids are scoped inside this construct, so a stack can
 * hold several pipelines (AWS Solutions Constructs' stream pattern cannot; prior-art.md §6 item 9).
 */
export class StreamingPipeline extends Construct {
  /** The Kinesis data stream producers write to (`stream.grantWrite(roleName)`). */
  public readonly stream: EncryptedStream;
  /** The Firehose delivery stream reading `stream` and writing to `bucket`. */
  public readonly delivery: FirehoseToS3;
  /** The destination bucket. */
  public readonly bucket: ISecureBucket;

  public constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    const deliveryWorkload = props.delivery?.workload ?? props.workload;
    const { workload: streamWorkload, capacity: streamCapacity, warnings } = StreamingPipeline.streamWorkload(props);
    const streamProps: EncryptedStreamProps = {
      ...props.stream,
      streamName: props.stream?.streamName ?? props.name,
      tags: mergeTags(props.tags, props.stream?.tags),
      ...(streamWorkload !== undefined ? { workload: streamWorkload } : {}),
      ...(streamCapacity !== undefined ? { capacity: streamCapacity } : {}),
    };
    const deliveryProps: Omit<FirehoseToS3Props, "source"> = {
      ...props.delivery,
      deliveryStreamName: props.delivery?.deliveryStreamName ?? props.name,
      bucket: props.bucket,
      tags: mergeTags(props.tags, props.delivery?.tags),
      ...(deliveryWorkload !== undefined ? { workload: deliveryWorkload } : {}),
    };
    // Check both parts before building either, so one error lists every problem of the pipeline. The delivery is
    // checked as it will be built: reading from a Kinesis stream.
    // A name the user gave only as `name` is reported as `name`.
    const renamed: Record<string, string> = {};
    if (props.stream?.streamName === undefined) renamed["stream.streamName"] = "name";
    if (props.delivery?.deliveryStreamName === undefined) renamed["delivery.deliveryStreamName"] = "name";
    // A workload the user gave only as `workload` is reported as `workload.<field>`.
    const renamedPrefixes: Array<[string, string]> = [];
    if (props.stream?.workload === undefined) renamedPrefixes.push(["stream.workload", "workload"]);
    if (props.delivery?.workload === undefined) renamedPrefixes.push(["delivery.workload", "workload"]);
    const rename = (property: string): string => {
      if (renamed[property]) return renamed[property];
      for (const [from, to] of renamedPrefixes) {
        if (property === from || property.startsWith(`${from}.`)) return to + property.slice(from.length);
      }
      return property;
    };
    const seen = new Set<string>();
    throwIfProblems(
      this.node.path,
      [
        ...prefixed("stream.", EncryptedStream.problemsOf(streamProps, `${this.node.path}/Stream`)),
        ...prefixed(
          "delivery.",
          FirehoseToS3.problemsOf(deliveryProps, {
            kinesisSource: true,
            // Only a workload check needs the region (and creating the environment earlier would reorder the output).
            ...(deliveryWorkload !== undefined ? { region: AwsEnvironment.of(this).regionName } : {}),
          }),
        ),
      ]
        .map((p) => ({ ...p, property: rename(p.property) }))
        // The shared workload's invalid fields are reported once, not once per part.
        .filter((p) => {
          const key = `${p.property}\u0000${p.allowed}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
    );

    for (const warning of warnings) Annotations.of(this).addWarning(warning);

    this.stream = new EncryptedStream(this, "Stream", streamProps);
    this.delivery = new FirehoseToS3(this, "Delivery", { ...deliveryProps, source: this.stream });
    this.bucket = this.delivery.bucket;
  }

  /**
   * The stream's workload and capacity with the delivery's Firehose settings filled in (`pipelineStreamWorkload`), so
   * the recorded cost estimate prices the Firehose that deploys. A `StreamCapacity.forWorkload` capacity sized for
   * the same workload is sized again for the filled-in one, with the same options: Firehose settings change the cost,
   * never the shard count, and the stream's "same workload" check keeps accepting `forWorkload(w)` with `workload: w`.
   * A capacity sized for a different workload is left alone, and so is the workload, so that conflict is reported
   * with the values the user gave.
   */
  private static streamWorkload(props: StreamingPipelineProps): {
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
    const fitted = pipelineStreamWorkload(base, deliveryFirehoseSpec(props.delivery ?? {}), property);
    const capacity =
      sizing !== undefined && fitted.workload !== base
        ? StreamCapacity.forWorkload(fitted.workload, { targetThrottledFraction: sizing.targetThrottledFraction, headroom: sizing.headroom, mode: sizing.mode })
        : undefined;
    return { workload: declared !== undefined ? fitted.workload : undefined, capacity, warnings: fitted.warnings };
  }
}

/** Problems of a part, with the property path as the user wrote it on StreamingPipelineProps. */
function prefixed(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, property: `${prefix}${p.property}` }));
}

/** Shared tags overlaid with a part's own; undefined when there are none (no empty `tags = {}` in the plan). */
function mergeTags(
  shared: Readonly<Record<string, string>> | undefined,
  own: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  const merged = { ...shared, ...own };
  return Object.keys(merged).length > 0 ? merged : undefined;
}
