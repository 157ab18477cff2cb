/**
 * The derivation of a safe default `bucket_prefix` from a construct id; the naming rules it satisfies are checked
 * in `../validation/bucket-names.ts`.
 */
import { NAME_RULES, S3_ALLOWED_VALUES } from "stream-simulator";

/**
 * A valid `bucket_prefix` derived from `source` (a construct id): lowercased, runs of disallowed characters, '-' and
 * '.' collapsed to one '-', cut to leave room for the trailing '-' that separates it from Terraform's suffix, and
 * moved off any reserved prefix. Never empty: falls back to `fallback`.
 *
 * @param maxLength the longest result, '-' included (default `NAME_RULES.s3BucketPrefix.maxLength`)
 */
export function deriveBucketPrefix(source: string, fallback = "bucket", maxLength = NAME_RULES.s3BucketPrefix.maxLength): string {
  let base = source
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, maxLength - 1)
    .replace(/-+$/, "");
  if (base.length === 0) base = fallback.slice(0, maxLength - 1);
  if (S3_ALLOWED_VALUES.reservedBucketNamePrefixes.values.some((p) => `${base}-`.startsWith(p))) {
    base = `b-${base}`.slice(0, maxLength - 1).replace(/-+$/, "");
  }
  return `${base}-`;
}
