/**
 * The JavaScript shape of a construct's props, checked before any rule reads them: for callers without a type
 * checker (JavaScript, or `as any`), a missing props object, a missing required property or a value of the wrong kind
 * becomes a `Problem` — never a `TypeError` from deep inside a rule — and a property the construct does not know (a
 * typo such as `bufferingIntervalSecond`, silently ignored otherwise) becomes a warning that names the nearest known
 * one. Each construct's validation file declares its props' shape (`PropsShape<TProps>`: one entry per property, so
 * the compiler catches a property added to the interface but not to the shape).
 */
import type { Problem } from "./problems";

/** The kinds of JavaScript value a property may hold. */
export type ValueKind = "string" | "number" | "boolean" | "array" | "object";

/** What one property may hold, and whether it must be given. */
export interface PropSpec {
  readonly kinds: readonly ValueKind[];
  readonly required: boolean;
  /** What a message says is allowed, when more precise than the kinds (e.g. the values of an enum). */
  readonly allowed?: string;
}

/** One `PropSpec` per property of `T`, optional ones included. */
export type PropsShape<T> = { readonly [K in keyof Required<T>]: PropSpec };

/** A property that must be given, holding one of `kinds`. */
export function required(...kinds: ValueKind[]): PropSpec {
  return { kinds, required: true };
}

/** A property that may be left out, holding one of `kinds` when given. */
export function optional(...kinds: ValueKind[]): PropSpec {
  return { kinds, required: false };
}

/** `spec`, with `allowed` as what messages say is allowed (e.g. `RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`). */
export function described(spec: PropSpec, allowed: string): PropSpec {
  return { ...spec, allowed };
}

/** `removalPolicy`, as every construct takes it. */
export const REMOVAL_POLICY_SPEC = described(optional("string"), 'RemovalPolicy.RETAIN ("retain") or RemovalPolicy.DESTROY ("destroy")');

/** The props as the rules may read them, and what the shape check found. */
export interface ShapeCheck<T> {
  /**
   * The props with every value of the wrong kind and every unknown property left out (an empty object when none was
   * given), so the construct's rules can still run and report their problems together with these.
   */
  readonly props: T;
  readonly problems: Problem[];
  /** One per unknown property. */
  readonly warnings: string[];
}

function kindOf(value: unknown): ValueKind | "other" {
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return type;
  return value !== null && (type === "object" || type === "function") ? "object" : "other";
}

function describeKinds(kinds: readonly ValueKind[]): string {
  const names = kinds.map((k) => (k === "array" ? "an array" : k === "object" ? "an object" : `a ${k}`));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Levenshtein distance, case-insensitive (prop names are short). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/** The known property closest to `name`, when it is close enough to be a typo of it. */
function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 4)) ? best : undefined;
}

/**
 * Checks `props` (as given, of unknown type) against `shape`. `typeName` names the props type in messages (e.g.
 * `FirehoseToS3Props`); `prefix` names a nested props object as the user wrote it (`stream.`); with `partial`, no
 * property is required (a composite's `Partial<…>` props). Terraform tokens pass as the kind they are encoded in
 * (string, number, or a list token, which is an array).
 */
export function checkPropsShape<T>(
  props: unknown,
  shape: PropsShape<T>,
  typeName: string,
  options: { readonly prefix?: string; readonly partial?: boolean } = {},
): ShapeCheck<T> {
  const prefix = options.prefix ?? "";
  const specs = Object.entries(shape) as [string, PropSpec][];
  const requiredNames = options.partial ? [] : specs.filter(([, spec]) => spec.required).map(([name]) => name);
  if (props === undefined || props === null || kindOf(props) !== "object") {
    if (props === undefined && requiredNames.length === 0) return { props: {} as T, problems: [], warnings: [] };
    const needs = requiredNames.length > 0 ? ` with at least ${requiredNames.join(", ")}` : "";
    return {
      props: {} as T,
      problems: [{ property: prefix === "" ? "props" : prefix.replace(/\.$/, ""), value: props, allowed: `an object of ${typeName}${needs}` }],
      warnings: [],
    };
  }
  const given = props as Record<string, unknown>;
  const known = specs.map(([name]) => name);
  const kept: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [name, spec] of specs) {
    const value = given[name];
    if (value === undefined) {
      if (spec.required && !options.partial) {
        problems.push({ property: `${prefix}${name}`, value, allowed: `${spec.allowed ?? describeKinds(spec.kinds)}: ${typeName}.${name} is required` });
      }
      continue;
    }
    const kind = kindOf(value);
    // A list token is an array; a string or number token is not (spreading it would give its characters).
    if (kind !== "other" && spec.kinds.includes(kind)) {
      kept[name] = value;
    } else {
      problems.push({ property: `${prefix}${name}`, value, allowed: spec.allowed ?? describeKinds(spec.kinds) });
    }
  }
  const warnings = Object.keys(given)
    .filter((name) => !known.includes(name) && given[name] !== undefined)
    .map((name) => {
      const suggestion = nearest(name, known);
      return `${prefix}${name} is not a property of ${typeName}, so it is ignored${suggestion ? ` (did you mean ${prefix}${suggestion}?)` : ""}`;
    });
  return { props: kept as T, problems, warnings };
}

/**
 * The shape check's problems followed by the rules' problems, without repeating a property: a rule's problem about a
 * property the shape check already reported (or about anything, when the props object itself was missing) is dropped.
 */
export function withShapeProblems(shape: { readonly problems: readonly Problem[] }, rules: readonly Problem[]): Problem[] {
  const reported = new Set(shape.problems.map((p) => p.property));
  if (reported.has("props")) return [...shape.problems];
  return [...shape.problems, ...rules.filter((p) => !reported.has(p.property))];
}
