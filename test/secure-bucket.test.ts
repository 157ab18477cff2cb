import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { AccessLogBucket } from "../constructs/bucket/access-log-bucket";
import type { SecureBucketProps } from "../constructs/bucket/props";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { RemovalPolicy } from "../constructs/removal-policy";
import { PipelineValidationError } from "../constructs/validation/problems";
import { validationFailure } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";
import { decodeJsonDocument } from "../testing/terraform/expressions";

const EXISTING_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The one resource of `type` whose logical id is `<scopePrefix>_<ChildId>_<hash>` (a direct child of that scope). */
function one(json: any, type: string, scopePrefix: string): any {
  const pattern = new RegExp(`^${scopePrefix}_[A-Za-z]+_[0-9A-F]{8}$`);
  const matches = Object.entries(resourcesOfType(json, type)).filter(([id]) => pattern.test(id));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0][1];
}

/** Logical id of the one resource of `type` directly under `scopePrefix`. */
function logicalId(json: any, type: string, scopePrefix: string): string {
  const pattern = new RegExp(`^${scopePrefix}_[A-Za-z]+_[0-9A-F]{8}$`);
  const ids = Object.keys(resourcesOfType(json, type)).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function build(props?: SecureBucketProps, id = "landing") {
  const { stack } = testStack();
  const bucket = new SecureBucket(stack, id, props);
  return { stack, bucket, json: synthJson(stack) };
}

function statements(policyResource: any): any[] {
  const doc = decodeJsonDocument(policyResource.policy);
  expect(doc.Version).toBe("2012-10-17");
  return doc.Statement;
}

/** Asserts the two TLS denies on `<arn>` and `<arn>/*`. */
function expectTlsOnly(stmts: any[], bucketArnRef: string): void {
  const resources = [bucketArnRef, `${bucketArnRef}/*`];
  const insecure = stmts.find((s) => s.Condition?.Bool?.["aws:SecureTransport"] !== undefined);
  expect(insecure).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources });
  expect(insecure.Condition.Bool["aws:SecureTransport"]).toBe("false");
  const oldTls = stmts.find((s) => s.Condition?.NumericLessThan?.["s3:TlsVersion"] !== undefined);
  expect(oldTls).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources });
  expect(oldTls.Condition.NumericLessThan["s3:TlsVersion"]).toBe("1.2");
  // "*" + Deny is the only acceptable wildcard principal: nothing here allows everyone.
  for (const s of stmts) {
    if (s.Principal === "*" || s.Principal?.AWS === "*") expect(s.Effect).toBe("Deny");
  }
}

