/**
 * The hardening every bucket of this library gets (the landing bucket and its access-log bucket alike), built from
 * provider 5.x's split S3 resources. Matches AWS Solutions Constructs' bucket defaults (BPA BLOCK_ALL, TLS-only
 * policy, versioning: awslabs/aws-solutions-constructs@33c062f,
 * `source/patterns/@aws-solutions-constructs/core/lib/s3-bucket-defaults.ts`) and adds an `s3:TlsVersion` < 1.2
 * deny, ACLs disabled (BucketOwnerEnforced) and explicit Terraform ordering.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import {
  S3BucketServerSideEncryptionConfigurationA,
  type S3BucketServerSideEncryptionConfigurationRuleA,
} from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy } from "cdktf";
import type { Construct } from "constructs";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";

/** Oldest TLS version a request may use (AWS's recommended floor for `s3:TlsVersion`). */
export const MINIMUM_TLS_VERSION = "1.2";

/**
 * The two statements that make a bucket TLS-only: deny any request without TLS (`aws:SecureTransport` false), and
 * any request over TLS older than 1.2 (`s3:TlsVersion`), on the bucket and on every object.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit ;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version
 *
 * `Principal: "*"` with `Effect: "Deny"` is the ONE wildcard principal this library writes: a deny must cover every
 * caller, including ones a narrower principal would miss (anonymous, other accounts, services). It grants nothing.
 */
export function tlsOnlyStatements(bucketArn: string): PolicyStatement[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyOutdatedTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { NumericLessThan: { "s3:TlsVersion": MINIMUM_TLS_VERSION } },
    },
  ];
}

/** The configuration resources `hardenBucket` creates. */
export interface BucketHardening {
  /** All four Block Public Access flags on. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** `BucketOwnerEnforced`: ACLs disabled, the bucket owner owns every object. */
  readonly ownershipControls: S3BucketOwnershipControls;
  /** Default encryption. */
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  /** Versioning `Enabled`. */
  readonly versioning: S3BucketVersioningA;
  /** The bucket policy: the TLS-only denies plus `statements` (read lazily, so callers may add more until synth). */
  readonly policy: S3BucketPolicy;
}

/**
 * Creates the hardening resources of `bucket` as children of `scope` with fixed ids (`PublicAccessBlock`,
 * `OwnershipControls`, `Encryption`, `Versioning`, `Policy`): callers give each bucket its own scope, so several
 * buckets per stack never collide.
 *
 * Ordering (`dependsOn`, which emits Terraform `depends_on`; `node.addDependency` would not): the policy waits for
 * Block Public Access and ownership controls, so S3 never sees concurrent bucket-configuration writes (it answers
 * those with `OperationAborted`) and the bucket is locked down before any grant exists.
 */
export function hardenBucket(
  scope: Construct,
  bucket: S3Bucket,
  encryptionRule: S3BucketServerSideEncryptionConfigurationRuleA,
  statements: readonly PolicyStatement[],
): BucketHardening {
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const ownershipControls = new S3BucketOwnershipControls(scope, "OwnershipControls", {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
    bucket: bucket.id,
    rule: [encryptionRule],
  });
  const versioning = new S3BucketVersioningA(scope, "Versioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
  });
  const policy = new S3BucketPolicy(scope, "Policy", {
    bucket: bucket.id,
    policy: Lazy.stringValue({ produce: () => policyDocument([...tlsOnlyStatements(bucket.arn), ...statements]) }),
    dependsOn: [publicAccessBlock, ownershipControls],
  });
  return { publicAccessBlock, ownershipControls, encryption, versioning, policy };
}
