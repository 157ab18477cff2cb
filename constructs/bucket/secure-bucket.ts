import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import type { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import type { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import type { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { NAME_RULES } from "stream-simulator";
import { AwsEnvironment, knownRegion } from "../aws-environment";
import type { PolicyStatement } from "../iam/policy-document";
import type { ISecureBucket } from "../interfaces";
import { PipelineKey } from "../kms/pipeline-key";
import {
  SECURE_BUCKET_ATTRIBUTES_SHAPE,
  secureBucketPropsShape,
  validateResourcePolicyStatement,
  validateSecureBucketAttributes,
  validateSecureBucketProps,
} from "../validation/bucket";
import { checkPropsShape, withShapeProblems } from "../validation/props-shape";
import { type Problem, throwIfProblems } from "../validation/problems";
import { AccessLogBucket } from "./access-log-bucket";
import { hardenBucket } from "./hardening";
import { lifecycleRules } from "./lifecycle";
import { deriveBucketPrefix } from "./names";
import { removalLifecycle } from "../removal-policy";
import type { SecureBucketAttributes, SecureBucketProps } from "./props";

/** Default days before incomplete multipart uploads are aborted (a week covers any Firehose retry window). */
export const DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
/**
 * Default days before noncurrent versions expire: the 90 days of AWS Solutions Constructs' noncurrent-version rule
 * (awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/core/lib/s3-bucket-defaults.ts`).
 */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
/** Default days before access-log objects expire. */
export const DEFAULT_ACCESS_LOG_EXPIRATION_DAYS = 365;
/** Default key prefix of server access logs. */
export const DEFAULT_ACCESS_LOG_PREFIX = "access-logs/";

/**
 * The S3 landing zone of a pipeline: a bucket hardened beyond AWS Solutions Constructs' defaults
 * (awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/core/lib/s3-bucket-defaults.ts`):
 * - SSE-KMS with a customer-managed key (own `PipelineKey` or `encryptionKeyArn`) and S3 Bucket Keys, which cut
 *   KMS requests (and cost) by reusing a bucket-level data key
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html);
 * - all four Block Public Access flags; `BucketOwnerEnforced` (ACLs disabled);
 * - a bucket policy denying non-TLS requests and TLS < 1.2 (`Principal: "*"` + `Deny` is the one wildcard principal
 *   this library writes; `addToResourcePolicy` rejects wildcard Allows);
 * - versioning, with abort-incomplete-multipart (7 d), noncurrent expiry (90 d), optional transitions/expiration,
 *   all validated at synth against the rules S3 enforces only at apply;
 * - `bucket_prefix` naming; `force_destroy` off; server access logging, by default to a hardened SSE-S3 log bucket
 *   of its own (as AWS Solutions Constructs do; `accessLogging: false` turns it off).
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

  /** Every problem with `props` (empty when valid): `validateSecureBucketProps`, each property under `prefix`. */
  public static validate(props: SecureBucketProps, prefix = ""): Problem[] {
    return validateSecureBucketProps(props).map((p) => ({ ...p, property: `${prefix}${p.property}` }));
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
  /** The `aws_s3_bucket_logging`; undefined with `accessLogging: false`. */
  public readonly logging?: S3BucketLoggingA;
  /** The region of the stack, when known at synth. */
  public readonly region?: string;

  private readonly extraStatements: PolicyStatement[] = [];

  public constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    // JavaScript callers: a wrongly typed prop is a problem, an unknown one a warning (never a TypeError).
    const shape = secureBucketPropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    throwIfProblems(this.node.path, withShapeProblems(shape, validateSecureBucketProps(props, { region: knownRegion(this) })));
    for (const warning of shape.warnings) Annotations.of(this).addWarning(warning);

    this.bucketPrefix = props.bucketPrefix ?? deriveBucketPrefix(id);
    this.region = knownRegion(this);
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
        removalPolicy: props.removalPolicy,
        tags,
      });
      this.encryptionKeyArn = this.key.keyArn;
    }

    this.bucket = new S3Bucket(this, "Bucket", {
      bucketPrefix: this.bucketPrefix,
      forceDestroy,
      tags,
      lifecycle: removalLifecycle(props.removalPolicy),
    });
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

    const logging = props.accessLogging ?? true;
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
          removalPolicy: props.removalPolicy,
          tags,
        });
        this.accessLogBucketName = this.logBucket.bucketName;
      } else {
        this.accessLogBucketName = typeof logging === "string" ? logging : logging.bucketName;
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
    throwIfProblems(this.node.path, validateResourcePolicyStatement(statement));
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
  public readonly region?: string;

  public constructor(scope: Construct, id: string, attrs: SecureBucketAttributes) {
    super(scope, id);
    const shape = checkPropsShape(attrs, SECURE_BUCKET_ATTRIBUTES_SHAPE, "SecureBucketAttributes");
    attrs = shape.props;
    throwIfProblems(this.node.path, withShapeProblems(shape, validateSecureBucketAttributes(attrs)));
    for (const warning of shape.warnings) Annotations.of(this).addWarning(warning);
    this.bucketName = attrs.bucketName;
    // S3 ARNs have no region or account: arn:<partition>:s3:::<name>.
    this.bucketArn = AwsEnvironment.of(this).arn("s3", attrs.bucketName, { region: "", account: "" });
    this.encryptionKeyArn = attrs.encryptionKeyArn;
    this.region = attrs.region;
  }
}
