/**
 * Lifecycle rules of a `SecureBucket` (and its access-log bucket): the transition types and the
 * `aws_s3_bucket_lifecycle_configuration` rule blocks. Their synth-time rules are in `../validation/lifecycle.ts`.
 *
 * Beyond what S3 requires, an abort-incomplete-multipart-upload rule and noncurrent-version expiry are always
 * present, so a versioned landing bucket does not grow without bound.
 */
import type {
  S3BucketLifecycleConfigurationRule,
  S3BucketLifecycleConfigurationRuleFilter,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { S3_ALLOWED_VALUES } from "stream-simulator";

/** A storage class a lifecycle transition may move objects to. */
export type TransitionStorageClass = (typeof S3_ALLOWED_VALUES.transitionStorageClasses.values)[number];

/** One transition of current object versions to a cheaper storage class. */
export interface LifecycleTransition {
  /** Days after object creation; STANDARD_IA and ONEZONE_IA need at least 30. */
  readonly afterDays: number;
  /** Target storage class, e.g. `"GLACIER_IR"`. */
  readonly storageClass: TransitionStorageClass;
}

/** The lifecycle settings of one bucket, all in days. */
export interface BucketLifecycleSettings {
  readonly abortIncompleteMultipartUploadDays: number;
  readonly noncurrentVersionExpirationDays: number;
  readonly transitions: readonly LifecycleTransition[];
  readonly expirationDays?: number;
}

/** The whole bucket: an empty filter (provider 5.x's `filter {}`), not the deprecated top-level `prefix`. */
const WHOLE_BUCKET: S3BucketLifecycleConfigurationRuleFilter[] = [{}];

/**
 * The rule blocks for `settings`: one rule per concern so each reads on its own in the console and the plan.
 * - `abort-incomplete-multipart-uploads`: parts of failed uploads cost storage but are invisible in listings.
 * - `noncurrent-versions`: expire overwritten/deleted versions, and remove delete markers left without versions.
 * - `current-versions` (only with transitions or expiration).
 */
export function lifecycleRules(settings: BucketLifecycleSettings): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: WHOLE_BUCKET,
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: settings.abortIncompleteMultipartUploadDays }],
    },
    {
      id: "noncurrent-versions",
      status: "Enabled",
      filter: WHOLE_BUCKET,
      noncurrentVersionExpiration: [{ noncurrentDays: settings.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
  if (settings.transitions.length > 0 || settings.expirationDays !== undefined) {
    rules.push({
      id: "current-versions",
      status: "Enabled",
      filter: WHOLE_BUCKET,
      transition:
        settings.transitions.length > 0
          ? settings.transitions.map((t) => ({ days: t.afterDays, storageClass: t.storageClass }))
          : undefined,
      expiration: settings.expirationDays !== undefined ? [{ days: settings.expirationDays }] : undefined,
    });
  }
  return rules;
}
