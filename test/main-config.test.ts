import { ENVIRONMENTS, loadEnvironment, PLACEHOLDER_ACCOUNT_ID } from "../config/environments";
import type { PipelineEnvironment } from "../config/types";
import { EnvironmentConfigError, validateEnvironment as environmentProblems } from "../config/validate-environment";
import { RemovalPolicy } from "../constructs/removal-policy";
import { formatProblem } from "../constructs/validation/problems";

/** The problems of `env` as the error message lists them. */
const validateEnvironment = (env: PipelineEnvironment): string[] => environmentProblems(env).map(formatProblem);

/** The error `load` throws (fails the test when it does not throw one). */
function configError(load: () => unknown): EnvironmentConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof EnvironmentConfigError) return error;
    throw error;
  }
  throw new Error("expected an EnvironmentConfigError");
}

describe("loadEnvironment", () => {
  it("loads dev by default with the clearly marked placeholder account and local state", () => {
    const env = loadEnvironment(undefined, {});
    expect(env).toEqual({
      name: "dev",
      region: "us-east-1",
      accountId: PLACEHOLDER_ACCOUNT_ID,
      backend: { type: "local" },
      tags: { Project: "cdktf-kinesis-pipeline", Environment: "dev", ManagedBy: "cdktf" },
      workloads: ENVIRONMENTS.dev.workloads,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  });

  it("selects the environment named by PIPELINE_ENV when no name is passed", () => {
    expect(loadEnvironment(undefined, { PIPELINE_ENV: "prod" }).name).toBe("prod");
  });

  it("gives prod remote state in S3 with S3-native locking", () => {
    expect(loadEnvironment("prod", {}).backend).toEqual({
      type: "s3",
      bucket: "example-org-terraform-state",
      key: "cdktf-kinesis-pipeline/prod",
      region: "eu-west-1",
      useLockfile: true,
    });
  });

  it("lets environment variables override account, region and state location", () => {
    const env = loadEnvironment("dev", {
      PIPELINE_ACCOUNT_ID: "111122223333",
      PIPELINE_REGION: "eu-central-1",
      PIPELINE_STATE_BUCKET: "my-state-bucket",
    });
    expect(env.accountId).toBe("111122223333");
    expect(env.region).toBe("eu-central-1");
    // Switching dev to S3 state defaults to locking, the state key to the environment, the region to the stack's.
    expect(env.backend).toEqual({
      type: "s3",
      bucket: "my-state-bucket",
      key: "cdktf-kinesis-pipeline/dev",
      region: "eu-central-1",
      useLockfile: true,
    });
  });

  it("supports a DynamoDB lock table and turning S3-native locking off", () => {
    const env = loadEnvironment("prod", {
      PIPELINE_STATE_LOCKFILE: "false",
      PIPELINE_STATE_DYNAMODB_TABLE: "tf-locks",
    });
    expect(env.backend).toMatchObject({ type: "s3", useLockfile: false, dynamodbTable: "tf-locks" });
  });

  it("treats empty variables as unset", () => {
    expect(loadEnvironment("dev", { PIPELINE_ACCOUNT_ID: "", PIPELINE_STATE_BUCKET: "" })).toEqual(ENVIRONMENTS.dev);
  });

  it("reports every problem in one error", () => {
    const error = configError(() =>
      loadEnvironment("dev", {
        PIPELINE_ACCOUNT_ID: "12345",
        PIPELINE_REGION: "moon-base-1",
        PIPELINE_STATE_KEY: "pipeline/dev",
      })
    );
    expect(error.problems.map(formatProblem)).toEqual([
      `PIPELINE_STATE_KEY: got "pipeline/dev"; allowed: unset while environment 'dev' uses local state (or also set PIPELINE_STATE_BUCKET)`,
      'region: got "moon-base-1"; allowed: an AWS region name such as "us-east-1"',
      'accountId: got "12345"; allowed: a 12-digit AWS account ID (set PIPELINE_ACCOUNT_ID)',
    ]);
    expect(error.problems[2]).toEqual({ property: "accountId", value: "12345", allowed: "a 12-digit AWS account ID (set PIPELINE_ACCOUNT_ID)" });
    expect(error.message).toMatch(/^Invalid configuration for environment 'dev' \(3 problems\):/);
  });

  it("rejects an unknown environment, listing the known ones", () => {
    expect(() => loadEnvironment("staging", {})).toThrow(
      `PIPELINE_ENV: got "staging"; allowed: one of "dev", "prod"`
    );
  });

  it("rejects a malformed lockfile flag", () => {
    expect(configError(() => loadEnvironment("prod", { PIPELINE_STATE_LOCKFILE: "yes" })).problems.map(formatProblem)).toEqual([
      'PIPELINE_STATE_LOCKFILE: got "yes"; allowed: "true" or "false"',
    ]);
  });
});

describe("validateEnvironment", () => {
  const valid: PipelineEnvironment = ENVIRONMENTS.dev;

  it("accepts every built-in environment", () => {
    for (const env of Object.values(ENVIRONMENTS)) expect(validateEnvironment(env)).toEqual([]);
  });

  it("requires a relative local state path so synthesized output is machine-independent", () => {
    expect(validateEnvironment({ ...valid, backend: { type: "local", path: "/home/me/state.tfstate" } })).toEqual([
      'backend.path: got "/home/me/state.tfstate"; allowed: a RELATIVE path (absolute paths make synthesized output machine-specific)',
    ]);
    expect(validateEnvironment({ ...valid, backend: { type: "local", path: "state/dev.tfstate" } })).toEqual([]);
  });

  it("checks the S3 backend's bucket, key and region", () => {
    const problems = validateEnvironment({
      ...valid,
      backend: { type: "s3", bucket: "Bad_Bucket", key: "/leading-slash", region: "nowhere" },
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^backend\.bucket: got "Bad_Bucket"/);
    expect(problems[1]).toMatch(/^backend\.key: got "\/leading-slash"/);
    expect(problems[2]).toMatch(/^backend\.region: got "nowhere"/);
  });

  it("rejects tags AWS reserves", () => {
    expect(validateEnvironment({ ...valid, tags: { "aws:createdBy": "me" } })).toEqual([
      'tags: got "aws:createdBy"; allowed: tag keys of 1 to 128 characters, not starting with "aws:" (reserved for AWS)',
    ]);
  });

  it("declares per-environment workloads, dev smaller than prod", () => {
    const dev = ENVIRONMENTS.dev.workloads;
    const prod = ENVIRONMENTS.prod.workloads;
    expect(dev.agentTelemetry.recordsPerSecond).toBeLessThan(prod.agentTelemetry.recordsPerSecond);
    expect(dev.telemetrySink.recordsPerSecond).toBeLessThan(prod.telemetrySink.recordsPerSecond);
    // Bursty, Zipf-skewed session keys, ~2 KiB records (the agent-telemetry shape).
    for (const w of [dev.agentTelemetry, prod.agentTelemetry]) {
      expect(w.peakToAverage).toBeGreaterThanOrEqual(3);
      expect(w.partitionKey).toMatchObject({ strategy: "entity", zipfExponent: expect.any(Number) });
      expect(w.recordBytes).toBe(2048);
    }
  });

  it("checks each workload's fields, its region and the capacity choice", () => {
    const problems = validateEnvironment({
      ...valid,
      workloads: {
        agentTelemetry: { ...valid.workloads.agentTelemetry, recordsPerSecond: -1, region: valid.region },
        agentTelemetryCapacity: { mode: "provisioned", shards: 0 },
        telemetrySink: { ...valid.workloads.telemetrySink, region: "eu-west-1" },
      },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^workloads\.agentTelemetry\.recordsPerSecond: got -1; allowed: /),
      'workloads.telemetrySink.region: got "eu-west-1"; allowed: the environment\'s region "us-east-1" (or leave it out)',
      "workloads.agentTelemetryCapacity.shards: got 0; allowed: an integer from 1 to 10000 shards",
    ]);
    expect(
      validateEnvironment({ ...valid, workloads: { ...valid.workloads, agentTelemetryCapacity: { mode: "for-workload", headroom: 2 } } }),
    ).toEqual(["workloads.agentTelemetryCapacity.headroom: got 2; allowed: a number greater than 0 and at most 1"]);
  });

  it("applies the constructs' own rules to bucket names, tags and the capacity choice", () => {
    const problems = environmentProblems({
      ...valid,
      backend: { type: "s3", bucket: "xn--state", key: "state", region: "us-east-1" },
      tags: { Team: "t".repeat(257) },
      workloads: {
        ...valid.workloads,
        agentTelemetryCapacity: { mode: "for-workload", choose: "fastest" as never, targetThrottledFraction: 1 },
      },
    });
    expect(problems.map((p) => p.property)).toEqual([
      "backend.bucket",
      "workloads.agentTelemetryCapacity.choose",
      "workloads.agentTelemetryCapacity.targetThrottledFraction",
      "tags.Team",
    ]);
    expect(problems[0].allowed).toContain("'xn--'");
    expect(problems[1].allowed).toBe('one of "provisioned", "on-demand", "cheapest"');
    expect(problems[2].allowed).toBe("a number from 0 (inclusive) to 1 (exclusive)");
    expect(problems[3].allowed).toBe("a string of at most 256 characters");
  });

  it("requires a shard count for provisioned capacity", () => {
    expect(
      validateEnvironment({ ...valid, workloads: { ...valid.workloads, agentTelemetryCapacity: { mode: "provisioned" } as never } }),
    ).toEqual(["workloads.agentTelemetryCapacity.shards: got undefined; allowed: an integer from 1 to 10000 shards"]);
  });

  it("accepts GovCloud and China regions", () => {
    expect(validateEnvironment({ ...valid, region: "us-gov-west-1" })).toEqual([]);
    expect(validateEnvironment({ ...valid, region: "cn-northwest-1" })).toEqual([]);
  });
});
