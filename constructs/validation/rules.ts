/**
 * Generic synth-time checks shared by every construct's validation. Pure functions: each returns the problems it
 * found (never throws) and skips unresolved Terraform tokens (`isToken`), whose values are known only at apply time.
 *
 * Figures and naming rules come from `stream-simulator/src/limits.ts`; callers pass them in.
 */
import { ALLOWED_VALUES, CLOUDWATCH_LIMITS, FIREHOSE_LIMITS, TAG_LIMITS, type NameRule } from "stream-simulator";
import type { PolicyStatement } from "../iam/policy-document";
import { REMOVAL_POLICIES, type RemovalPolicy } from "../removal-policy";
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

/**
 * Checks a `removalPolicy` prop: one of `RemovalPolicy`'s values (JavaScript callers can pass anything).
 * `undefined` passes (the default, `RETAIN`).
 */
export function checkRemovalPolicy(property: string, value: RemovalPolicy | undefined): Problem[] {
  return checkOneOf(property, value, REMOVAL_POLICIES).map((p) => ({
    ...p,
    allowed: `RemovalPolicy.RETAIN ("retain", the default: Terraform refuses to delete or replace it) or RemovalPolicy.DESTROY ("destroy")`,
  }));
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

/**
 * A KMS key ARN (not an alias ARN): IAM and key policies authorize on the key ARN, so grants written against an
 * alias ARN would never match (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html).
 */
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

/** Checks a whole-day count that must be at least `min`. `undefined` and tokens pass. */
export function checkMinDays(property: string, value: number | undefined, min: number): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    return [{ property, value, allowed: `an integer of at least ${min} days` }];
  }
  return [];
}

/**
 * Checks a fraction greater than 0 and at most 1 (`of` says of what, e.g. "fraction of the retention period").
 * `undefined` and tokens pass; NaN and infinities fail.
 */
export function checkFraction(property: string, value: number | undefined, of: string): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 1) {
    return [{ property, value, allowed: `a number greater than 0 and at most 1 (${of})` }];
  }
  return [];
}

/** SNS topic ARN, partition-aware (aws, aws-cn, aws-us-gov, …). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * Checks the SNS topics an alarm notifies: at most `CLOUDWATCH_LIMITS.maxAlarmActionsPerState`, each an SNS topic
 * ARN (`<property>[i]`). `undefined`, a tokenised list and token entries pass.
 */
export function checkAlarmActions(property: string, arns: readonly string[] | undefined): Problem[] {
  if (arns === undefined || isToken(arns)) return [];
  const problems: Problem[] = [];
  const max = CLOUDWATCH_LIMITS.maxAlarmActionsPerState.value;
  if (arns.length > max) problems.push({ property, value: arns, allowed: `at most ${max} actions (got ${arns.length})` });
  arns.forEach((arn, i) => {
    if (!isToken(arn) && !(typeof arn === "string" && SNS_TOPIC_ARN.test(arn))) {
      problems.push({
        property: `${property}[${i}]`,
        value: arn,
        allowed: "an SNS topic ARN, arn:<partition>:sns:<region>:<12-digit account>:<topic>",
      });
    }
  });
  return problems;
}

/** Longest tag key and value AWS accepts (`TAG_LIMITS` in stream-simulator/src/limits.ts, with their sources). */
export const TAG_KEY_MAX_LENGTH = TAG_LIMITS.keyMaxLength.value;
export const TAG_VALUE_MAX_LENGTH = TAG_LIMITS.valueMaxLength.value;

/**
 * Checks a tag map: keys of 1 to 128 characters not starting with `aws:` (a problem on `property`, naming the key),
 * values strings of at most 256 characters (a problem on `<property>.<key>`), and at most 50 tags with the ones the
 * library adds itself (`libraryTags`, keys). `undefined` and token values pass.
 */
