/**
 * Rules of `StreamCapacity.forWorkload`'s input: its options and the workload it sizes for. Pure: returns every
 * problem, never throws. The problems are kept on the capacity (`sizing.optionProblems`, `sizing.workloadProblems`)
 * and reported by the stream that uses it, under that stream's construct path.
 */
import { WorkloadValidationError, parseWorkload, type Workload, type WorkloadProblem } from "stream-simulator";
import { ON_DEMAND_TIERS, WORKLOAD_CAPACITY_MODES, type WorkloadCapacityOptions } from "../stream/capacity-options";
import type { Problem } from "./problems";
import { checkOneOf } from "./rules";
import { capacityOptionsProblems, workloadTokenPaths } from "./workload";

/** Every problem with `StreamCapacity.forWorkload`'s options, on `<prefix>.<option>` (e.g. `capacity.options.mode`). */
export function validateWorkloadCapacityOptions(options: WorkloadCapacityOptions, prefix = "options"): Problem[] {
  return [
    ...capacityOptionsProblems(prefix, options),
    ...checkOneOf(`${prefix}.mode`, options.mode, WORKLOAD_CAPACITY_MODES),
    ...checkOneOf(`${prefix}.onDemandTier`, options.onDemandTier, ON_DEMAND_TIERS),
  ];
}

/**
 * Why a workload cannot be sized at synth: its Terraform tokens (known only at deploy time), else its invalid fields
 * (`parseWorkload`). Empty when it can be sized.
 */
export function sizingWorkloadProblems(workload: Workload): WorkloadProblem[] {
  const tokens = workloadTokenPaths(workload);
  if (tokens.length > 0) {
    return tokens.map((path) => ({
      path,
      value: "a Terraform token",
      allowed:
        "a literal value: StreamCapacity.forWorkload sizes the stream at synth, and a token is known only at deploy time " +
        "(use StreamCapacity.provisioned(n) or onDemand() with a `workload` to have literal parts checked, or declare literal values)",
    }));
  }
  try {
    parseWorkload(workload);
    return [];
  } catch (e) {
    if (!(e instanceof WorkloadValidationError)) throw e;
    return [...e.problems];
  }
}
