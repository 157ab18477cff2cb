/**
 * Lifecycle rules of a `SecureBucket` (and its access-log bucket): types, synth-time validation, and the
 * `aws_s3_bucket_lifecycle_configuration` rule blocks.
 *
 * Why validate here: S3 checks transition rules only when `PutBucketLifecycleConfiguration` runs, i.e. at apply;
 * neither `terraform validate` nor `plan` sees them (cdktf-practices.md, "Not caught by validate or plan"). Rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html):
 * - the storage class is one S3 accepts as a transition target (`S3_ALLOWED_VALUES.transitionStorageClasses`);
 * - STANDARD_IA / ONEZONE_IA only after `S3_LIMITS.infrequentAccessMinDays` (30) days;
 * - transitions follow S3's "waterfall": each class must be reachable from the previous one (`NEXT_CLASSES`), on a
 *   strictly later day, and at least 30 days after an IA transition (the IA minimum storage duration);
 * - current-version expiration comes after every transition;
 * - every `Days` of an expiration / noncurrent expiration / abort action is a positive integer.
 *
 * Beyond AWS (prior-art.md §8 "Exceed it with"): an abort-incomplete-multipart-upload rule and noncurrent-version
 * expiry are always present, so a versioned landing bucket does not grow without bound.
 */
import type {
  S3BucketLifecycleConfigurationRule,
  S3BucketLifecycleConfigurationRuleFilter,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3_ALLOWED_VALUES, S3_LIMITS } from "stream-simulator";
import { isToken, type Problem } from "./validation/problems";
import { checkOneOf } from "./validation/rules";

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

/**
 * Classes S3 can transition to from each class (the "supported lifecycle transitions" waterfall of the user guide
 * page cited above). Objects start in STANDARD, which can reach every target.
 */
const NEXT_CLASSES: Readonly<Record<TransitionStorageClass, readonly TransitionStorageClass[]>> = {
  STANDARD_IA: ["INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  INTELLIGENT_TIERING: ["ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  ONEZONE_IA: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER_IR: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER: ["DEEP_ARCHIVE"],
  DEEP_ARCHIVE: [],
};

const INFREQUENT_ACCESS: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];

/** Problems with a whole-day count that must be at least `min`. `undefined` and tokens pass. */
export function checkMinDays(property: string, value: number | undefined, min: number): Problem[] {
  if (value === undefined || isToken(value)) return [];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    return [{ property, value, allowed: `an integer of at least ${min} days` }];
  }
  return [];
}

/**
 * Every problem with lifecycle settings, properties named as the user wrote them (`transitions[1].afterDays`).
 * `property` maps a settings field to the user-facing property name.
 */
export function validateLifecycle(
  settings: Partial<BucketLifecycleSettings>,
  property: (field: keyof BucketLifecycleSettings) => string = (f) => f,
): Problem[] {
  const minDays = S3_LIMITS.lifecycleActionMinDays.value;
  const iaMin = S3_LIMITS.infrequentAccessMinDays.value;
  const problems: Problem[] = [
    ...checkMinDays(property("abortIncompleteMultipartUploadDays"), settings.abortIncompleteMultipartUploadDays, minDays),
    ...checkMinDays(property("noncurrentVersionExpirationDays"), settings.noncurrentVersionExpirationDays, minDays),
    ...checkMinDays(property("expirationDays"), settings.expirationDays, minDays),
  ];

  const transitions = settings.transitions ?? [];
  const name = property("transitions");
  let previous: LifecycleTransition | undefined;
  transitions.forEach((t, i) => {
    const classProblems = checkOneOf(`${name}[${i}].storageClass`, t.storageClass, S3_ALLOWED_VALUES.transitionStorageClasses.values);
    problems.push(...classProblems);
    const dayProperty = `${name}[${i}].afterDays`;
    const validClass = classProblems.length === 0 && !isToken(t.storageClass);
    const isIa = validClass && INFREQUENT_ACCESS.includes(t.storageClass);
    const dayMin = isIa ? iaMin : 0;
    const dayProblems = isToken(t.afterDays)
      ? []
      : typeof t.afterDays !== "number" || !Number.isInteger(t.afterDays) || t.afterDays < dayMin
        ? [
            {
              property: dayProperty,
              value: t.afterDays,
              allowed: isIa
                ? `an integer of at least ${iaMin} days (S3 moves objects to ${t.storageClass} only after ${iaMin} days)`
                : "an integer of at least 0 days",
            },
          ]
        : [];
    problems.push(...dayProblems);

    if (previous !== undefined && validClass && dayProblems.length === 0) {
      const prevValidClass = (S3_ALLOWED_VALUES.transitionStorageClasses.values as readonly string[]).includes(previous.storageClass);
      if (prevValidClass && !NEXT_CLASSES[previous.storageClass].includes(t.storageClass)) {
        const next = NEXT_CLASSES[previous.storageClass];
        problems.push({
          property: `${name}[${i}].storageClass`,
          value: t.storageClass,
          allowed:
            next.length === 0
              ? `no transition after ${previous.storageClass} (it is the last class)`
              : `a class S3 can move objects to from ${previous.storageClass}: ${next.join(", ")}`,
        });
      }
      if (typeof previous.afterDays === "number" && !isToken(previous.afterDays) && !isToken(t.afterDays)) {
        const gap = prevValidClass && INFREQUENT_ACCESS.includes(previous.storageClass) ? iaMin : 1;
        if (t.afterDays < previous.afterDays + gap) {
          problems.push({
            property: dayProperty,
            value: t.afterDays,
            allowed:
              gap === 1
                ? `more than the previous transition's ${previous.afterDays} days (transitions in increasing day order)`
                : `at least ${previous.afterDays + gap} days: ${gap} days after the ${previous.storageClass} transition at day ${previous.afterDays} (its minimum storage duration)`,
          });
        }
      }
    }
    previous = t;
  });

  const expiration = settings.expirationDays;
  // Only a well-formed expiration is compared with the transitions (one problem per property).
  if (expiration !== undefined && !isToken(expiration) && Number.isInteger(expiration) && expiration >= minDays) {
    const lastDay = Math.max(
      -1,
      ...transitions.map((t) => t.afterDays).filter((d): d is number => typeof d === "number" && !isToken(d)),
    );
    if (expiration <= lastDay) {
      problems.push({
        property: property("expirationDays"),
        value: expiration,
        allowed: `more than every transition's afterDays (the last is ${lastDay}); S3 rejects expiring objects before they transition`,
      });
    }
  }
  return problems;
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