export function checkTags(property: string, tags: Readonly<Record<string, string>> | undefined, libraryTags: readonly string[] = []): Problem[] {
  if (tags === undefined) return [];
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
    return [{ property, value: tags, allowed: "an object of tag keys to string values" }];
  }
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > TAG_KEY_MAX_LENGTH || key.toLowerCase().startsWith("aws:")) {
      problems.push({
        property,
        value: key,
        allowed: `tag keys of 1 to ${TAG_KEY_MAX_LENGTH} characters, not starting with "aws:" (reserved for AWS)`,
      });
    }
    if (!isToken(value) && (typeof value !== "string" || value.length > TAG_VALUE_MAX_LENGTH)) {
      problems.push({ property: `${property}.${key}`, value, allowed: `a string of at most ${TAG_VALUE_MAX_LENGTH} characters` });
    }
  }
  const keys = new Set([...Object.keys(tags), ...libraryTags]);
  const max = TAG_LIMITS.maxTagsPerResource.value;
  if (keys.size > max) {
    const own = libraryTags.filter((key) => !(key in tags));
    problems.push({
      property,
      value: `${Object.keys(tags).length} tags${own.length > 0 ? ` (+ ${own.join(", ")}, which the library adds)` : ""}`,
      allowed: `at most ${max} tags per resource, the library's own included (${TAG_LIMITS.maxTagsPerResource.source})`,
    });
  }
  return problems;
}

/** A 12-digit AWS account ID. */
const ACCOUNT_ID = /^\d{12}$/;

/** Checks an AWS account ID (12 digits). `undefined` and tokens pass. */
export function checkAccountId(property: string, value: string | undefined): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value === "string" && ACCOUNT_ID.test(value)) return [];
  return [{ property, value, allowed: "a 12-digit AWS account ID" }];
}

/** The buffering and compression of a Firehose delivery to S3, defaults applied. */
export interface FirehoseBuffering {
  readonly bufferingSizeMiB: number;
  readonly bufferingIntervalSeconds: number;
  /** The `CompressionFormat` API value, e.g. `GZIP`. */
  readonly compression: string;
  /** Whether dynamic partitioning is enabled: it raises the minimum size and interval. */
  readonly dynamicPartitioning: boolean;
}

/**
 * Checks a delivery's buffering hints and compression: size 1-128 MiB and interval 0-900 s (integers), at least
 * 64 MiB and 60 s with dynamic partitioning, compression one of the API's formats. At most one problem per
 * property; tokens are skipped. Figures: `FIREHOSE_LIMITS`, `ALLOWED_VALUES.firehoseCompression`.
 */
export function checkFirehoseBuffering(buffering: FirehoseBuffering): Problem[] {
  const F = FIREHOSE_LIMITS;
  const dp = buffering.dynamicPartitioning;
  const sizeRange = [F.bufferingSizeMinMiB.value, F.bufferingSizeMaxMiB.value] as const;
  const intervalRange = [F.bufferingIntervalMinSeconds.value, F.bufferingIntervalMaxSeconds.value] as const;
  const minSize = { min: F.dynamicPartitioningMinBufferMiB.value, why: "AWS rejects smaller buffers at apply time" };
  const minInterval = { min: F.dynamicPartitioningMinIntervalSeconds.value, why: "zero/short buffering is not supported with it" };
  return [
    ...checkBufferingHint("bufferingSizeMiB", buffering.bufferingSizeMiB, sizeRange, "MiB", dp ? minSize : undefined),
    ...checkBufferingHint("bufferingIntervalSeconds", buffering.bufferingIntervalSeconds, intervalRange, "seconds", dp ? minInterval : undefined),
    ...checkOneOf("compression", buffering.compression, ALLOWED_VALUES.firehoseCompression.values as readonly string[]),
  ];
}

/** One buffering hint: an integer in `range`, else (with dynamic partitioning) at least `partitioned.min`. */
function checkBufferingHint(
  property: string,
  value: number,
  range: readonly [number, number],
  unit: string,
  partitioned: { readonly min: number; readonly why: string } | undefined,
): Problem[] {
  const outOfRange = checkIntegerRange(property, value, range[0], range[1], unit);
  if (outOfRange.length > 0 || partitioned === undefined || isToken(value) || value >= partitioned.min) return outOfRange;
  return [{ property, value, allowed: `at least ${partitioned.min} ${unit} when dynamic partitioning is enabled (${partitioned.why})` }];
}

/**
 * True when a statement's principal is a wildcard (`"*"`, or `"*"` for any principal type): granted to anyone. Key
 * policies refuse such statements; bucket policies refuse them in Allow statements.
 */
export function hasWildcardPrincipal(principal: NonNullable<PolicyStatement["Principal"]>): boolean {
  if (principal === "*") return true;
  return Object.values(principal).some((v) => (Array.isArray(v) ? v.includes("*") : v === "*"));
}
