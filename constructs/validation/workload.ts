/**
 * The declared workload and capacity options as construct problems: the simulator's own rules (`parseWorkload`,
 * `capacityOptionProblems`), reported under the property the user wrote them on; Terraform tokens found and skipped.
 */
import { WorkloadValidationError, capacityOptionProblems, parseWorkload } from "stream-simulator";
import { isToken, type Problem } from "./problems";

/**
 * JSON paths of the Terraform tokens anywhere in a workload (e.g. `recordsPerSecond`, `partitionKey.value`): values
 * known only at deploy time, which the simulator cannot use (a number token is a huge negative number, a string token
 * would be hashed as a partition key as written). Strings with a raw `${…}` interpolation count as tokens too.
 */
export function workloadTokenPaths(workload: unknown, prefix = ""): string[] {
  // A cdktf token, or a string holding a raw Terraform interpolation ("${var.region}").
  if (isToken(workload) || (typeof workload === "string" && workload.includes("${"))) return [prefix];
  if (Array.isArray(workload)) return workload.flatMap((v, i) => workloadTokenPaths(v, prefix ? `${prefix}.${i}` : String(i)));
  if (workload !== null && typeof workload === "object") {
    return Object.entries(workload as Record<string, unknown>).flatMap(([k, v]) => workloadTokenPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [];
}

/** Workload problems as `Problem`s on `<prefix>.<field>` (e.g. `workload.recordsPerSecond`). */
export function workloadProblems(prefix: string, workload: unknown): Problem[] {
  if (workloadTokenPaths(workload).length > 0) return [];
  try {
    parseWorkload(workload);
    return [];
  } catch (e) {
    if (!(e instanceof WorkloadValidationError)) throw e;
    return e.problems.map((p) => ({ property: p.path ? `${prefix}.${p.path}` : prefix, value: p.value, allowed: p.allowed }));
  }
}

/**
 * Problems of the pass criteria `targetThrottledFraction` / `headroom` (the simulator's `capacityOptionProblems`) on
 * `<prefix>.<option>`, e.g. `capacityCheck.headroom`.
 */
export function capacityOptionsProblems(prefix: string, options: { targetThrottledFraction?: unknown; headroom?: unknown }): Problem[] {
  return capacityOptionProblems(options).map((p) => ({ property: `${prefix}.${p.path}`, value: p.value, allowed: p.allowed }));
}
