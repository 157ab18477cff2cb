/**
 * Synth-time rules of a `SecureBucket` (its props, an imported bucket's attributes, statements added to its
 * policy). Pure: returns every problem, never throws; tokens are skipped.
 */
import type { LifecycleTransition } from "../bucket/lifecycle";
import type { SecureBucketAttributes, SecureBucketProps } from "../bucket/props";
import type { PolicyStatement } from "../iam/policy-document";
import type { ISecureBucket } from "../interfaces";
import { checkBucketName, checkBucketPrefix } from "./bucket-names";
import { checkAliasName, checkDeletionWindow } from "./key";
import { validateLifecycle } from "./lifecycle";
import { isToken, type Problem } from "./problems";
import { RemovalPolicy } from "../removal-policy";
import { checkPropsShape, optional, REMOVAL_POLICY_SPEC, required, type PropsShape, type ShapeCheck } from "./props-shape";
import { checkExistingKeyArn, checkRegionName } from "./region";
import { checkKmsKeyArn, checkMinDays, checkRemovalPolicy, checkTags, hasWildcardPrincipal } from "./rules";

/** Every problem with a `SecureBucket`'s props (empty when valid). */
export function validateSecureBucketProps(
  props: SecureBucketProps,
  /** The stack's region when known at synth, for the key's region. */
  context: { readonly region?: string } = {},
): Problem[] {
  const problems: Problem[] = [...checkBucketPrefix("bucketPrefix", props.bucketPrefix)];
  problems.push(...checkRemovalPolicy("removalPolicy", props.removalPolicy));
  problems.push(...checkTags("tags", props.tags));
  // Like aws-cdk-lib's autoDeleteObjects: emptying a bucket on delete needs a bucket that may be deleted.
  if (props.forceDestroy === true && props.removalPolicy !== RemovalPolicy.DESTROY) {
    problems.push({
      property: "forceDestroy",
      value: true,
      allowed: "true only with removalPolicy: RemovalPolicy.DESTROY (a retained bucket is never deleted); set both, or drop forceDestroy",
    });
  }

  if (props.encryptionKeyArn !== undefined) {
    problems.push(...checkExistingKeyArn("encryptionKeyArn", props.encryptionKeyArn, context.region));
    for (const name of ["keyAliasName", "keyDeletionWindowDays"] as const) {
      if (props[name] !== undefined) {
        problems.push({
          property: name,
          value: props[name],
          allowed: "unset when encryptionKeyArn is given (it configures the key this bucket would create)",
        });
      }
    }
  } else {
    // The key this bucket creates: an unset alias is generated (valid by construction).
    problems.push(...checkAliasName("keyAliasName", props.keyAliasName));
    problems.push(...checkDeletionWindow("keyDeletionWindowDays", props.keyDeletionWindowDays));
  }

  problems.push(...validateLifecycle(props));

  const logging = props.accessLogging ?? true;
  if (typeof logging === "string") {
    problems.push(...checkBucketName("accessLogging", logging));
  } else if (typeof logging === "object" && logging !== null && typeof (logging as { bucketName?: unknown }).bucketName === "string") {
    problems.push(...checkLogTarget(logging, context.region));
  } else if (typeof logging !== "boolean") {
    problems.push({ property: "accessLogging", value: logging, allowed: "true, false, an existing bucket name or a bucket object" });
  }
  if (props.accessLogExpirationDays !== undefined && logging !== true) {
    problems.push({
      property: "accessLogExpirationDays",
      value: props.accessLogExpirationDays,
      allowed: "unset unless accessLogging is true (it configures the log bucket this bucket creates)",
    });
  } else {
    problems.push(...checkMinDays("accessLogExpirationDays", props.accessLogExpirationDays, 1));
  }
  if (props.accessLogPrefix !== undefined) {
    if (logging === false) {
      problems.push({ property: "accessLogPrefix", value: props.accessLogPrefix, allowed: "unset unless accessLogging is on" });
    } else if (!isToken(props.accessLogPrefix) && (typeof props.accessLogPrefix !== "string" || props.accessLogPrefix.startsWith("/"))) {
      problems.push({
        property: "accessLogPrefix",
        value: props.accessLogPrefix,
        allowed: "an S3 key prefix not starting with '/' (e.g. \"access-logs/\")",
      });
    }
  }
  return problems;
}

/**
 * An existing access-log bucket given as a bucket object: SSE-S3 ("You can use default bucket encryption on the
 * destination bucket only if you use SSE-S3 … Default server-side encryption with AWS KMS keys (SSE-KMS) is not
 * supported", https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html, checked
 * 2026-12-04) and in the source bucket's region ("The source and destination buckets must be in the same AWS
 * Region", same page), each checked when known at synth; never another SecureBucket's access-log bucket, whose policy
 * admits that bucket only. (The log bucket must also be in the same account, which synth cannot see.)
 */
