import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import type { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import type { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import type { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { NAME_RULES } from "stream-simulator";
import { AccessLogBucket } from "./access-log-bucket";
import { AwsEnvironment } from "./aws-environment";
import { allowsWildcardPrincipal, hardenBucket } from "./bucket-hardening";
import { type LifecycleTransition, checkMinDays, lifecycleRules, validateLifecycle } from "./bucket-lifecycle";
import { checkBucketName, checkBucketPrefix, deriveBucketPrefix } from "./bucket-names";
import type { PolicyStatement } from "./iam/policy-document";
import type { ISecureBucket } from "./interfaces";
import { PipelineKey } from "./pipeline-key";
import { isToken, type Problem, throwIfProblems } from "./validation/problems";
import { checkKmsKeyArn } from "./validation/rules";

/**
 * Shape of a KMS key ARN. Key ARNs only, not alias ARNs: IAM and key policies authorize on the key ARN, so grants
 * written against an alias ARN would never match (https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html).
 */

/** Default days before incomplete multipart uploads are aborted (a week covers any Firehose retry window). */
export const DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
/** Default days before noncurrent versions expire (SC's 90-day noncurrent rule; prior-art.md §2.3). */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
/** Default days before access-log objects expire. */
export const DEFAULT_ACCESS_LOG_EXPIRATION_DAYS = 365;
/** Default key prefix of server access logs. */
export const DEFAULT_ACCESS_LOG_PREFIX = "access-logs/";

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
   * S3 server access logging: `true` creates a second hardened bucket (SSE-S3) for the logs; a string is the name of
   * an existing log bucket (whose policy must already admit `logging.s3.amazonaws.com` for this bucket).
   * @default false
   */
  readonly accessLogging?: boolean | string;
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
   * Let `terraform destroy` delete the bucket (and the log bucket) with objects in it. Off so that landed data is
   * never destroyed by a plan; turn on only for throwaway environments.
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
}

/**
 * The S3 landing zone of a pipeline: a bucket hardened beyond AWS Solutions Constructs' defaults (prior-art.md §2.3,
 * §8):
 * - SSE-KMS with a customer-managed key (own `PipelineKey` or `encryptionKeyArn`) and S3 Bucket Keys, which cut
 *   KMS requests (and cost) by reusing a bucket-level data key
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html);
 * - all four Block Public Access flags; `BucketOwnerEnforced` (ACLs disabled);
 * - a bucket policy denying non-TLS requests and TLS < 1.2 (`Principal: "*"` + `Deny` is the one wildcard principal
 *   this library writes; `addToResourcePolicy` rejects wildcard Allows);
 * - versioning, with abort-incomplete-multipart (7 d), noncurrent expiry (90 d), optional transitions/expiration,
 *   all validated at synth against the rules S3 enforces only at apply;
 * - `bucket_prefix` naming; `force_destroy` off; optional access logging to a hardened SSE-S3 log bucket.
 *
 * All input problems are reported in one `PipelineValidationError` before any resource is created.
 */
export class SecureBucket extends Construct implements ISecureBucket {
  /**
   * An existing bucket, for constructs that accept an `ISecureBucket`. Creates no resources; the ARN is built with
   * the stack's partition. Throws `PipelineValidationError` for an invalid name or key ARN (tokens are not checked).
   */
  public static fromBucketAttributes(scope: Construct, id: string, attrs: SecureBucketAttributes): ISecureBucket {
    return new ImportedSecureBucket(scope, id, attrs);
  }

  /** Every problem with `props` (empty when valid). Exposed so composite constructs can validate before creating. */
  public static validate(props: SecureBucketProps, prefix = ""): Problem[] {
    const p = (name: string) => `${prefix}${name}`;
    const problems: Problem[] = [...checkBucketPrefix(p("bucketPrefix"), props.bucketPrefix)];

    if (props.encryptionKeyArn !== undefined) {
      problems.push(...checkKmsKeyArn(p("encryptionKeyArn"), props.encryptionKeyArn));
      for (const name of ["keyAliasName", "keyDeletionWindowDays"] as const) {
        if (props[name] !== undefined) {
          problems.push({
            property: p(name),
            value: props[name],
            allowed: "unset when encryptionKeyArn is given (it configures the key this bucket would create)",
          });
        }
      }
    } else {
      // The key's own rules, reported under this construct's property names. An unset alias is replaced by a
      // known-valid stand-in here: the derived default (`defaultAliasName`) is valid by construction.
      const renamed: Record<string, string> = { aliasName: "keyAliasName", deletionWindowDays: "keyDeletionWindowDays" };
      problems.push(
        ...PipelineKey.validate({
          aliasName: props.keyAliasName ?? "alias/placeholder",
          deletionWindowDays: props.keyDeletionWindowDays,
        }).map((problem) => ({ ...problem, property: p(renamed[problem.property] ?? problem.property) })),
      );
    }

    problems.push(
      ...validateLifecycle(
        {
          abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays,
          noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
          transitions: props.transitions,
          expirationDays: props.expirationDays,
        },
        p,
      ),
    );

    const logging = props.accessLogging ?? false;
    if (typeof logging === "string") {
      problems.push(...checkBucketName(p("accessLogging"), logging));
    } else if (typeof logging !== "boolean") {
      problems.push({ property: p("accessLogging"), value: logging, allowed: "true, false or an existing bucket name" });
    }
    if (props.accessLogExpirationDays !== undefined && logging !== true) {
      problems.push({
        property: p("accessLogExpirationDays"),
        value: props.accessLogExpirationDays,
        allowed: "unset unless accessLogging is true (it configures the log bucket this bucket creates)",
      });
    } else {
      problems.push(...checkMinDays(p("accessLogExpirationDays"), props.accessLogExpirationDays, 1));
    }
    if (props.accessLogPrefix !== undefined) {
      if (logging === false) {
        problems.push({ property: p("accessLogPrefix"), value: props.accessLogPrefix, allowed: "unset unless accessLogging is on" });
      } else if (!isToken(props.accessLogPrefix) && (typeof props.accessLogPrefix !== "string" || props.accessLogPrefix.startsWith("/"))) {
        problems.push({
          property: p("accessLogPrefix"),
          value: props.accessLogPrefix,
          allowed: "an S3 key prefix not starting with '/' (e.g. \"access-logs/\")",
        });
      }
    }
    return problems;
  }

  /** The `aws_s3_bucket`. */
  public readonly bucket: S3Bucket;
  /** The customer-managed key this bucket created; undefined when `encryptionKeyArn` was given. */
  public readonly key?: PipelineKey;
  /** Bucket name (a token: Terraform generates it from `bucket_prefix`). */
  public readonly bucketName: string;
  /** Bucket ARN (from the provider, hence partition-aware). */
  public readonly bucketArn: string;
  /** ARN of the KMS key objects are encrypted with. */
  public readonly encryptionKeyArn: string;
  /** The `bucket_prefix` in use (given or derived). */
  public readonly bucketPrefix: string;
  /** All four Block Public Access flags on. */
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** `BucketOwnerEnforced`. */
  public readonly ownershipControls: S3BucketOwnershipControls;
  /** SSE-KMS with the key, Bucket Key enabled. */
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** Versioning `Enabled`. */
  public readonly versioning: S3BucketVersioningA;
  /** TLS-only bucket policy (plus statements added with `addToResourcePolicy`). */
  public readonly policy: S3BucketPolicy;
  /** Lifecycle rules. */
  public readonly lifecycle: S3BucketLifecycleConfiguration;
  /** The access-log bucket this bucket created (`accessLogging: true`). */
  public readonly logBucket?: AccessLogBucket;
  /** Name of the bucket receiving access logs (created or existing); undefined without logging. */
  public readonly accessLogBucketName?: string;
  /** The `aws_s3_bucket_logging` (with `accessLogging`). */
  public readonly logging?: S3BucketLoggingA;

  private readonly extraStatements: PolicyStatement[] = [];

  public constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    throwIfProblems(this.node.path, SecureBucket.validate(props));

    this.bucketPrefix = props.bucketPrefix ?? deriveBucketPrefix(id);
    const tags = props.tags ? { ...props.tags } : undefined;
    const forceDestroy = props.forceDestroy ?? false;
    const abortDays = props.abortIncompleteMultipartUploadDays ?? DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;

    if (props.encryptionKeyArn !== undefined) {
      this.encryptionKeyArn = props.encryptionKeyArn;
    } else {
      this.key = new PipelineKey(this, "Key", {
        // Default: a generated unique alias. A name derived from the construct path would collide when the same stack
        // is deployed twice to one account and region (e.g. two environments), and aliases are unique there.
        ...(props.keyAliasName !== undefined
          ? { aliasName: props.keyAliasName }
          : { aliasNamePrefix: `alias/secure-bucket/${this.bucketPrefix.replace(/[^a-zA-Z0-9/_-]+/g, "-")}` }),
        description: `SSE-KMS key of S3 bucket ${this.node.path}`,
        deletionWindowDays: props.keyDeletionWindowDays,
        tags,
      });
      this.encryptionKeyArn = this.key.keyArn;
    }

    this.bucket = new S3Bucket(this, "Bucket", { bucketPrefix: this.bucketPrefix, forceDestroy, tags });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const hardening = hardenBucket(
      this,
      this.bucket,
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.encryptionKeyArn },
        bucketKeyEnabled: true,
      },
      this.extraStatements,
    );
    this.publicAccessBlock = hardening.publicAccessBlock;
    this.ownershipControls = hardening.ownershipControls;
    this.encryption = hardening.encryption;
    this.versioning = hardening.versioning;
    this.policy = hardening.policy;

    this.lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: lifecycleRules({
        abortIncompleteMultipartUploadDays: abortDays,
        noncurrentVersionExpirationDays: noncurrentDays,
        transitions: props.transitions ?? [],
        expirationDays: props.expirationDays,
      }),
      // Noncurrent-version rules need versioning first (provider docs for aws_s3_bucket_lifecycle_configuration).
      dependsOn: [this.versioning],
    });

    const logging = props.accessLogging ?? false;
    if (logging !== false) {
      const targetPrefix = props.accessLogPrefix ?? DEFAULT_ACCESS_LOG_PREFIX;
      if (logging === true) {
        this.logBucket = new AccessLogBucket(this, "AccessLogs", {
          bucketPrefix: this.logBucketPrefix(),
          sourceBucketArns: [this.bucketArn],
          targetPrefix,
          expirationDays: props.accessLogExpirationDays ?? DEFAULT_ACCESS_LOG_EXPIRATION_DAYS,
          noncurrentVersionExpirationDays: noncurrentDays,
          abortIncompleteMultipartUploadDays: abortDays,
          forceDestroy,
          tags,
        });
        this.accessLogBucketName = this.logBucket.bucketName;
      } else {
        this.accessLogBucketName = logging;
      }
      this.logging = new S3BucketLoggingA(this, "Logging", {
        bucket: this.bucket.id,
        targetBucket: this.accessLogBucketName,
        targetPrefix,
        // Enable logging only once the log bucket admits delivery, so no early log object is refused.
        dependsOn: this.logBucket ? [this.logBucket.policy, this.logBucket.ownershipControls] : undefined,
      });
    }
  }

  /**
   * Adds a statement to the bucket policy (e.g. a cross-account reader). Allow statements with a wildcard principal
   * are refused: they would make the bucket public (and Block Public Access would reject the policy at apply).
   */
  public addToResourcePolicy(statement: PolicyStatement): void {
    if (allowsWildcardPrincipal(statement)) {
      throwIfProblems(this.node.path, [
        {
          property: "addToResourcePolicy(statement).Principal",
          value: statement.Principal,
          allowed: "a named principal; Allow with a wildcard principal would make the bucket public",
        },
      ]);
    }
    this.extraStatements.push(statement);
  }

  /** `<prefix>-logs-`, cut so the whole stays a valid `bucket_prefix`. */
  private logBucketPrefix(): string {
    const suffix = "-logs";
    const base = this.bucketPrefix.replace(/[-.]+$/, "").slice(0, NAME_RULES.s3BucketPrefix.maxLength - suffix.length - 1);
    return deriveBucketPrefix(`${base}${suffix}`);
  }
}

class ImportedSecureBucket extends Construct implements ISecureBucket {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly encryptionKeyArn?: string;

  public constructor(scope: Construct, id: string, attrs: SecureBucketAttributes) {
    super(scope, id);
    throwIfProblems(this.node.path, [
      ...(typeof attrs.bucketName === "string"
        ? checkBucketName("bucketName", attrs.bucketName)
        : [{ property: "bucketName", value: attrs.bucketName, allowed: "a bucket name" }]),
      ...(attrs.encryptionKeyArn !== undefined ? checkKmsKeyArn("encryptionKeyArn", attrs.encryptionKeyArn) : []),
    ]);
    this.bucketName = attrs.bucketName;
    // S3 ARNs have no region or account: arn:<partition>:s3:::<name>.
    this.bucketArn = AwsEnvironment.of(this).arn("s3", attrs.bucketName, { region: "", account: "" });
    this.encryptionKeyArn = attrs.encryptionKeyArn;
  }
}
