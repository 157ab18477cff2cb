import { Construct } from "constructs";
import { EncryptedStream, type EncryptedStreamProps } from "./encrypted-stream";
import { FirehoseToS3, type FirehoseToS3Props } from "./firehose-to-s3";
import type { ISecureBucket } from "./interfaces";
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
    const streamProps: EncryptedStreamProps = {
      ...props.stream,
      streamName: props.stream?.streamName ?? props.name,
      tags: mergeTags(props.tags, props.stream?.tags),
    };
    const deliveryProps: Omit<FirehoseToS3Props, "source"> = {
      ...props.delivery,
      deliveryStreamName: props.delivery?.deliveryStreamName ?? props.name,
      bucket: props.bucket,
      tags: mergeTags(props.tags, props.delivery?.tags),
    };
    // Check both parts before building either, so one error lists every problem of the pipeline. The delivery is
    // checked as it will be built: reading from a Kinesis stream.
    // A name the user gave only as `name` is reported as `name`.
    const renamed: Record<string, string> = {};
    if (props.stream?.streamName === undefined) renamed["stream.streamName"] = "name";
    if (props.delivery?.deliveryStreamName === undefined) renamed["delivery.deliveryStreamName"] = "name";
    throwIfProblems(
      this.node.path,
      [
        ...prefixed("stream.", EncryptedStream.problemsOf(streamProps)),
        ...prefixed("delivery.", FirehoseToS3.problemsOf(deliveryProps, { kinesisSource: true })),
      ].map((p) => (renamed[p.property] ? { ...p, property: renamed[p.property] } : p)),
    );

    this.stream = new EncryptedStream(this, "Stream", streamProps);
    this.delivery = new FirehoseToS3(this, "Delivery", { ...deliveryProps, source: this.stream });
    this.bucket = this.delivery.bucket;
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
