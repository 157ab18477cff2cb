/**
 * Jest matchers for stacks built with this library. They read the SYNTHESIZED Terraform JSON (what `terraform plan`
 * will see, after every override and escape hatch), not construct props, and judge it with the simulator's
 * `checkCapacity` — the same verdict and the same message as the constructs' synth-time check.
 *
 * No jest import: matchers are plain functions taking jest's matcher context (`this.isNot`); register them with
 * `expect.extend(kinesisPipelineMatchers)` or by importing `cdktf-kinesis-pipeline/testing/register`.
 */
import { TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import {
  WorkloadValidationError,
  checkCapacity,
  formatCapacityVerdict,
  type CapacityCheckOptions,
  type StreamCapacitySpec,
  type Workload,
} from "stream-simulator";

/**
 * Which stream to judge: a construct holding exactly one `aws_kinesis_stream` (an `EncryptedStream`, a
 * `StreamingPipeline`, the `KinesisStream` resource itself), or the stream's `name` / logical id in the synthesized
 * JSON.
 */
export type StreamReference = IConstruct | string;

/** What the synthesized JSON says about one stream's capacity. */
export interface SynthesizedStreamCapacity {
  /** Logical id of the `aws_kinesis_stream` resource. */
  readonly logicalId: string;
  /** Its `name` (may be a `${…}` expression). */
  readonly name: unknown;
  /** Construct path of the stream (the construct owning the resource), when known. */
  readonly constructPath?: string;
  /** The capacity, or why it cannot be read (e.g. a shard count that is a Terraform expression). */
  readonly capacity: StreamCapacitySpec | { readonly unreadable: string };
  /** The construct owning the resource (e.g. the `EncryptedStream`), when the stream was given as a construct. */
  readonly owner?: IConstruct;
}

const KINESIS_STREAM = "aws_kinesis_stream";

interface ResourceLike extends IConstruct {
  readonly terraformResourceType?: string;
}

function kinesisResourcesIn(construct: IConstruct): ResourceLike[] {
  return construct.node.findAll().filter((c) => (c as ResourceLike).terraformResourceType === KINESIS_STREAM) as ResourceLike[];
}

/** The synthesized capacity of `stream` in `stack` (throws with a clear message when the stream cannot be found). */
export function synthesizedStreamCapacity(stack: TerraformStack, stream: StreamReference): SynthesizedStreamCapacity {
  const json = JSON.parse(Testing.synth(stack)) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const streams = json.resource?.[KINESIS_STREAM] ?? {};
  let logicalId: string | undefined;
  let constructPath: string | undefined;
  let ownerConstruct: IConstruct | undefined;
  if (typeof stream === "string") {
    logicalId = Object.keys(streams).find((id) => id === stream || streams[id].name === stream);
    if (logicalId === undefined) {
      throw new Error(
        `no aws_kinesis_stream named or with logical id ${JSON.stringify(stream)} in stack ${stack.node.path} ` +
          `(found: ${Object.keys(streams).map((id) => `${id} (name ${JSON.stringify(streams[id].name)})`).join(", ") || "none"})`,
      );
    }
  } else {
    const found = kinesisResourcesIn(stream);
    if (found.length !== 1) {
      throw new Error(`${stream.node.path} holds ${found.length} aws_kinesis_stream resources; pass the stream construct itself (or its name)`);
    }
    const resource = found[0];
    logicalId = stack.getLogicalId(resource as unknown as Parameters<TerraformStack["getLogicalId"]>[0]);
    // EncryptedStream names its resource "Resource": the stream's path is its owner's (as in the synth error).
    const owner = resource.node.id === "Resource" ? resource.node.scope : undefined;
    ownerConstruct = owner ?? resource;
    constructPath = ownerConstruct.node.path;
    if (streams[logicalId] === undefined) throw new Error(`${constructPath} is not part of stack ${stack.node.path}`);
  }
  const r = streams[logicalId];
  // cdktf writes the block as an object; an escape-hatch override may write Terraform JSON's list form.
  const details = Array.isArray(r.stream_mode_details) ? r.stream_mode_details[0] : r.stream_mode_details;
  const mode = (details as { stream_mode?: unknown } | undefined)?.stream_mode ?? "PROVISIONED";
  let capacity: SynthesizedStreamCapacity["capacity"];
  if (mode === "ON_DEMAND") capacity = { mode: "on-demand" };
  else if (mode !== "PROVISIONED") capacity = { unreadable: `stream_mode is ${JSON.stringify(mode)}, not a literal mode` };
  else if (typeof r.shard_count === "number" && Number.isInteger(r.shard_count) && r.shard_count >= 1) {
    capacity = { mode: "provisioned", shards: r.shard_count };
  } else capacity = { unreadable: `shard_count is ${JSON.stringify(r.shard_count)}, not a literal shard count` };
  return {
    logicalId,
    name: r.name,
    ...(constructPath !== undefined ? { constructPath } : {}),
    capacity,
    ...(ownerConstruct !== undefined ? { owner: ownerConstruct } : {}),
  };
}

/** The minimal part of jest's matcher context the matchers read. */
interface MatcherContext {
  readonly isNot?: boolean;
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function subjectOf(s: SynthesizedStreamCapacity): string {
  const name = typeof s.name === "string" && !s.name.includes("${") ? s.name : undefined;
  const path = s.constructPath !== undefined ? `path ${s.constructPath}` : `resource aws_kinesis_stream.${s.logicalId}`;
  return name !== undefined ? `Stream '${name}' (${path})` : `Stream at ${path}`;
}

/**
 * `expect(stack).toSustainWorkload(stream, workload, options?)`: the synthesized capacity of `stream` (shard count or
 * on-demand) sustains `workload` by `checkCapacity` (default target 0.1 % throttled, headroom 80 %). `workload` may be
 * omitted when `stream` is an `EncryptedStream` (or a construct holding one, e.g. a `StreamingPipeline`) declaring one;
 * then the criteria default to those of the stream's own synth check (`capacityCheck`, or `forWorkload`'s options).
 */
export function toSustainWorkload(
  this: MatcherContext | void,
  received: unknown,
  stream: StreamReference,
  workload?: Workload,
  options: CapacityCheckOptions = {},
): MatcherResult {
  if (!(received instanceof TerraformStack)) {
    return { pass: false, message: () => `toSustainWorkload: expected a cdktf TerraformStack, got ${typeof received}` };
  }
  const synthesized = synthesizedStreamCapacity(received, stream);
  // The stream construct (an `EncryptedStream`, also when a `StreamingPipeline` holding one was given): its declared
  // workload, and the pass criteria its synth check used (`capacityCheck`, or forWorkload's options).
  const owner = (synthesized.owner ?? (typeof stream === "string" ? undefined : stream)) as
    | { workload?: Workload; capacityVerdict?: { targetThrottledFraction: number; headroom: number } }
    | undefined;
  const declared = owner?.workload ?? (typeof stream === "string" ? undefined : (stream as { workload?: Workload }).workload);
  const w = workload ?? declared;
  if (w === undefined) {
    return { pass: false, message: () => "toSustainWorkload: no workload given and the stream declares none" };
  }
  // Without explicit options, a stream that declares this workload is judged by the criteria of its synth check, so
  // the matcher never fails a stream synth accepted (e.g. `capacityCheck: { headroom: 1 }`).
  const checked = owner?.capacityVerdict;
  if (checked !== undefined && workload === undefined) {
    options = {
      targetThrottledFraction: options.targetThrottledFraction ?? checked.targetThrottledFraction,
      headroom: options.headroom ?? checked.headroom,
    };
  }
  const subject = subjectOf(synthesized);
  if ("unreadable" in synthesized.capacity) {
    const why = synthesized.capacity.unreadable;
    return { pass: false, message: () => `${subject}: cannot check the synthesized capacity: ${why}` };
  }
  let message: string;
  let pass: boolean;
  try {
    const verdict = checkCapacity(w, synthesized.capacity, options);
    pass = verdict.passes;
    message = formatCapacityVerdict(verdict, subject);
  } catch (e) {
    if (!(e instanceof WorkloadValidationError || e instanceof RangeError)) throw e;
    return { pass: false, message: () => `${subject}: cannot check the workload: ${e.message}` };
  }
  const isNot = (this as MatcherContext | undefined)?.isNot === true;
  return {
    pass,
    message: () => (isNot && pass ? `expected the stream not to sustain the workload, but:\n${message}` : message),
  };
}

/** Every matcher of this package, for `expect.extend(kinesisPipelineMatchers)`. */
export const kinesisPipelineMatchers = { toSustainWorkload };
