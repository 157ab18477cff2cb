import type { ISecureBucket } from "../interfaces";
import type { RemovalPolicy } from "../removal-policy";
import type { LifecycleTransition } from "./lifecycle";

/** Properties of a `SecureBucket`. Every day count is a whole number of days. */
export interface SecureBucketProps {
  /**
   * Start of the bucket name; Terraform appends a unique 26-character suffix (`bucket_prefix`), so names never
   * collide across accounts or redeployments. Lowercase letters, digits, '.' and '-', at most 37 characters.
   * @default - derived from the construct id: lowercased, other characters replaced by '-', ending in '-'
   */
  readonly bucketPrefix?: string;
  /**
   * ARN of an existing customer-managed KMS key (a key ARN, not an alias ARN) to encrypt objects with. When unset,
   * the bucket creates its own `PipelineKey` (rotation on, 30-day deletion window).
   * @default - a new customer-managed key
   */
  readonly encryptionKeyArn?: string;
  /**
   * Alias of the key this bucket creates. Only valid without `encryptionKeyArn`.
   * @default - a generated unique alias `alias/secure-bucket/<bucketPrefix><unique suffix>` (aliases are unique per
   *   account and region, so a fixed default would collide when the same stack is deployed twice)
   */
  readonly keyAliasName?: string;
  /**
   * Deletion window of the key this bucket creates, 7-30 days. Only valid without `encryptionKeyArn`.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Transitions of current object versions to cheaper storage classes, in increasing `afterDays` order, following
   * S3's transition waterfall (e.g. STANDARD_IA at 30, GLACIER_IR at 90, DEEP_ARCHIVE at 180).
   * @default - none: objects stay in STANDARD
   */
  readonly transitions?: readonly LifecycleTransition[];
  /**
   * Days after creation when current object versions expire (become noncurrent; removed after
   * `noncurrentVersionExpirationDays`). Must exceed every transition's `afterDays`.
   * @default - never
   */
  readonly expirationDays?: number;
  /**
   * Days after an object version becomes noncurrent (overwritten or deleted) before S3 removes it.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after a multipart upload starts before S3 aborts it if unfinished, freeing its invisible parts.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * S3 server access logging (who read or wrote what; scanners flag buckets without it, e.g. checkov CKV_AWS_18):
   * `true` creates a second hardened bucket (SSE-S3) for the logs; an existing log bucket by name, or as a bucket
   * object (`SecureBucket.fromBucketAttributes`, with its `region`), whose policy must already admit
   * `logging.s3.amazonaws.com` for this bucket; `false` turns logging off. An existing log bucket must be in this
   * bucket's account and region and encrypted with SSE-S3 (S3 delivers no access logs to an SSE-KMS bucket); region
   * and encryption are checked when known at synth. Upgrading a deployed bucket from a version where logging was off
   * adds a retained log bucket at the next apply: set `false` before that apply to keep logging off.
   * @default true
   */
  readonly accessLogging?: boolean | string | ISecureBucket;
  /**
   * Key prefix of the access logs in the log bucket. Only valid with `accessLogging`.
   * @default "access-logs/"
   */
  readonly accessLogPrefix?: string;
  /**
   * Days after which access-log objects expire. Only valid with `accessLogging: true` (a created log bucket).
   * @default 365
   */
  readonly accessLogExpirationDays?: number;
  /**
   * Whether Terraform may delete (or replace) the bucket, its access-log bucket and the key it creates. By default
   * a plan that would — `cdktf destroy`, a change that replaces them — fails (`prevent_destroy`);
   * `RemovalPolicy.DESTROY` for test and development stacks (see docs/removal-policy.md).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Let `terraform destroy` delete the bucket (and the log bucket) with objects in it. Off so that landed data is
   * never destroyed by a plan; turn on only for throwaway environments. Only with `removalPolicy:
   * RemovalPolicy.DESTROY` (a retained bucket is never deleted, so it would do nothing), as aws-cdk-lib's
   * `autoDeleteObjects`.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Tags for every taggable resource created: the bucket(s) and the key. (The S3 configuration resources and the
   * KMS alias have no tags in the AWS API.)
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Attributes of an existing bucket, for `SecureBucket.fromBucketAttributes`. */
export interface SecureBucketAttributes {
  /** Bucket name. */
  readonly bucketName: string;
  /**
   * ARN of the customer-managed KMS key the bucket encrypts with, so grants include KMS permissions.
   * @default - none (an SSE-S3 bucket)
   */
  readonly encryptionKeyArn?: string;
  /**
   * The bucket's region, when it is not the stack's: lets the rules that need it (an access-log bucket must be in the
   * region of the buckets logging to it) check it at synth.
   * @default - unknown (the rules are skipped)
   */
  readonly region?: string;
}
