/**
 * Synth-time rules of a bucket's lifecycle settings. Why validate here: S3 checks transition rules only when
 * `PutBucketLifecycleConfiguration` runs, i.e. at apply; neither `terraform validate` nor `plan` sees them. Rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html):
 * - the storage class is one S3 accepts as a transition target (`S3_ALLOWED_VALUES.transitionStorageClasses`);
 * - STANDARD_IA / ONEZONE_IA only after `S3_LIMITS.infrequentAccessMinDays` (30) days;
 * - transitions follow S3's "waterfall": each class must be reachable from the previous one (`TRANSITION_SUCCESSORS`), on a
 *   strictly later day, and at least 30 days after an IA transition (the IA minimum storage duration);
 * - current-version expiration comes after every transition;
 * - every `Days` of an expiration / noncurrent expiration / abort action is a positive integer.
 * Pure: returns every problem, never throws; tokens are skipped.
 */
import { S3_ALLOWED_VALUES, S3_LIMITS } from "stream-simulator";
import type { SecureBucketProps } from "../bucket/props";
import type { LifecycleTransition, TransitionStorageClass } from "../bucket/lifecycle";
import { isToken, type Problem } from "./problems";
import { checkMinDays, checkOneOf } from "./rules";

/**
 * Classes S3 can transition to from each class (the "supported lifecycle transitions" waterfall of the user guide
 * page cited above). Objects start in STANDARD, which can reach every target.
 */
export const TRANSITION_SUCCESSORS: Readonly<Record<TransitionStorageClass, readonly TransitionStorageClass[]>> = {
  STANDARD_IA: ["INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  INTELLIGENT_TIERING: ["ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  ONEZONE_IA: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER_IR: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER: ["DEEP_ARCHIVE"],
  DEEP_ARCHIVE: [],
};

const INFREQUENT_ACCESS: readonly string[] = ["STANDARD_IA", "ONEZONE_IA"];

/** The lifecycle settings of a bucket's props. */
type LifecycleProps = Pick<
  SecureBucketProps,
  "abortIncompleteMultipartUploadDays" | "noncurrentVersionExpirationDays" | "transitions" | "expirationDays"
>;

/** Every problem with a bucket's lifecycle settings, properties as the user wrote them (`transitions[1].afterDays`). */
export function validateLifecycle(settings: LifecycleProps): Problem[] {
  const minDays = S3_LIMITS.lifecycleActionMinDays.value;
  const iaMin = S3_LIMITS.infrequentAccessMinDays.value;
  const problems: Problem[] = [
    ...checkMinDays("abortIncompleteMultipartUploadDays", settings.abortIncompleteMultipartUploadDays, minDays),
    ...checkMinDays("noncurrentVersionExpirationDays", settings.noncurrentVersionExpirationDays, minDays),
    ...checkMinDays("expirationDays", settings.expirationDays, minDays),
  ];

  const transitions = settings.transitions ?? [];
  const name = "transitions";
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
      if (prevValidClass && !TRANSITION_SUCCESSORS[previous.storageClass].includes(t.storageClass)) {
        const next = TRANSITION_SUCCESSORS[previous.storageClass];
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
        property: "expirationDays",
        value: expiration,
        allowed: `more than every transition's afterDays (the last is ${lastDay}); S3 rejects expiring objects before they transition`,
      });
    }
  }
  return problems;
}