describe("SecureBucket", () => {
  describe("shape", () => {
    it("default", () => {
      const { stack } = testStack();
      new SecureBucket(stack, "landing");
      expect(Testing.synth(stack)).toMatchSnapshot();
    });

    it("with access logging, transitions and an existing key", () => {
      const { stack } = testStack();
      new SecureBucket(stack, "landing", {
        encryptionKeyArn: EXISTING_KEY_ARN,
        accessLogging: true,
        transitions: [
          { afterDays: 30, storageClass: "STANDARD_IA" },
          { afterDays: 90, storageClass: "GLACIER" },
        ],
        expirationDays: 365,
        tags: { team: "data" },
      });
      expect(Testing.synth(stack)).toMatchSnapshot();
    });
  });

  describe("encryption", () => {
    it("uses SSE-KMS with its own customer-managed key and S3 Bucket Keys", () => {
      const { bucket, json } = build();
      const keyId = logicalId(json, "aws_kms_key", "landing");
      const sse = one(json, "aws_s3_bucket_server_side_encryption_configuration", "landing");
      expect(sse.rule).toEqual([
        {
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` },
          bucket_key_enabled: true,
        },
      ]);
      expect(sse.bucket).toBe(`\${aws_s3_bucket.${logicalId(json, "aws_s3_bucket", "landing")}.id}`);
      expect(bucket.key).toBeDefined();
      expect(bucket.encryptionKeyArn).toBe(bucket.key!.keyArn);
    });

    it("creates the key with rotation on and a generated unique alias under alias/secure-bucket/<bucketPrefix>", () => {
      const { bucket, json } = build();
      const key = one(json, "aws_kms_key", "landing");
      expect(key.enable_key_rotation).toBe(true);
      expect(key.deletion_window_in_days).toBe(30);
      const alias = one(json, "aws_kms_alias", "landing_Key");
      // name_prefix: Terraform appends a unique suffix, so the same stack deployed twice to one account and region
      // (two environments) cannot collide on the alias, which is unique per account and region.
      expect(alias.name_prefix).toBe("alias/secure-bucket/landing-");
      expect(alias.name).toBeUndefined();
      expect(bucket.key!.aliasName).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    });

    it("takes an explicit alias and deletion window for its key", () => {
      const { json } = build({ keyAliasName: "alias/landing/orders", keyDeletionWindowDays: 7 });
      expect(one(json, "aws_kms_alias", "landing_Key").name).toBe("alias/landing/orders");
      expect(one(json, "aws_kms_key", "landing").deletion_window_in_days).toBe(7);
    });

    it("uses an existing key by ARN and creates none", () => {
      const { bucket, json } = build({ encryptionKeyArn: EXISTING_KEY_ARN });
      expect(resourcesOfType(json, "aws_kms_key")).toEqual({});
      expect(resourcesOfType(json, "aws_kms_alias")).toEqual({});
      const sse = one(json, "aws_s3_bucket_server_side_encryption_configuration", "landing");
      expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(EXISTING_KEY_ARN);
      expect(sse.rule[0].bucket_key_enabled).toBe(true);
      expect(bucket.key).toBeUndefined();
      expect(bucket.encryptionKeyArn).toBe(EXISTING_KEY_ARN);
    });

    it("accepts a key ARN that is a token (a key created elsewhere in the stack)", () => {
      const { stack } = testStack();
      const other = new KmsKey(stack, "other", { enableKeyRotation: true });
      new SecureBucket(stack, "landing", { encryptionKeyArn: other.arn });
      const sse = one(synthJson(stack), "aws_s3_bucket_server_side_encryption_configuration", "landing");
      expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.other\.arn\}$/);
    });
  });

  describe("access control", () => {
    it("turns on all four Block Public Access flags", () => {
      const bpa = one(build().json, "aws_s3_bucket_public_access_block", "landing");
      expect(bpa).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it("disables ACLs with BucketOwnerEnforced ownership", () => {
      const ownership = one(build().json, "aws_s3_bucket_ownership_controls", "landing");
      expect(ownership.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("denies non-TLS and TLS < 1.2 requests on the bucket and every object, and allows nothing", () => {
      const { json } = build();
      const bucketId = logicalId(json, "aws_s3_bucket", "landing");
      const stmts = statements(one(json, "aws_s3_bucket_policy", "landing"));
      expect(stmts).toHaveLength(2);
      expectTlsOnly(stmts, `\${aws_s3_bucket.${bucketId}.arn}`);
      expect(stmts.filter((s) => s.Effect === "Allow")).toEqual([]);
    });

    it("writes the policy only after Block Public Access and ownership controls (terraform depends_on)", () => {
      const { json } = build();
      const policy = one(json, "aws_s3_bucket_policy", "landing");
      expect(policy.depends_on).toEqual([
        `aws_s3_bucket_public_access_block.${logicalId(json, "aws_s3_bucket_public_access_block", "landing")}`,
        `aws_s3_bucket_ownership_controls.${logicalId(json, "aws_s3_bucket_ownership_controls", "landing")}`,
      ]);
    });

    it("adds named-principal statements to the bucket policy after the TLS denies", () => {
      const { stack } = testStack();
      const bucket = new SecureBucket(stack, "landing");
      bucket.addToResourcePolicy({
        Sid: "CrossAccountRead",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::210987654321:root" },
        Action: "s3:GetObject",
        Resource: `${bucket.bucketArn}/*`,
      });
      const stmts = statements(one(synthJson(stack), "aws_s3_bucket_policy", "landing"));
      expect(stmts.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "CrossAccountRead"]);
    });

    it.each([["*"], [{ AWS: "*" }], [{ AWS: ["arn:aws:iam::210987654321:root", "*"] }]])(
      "fails when addToResourcePolicy would allow the wildcard principal %j",
      (principal) => {
        const { stack } = testStack();
        const bucket = new SecureBucket(stack, "landing");
        expect(() =>
          bucket.addToResourcePolicy({ Effect: "Allow", Principal: principal as any, Action: "s3:GetObject", Resource: "*" }),
        ).toThrow(PipelineValidationError);
        expect(() =>
          bucket.addToResourcePolicy({ Effect: "Allow", Principal: principal as any, Action: "s3:GetObject", Resource: "*" }),
        ).toThrow(/addToResourcePolicy\(statement\)\.Principal/);
      },
    );
  });

  describe("data protection", () => {
    it("enables versioning", () => {
      expect(one(build().json, "aws_s3_bucket_versioning", "landing").versioning_configuration).toEqual({ status: "Enabled" });
    });

    it("names the bucket by bucket_prefix derived from the construct id, and never force-destroys by default", () => {
      const { bucket, json } = build(undefined, "Orders_Landing Zone");
      const s3 = one(json, "aws_s3_bucket", "Orders_LandingZone");
      expect(s3.bucket_prefix).toBe("orders-landing-zone-");
      expect(s3.bucket).toBeUndefined();
      expect(s3.force_destroy).toBe(false);
      expect(bucket.bucketPrefix).toBe("orders-landing-zone-");
    });

    it("uses an explicit bucketPrefix as given", () => {
      expect(one(build({ bucketPrefix: "acme.landing-" }).json, "aws_s3_bucket", "landing").bucket_prefix).toBe("acme.landing-");
    });

    it("force-destroys only when asked, and then both buckets", () => {
      const { json } = build({ forceDestroy: true, removalPolicy: RemovalPolicy.DESTROY, accessLogging: true });
      expect(one(json, "aws_s3_bucket", "landing").force_destroy).toBe(true);
      expect(one(json, "aws_s3_bucket", "landing_AccessLogs").force_destroy).toBe(true);
    });

    it("exposes the bucket name and ARN as references to the bucket", () => {
      const { stack } = testStack();
      const bucket = new SecureBucket(stack, "landing");
      new TerraformOutput(stack, "name", { value: bucket.bucketName });
      new TerraformOutput(stack, "arn", { value: bucket.bucketArn });
      const json = synthJson(stack);
      const bucketId = logicalId(json, "aws_s3_bucket", "landing");
      expect(json.output.name.value).toBe(`\${aws_s3_bucket.${bucketId}.bucket}`);
      expect(json.output.arn.value).toBe(`\${aws_s3_bucket.${bucketId}.arn}`);
    });
  });

  describe("lifecycle", () => {
    it("aborts incomplete multipart uploads after 7 days and expires noncurrent versions after 90 by default", () => {
      const { json } = build();
      const lifecycle = one(json, "aws_s3_bucket_lifecycle_configuration", "landing");
      const byId = Object.fromEntries(lifecycle.rule.map((r: any) => [r.id, r]));
      expect(Object.keys(byId)).toEqual(["abort-incomplete-multipart-uploads", "noncurrent-versions"]);
      expect(byId["abort-incomplete-multipart-uploads"]).toMatchObject({
        status: "Enabled",
        filter: [{}],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
      expect(byId["noncurrent-versions"]).toMatchObject({
        status: "Enabled",
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        expiration: [{ expired_object_delete_marker: true }],
      });
    });

    it("applies after versioning (terraform depends_on)", () => {
      const { json } = build();
      expect(one(json, "aws_s3_bucket_lifecycle_configuration", "landing").depends_on).toEqual([
        `aws_s3_bucket_versioning.${logicalId(json, "aws_s3_bucket_versioning", "landing")}`,
      ]);
    });

    it("adds transitions and expiration of current versions, with configurable day counts", () => {
      const { json } = build({
        transitions: [
          { afterDays: 30, storageClass: "STANDARD_IA" },
          { afterDays: 60, storageClass: "GLACIER_IR" },
          { afterDays: 180, storageClass: "DEEP_ARCHIVE" },
        ],
        expirationDays: 730,
        noncurrentVersionExpirationDays: 14,
        abortIncompleteMultipartUploadDays: 2,
      });
      const rules = one(json, "aws_s3_bucket_lifecycle_configuration", "landing").rule;
      const byId = Object.fromEntries(rules.map((r: any) => [r.id, r]));
      expect(byId["current-versions"]).toEqual({
        id: "current-versions",
        status: "Enabled",
        filter: [{}],
        transition: [
          { days: 30, storage_class: "STANDARD_IA" },
          { days: 60, storage_class: "GLACIER_IR" },
          { days: 180, storage_class: "DEEP_ARCHIVE" },
        ],
        expiration: [{ days: 730 }],
      });
      expect(byId["noncurrent-versions"].noncurrent_version_expiration).toEqual([{ noncurrent_days: 14 }]);
      expect(byId["abort-incomplete-multipart-uploads"].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
    });

    it("expires current versions without transitions", () => {
      const rules = one(build({ expirationDays: 30 }).json, "aws_s3_bucket_lifecycle_configuration", "landing").rule;
      const current = rules.find((r: any) => r.id === "current-versions");
      expect(current.expiration).toEqual([{ days: 30 }]);
      expect(current.transition).toBeUndefined();
    });
  });

  describe("access logging", () => {
    it("is on by default, to a log bucket of its own (as with accessLogging: true)", () => {
      const byDefault = build();
      const explicit = build({ accessLogging: true });
      expect(byDefault.json).toEqual(explicit.json);
      expect(Object.keys(resourcesOfType(byDefault.json, "aws_s3_bucket"))).toHaveLength(2);
      expect(byDefault.bucket.logBucket).toBeDefined();
      expect(byDefault.bucket.logging).toBeDefined();
    });

    it("is off with accessLogging: false: no log bucket, no logging configuration", () => {
      const { bucket, json } = build({ accessLogging: false });
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket"))).toHaveLength(1);
      expect(resourcesOfType(json, "aws_s3_bucket_logging")).toEqual({});
      expect(bucket.logBucket).toBeUndefined();
      expect(bucket.logging).toBeUndefined();
      expect(bucket.accessLogBucketName).toBeUndefined();
    });

    describe("to a created log bucket", () => {
      const { bucket, json } = build({ accessLogging: true, tags: { team: "data" } });
      const log = "landing_AccessLogs";
      const mainBucketId = logicalId(json, "aws_s3_bucket", "landing");
      const logBucketId = logicalId(json, "aws_s3_bucket", log);

      it("creates a second bucket named after the first", () => {
        expect(bucket.logBucket).toBeInstanceOf(AccessLogBucket);
        expect(one(json, "aws_s3_bucket", log)).toMatchObject({ bucket_prefix: "landing-logs-", force_destroy: false });
      });

      it("encrypts logs with SSE-S3, since S3 cannot deliver access logs to SSE-KMS default-encrypted buckets", () => {
        expect(one(json, "aws_s3_bucket_server_side_encryption_configuration", log).rule).toEqual([
          { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
        ]);
      });

      it("hardens the log bucket: BPA, BucketOwnerEnforced, versioning, TLS-only", () => {
        expect(one(json, "aws_s3_bucket_public_access_block", log)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        expect(one(json, "aws_s3_bucket_ownership_controls", log).rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
        expect(one(json, "aws_s3_bucket_versioning", log).versioning_configuration).toEqual({ status: "Enabled" });
        expectTlsOnly(statements(one(json, "aws_s3_bucket_policy", log)), `\${aws_s3_bucket.${logBucketId}.arn}`);
      });

      it("lets only S3 log delivery for this bucket and account write, under the log prefix only", () => {
        const stmts = statements(one(json, "aws_s3_bucket_policy", log));
        const allows = stmts.filter((s) => s.Effect === "Allow");
        expect(allows).toEqual([
          {
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `\${aws_s3_bucket.${logBucketId}.arn}/access-logs/*`,
            Condition: {
              ArnLike: { "aws:SourceArn": [`\${aws_s3_bucket.${mainBucketId}.arn}`] },
              StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
            },
          },
        ]);
      });

      it("expires logs after 365 days and cleans up versions and uploads", () => {
        const rules = one(json, "aws_s3_bucket_lifecycle_configuration", log).rule;
        const byId = Object.fromEntries(rules.map((r: any) => [r.id, r]));
        expect(byId["current-versions"].expiration).toEqual([{ days: 365 }]);
        expect(byId["noncurrent-versions"].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
        expect(byId["abort-incomplete-multipart-uploads"].abort_incomplete_multipart_upload).toEqual([
          { days_after_initiation: 7 },
        ]);
      });

      it("turns logging on for the landing bucket only once delivery is allowed", () => {
        const logging = Object.values(resourcesOfType(json, "aws_s3_bucket_logging")) as any[];
        expect(logging).toHaveLength(1); // the log bucket does not log itself
        expect(logging[0]).toMatchObject({
          bucket: `\${aws_s3_bucket.${mainBucketId}.id}`,
          target_bucket: `\${aws_s3_bucket.${logBucketId}.bucket}`,
          target_prefix: "access-logs/",
        });
        expect(logging[0].depends_on).toContain(`aws_s3_bucket_policy.${logicalId(json, "aws_s3_bucket_policy", log)}`);
      });

      it("tags both buckets and the key", () => {
        expect(one(json, "aws_s3_bucket", "landing").tags).toEqual({ team: "data" });
        expect(one(json, "aws_s3_bucket", log).tags).toEqual({ team: "data" });
        expect(one(json, "aws_kms_key", "landing").tags).toEqual({ team: "data" });
      });
    });

    it("takes a log expiration and prefix", () => {
      const { json } = build({ accessLogging: true, accessLogExpirationDays: 30, accessLogPrefix: "s3/landing/" });
      const rules = one(json, "aws_s3_bucket_lifecycle_configuration", "landing_AccessLogs").rule;
      expect(rules.find((r: any) => r.id === "current-versions").expiration).toEqual([{ days: 30 }]);
      expect(statements(one(json, "aws_s3_bucket_policy", "landing_AccessLogs"))[2].Resource).toMatch(/\/s3\/landing\/\*$/);
      expect(one(json, "aws_s3_bucket_logging", "landing").target_prefix).toBe("s3/landing/");
    });

    it("delivers to an existing log bucket by name without creating one", () => {
      const { bucket, json } = build({ accessLogging: "central-access-logs", accessLogPrefix: "landing/" });
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket"))).toHaveLength(1);
      expect(one(json, "aws_s3_bucket_logging", "landing")).toMatchObject({
        target_bucket: "central-access-logs",
        target_prefix: "landing/",
      });
      expect(bucket.logBucket).toBeUndefined();
      expect(bucket.accessLogBucketName).toBe("central-access-logs");
    });

    it("delivers to an existing log bucket given as a bucket object (SSE-S3, in the stack's region)", () => {
      const { stack } = testStack();
      const central = SecureBucket.fromBucketAttributes(stack, "central", { bucketName: "central-access-logs", region: TEST_REGION });
      const bucket = new SecureBucket(stack, "landing", { accessLogging: central });
      const json = synthJson(stack);
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket"))).toHaveLength(1);
      expect(one(json, "aws_s3_bucket_logging", "landing").target_bucket).toBe("central-access-logs");
      expect(bucket.accessLogBucketName).toBe("central-access-logs");
      expect(bucket.region).toBe(TEST_REGION);
    });

    it("fails when the log bucket object is encrypted with SSE-KMS (S3 delivers no access logs there)", () => {
      const { stack } = testStack();
      const kms = new SecureBucket(stack, "kms-encrypted", { accessLogging: false });
      const error = validationFailure(() => new SecureBucket(stack, "landing", { accessLogging: kms }));
      expect(error.constructPath).toBe("test/landing");
      expect(error.problems).toEqual([
        { property: "accessLogging", value: expect.objectContaining({ encryptionKeyArn: kms.encryptionKeyArn }), allowed: expect.stringMatching(/^a log bucket encrypted with SSE-S3: S3 delivers no server access logs to a bucket whose default encryption is SSE-KMS/) },
      ]);
    });

    it("fails when the log bucket is another SecureBucket's created log bucket (its policy admits that bucket only)", () => {
      const { stack } = testStack();
      const first = new SecureBucket(stack, "first");
      const error = validationFailure(() => new SecureBucket(stack, "landing", { accessLogging: first.logBucket! }));
      expect(error.problems).toEqual([
        { property: "accessLogging", value: expect.objectContaining({ encryptionKeyArn: undefined }), allowed: expect.stringMatching(/^a log bucket whose policy admits this bucket's logs/) },
      ]);
    });

    it("fails when the log bucket is in another region than the bucket", () => {
      const { stack } = testStack();
      const central = SecureBucket.fromBucketAttributes(stack, "central", { bucketName: "central-access-logs", region: "eu-west-1" });
      const error = validationFailure(() => new SecureBucket(stack, "landing", { accessLogging: central }));
      expect(error.problems).toEqual([
        {
          property: "accessLogging",
          value: { bucketName: "central-access-logs", encryptionKeyArn: undefined, region: "eu-west-1" },
          allowed: `a log bucket in this bucket's region ${TEST_REGION}: S3 delivers server access logs only within one region`,
        },
      ]);
    });

    it("fails when an imported bucket's region is not a region code", () => {
      const { stack } = testStack();
      const error = validationFailure(() => SecureBucket.fromBucketAttributes(stack, "central", { bucketName: "central-access-logs", region: "Ireland" }));
      expect(error.problems.map((p) => p.property)).toEqual(["region"]);
    });
  });

  describe("several instances", () => {
    it("two buckets with logging in one stack never collide", () => {
      const { stack } = testStack();
      const a = new SecureBucket(stack, "orders", { accessLogging: true });
      const b = new SecureBucket(stack, "clicks", { accessLogging: true });
      const json = synthJson(stack);
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket"))).toHaveLength(4);
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket_policy"))).toHaveLength(4);
      expect(Object.keys(resourcesOfType(json, "aws_s3_bucket_logging"))).toHaveLength(2);
      const aliases = Object.keys(resourcesOfType(json, "aws_kms_alias"));
      expect(new Set(aliases).size).toBe(2);
      const prefixes = (Object.values(resourcesOfType(json, "aws_s3_bucket")) as any[]).map((x) => x.bucket_prefix);
      expect(new Set(prefixes)).toEqual(new Set(["orders-", "orders-logs-", "clicks-", "clicks-logs-"]));
      expect(a.encryptionKeyArn).not.toBe(b.encryptionKeyArn);
      // One shared set of environment data sources.
      expect(Object.keys(json.data.aws_partition)).toHaveLength(1);
    });

    it("never uses a fixed default alias, so the same stack in two environments of one account cannot collide", () => {
      const synthAliases = (env: string) => {
        const { stack } = testStack(`app-${env}`);
        new SecureBucket(new Construct(stack, "east"), "landing");
        new SecureBucket(new Construct(stack, "west"), "landing");
        return (Object.values(resourcesOfType(synthJson(stack), "aws_kms_alias")) as any[]).map((x) => [x.name, x.name_prefix]);
      };
      for (const [name, prefix] of [...synthAliases("dev"), ...synthAliases("prod")]) {
        expect(name).toBeUndefined();
        expect(prefix).toBe("alias/secure-bucket/landing-");
      }
    });
  });

  describe("fromBucketAttributes", () => {
    it("references an existing bucket with a partition-aware ARN and creates nothing", () => {
      const { stack } = testStack();
      const imported = SecureBucket.fromBucketAttributes(stack, "existing", {
        bucketName: "my-existing-bucket",
        encryptionKeyArn: EXISTING_KEY_ARN,
      });
      expect(imported.bucketName).toBe("my-existing-bucket");
      expect(imported.encryptionKeyArn).toBe(EXISTING_KEY_ARN);
      expect(imported.bucketArn).not.toMatch(/^arn:aws:/);
      new TerraformOutput(stack, "arn", { value: imported.bucketArn });
      const json = synthJson(stack);
      const [partitionId] = Object.keys(json.data.aws_partition);
      expect(json.output.arn.value).toBe(`arn:\${data.aws_partition.${partitionId}.partition}:s3:::my-existing-bucket`);
      expect(json.resource ?? {}).toEqual({});
    });

    it("leaves the key undefined for an SSE-S3 bucket", () => {
      const { stack } = testStack();
      expect(SecureBucket.fromBucketAttributes(stack, "existing", { bucketName: "plain-bucket" }).encryptionKeyArn).toBeUndefined();
    });

    it("accepts a bucket name that is a token", () => {
      const { stack } = testStack();
      const created = new SecureBucket(stack, "landing");
      expect(() => SecureBucket.fromBucketAttributes(stack, "again", { bucketName: created.bucketName })).not.toThrow();
    });

    it.each([
      ["bucketName", { bucketName: "Invalid_Bucket" }],
      ["bucketName", { bucketName: "ab" }],
      ["bucketName", { bucketName: "two..periods" }],
      ["bucketName", { bucketName: "xn--reserved" }],
      ["bucketName", { bucketName: "192.168.5.4" }],
      ["bucketName", { bucketName: "access-point-s3alias" }],
      ["bucketName", { bucketName: "directory--x-s3" }],
      ["encryptionKeyArn", { bucketName: "fine-bucket", encryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/x" }],
      ["encryptionKeyArn", { bucketName: "fine-bucket", encryptionKeyArn: "not-an-arn" }],
    ])("fails when %s is invalid (%j)", (property, attrs) => {
      const { stack } = testStack();
      try {
        SecureBucket.fromBucketAttributes(stack, "existing", attrs);
        throw new Error("expected a PipelineValidationError");
      } catch (e) {
        expect(e).toBeInstanceOf(PipelineValidationError);
        expect((e as PipelineValidationError).constructPath).toBe("test/existing");
        expect((e as PipelineValidationError).problems.map((p) => p.property)).toEqual([property]);
      }
    });
  });
});
