import { Testing } from "cdktf";
import * as fc from "fast-check";
import { KMS_LIMITS } from "stream-simulator";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID } from "./helpers/test-stack";
import { validationFailure } from "./helpers/assertions";
import { decodeJsonDocument } from "../testing/terraform/expressions";

function onlyKey(json: any): any {
  const keys = Object.values(resourcesOfType(json, "aws_kms_key"));
  expect(keys).toHaveLength(1);
  return keys[0];
}

describe("PipelineKey", () => {
  it("has a stable shape", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "key", { aliasName: "alias/pipeline/orders", tags: { team: "data" } });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("turns rotation on and keeps the 30-day deletion window by default", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "key", { aliasName: "alias/pipeline/orders" });
    const key = onlyKey(synthJson(stack));
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(KMS_LIMITS.deletionWindowMaxDays.value);
    expect(key.deletion_window_in_days).toBe(30);
  });

  it("creates an alias pointing at the key", () => {
    const { stack } = testStack();
    const k = new PipelineKey(stack, "key", { aliasName: "alias/pipeline/orders" });
    const aliases = Object.values(resourcesOfType(synthJson(stack), "aws_kms_alias")) as any[];
    expect(aliases).toHaveLength(1);
    expect(aliases[0].name).toBe("alias/pipeline/orders");
    expect(aliases[0].target_key_id).toMatch(/^\$\{aws_kms_key\.key_Key_[0-9A-F]+\.key_id\}$/);
    expect(k.aliasName).toBe("alias/pipeline/orders");
  });

  it("has an explicit key policy whose only principal is the partition-aware account root", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "key", { aliasName: "alias/pipeline/orders" });
    const json = synthJson(stack);
    const policy = decodeJsonDocument(onlyKey(json).policy);
    const [partitionId] = Object.keys(json.data.aws_partition);
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement).toHaveLength(1);
    const [root] = policy.Statement;
    expect(root.Effect).toBe("Allow");
    expect(root.Principal).toEqual({
      AWS: `arn:\${data.aws_partition.${partitionId}.partition}:iam::${TEST_ACCOUNT_ID}:root`,
    });
    expect(JSON.stringify(policy)).not.toContain("arn:aws:");
    expect(root.Action).not.toBe("*");
  });

  it("appends additional service-principal statements after the root statement", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "key", {
      aliasName: "alias/pipeline/logs",
      additionalStatements: [
        {
          Sid: "AllowLogs",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:x" } },
        },
      ],
    });
    const policy = decodeJsonDocument(onlyKey(synthJson(stack)).policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["EnableAccountRootAdministration", "AllowLogs"]);
    for (const s of policy.Statement) {
      expect(s.Principal).not.toBe("*");
      expect(Object.values(s.Principal)).not.toContain("*");
    }
  });

  it("accepts the deletion window bounds 7 and 30", () => {
    for (const days of [7, 30]) {
      const { stack } = testStack();
      new PipelineKey(stack, "key", { aliasName: "alias/a", deletionWindowDays: days });
      expect(onlyKey(synthJson(stack)).deletion_window_in_days).toBe(days);
    }
  });

  it("fails when the deletion window is outside 7-30 days or not an integer", () => {
    for (const days of [6, 31, 7.5, 0]) {
      const { stack } = testStack();
      const err = validationFailure(() => new PipelineKey(stack, "key", { aliasName: "alias/a", deletionWindowDays: days }));
      expect(err.problems.map((p) => p.property)).toEqual(["deletionWindowDays"]);
      expect(err.message).toContain("key: 1 invalid property");
    }
  });

  it("creates a generated unique alias from aliasNamePrefix (name_prefix)", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "key", { aliasNamePrefix: "alias/landing/orders-" });
    const [alias] = Object.values(resourcesOfType(synthJson(stack), "aws_kms_alias")) as any[];
    expect(alias.name_prefix).toBe("alias/landing/orders-");
    expect(alias.name).toBeUndefined();
  });

  it("fails when both aliasName and aliasNamePrefix are given, or neither", () => {
    const { stack } = testStack();
    const both = validationFailure(
      () => new PipelineKey(stack, "both", { aliasName: "alias/a", aliasNamePrefix: "alias/b-" }),
    );
    expect(both.problems.map((p) => p.property)).toEqual(["aliasNamePrefix"]);
    const neither = validationFailure(() => new PipelineKey(stack, "neither", {}));
    expect(neither.problems.map((p) => p.property)).toEqual(["aliasName"]);
  });

  it("fails when an aliasNamePrefix leaves no room for the 26-character generated suffix, or is reserved", () => {
    const { stack } = testStack();
    const long = validationFailure(() => new PipelineKey(stack, "long", { aliasNamePrefix: `alias/${"a".repeat(230)}` }));
    expect(long.problems.map((p) => p.property)).toEqual(["aliasNamePrefix"]);
    expect(long.message).toContain("230");
    const fits = new PipelineKey(stack, "fits", { aliasNamePrefix: `alias/${"a".repeat(224)}` });
    expect(fits.keyArn).toBeDefined();
    const reserved = validationFailure(() => new PipelineKey(stack, "reserved", { aliasNamePrefix: "alias/aws/x-" }));
    expect(reserved.problems.map((p) => p.property)).toEqual(["aliasNamePrefix"]);
  });

  it("fails when the alias is reserved for AWS-managed keys", () => {
    const { stack } = testStack();
    const err = validationFailure(() => new PipelineKey(stack, "key", { aliasName: "alias/aws/kinesis" }));
    expect(err.problems.map((p) => p.property)).toEqual(["aliasName"]);
    expect(err.message).toContain("alias/aws/");
  });

  it("fails when the alias does not start with alias/ or has bad characters", () => {
    for (const aliasName of ["kinesis/orders", "alias/has space", "alias/", "alias/a.b"]) {
      const { stack } = testStack();
      const err = validationFailure(() => new PipelineKey(stack, "key", { aliasName }));
      expect(err.problems.map((p) => p.property)).toEqual(["aliasName"]);
    }
  });

  it("fails when an additional statement has a wildcard principal", () => {
    for (const Principal of ["*" as const, { AWS: "*" }, { AWS: ["arn:aws:iam::123456789012:root", "*"] }]) {
      const { stack } = testStack();
      const err = validationFailure(
        () =>
          new PipelineKey(stack, "key", {
            aliasName: "alias/a",
            additionalStatements: [{ Effect: "Allow", Principal, Action: "kms:Decrypt", Resource: "*" }],
          }),
      );
      expect(err.problems.map((p) => p.property)).toEqual(["additionalStatements[0].Principal"]);
    }
  });

  it("fails when an additional statement names no principal", () => {
    const { stack } = testStack();
    const err = validationFailure(
      () =>
        new PipelineKey(stack, "key", {
          aliasName: "alias/a",
          additionalStatements: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
        }),
    );
    expect(err.problems.map((p) => p.property)).toEqual(["additionalStatements[0].Principal"]);
  });

  it("reports every problem at once and creates nothing", () => {
    const { stack } = testStack();
    const err = validationFailure(
      () => new PipelineKey(stack, "key", { aliasName: "alias/aws/x", deletionWindowDays: 1 }),
    );
    expect(err.problems.map((p) => p.property).sort()).toEqual(["aliasName", "deletionWindowDays"]);
    expect(resourcesOfType(synthJson(stack), "aws_kms_key")).toEqual({});
  });

  it("lets two keys live in one stack", () => {
    const { stack } = testStack();
    new PipelineKey(stack, "a", { aliasName: "alias/a" });
    new PipelineKey(stack, "b", { aliasName: "alias/b" });
    expect(Object.keys(resourcesOfType(synthJson(stack), "aws_kms_key"))).toHaveLength(2);
  });

  it("imports an existing key by ARN without creating anything", () => {
    const { stack } = testStack();
    const imported = PipelineKey.fromKeyArn(stack, "imported", "arn:aws:kms:us-east-1:123456789012:key/abc");
    expect(imported.keyArn).toBe("arn:aws:kms:us-east-1:123456789012:key/abc");
    expect(resourcesOfType(synthJson(stack), "aws_kms_key")).toEqual({});
  });

  const aliasChar = fc.constantFrom(..."abcXYZ019/_-".split(""));
  const validAlias = fc
    .string({ unit: aliasChar, minLength: 1, maxLength: 40 })
    .map((s) => `alias/${s}`)
    .filter((s) => !s.startsWith("alias/aws/"));

  it("synthesizes for any valid alias and deletion window", () => {
    fc.assert(
      fc.property(validAlias, fc.integer({ min: 7, max: 30 }), (aliasName, deletionWindowDays) => {
        const { stack } = testStack();
        new PipelineKey(stack, "key", { aliasName, deletionWindowDays });
        const key = onlyKey(synthJson(stack));
        return key.deletion_window_in_days === deletionWindowDays && key.enable_key_rotation === true;
      }),
      { numRuns: 30 },
    );
  });

  it("fails naming deletionWindowDays for any out-of-range window", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ max: 6 }), fc.integer({ min: 31 }), fc.double({ min: 7.01, max: 29.99, noInteger: true })),
        (deletionWindowDays) => {
          const { stack } = testStack();
          const err = validationFailure(() => new PipelineKey(stack, "key", { aliasName: "alias/a", deletionWindowDays }));
          return err.problems.length === 1 && err.problems[0].property === "deletionWindowDays";
        },
      ),
      { numRuns: 50 },
    );
  });
});
