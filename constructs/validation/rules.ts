/**
 * Generic synth-time checks shared by every construct's validation. Pure functions: each returns the problems it
 * found (never throws) and skips unresolved Terraform tokens (`isToken`), whose values are known only at apply time.
 *
 * Figures and naming rules come from `stream-simulator/src/limits.ts`; callers pass them in.
 */
import type { NameRule } from "stream-simulator";
import { isToken, type Problem } from "./problems";

/** Short description of a name rule, e.g. "1-64 characters: letters, digits, '_', '.' and '-'". */
export function describeNameRule(rule: NameRule): string {
  const length = rule.minLength === rule.maxLength ? `${rule.minLength}` : `${rule.minLength}-${rule.maxLength}`;
  return `${length} characters: ${rule.allowed}`;
}

/**
 * Checks a resource name against a `NameRule` (length, then characters). `undefined` means "not set" and passes;
 * tokens are skipped. Reports at most one problem per name, the length one first (a too-long name with bad
 * characters gets the combined "allowed" text either way).
 */
export function checkName(property: string, value: string | undefined, rule: NameRule): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value !== "string") {
    return [{ property, value, allowed: `a string of ${describeNameRule(rule)}` }];
  }
  const allowed = describeNameRule(rule);
  if (value.length < rule.minLength || value.length > rule.maxLength) {
    return [{ property, value, allowed: `${allowed} (got ${value.length} characters)` }];
  }
  if (!rule.pattern.test(value)) {
    const bad = badCharacters(value, rule.pattern);
    const detail = bad.length > 0 ? ` (not allowed: ${bad.map((c) => JSON.stringify(c)).join(", ")})` : "";
    return [{ property, value, allowed: `${allowed}${detail}` }];
  }
  return [];
}

/** The distinct characters of `value` that fail a character-class pattern on their own (best effort, for messages). */
function badCharacters(value: string, pattern: RegExp): string[] {
  // Only meaningful for patterns of the form /^[class]+$/; anchored/positional rules may flag nothing.
  const single = /^\^\[([^\]]+)\]\+\$$/.exec(pattern.source);
  if (!single) return [];
  const charClass = new RegExp(`^[${single[1]}]$`, pattern.flags);
  return [...new Set([...value].filter((c) => !charClass.test(c)))];
}

/**
 * Checks that `value` is an integer within `[min, max]` (inclusive). `undefined` passes; tokens are skipped;
 * NaN, infinities and fractions fail.
 */
export function checkIntegerRange(
  property: string,
  value: number | undefined,
  min: number,
  max: number,
  unit: string,
): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    return [{ property, value, allowed: `an integer from ${min} to ${max} ${unit}` }];
  }
  return [];
}

/** Checks that `value` is one of `allowed` (strict equality). `undefined` passes; tokens are skipped. */
export function checkOneOf<T>(property: string, value: T | undefined, allowed: readonly T[]): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (allowed.includes(value)) return [];
  return [{ property, value, allowed: `one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}` }];
}

/**
 * Checks that `values` has no repeated entries. `undefined` passes; a tokenised list and token entries are skipped.
 * One problem lists every duplicated value.
 */
export function checkNoDuplicates<T>(property: string, values: readonly T[] | undefined): Problem[] {
  if (values === undefined || isToken(values)) return [];
  const seen = new Set<T>();
  const duplicates = new Set<T>();
  for (const v of values) {
    if (isToken(v)) continue;
    if (seen.has(v)) duplicates.add(v);
    seen.add(v);
  }
  if (duplicates.size === 0) return [];
  return [
    {
      property,
      value: values,
      allowed: `each entry at most once (repeated: ${[...duplicates].map((d) => JSON.stringify(d)).join(", ")})`,
    },
  ];
}

/** Checks a list's length is at most `max`. `undefined` and tokenised lists pass. */
export function checkMaxCount<T>(property: string, values: readonly T[] | undefined, max: number, unit: string): Problem[] {
  if (values === undefined || isToken(values)) return [];
  if (values.length <= max) return [];
  return [{ property, value: values, allowed: `at most ${max} ${unit} (got ${values.length})` }];
}

/** A KMS key ARN (not an alias ARN): IAM statements only control use of a key when they name the key's own ARN. */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Checks a KMS key ARN's shape. `undefined` and tokens pass. */
export function checkKmsKeyArn(property: string, value: string | undefined): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value === "string" && KMS_KEY_ARN.test(value)) return [];
  return [
    {
      property,
      value,
      allowed: "a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key id> (not an alias: grants name the key's own ARN)",
    },
  ];
}
