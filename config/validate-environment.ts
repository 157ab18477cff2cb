/**
 * The rules of a deployment environment (`PipelineEnvironment`), as `Problem`s: the same type and, where a rule is
 * the library's too (bucket names, account IDs, tags, shard counts, capacity options, workloads), the same rule as
 * the constructs' synth-time validation.
 */
import { KINESIS_LIMITS } from "stream-simulator";
import { WORKLOAD_CAPACITY_MODES } from "../constructs/stream/capacity-options";
import { checkBucketName } from "../constructs/validation/bucket-names";
import { formatProblem, type Problem } from "../constructs/validation/problems";
import { checkAccountId, checkIntegerRange, checkOneOf, checkRemovalPolicy, checkTags } from "../constructs/validation/rules";
import { capacityOptionsProblems, workloadProblems } from "../constructs/validation/workload";
import type { BackendConfig, EnvironmentWorkloads, PipelineEnvironment, StreamCapacityConfig } from "./types";

/** Thrown when the configuration is invalid; lists every problem at once. */
export class EnvironmentConfigError extends Error {
  public constructor(
    public readonly environment: string,
    public readonly problems: readonly Problem[],
  ) {
    super(
      `Invalid configuration for environment '${environment}' (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "EnvironmentConfigError";
  }
}

// Commercial, China and GovCloud regions, e.g. us-east-1, eu-central-2, ap-southeast-4, cn-north-1, us-gov-west-1.
const REGION =
  /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/;
const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const REGION_ALLOWED = 'an AWS region name such as "us-east-1"';
const CAPACITY = "workloads.agentTelemetryCapacity";

/** Every problem with `env` (empty when valid). */
export function validateEnvironment(env: PipelineEnvironment): Problem[] {
  const problems: Problem[] = [];
  if (!ENV_NAME.test(env.name ?? "")) {
    problems.push({ property: "name", value: env.name, allowed: "lowercase letters, digits and '-', starting with a letter, ≤ 16 chars" });
  }
  if (!REGION.test(env.region ?? "")) problems.push({ property: "region", value: env.region, allowed: REGION_ALLOWED });
  problems.push(
    ...checkAccountId("accountId", env.accountId ?? "").map((p) => ({ ...p, allowed: `${p.allowed} (set PIPELINE_ACCOUNT_ID)` })),
  );
  problems.push(...backendProblems(env.backend as BackendConfig | undefined));
  problems.push(...workloadsProblems(env));
  problems.push(...checkTags("tags", env.tags));
  problems.push(...checkRemovalPolicy("removalPolicy", env.removalPolicy));
  return problems;
}

function backendProblems(backend: BackendConfig | undefined): Problem[] {
  const problems: Problem[] = [];
  if (backend?.type === "local") {
    if (backend.path !== undefined && (backend.path === "" || isAbsolutePath(backend.path))) {
      problems.push({
        property: "backend.path",
        value: backend.path,
        allowed: "a RELATIVE path (absolute paths make synthesized output machine-specific)",
      });
    }
  } else if (backend?.type === "s3") {
    problems.push(...checkBucketName("backend.bucket", backend.bucket ?? ""));
    if (!backend.key || backend.key.startsWith("/") || backend.key.endsWith("/")) {
      problems.push({ property: "backend.key", value: backend.key, allowed: "a non-empty object key without leading or trailing '/'" });
    }
    if (!REGION.test(backend.region ?? "")) problems.push({ property: "backend.region", value: backend.region, allowed: REGION_ALLOWED });
    if (backend.dynamodbTable !== undefined && !DYNAMODB_TABLE.test(backend.dynamodbTable)) {
      problems.push({
        property: "backend.dynamodbTable",
        value: backend.dynamodbTable,
        allowed: "a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)",
      });
    }
  } else {
    problems.push({ property: "backend.type", value: (backend as { type?: unknown } | undefined)?.type, allowed: '"local" or "s3"' });
  }
  return problems;
}

/** Problems of `env.workloads`: each workload's fields (`parseWorkload`), its region, and the capacity choice. */
function workloadsProblems(env: PipelineEnvironment): Problem[] {
  const workloads = env.workloads as EnvironmentWorkloads | undefined;
  if (workloads === undefined || workloads === null || typeof workloads !== "object") {
    return [{ property: "workloads", value: workloads, allowed: "{ agentTelemetry, agentTelemetryCapacity, telemetrySink }" }];
  }
  const problems: Problem[] = [];
  for (const key of ["agentTelemetry", "telemetrySink"] as const) {
    const workload = workloads[key];
    const invalid = workloadProblems(`workloads.${key}`, workload);
    if (invalid.length > 0) {
      problems.push(...invalid);
    } else if (workload.region !== undefined && workload.region !== env.region) {
      problems.push({
        property: `workloads.${key}.region`,
        value: workload.region,
        allowed: `the environment's region ${JSON.stringify(env.region)} (or leave it out)`,
      });
    }
  }
  const capacity = workloads.agentTelemetryCapacity as StreamCapacityConfig | undefined;
  if (capacity?.mode === "provisioned") {
    // A shard count is required here: an absent one is reported like any value outside the range.
    const shards = checkIntegerRange(`${CAPACITY}.shards`, capacity.shards ?? Number.NaN, 1, KINESIS_LIMITS.maxShardsPerStream.value, "shards");
    problems.push(...shards.map((p) => ({ ...p, value: capacity.shards })));
  } else if (capacity?.mode === "for-workload") {
    problems.push(...checkOneOf(`${CAPACITY}.choose`, capacity.choose, WORKLOAD_CAPACITY_MODES));
    problems.push(...capacityOptionsProblems(CAPACITY, capacity));
  } else if (capacity?.mode !== "on-demand") {
    problems.push({
      property: `${CAPACITY}.mode`,
      value: (capacity as { mode?: unknown } | undefined)?.mode,
      allowed: '"for-workload", "provisioned" or "on-demand"',
    });
  }
  return problems;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p);
}
