import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import type { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import type { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { AwsEnvironment } from "../aws-environment";
import { removalLifecycle, type RemovalPolicy } from "../removal-policy";
import { hardenBucket } from "./hardening";
import { lifecycleRules } from "./lifecycle";
import type { PolicyStatement } from "../iam/policy-document";

/** Properties of an `AccessLogBucket`. Validated by its owner (`SecureBucket`), which names the user's properties. */
export interface AccessLogBucketProps {
  /** `bucket_prefix` of the log bucket (Terraform appends a unique suffix). */
  readonly bucketPrefix: string;
  /** ARNs of the buckets allowed to deliver server access logs here (`aws:SourceArn`). */
  readonly sourceBucketArns: readonly string[];
  /** Key prefix S3 writes the logs under; delivery is allowed under this prefix only. */
  readonly targetPrefix: string;
  /** Days after which log objects expire. */
  readonly expirationDays: number;
  /** Days after which noncurrent log versions expire. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after which incomplete multipart uploads are aborted. */
  readonly abortIncompleteMultipartUploadDays: number;
  /** Let `terraform destroy` delete a non-empty bucket. */
  readonly forceDestroy: boolean;
  /** Whether Terraform may delete the bucket (its owner's `removalPolicy`). */
  readonly removalPolicy?: RemovalPolicy;
  /** Tags for the bucket. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A hardened bucket that receives S3 server access logs.
 *
 * Encrypted with SSE-S3 (AES256), not SSE-KMS: S3 documents default SSE-KMS as unsupported for server access log
 * destination buckets ("You can use default bucket encryption on the destination bucket only if you use SSE-S3",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshooting-server-access-logging.html).
 *
 * Delivery is granted by bucket policy to `logging.s3.amazonaws.com` (ACLs are disabled by BucketOwnerEnforced, so
 * the legacy Log Delivery group grant cannot work), for `s3:PutObject` under the target prefix only, and only on
 * behalf of the named source buckets of this account (`aws:SourceArn`, `aws:SourceAccount`: the confused-deputy
 * guard AWS recommends). Logs expire (365 days by default), unlike the log bucket of AWS Solutions Constructs, which
 * has no lifecycle rule (awslabs/aws-solutions-constructs@33c062f, `source/patterns/@aws-solutions-constructs/core/lib/s3-bucket-helper.ts`).
 * No server access logging on this bucket itself: S3 advises against logging a log bucket.
 */
export class AccessLogBucket extends Construct {
  /** The `aws_s3_bucket`. */
  public readonly bucket: S3Bucket;
  /** Bucket name (a token: generated from `bucket_prefix`). */
  public readonly bucketName: string;
  /** Bucket ARN. */
  public readonly bucketArn: string;
  /** Key prefix logs are written under. */
  public readonly targetPrefix: string;
  /** The buckets whose logs its policy admits (`aws:SourceArn`). */
  public readonly sourceBucketArns: readonly string[];
  /** All four Block Public Access flags on. */
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** `BucketOwnerEnforced`. */
  public readonly ownershipControls: S3BucketOwnershipControls;
  /** SSE-S3 default encryption. */
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** Versioning `Enabled`. */
  public readonly versioning: S3BucketVersioningA;
  /** TLS-only denies plus the log-delivery grant. */
  public readonly policy: S3BucketPolicy;
  /** Expiration, noncurrent-version expiry and abort-incomplete-multipart rules. */
  public readonly lifecycle: S3BucketLifecycleConfiguration;

  public constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    this.targetPrefix = props.targetPrefix;
    this.sourceBucketArns = [...props.sourceBucketArns];

    this.bucket = new S3Bucket(this, "Bucket", {
      bucketPrefix: props.bucketPrefix,
      forceDestroy: props.forceDestroy,
      tags: props.tags ? { ...props.tags } : undefined,
      lifecycle: removalLifecycle(props.removalPolicy),
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const delivery: PolicyStatement = {
      Sid: "AllowServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${this.bucketArn}/${props.targetPrefix}*`,
      Condition: {
        ArnLike: { "aws:SourceArn": [...props.sourceBucketArns] },
        StringEquals: { "aws:SourceAccount": env.accountId },
      },
    };
    const hardening = hardenBucket(this, this.bucket, { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }, [
      delivery,
    ]);
    this.publicAccessBlock = hardening.publicAccessBlock;
    this.ownershipControls = hardening.ownershipControls;
    this.encryption = hardening.encryption;
    this.versioning = hardening.versioning;
    this.policy = hardening.policy;

    this.lifecycle = new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: this.bucket.id,
      rule: lifecycleRules({
        abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays,
        noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
        transitions: [],
        expirationDays: props.expirationDays,
      }),
      // Noncurrent-version rules mean nothing until versioning is on; the provider docs ask for this ordering.
      dependsOn: [this.versioning],
    });
  }
}
