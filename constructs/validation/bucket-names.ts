/**
 * S3 bucket-name and `bucket_prefix` rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html,
 * via `NAME_RULES` and `S3_ALLOWED_VALUES` in stream-simulator/src/limits.ts): 3-63 lowercase letters, digits, '.'
 * and '-', starting and ending with a letter or digit; no two adjacent periods; not starting with a reserved prefix.
 * A `bucket_prefix` gets a 26-character unique suffix from Terraform, so it may end with '-' but holds at most 37
 * characters.
 *
 * Pure functions returning `Problem`s; unresolved tokens are skipped.
 */
import { NAME_RULES, S3_ALLOWED_VALUES } from "stream-simulator";
import { isToken, type Problem } from "./problems";
import { checkName } from "./rules";

/** Extra rules the character-class patterns cannot express: no '..', no reserved prefix. */
function checkNameExtras(property: string, value: string): Problem[] {
  const problems: Problem[] = [];
  if (value.includes("..")) {
    problems.push({ property, value, allowed: "no two adjacent periods ('..')" });
  }
  const reserved = S3_ALLOWED_VALUES.reservedBucketNamePrefixes.values.find((p) => value.startsWith(p));
  if (reserved !== undefined) {
    problems.push({
      property,
      value,
      allowed: `a name not starting with a prefix S3 reserves (${S3_ALLOWED_VALUES.reservedBucketNamePrefixes.values
        .map((p) => `'${p}'`)
        .join(", ")})`,
    });
  }
  return problems;
}

/** Problems with a full bucket name (imports, existing log buckets). `undefined` and tokens pass. */
export function checkBucketName(property: string, value: string | undefined): Problem[] {
  if (value === undefined || isToken(value)) return [];
  const base = checkName(property, value, NAME_RULES.s3BucketName);
  if (base.length > 0) return base;
  const problems = checkNameExtras(property, value);
  // Only full names can end in a reserved suffix or look like an IP address (a prefix gets Terraform's suffix).
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
    problems.push({ property, value, allowed: "a name not formatted as an IP address (e.g. 192.168.5.4)" });
  }
  const suffix = S3_ALLOWED_VALUES.reservedBucketNameSuffixes.values.find((x) => value.endsWith(x));
  if (suffix !== undefined) {
    problems.push({
      property,
      value,
      allowed: `a name not ending with a suffix S3 reserves (${S3_ALLOWED_VALUES.reservedBucketNameSuffixes.values
        .map((x) => `'${x}'`)
        .join(", ")})`,
    });
  }
  return problems;
}

/** Problems with a `bucket_prefix`. `undefined` and tokens pass. */
export function checkBucketPrefix(property: string, value: string | undefined): Problem[] {
  if (value === undefined || isToken(value)) return [];
  const base = checkName(property, value, NAME_RULES.s3BucketPrefix);
  return base.length > 0 ? base : checkNameExtras(property, value);
}