function checkLogTarget(target: ISecureBucket, region: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const shown = { bucketName: target.bucketName, encryptionKeyArn: target.encryptionKeyArn, region: target.region };
  // Another SecureBucket's log bucket (an AccessLogBucket): its policy admits that bucket's logs only.
  if (Array.isArray((target as { sourceBucketArns?: unknown }).sourceBucketArns)) {
    problems.push({
      property: "accessLogging",
      value: shown,
      allowed:
        "a log bucket whose policy admits this bucket's logs: the access-log bucket another SecureBucket created admits only that " +
        "bucket's (aws:SourceArn), so S3 would refuse these; use accessLogging: true, or an existing central log bucket by name",
    });
    return problems;
  }
  if (target.encryptionKeyArn !== undefined) {
    problems.push({
      property: "accessLogging",
      value: shown,
      allowed: "a log bucket encrypted with SSE-S3: S3 delivers no server access logs to a bucket whose default encryption is SSE-KMS (use accessLogging: true for one)",
    });
  }
  const literal = (r: string | undefined): r is string => typeof r === "string" && r !== "" && !isToken(r);
  if (literal(target.region) && literal(region) && target.region !== region) {
    problems.push({
      property: "accessLogging",
      value: shown,
      allowed: `a log bucket in this bucket's region ${region}: S3 delivers server access logs only within one region`,
    });
  }
  return problems;
}

/** Every problem with the attributes of an existing bucket (`SecureBucket.fromBucketAttributes`). */
export function validateSecureBucketAttributes(attrs: SecureBucketAttributes): Problem[] {
  return [
    ...(typeof attrs.bucketName === "string"
      ? checkBucketName("bucketName", attrs.bucketName)
      : [{ property: "bucketName", value: attrs.bucketName, allowed: "a bucket name" }]),
    ...checkKmsKeyArn("encryptionKeyArn", attrs.encryptionKeyArn),
    ...(attrs.region === undefined || isToken(attrs.region) ? [] : checkRegionName("region", attrs.region).problems),
  ];
}

/**
 * Problems of a statement added with `SecureBucket.addToResourcePolicy`: an Allow with a wildcard principal would
 * make the bucket public (and Block Public Access would reject the policy at apply).
 */
export function validateResourcePolicyStatement(statement: PolicyStatement): Problem[] {
  if (statement.Effect !== "Allow" || statement.Principal === undefined || !hasWildcardPrincipal(statement.Principal)) return [];
  return [
    {
      property: "addToResourcePolicy(statement).Principal",
      value: statement.Principal,
      allowed: "a named principal; Allow with a wildcard principal would make the bucket public",
    },
  ];
}

/** The JavaScript shape of `SecureBucketProps` (`checkPropsShape`). */
export const SECURE_BUCKET_PROPS_SHAPE: PropsShape<SecureBucketProps> = {
  bucketPrefix: optional("string"),
  encryptionKeyArn: optional("string"),
  keyAliasName: optional("string"),
  keyDeletionWindowDays: optional("number"),
  transitions: optional("array"),
  expirationDays: optional("number"),
  noncurrentVersionExpirationDays: optional("number"),
  abortIncompleteMultipartUploadDays: optional("number"),
  accessLogging: optional("boolean", "string", "object"),
  accessLogPrefix: optional("string"),
  accessLogExpirationDays: optional("number"),
  removalPolicy: REMOVAL_POLICY_SPEC,
  forceDestroy: optional("boolean"),
  tags: optional("object"),
};

/** The JavaScript shape of `SecureBucketAttributes`. */
export const SECURE_BUCKET_ATTRIBUTES_SHAPE: PropsShape<SecureBucketAttributes> = {
  bucketName: required("string"),
  encryptionKeyArn: optional("string"),
  region: optional("string"),
};

/** The JavaScript shape of one `LifecycleTransition`. */
export const LIFECYCLE_TRANSITION_SHAPE: PropsShape<LifecycleTransition> = {
  afterDays: required("number"),
  storageClass: required("string"),
};

/** `props` as given checked against `SECURE_BUCKET_PROPS_SHAPE`, each transition too (`prefix` for a `bucketProps`). */
export function secureBucketPropsShape(props: unknown, options: { prefix?: string } = {}): ShapeCheck<SecureBucketProps> {
  const top = checkPropsShape(props, SECURE_BUCKET_PROPS_SHAPE, "SecureBucketProps", options);
  const transitions = top.props.transitions;
  if (transitions === undefined || !Array.isArray(transitions)) return top;
  const problems = [...top.problems];
  const warnings = [...top.warnings];
  const kept = transitions.flatMap((t, i) => {
    const shape = checkPropsShape(t, LIFECYCLE_TRANSITION_SHAPE, "LifecycleTransition", { prefix: `${options.prefix ?? ""}transitions[${i}].` });
    problems.push(...shape.problems);
    warnings.push(...shape.warnings);
    return shape.problems.length === 0 ? [shape.props] : [];
  });
  return { props: { ...top.props, transitions: kept }, problems, warnings };
}
