/**
 * What a terraform check spent, kept by ONE wrapper: `measured(check)` gives the check a clock, the steps inside
 * (`synth`, `init`, `get`, `validate`, `plan`) add their wall time to it through `record`, and the wrapper returns
 * the readings with the result, or hands them to the error a failing check throws. Nothing else carries timings.
 */

/** Timings of one check, in milliseconds (init is 0 when a shared provider workspace was reused). */
export interface TerraformTimings {
  readonly synthMs: number;
  readonly initMs: number;
  /**
   * `terraform get` (the module manifest of the root that holds several stacks, `terraformValidateAndPlanAll`; it
   * installs no provider).
   */
  readonly modulesMs?: number;
  /** The validate command; shared by every stack of a `terraformValidateAndPlanAll` call. */
  readonly validateMs?: number;
  /** The plan command; shared by every stack of a `terraformValidateAndPlanAll` call. */
  readonly planMs?: number;
}

type Step = keyof TerraformTimings;

/** The clock of the running check; checks run one at a time (every command is synchronous). */
let clock: Partial<Record<Step, number>> | undefined;

/** Adds `ms` to `step` of the running check (nothing outside a check). */
export function record(step: Step, ms: number): void {
  if (clock !== undefined) clock[step] = (clock[step] ?? 0) + ms;
}

/** Runs `fn`, adds its wall time to `step`, returns its result (and records the time when it throws, too). */
export function time<T>(step: Step, fn: () => T): T {
  const started = Date.now();
  try {
    return fn();
  } finally {
    record(step, Date.now() - started);
  }
}

/** What the running check has spent so far (synth and init count as 0 until they ran). */
function readings(): TerraformTimings {
  return { synthMs: 0, initMs: 0, ...clock };
}

/**
 * Runs one check with its own clock. Returns its result with the readings; when it throws, `onError` sees the error
 * and what the check had spent (e.g. whether it ran `terraform init`) before the error goes on.
 */
export function measured<T>(check: () => T, onError: (error: unknown, spent: TerraformTimings) => void): { result: T; timings: TerraformTimings } {
  const outer = clock;
  clock = {};
  try {
    const result = check();
    return { result, timings: readings() };
  } catch (error) {
    onError(error, readings());
    throw error;
  } finally {
    clock = outer;
  }
}
