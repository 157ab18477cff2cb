/**
 * The problems of a `StreamingPipeline`: those of its two parts, checked before either is built, named as the user
 * wrote them on the pipeline's props. The pipeline adds no rules of its own.
 */
import type { FirehoseToS3Props } from "../firehose/props";
import type { StreamingPipelineProps } from "../pipeline/props";
import type { EncryptedStreamProps } from "../stream/props";
import { firehoseToS3PropsShape, validateFirehoseToS3Props } from "./firehose";
import { checkFirehoseWorkload } from "./firehose-workload";
import { nested, type Problem } from "./problems";
import { encryptedStreamPropsShape, validateEncryptedStreamProps } from "./stream";
import { checkPropsShape, optional, REMOVAL_POLICY_SPEC, required, type PropsShape, type ShapeCheck } from "./props-shape";
import { checkStreamCapacity } from "./stream-capacity";

/** The parts of a pipeline as it will build them. */
export interface PipelineParts {
  /** The stream's props (the pipeline's name, tags and workload filled in). */
  readonly stream: EncryptedStreamProps;
  /** The stream's construct path, named in its capacity messages. */
  readonly streamPath?: string;
  /** The delivery's props; its source is the stream. */
  readonly delivery: FirehoseToS3Props;
  /** The stack's region when known at synth: keys' regions, the delivery's workload check. */
  readonly region?: string;
}

/**
 * Every problem of both parts: `stream.*` and `delivery.*`, except that a name given only as `name` is reported as
 * `name`, and a workload given only as `workload` as `workload.*` (once, not once per part).
 */
export function validateStreamingPipelineProps(props: StreamingPipelineProps, parts: PipelineParts): Problem[] {
  const context = { kinesisSource: true, region: parts.region };
  const streamCapacity = checkStreamCapacity(parts.stream, parts.streamPath);
  const problems = [
    ...nested("stream", [...validateEncryptedStreamProps(parts.stream, { sized: streamCapacity.verdict !== undefined, region: parts.region }), ...streamCapacity.problems]),
    ...nested("delivery", [
      ...validateFirehoseToS3Props(parts.delivery, context),
      ...(checkFirehoseWorkload(parts.delivery, context)?.problems ?? []),
    ]),
  ];
  const renamed: Record<string, string> = {};
  if (props.stream?.streamName === undefined) renamed["stream.streamName"] = "name";
  if (props.delivery?.deliveryStreamName === undefined) renamed["delivery.deliveryStreamName"] = "name";
  // A removalPolicy given only on the pipeline reaches both parts (and the delivery's bucket): reported as written.
  if (props.stream?.removalPolicy === undefined) renamed["stream.removalPolicy"] = "removalPolicy";
  if (props.delivery?.removalPolicy === undefined) renamed["delivery.removalPolicy"] = "removalPolicy";
  const renamedPrefixes: Array<[string, string]> = [];
  if (props.stream?.workload === undefined) renamedPrefixes.push(["stream.workload", "workload"]);
  if (props.delivery?.workload === undefined) renamedPrefixes.push(["delivery.workload", "workload"]);
  // Tags given only on the pipeline reach both parts: reported as written, once.
  if (props.stream?.tags === undefined) renamedPrefixes.push(["stream.tags", "tags"]);
  if (props.delivery?.tags === undefined) renamedPrefixes.push(["delivery.tags", "tags"]);
  const rename = (property: string): string => {
    if (renamed[property]) return renamed[property];
    for (const [from, to] of renamedPrefixes) {
      if (property === from || property.startsWith(`${from}.`)) return to + property.slice(from.length);
    }
    return property;
  };
  const seen = new Set<string>();
  return problems
    .map((p) => ({ ...p, property: rename(p.property) }))
    .filter((p) => {
      const key = `${p.property}\u0000${p.allowed}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The JavaScript shape of `StreamingPipelineProps` (`checkPropsShape`). */
export const STREAMING_PIPELINE_PROPS_SHAPE: PropsShape<StreamingPipelineProps> = {
  name: required("string"),
  stream: optional("object"),
  delivery: optional("object"),
  bucket: optional("object"),
  workload: optional("object"),
  removalPolicy: REMOVAL_POLICY_SPEC,
  tags: optional("object"),
  dashboard: optional("boolean"),
};

/** `props` as given checked against `STREAMING_PIPELINE_PROPS_SHAPE`, its `stream` and `delivery` as partial props. */
export function streamingPipelinePropsShape(props: unknown): ShapeCheck<StreamingPipelineProps> {
  const top = checkPropsShape(props, STREAMING_PIPELINE_PROPS_SHAPE, "StreamingPipelineProps");
  const kept: Record<string, unknown> = { ...top.props };
  const problems = [...top.problems];
  const warnings = [...top.warnings];
  if (kept.stream !== undefined) {
    const stream = encryptedStreamPropsShape(kept.stream, { prefix: "stream.", partial: true });
    kept.stream = stream.props;
    problems.push(...stream.problems);
    warnings.push(...stream.warnings);
  }
  if (kept.delivery !== undefined) {
    const delivery = firehoseToS3PropsShape(kept.delivery, { prefix: "delivery.", partial: true });
    // source and bucket are not delivery options of a pipeline (its stream is the source; `bucket` is its own prop).
    const { source, bucket, ...rest } = delivery.props as FirehoseToS3Props;
    problems.push(...delivery.problems);
    warnings.push(...delivery.warnings);
    if (source !== undefined) problems.push({ property: "delivery.source", value: "(a stream)", allowed: "unset: a pipeline's delivery always reads its own stream" });
    if (bucket !== undefined) problems.push({ property: "delivery.bucket", value: "(a bucket)", allowed: "unset: give an existing bucket as the pipeline's bucket" });
    kept.delivery = rest;
  }
  return { props: kept as unknown as StreamingPipelineProps, problems, warnings };
}
