/**
 * Jest matchers for stacks built with this library. They read the SYNTHESIZED Terraform JSON (what `terraform plan`
 * will see, after every override and escape hatch), not construct props, through the simulator's Terraform adapter
 * (`stream-simulator/terraform`, the reader `stream-sim cost --synth` uses), and judge it with the simulator's
 * `checkCapacity` — the same verdict and the same message as the constructs' synth-time check.
 *
 * No jest import: matchers are plain functions taking jest's matcher context (`this.isNot`); register them with
 * `expect.extend(kinesisPipelineMatchers)` or by importing `cdktf-kinesis-pipeline/testing/register`.
 */
import { TerraformStack, Testing } from "cdktf";
import type { IConstruct } from "constructs";
import { checkChangeSafety, formatChangeFindings } from "./change-safety";
import {
  WorkloadValidationError,
  checkCapacity,
  formatCapacityVerdict,
  type CapacityCheckOptions,
  type StreamCapacitySpec,
  type Workload,
} from "stream-simulator";
import { STREAM_RESOURCE_TYPE, isExpression, readStreamCapacity, stackResources, type StackProblem } from "stream-simulator/terraform";

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

interface ResourceLike extends IConstruct {
  readonly terraformResourceType?: string;
}

function kinesisResourcesIn(construct: IConstruct): ResourceLike[] {
  return construct.node.findAll().filter((c) => (c as ResourceLike).terraformResourceType === STREAM_RESOURCE_TYPE) as ResourceLike[];
}

/** The synthesized capacity of `stream` in `stack` (throws with a clear message when the stream cannot be found). */
export function synthesizedStreamCapacity(stack: TerraformStack, stream: StreamReference): SynthesizedStreamCapacity {
  const streams = stackResources(JSON.parse(Testing.synth(stack)), STREAM_RESOURCE_TYPE);
  let found: (typeof streams)[number] | undefined;
  let constructPath: string | undefined;
  let ownerConstruct: IConstruct | undefined;
  if (typeof stream === "string") {
    found = streams.find((s) => s.resource.id === stream || s.attributes.name === stream);
    if (found === undefined) {
      throw new Error(
        `no aws_kinesis_stream named or with logical id ${JSON.stringify(stream)} in stack ${stack.node.path} ` +
          `(found: ${streams.map((s) => `${s.resource.id} (name ${JSON.stringify(s.attributes.name)})`).join(", ") || "none"})`,
      );
    }
  } else {
    const resources = kinesisResourcesIn(stream);
    if (resources.length !== 1) {
      throw new Error(`${stream.node.path} holds ${resources.length} aws_kinesis_stream resources; pass the stream construct itself (or its name)`);
    }
    const resource = resources[0];
    const logicalId = stack.getLogicalId(resource as unknown as Parameters<TerraformStack["getLogicalId"]>[0]);
    // EncryptedStream names its resource "Resource": the stream's path is its owner's (as in the synth error).
    const owner = resource.node.id === "Resource" ? resource.node.scope : undefined;
    ownerConstruct = owner ?? resource;
    constructPath = ownerConstruct.node.path;
    found = streams.find((s) => s.resource.id === logicalId);
    if (found === undefined) throw new Error(`${constructPath} is not part of stack ${stack.node.path}`);
  }
  const problems: StackProblem[] = [];
  const read = readStreamCapacity(found.attributes, found.resource, problems);
  const capacity: SynthesizedStreamCapacity["capacity"] = read ?? { unreadable: problems.map(unreadable).join("; ") };
  return {
    logicalId: found.resource.id,
    name: found.attributes.name,
    ...(constructPath !== undefined ? { constructPath } : {}),
    capacity,
    ...(ownerConstruct !== undefined ? { owner: ownerConstruct } : {}),
  };
}

/** Why a capacity attribute cannot be judged, e.g. `shard_count is "${var.shards}", not a literal shard count`. */
function unreadable(problem: StackProblem): string {
  const what = problem.field === "shard_count" ? "shard count" : "mode";
  const field = problem.field === "shard_count" ? "shard_count" : "stream_mode";
  return `${field} is ${JSON.stringify(problem.value)}, not a literal ${what}`;
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
  const name = typeof s.name === "string" && !isExpression(s.name) ? s.name : undefined;
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
    | { workload?: Workload; capacityVerdict?: { targetThrottledFraction: number; headroom: number; capacity: StreamCapacitySpec } }
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
    // The on-demand tier is an account setting the JSON does not hold: the one the stream's own check assumed.
    const capacity =
      synthesized.capacity.mode === "on-demand" && checked?.capacity.mode === "on-demand" ? checked.capacity : synthesized.capacity;
    const verdict = checkCapacity(w, capacity, options);
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

/**
 * `expect(stack).toBeSafeChangeFrom(previous)`: applying the received stack (a `TerraformStack`, or its synthesized
 * `cdk.tf.json` text or object) over a deployment of `previous` (the same forms) draws no `checkChangeSafety`
 * finding; the failure message lists each with its fix.
 */
export function toBeSafeChangeFrom(this: MatcherContext | void, received: unknown, previous: unknown): MatcherResult {
  const synthesized = (value: unknown) => (value instanceof TerraformStack ? Testing.synth(value) : value);
  const findings = checkChangeSafety(synthesized(previous), synthesized(received));
  return {
    pass: findings.length === 0,
    message: () =>
      findings.length === 0
        ? "expected the change to draw change-safety findings, but it draws none"
        : `expected a safe change, but it draws ${findings.length} finding${findings.length === 1 ? "" : "s"}:\n${formatChangeFindings(findings)}`,
  };
}

/** Every matcher of this package, for `expect.extend(kinesisPipelineMatchers)`. */
export const kinesisPipelineMatchers = { toSustainWorkload, toBeSafeChangeFrom };
