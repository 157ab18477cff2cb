/**
 * `cdktf-kinesis-pipeline/testing`: jest matchers for stacks built with this library.
 *
 *   import { kinesisPipelineMatchers } from "cdktf-kinesis-pipeline/testing";
 *   expect.extend(kinesisPipelineMatchers);
 *   expect(stack).toSustainWorkload(pipeline.stream, workload);
 *
 * or register them once for every test file with `setupFilesAfterEnv: ["cdktf-kinesis-pipeline/testing/register"]`.
 */
import type { CapacityCheckOptions, Workload } from "stream-simulator";
import type { StreamReference } from "./matchers";

export { kinesisPipelineMatchers, synthesizedStreamCapacity, toSustainWorkload } from "./matchers";
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
    }
  }
}
