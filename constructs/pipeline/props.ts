import type { Workload } from "stream-simulator";
import type { FirehoseToS3Props } from "../firehose/props";
import type { ISecureBucket } from "../interfaces";
import type { RemovalPolicy } from "../removal-policy";
import type { EncryptedStreamProps } from "../stream/props";

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
   * Whether Terraform may delete (or replace) what holds data — the stream, the bucket, the keys, the error log
   * group — given to both parts (a `stream.removalPolicy` or `delivery.removalPolicy` overrides it for that part). By
   * default a plan that would delete or replace them fails (`prevent_destroy`); `RemovalPolicy.DESTROY` for test and
   * development stacks (see docs/removal-policy.md).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Tags applied to every taggable resource of the pipeline (stream, keys, bucket, role, log group, alarms,
   * delivery stream). Tags given in `stream.tags` or `delivery.tags` are added to, and override, these for that part.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * A CloudWatch dashboard for the pipeline (`PipelineDashboard`), named after it ('.' becomes '-'): the stream's
   * traffic against its capacity, iterator age, every throttling, and the delivery's freshness, success and bytes.
   * (Each dashboard beyond the account's free ones is billed monthly.)
   * @default false
   */
  readonly dashboard?: boolean;
}
