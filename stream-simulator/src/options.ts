/**
 * The rules of the capacity options (`size`, `checkCapacity`, the constructs' `forWorkload` / `capacityCheck`, the
 * CLI's flags): written once here, used everywhere. Problems are reported, never thrown, so callers can collect every
 * problem before failing.
 */

/** One invalid option. */
export interface OptionProblem {
  /** The option's name, e.g. `targetThrottledFraction`. */
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Default first-attempt throttling target of `size` and `checkCapacity`: 0.1% of records. */
export const DEFAULT_TARGET_THROTTLED_FRACTION = 0.001;
/** Default headroom of `size` and `checkCapacity`: the busiest shard's mean load at peak ≤ 80% of its limit. */
export const DEFAULT_HEADROOM = 0.8;

export const TARGET_ALLOWED = "a number from 0 (inclusive) to 1 (exclusive)";
export const HEADROOM_ALLOWED = "a number greater than 0 and at most 1";

/** Every problem with `targetThrottledFraction` and `headroom` (absent options are fine). */
export function capacityOptionProblems(options: { readonly targetThrottledFraction?: unknown; readonly headroom?: unknown }): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const t = options.targetThrottledFraction;
  if (t !== undefined && !(typeof t === "number" && t >= 0 && t < 1)) problems.push({ path: "targetThrottledFraction", value: t, allowed: TARGET_ALLOWED });
  const h = options.headroom;
  if (h !== undefined && !(typeof h === "number" && h > 0 && h <= 1)) problems.push({ path: "headroom", value: h, allowed: HEADROOM_ALLOWED });
  return problems;
}

/** The options with defaults applied; throws RangeError naming every invalid one. */
export function resolveCapacityOptions(options: { readonly targetThrottledFraction?: number; readonly headroom?: number }): {
  readonly target: number;
  readonly headroom: number;
} {
  const problems = capacityOptionProblems(options);
  if (problems.length > 0) {
    throw new RangeError(problems.map((p) => `${p.path} must be ${p.allowed}, got ${String(p.value)}`).join("; "));
  }
  return {
    target: options.targetThrottledFraction ?? DEFAULT_TARGET_THROTTLED_FRACTION,
    headroom: options.headroom ?? DEFAULT_HEADROOM,
  };
}
