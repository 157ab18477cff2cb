import { Token } from "cdktf";

/**
 * One thing wrong with a construct's input: which property, what was given, and what is allowed.
 * Constructs gather every problem before throwing once, so a user fixes all of them in one pass.
 */
export interface Problem {
  /** Property path as the user wrote it, e.g. `bufferingSizeMiB` or `dynamicPartitioning.jqQuery`. */
  readonly property: string;
  /** The value given (rendered with JSON.stringify in the message). */
  readonly value: unknown;
  /** What is allowed, phrased so the user can act on it, e.g. "an integer from 1 to 128 MiB". */
  readonly allowed: string;
}

/** True when a value (or any string inside it) is an unresolved Terraform token: a deploy-time value we cannot check. */
export function isToken(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value);
  return false;
}

/** A value as messages show it: JSON, cut at 200 characters. */
function render(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    const s = JSON.stringify(value);
    return s.length > 200 ? `${s.slice(0, 197)}...` : s;
  } catch {
    return String(value);
  }
}

/** One problem as a line of an error message: `<property>: got <value>; allowed: <allowed>`. */
export function formatProblem(p: Problem): string {
  return `${p.property}: got ${render(p.value)}; allowed: ${p.allowed}`;
}

/**
 * The problems of a nested object, named as the user wrote them on the outer one: `nested("encryption", …)` turns
 * `aliasName` into `encryption.aliasName`.
 */
export function nested(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, property: `${prefix}.${p.property}` }));
}

/** Thrown at synth time when a construct's input breaks AWS or provider rules; lists every problem. */
export class PipelineValidationError extends Error {
  public constructor(
    /** Construct path, e.g. `telemetry/pipeline/stream`. */
    public readonly constructPath: string,
    public readonly problems: readonly Problem[],
  ) {
    super(
      `${constructPath}: ${problems.length} invalid propert${problems.length === 1 ? "y" : "ies"}:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "PipelineValidationError";
  }
}

/** Throws one PipelineValidationError naming `constructPath` when `problems` is not empty. */
export function throwIfProblems(constructPath: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new PipelineValidationError(constructPath, problems);
}
