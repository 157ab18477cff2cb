/**
 * SecureBucket against real Terraform (offline, provider 5.100.0 from the local mirror): one stack holding every
 * option combination, validated and planned once. Catches what synth cannot: unknown arguments, enum/range errors in
 * the provider schema, and plan-time CustomizeDiff rules of the split S3 resources.
 */
import { SecureBucket } from "../constructs/secure-bucket";
import { testStack } from "./helpers/test-stack";
import { terraformPlan, terraformValidate } from "./terraform/harness";

describe("SecureBucket with terraform", () => {
  const { stack } = testStack("secure-bucket-terraform");
  new SecureBucket(stack, "defaults");
  new SecureBucket(stack, "full", {
    bucketPrefix: "pipeline-landing-",
    transitions: [
      { afterDays: 30, storageClass: "STANDARD_IA" },
      { afterDays: 90, storageClass: "GLACIER_IR" },
      { afterDays: 180, storageClass: "DEEP_ARCHIVE" },
    ],
    expirationDays: 400,
    noncurrentVersionExpirationDays: 30,
    abortIncompleteMultipartUploadDays: 3,
    accessLogging: true,
    accessLogExpirationDays: 180,
    keyDeletionWindowDays: 7,
    tags: { team: "data", "cost-center": "42" },
  });
  new SecureBucket(stack, "existing-key", {
    encryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    accessLogging: "existing-central-access-logs",
    accessLogPrefix: "landing/",
    forceDestroy: true,
  });

  it("passes terraform validate without warnings (e.g. no lifecycle rule lacking a filter)", () => {
    expect(terraformValidate(stack).warnings).toEqual([]);
  });

  it("plans offline: every bucket and its configuration resources are created", () => {
    const plan = terraformPlan(stack);
    // defaults: 1 bucket; full: bucket + log bucket; existing-key: 1 bucket.
    expect(plan.byType("aws_s3_bucket")).toHaveLength(4);
    expect(plan.byType("aws_kms_key")).toHaveLength(2);
    for (const type of [
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_lifecycle_configuration",
    ]) {
      expect(plan.byType(type)).toHaveLength(4);
    }
    expect(plan.byType("aws_s3_bucket_logging")).toHaveLength(2);
    expect(plan.resourceChanges.every((c) => c.actions.join() === "create")).toBe(true);
    expect(plan.counts.remove).toBe(0);
    expect(plan.warnings).toEqual([]);
  });
});
