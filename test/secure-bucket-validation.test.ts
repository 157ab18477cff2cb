import { TerraformResource, Token } from "cdktf";
import * as fc from "fast-check";
import { NAME_RULES, S3_ALLOWED_VALUES, S3_LIMITS } from "stream-simulator";
import type { LifecycleTransition, TransitionStorageClass } from "../constructs/bucket/lifecycle";
import { deriveBucketPrefix } from "../constructs/bucket/names";
import type { SecureBucketProps } from "../constructs/bucket/props";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { checkBucketPrefix } from "../constructs/validation/bucket-names";
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";
import { validationFailure } from "./helpers/assertions";
import { validBucketProps } from "./helpers/arbitraries";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function problemsOf(props: SecureBucketProps): string[] {
  const { stack } = testStack();
  return validationFailure(() => new SecureBucket(stack, "landing", props)).problems.map((p) => p.property);
}

const t = (afterDays: number, storageClass: string): LifecycleTransition => ({
  afterDays,
  storageClass: storageClass as TransitionStorageClass,
});

describe("SecureBucket validation", () => {
  // Every rule: [what is wrong, props, the property the error must name].
  const cases: [string, SecureBucketProps, string][] = [
    ["bucketPrefix has uppercase letters", { bucketPrefix: "Landing-" }, "bucketPrefix"],
    ["bucketPrefix is longer than 37 characters", { bucketPrefix: "a".repeat(NAME_RULES.s3BucketPrefix.maxLength + 1) }, "bucketPrefix"],
    ["bucketPrefix is empty", { bucketPrefix: "" }, "bucketPrefix"],
    ["bucketPrefix starts with '-'", { bucketPrefix: "-landing" }, "bucketPrefix"],
    ["bucketPrefix has an underscore", { bucketPrefix: "my_landing" }, "bucketPrefix"],
    ["bucketPrefix has two adjacent periods", { bucketPrefix: "my..landing" }, "bucketPrefix"],
    ["bucketPrefix starts with the reserved 'xn--'", { bucketPrefix: "xn--landing" }, "bucketPrefix"],
    ["bucketPrefix starts with the reserved 'sthree-'", { bucketPrefix: "sthree-landing" }, "bucketPrefix"],
    ["encryptionKeyArn is not an ARN", { encryptionKeyArn: "1234abcd-12ab" }, "encryptionKeyArn"],
    ["encryptionKeyArn is an alias ARN", { encryptionKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/landing" }, "encryptionKeyArn"],
    ["encryptionKeyArn is another service's ARN", { encryptionKeyArn: "arn:aws:s3:::bucket" }, "encryptionKeyArn"],
    ["encryptionKeyArn has a short account", { encryptionKeyArn: "arn:aws:kms:us-east-1:1234:key/abc" }, "encryptionKeyArn"],
    ["keyAliasName is set with encryptionKeyArn", { encryptionKeyArn: KEY_ARN, keyAliasName: "alias/x" }, "keyAliasName"],
    ["keyDeletionWindowDays is set with encryptionKeyArn", { encryptionKeyArn: KEY_ARN, keyDeletionWindowDays: 7 }, "keyDeletionWindowDays"],
    ["keyAliasName is under the reserved alias/aws/", { keyAliasName: "alias/aws/landing" }, "keyAliasName"],
    ["keyAliasName lacks alias/", { keyAliasName: "landing" }, "keyAliasName"],
    ["keyDeletionWindowDays is below 7", { keyDeletionWindowDays: 6 }, "keyDeletionWindowDays"],
    ["keyDeletionWindowDays is above 30", { keyDeletionWindowDays: 31 }, "keyDeletionWindowDays"],
    ["a transition's storage class is unknown", { transitions: [t(30, "GLACIER_FLEXIBLE")] }, "transitions[0].storageClass"],
    ["a transition targets STANDARD", { transitions: [t(30, "STANDARD")] }, "transitions[0].storageClass"],
    ["STANDARD_IA comes before day 30", { transitions: [t(29, "STANDARD_IA")] }, "transitions[0].afterDays"],
    ["ONEZONE_IA comes before day 30", { transitions: [t(1, "ONEZONE_IA")] }, "transitions[0].afterDays"],
    ["a transition day is negative", { transitions: [t(-1, "GLACIER")] }, "transitions[0].afterDays"],
    ["a transition day is fractional", { transitions: [t(1.5, "GLACIER")] }, "transitions[0].afterDays"],
    ["transitions are not in increasing day order", { transitions: [t(90, "GLACIER_IR"), t(60, "GLACIER")] }, "transitions[1].afterDays"],
    ["two transitions fall on the same day", { transitions: [t(60, "GLACIER_IR"), t(60, "GLACIER")] }, "transitions[1].afterDays"],
    ["a transition goes up the waterfall (GLACIER then GLACIER_IR)", { transitions: [t(30, "GLACIER"), t(60, "GLACIER_IR")] }, "transitions[1].storageClass"],
    ["ONEZONE_IA is followed by GLACIER_IR (unsupported)", { transitions: [t(30, "ONEZONE_IA"), t(90, "GLACIER_IR")] }, "transitions[1].storageClass"],
    ["a class repeats", { transitions: [t(30, "GLACIER"), t(60, "GLACIER")] }, "transitions[1].storageClass"],
    ["anything follows DEEP_ARCHIVE", { transitions: [t(30, "DEEP_ARCHIVE"), t(400, "DEEP_ARCHIVE")] }, "transitions[1].storageClass"],
    ["the next transition is under 30 days after STANDARD_IA", { transitions: [t(30, "STANDARD_IA"), t(59, "GLACIER")] }, "transitions[1].afterDays"],
    ["expirationDays is 0", { expirationDays: 0 }, "expirationDays"],
    ["expirationDays is not after the last transition", { transitions: [t(100, "GLACIER")], expirationDays: 100 }, "expirationDays"],
    ["noncurrentVersionExpirationDays is 0", { noncurrentVersionExpirationDays: 0 }, "noncurrentVersionExpirationDays"],
    ["noncurrentVersionExpirationDays is fractional", { noncurrentVersionExpirationDays: 2.5 }, "noncurrentVersionExpirationDays"],
    ["abortIncompleteMultipartUploadDays is 0", { abortIncompleteMultipartUploadDays: 0 }, "abortIncompleteMultipartUploadDays"],
    ["abortIncompleteMultipartUploadDays is negative", { abortIncompleteMultipartUploadDays: -7 }, "abortIncompleteMultipartUploadDays"],
    ["accessLogging names an invalid bucket", { accessLogging: "Central_Logs" }, "accessLogging"],
    ["accessLogExpirationDays is set without a created log bucket", { accessLogging: false, accessLogExpirationDays: 30 }, "accessLogExpirationDays"],
    ["accessLogExpirationDays is set for an existing log bucket", { accessLogging: "central-logs", accessLogExpirationDays: 30 }, "accessLogExpirationDays"],
    ["accessLogExpirationDays is 0", { accessLogging: true, accessLogExpirationDays: 0 }, "accessLogExpirationDays"],
    ["accessLogPrefix is set without logging", { accessLogging: false, accessLogPrefix: "logs/" }, "accessLogPrefix"],
    ["accessLogPrefix starts with '/'", { accessLogging: true, accessLogPrefix: "/logs/" }, "accessLogPrefix"],
  ];

  it.each(cases)("fails when %s", (_what, props, property) => {
    expect(problemsOf(props)).toEqual([property]);
  });

  it("names the construct path, the value and what is allowed", () => {
    const { stack } = testStack();
    const error = validationFailure(() => new SecureBucket(stack, "landing", { transitions: [t(29, "STANDARD_IA")] }));
    expect(error.constructPath).toBe("test/landing");
    expect(error.message).toMatch(/transitions\[0\]\.afterDays: got 29; allowed: an integer of at least 30 days/);
  });

  it("reports every problem in one error, before creating any resource", () => {
    const { stack } = testStack();
    const error = validationFailure(
      () =>
        new SecureBucket(stack, "landing", {
          bucketPrefix: "UPPER",
          encryptionKeyArn: "nope",
          transitions: [t(10, "STANDARD_IA")],
          expirationDays: 0,
          noncurrentVersionExpirationDays: 0,
          abortIncompleteMultipartUploadDays: 0,
          accessLogging: "Bad_Name",
        }),
    );
    expect(error.problems.map((p) => p.property).sort()).toEqual(
      [
        "abortIncompleteMultipartUploadDays",
        "accessLogging",
        "bucketPrefix",
        "encryptionKeyArn",
        "expirationDays",
        "noncurrentVersionExpirationDays",
        "transitions[0].afterDays",
      ].sort(),
    );
    expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
  });

  it.each<[string, SecureBucketProps]>([
    ["STANDARD_IA at exactly 30 days", { transitions: [t(S3_LIMITS.infrequentAccessMinDays.value, "STANDARD_IA")] }],
    ["GLACIER exactly 30 days after STANDARD_IA", { transitions: [t(30, "STANDARD_IA"), t(60, "GLACIER")] }],
    ["GLACIER_IR and INTELLIGENT_TIERING from day 0", { transitions: [t(0, "INTELLIGENT_TIERING"), t(1, "GLACIER_IR")] }],
    ["the full waterfall", {
      transitions: [t(30, "STANDARD_IA"), t(60, "INTELLIGENT_TIERING"), t(61, "ONEZONE_IA"), t(91, "GLACIER"), t(121, "DEEP_ARCHIVE")],
      expirationDays: 122,
    }],
    ["expiration one day after the last transition", { transitions: [t(0, "GLACIER")], expirationDays: 1 }],
    ["a bucketPrefix with periods", { bucketPrefix: "acme.landing." }],
    ["a 37-character bucketPrefix", { bucketPrefix: "a".repeat(NAME_RULES.s3BucketPrefix.maxLength) }],
    ["logging to an existing bucket with a prefix", { accessLogging: "central-logs", accessLogPrefix: "landing/" }],
    ["an aws-cn key ARN (in a China (Beijing) stack: keys must be in the stack's region)", { encryptionKeyArn: "arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd" }],
  ])("accepts %s", (what, props) => {
    const { stack } = what.includes("aws-cn") ? testStack("test", {}, { accountId: "123456789012", region: "cn-north-1" }) : testStack();
    expect(() => new SecureBucket(stack, "landing", props)).not.toThrow();
  });

  it("skips checks on values only known at apply time (tokens)", () => {
    const { stack } = testStack();
    expect(
      () =>
        new SecureBucket(stack, "landing", {
          bucketPrefix: Token.asString({ Ref: "prefix" }),
          encryptionKeyArn: Token.asString({ Ref: "key" }),
          expirationDays: Token.asNumber({ Ref: "days" }),
          accessLogging: Token.asString({ Ref: "logs" }),
        }),
    ).not.toThrow();
  });

  describe("default bucket prefix", () => {
    it.each([
      ["landing", "landing-"],
      ["Orders_Landing", "orders-landing-"],
      ["--weird..ID--", "weird-id-"],
      ["___", "bucket-"],
      ["sthree", "b-sthree-"],
      ["amzn-s3-demo-x", "b-amzn-s3-demo-x-"],
      ["x".repeat(60), `${"x".repeat(NAME_RULES.s3BucketPrefix.maxLength - 1)}-`],
    ])("derives %j as %j", (id, expected) => {
      expect(deriveBucketPrefix(id)).toBe(expected);
    });

    it("is a valid bucket_prefix for any construct id (property)", () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 80, unit: "binary" }), (id) => {
          const prefix = deriveBucketPrefix(id);
          expect(checkBucketPrefix("bucketPrefix", prefix)).toEqual([]);
          expect(prefix.endsWith("-")).toBe(true);
          expect(prefix.length).toBeLessThanOrEqual(NAME_RULES.s3BucketPrefix.maxLength);
        }),
        { numRuns: 100 },
      );
    });

    it("derives a valid log-bucket prefix from any valid bucketPrefix (property)", () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,36}$/).filter((s) => checkBucketPrefix("p", s).length === 0), (prefix) => {
          const { stack } = testStack();
          new SecureBucket(stack, "landing", { bucketPrefix: prefix, accessLogging: true, encryptionKeyArn: KEY_ARN });
          const prefixes = (Object.values(resourcesOfType(synthJson(stack), "aws_s3_bucket")) as any[]).map((b) => b.bucket_prefix);
          expect(prefixes).toContain(prefix);
          for (const p of prefixes) expect(checkBucketPrefix("bucketPrefix", p)).toEqual([]);
        }),
        // Each run synthesizes; the longest allowed prefix is always tried (the log bucket's derived prefix must fit).
        { numRuns: 10, examples: [["a".repeat(NAME_RULES.s3BucketPrefix.maxLength)]] },
      );
    });
  });

  describe("random props (property-based)", () => {

    it("valid props always synthesize, with the configured lifecycle", () => {
      fc.assert(
        fc.property(validBucketProps, (props) => {
          const { stack } = testStack();
          new SecureBucket(stack, "landing", props);
          const json = synthJson(stack);
          const buckets = Object.keys(resourcesOfType(json, "aws_s3_bucket"));
          expect(buckets).toHaveLength((props.accessLogging ?? true) === true ? 2 : 1);
          const lifecycle = Object.entries(resourcesOfType(json, "aws_s3_bucket_lifecycle_configuration")).find(
            ([id]) => !id.includes("AccessLogs"),
          )![1] as any;
          const current = lifecycle.rule.find((r: any) => r.id === "current-versions");
          expect(current?.transition ?? []).toEqual((props.transitions ?? []).map((x) => ({ days: x.afterDays, storage_class: x.storageClass })));
          expect(current?.expiration?.[0]?.days).toBe(props.expirationDays);
        }),
        { numRuns: 20 },
      );
    });

    /** One invalid mutation of a valid base, and the property the error must name. */
    const invalidMutation: fc.Arbitrary<[Partial<SecureBucketProps>, string]> = fc.oneof(
      fc
        .stringMatching(/^[A-Z_][A-Za-z0-9_]{0,40}$/)
        .map((s): [Partial<SecureBucketProps>, string] => [{ bucketPrefix: s }, "bucketPrefix"]),
      fc
        .integer({ min: 38, max: 80 })
        .map((n): [Partial<SecureBucketProps>, string] => [{ bucketPrefix: "a".repeat(n) }, "bucketPrefix"]),
      fc
        .integer({ min: -1000, max: 0 })
        .map((n): [Partial<SecureBucketProps>, string] => [{ noncurrentVersionExpirationDays: n }, "noncurrentVersionExpirationDays"]),
      fc
        .integer({ min: -1000, max: 0 })
        .map((n): [Partial<SecureBucketProps>, string] => [{ abortIncompleteMultipartUploadDays: n }, "abortIncompleteMultipartUploadDays"]),
      fc
        .integer({ min: -1000, max: 0 })
        .map((n): [Partial<SecureBucketProps>, string] => [{ expirationDays: n }, "expirationDays"]),
      fc
        .tuple(fc.constantFrom("STANDARD_IA", "ONEZONE_IA"), fc.integer({ min: 0, max: S3_LIMITS.infrequentAccessMinDays.value - 1 }))
        .map(([cls, d]): [Partial<SecureBucketProps>, string] => [{ transitions: [t(d, cls)] }, "transitions[0].afterDays"]),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((s) => !(S3_ALLOWED_VALUES.transitionStorageClasses.values as readonly string[]).includes(s))
        .map((s): [Partial<SecureBucketProps>, string] => [{ transitions: [t(100, s)] }, "transitions[0].storageClass"]),
      fc
        .string({ maxLength: 30 })
        .filter((s) => !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(s))
        .map((s): [Partial<SecureBucketProps>, string] => [{ encryptionKeyArn: s }, "encryptionKeyArn"]),
      fc
        .integer({ min: 31, max: 1000 })
        .map((n): [Partial<SecureBucketProps>, string] => [{ keyDeletionWindowDays: n }, "keyDeletionWindowDays"]),
    );

    it("any invalid prop fails with an error naming that property", () => {
      fc.assert(
        fc.property(invalidMutation, ([mutation, property]) => {
          expect(problemsOf({ accessLogging: true, ...mutation })).toContain(property);
        }),
        { numRuns: 150 },
      );
    });
  });
});
