/**
 * `cdktf-kinesis-pipeline/testing`: jest matchers for stacks built with this library.
 *
 *   import { kinesisPipelineMatchers } from "cdktf-kinesis-pipeline/testing";
 *   expect.extend(kinesisPipelineMatchers);
 *   expect(stack).toSustainWorkload(pipeline.stream, workload);
 *   expect(stack).toBeSafeChangeFrom(fs.readFileSync("previous/cdk.tf.json", "utf8"));
 *
 * or register them once for every test file with `setupFilesAfterEnv: ["cdktf-kinesis-pipeline/testing/register"]`.
 */
import type { CapacityCheckOptions, Workload } from "stream-simulator";
import type { StreamReference } from "./matchers";

export { kinesisPipelineMatchers, synthesizedStreamCapacity, toBeSafeChangeFrom, toSustainWorkload } from "./matchers";
export {
  checkChangeSafety,
  formatChangeFindings,
  plannedChangeFindings,
  REPLACEMENT_SENSITIVE_TYPES,
  shardCountSteps,
  STATEFUL_RESOURCE_TYPES,
} from "./change-safety";
export type { ChangeFinding, PlannedChanges } from "./change-safety";
export type { StreamReference, SynthesizedStreamCapacity } from "./matchers";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Type parameters must match @types/jest's declaration exactly for the interfaces to merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/ban-types
    interface Matchers<R, T = {}> {
      /**
       * The synthesized capacity (shard count or on-demand) of `stream` in the received `TerraformStack` sustains
       * `workload` (default: the stream's declared one) by the stream-simulator's `checkCapacity`; the failure
       * message is the one the synth-time check prints.
       */
      toSustainWorkload(stream: StreamReference, workload?: Workload, options?: CapacityCheckOptions): R;
      /**
       * Applying the received stack (a `TerraformStack`, or its `cdk.tf.json` text or object) over a deployment of
       * `previous` draws no `checkChangeSafety` finding: no shard-count step AWS refuses, no dynamic partitioning
       * enabled on an existing delivery stream, no stateful resource deleted by a removed or renamed construct.
       */
      toBeSafeChangeFrom(previous: unknown): R;
    }
  }
}
