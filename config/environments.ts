/**
 * Typed deployment environments for the example app (`main.ts`).
 *
 * Defaults live in `ENVIRONMENTS` below; a few environment variables override them so CI or a user can point the same
 * code at their own account without editing files. Nothing here needs AWS credentials: the account ID and region are
 * configuration, so `cdktf synth` and offline `terraform plan` work anywhere. The shape is in `./types.ts`, the rules
 * in `./validate-environment.ts`.
 */

import type { Workload } from "stream-simulator";
import { RemovalPolicy } from "../constructs/removal-policy";
import type { Problem } from "../constructs/validation/problems";
import { checkOneOf } from "../constructs/validation/rules";
import type { BackendConfig, PipelineEnvironment } from "./types";
import { EnvironmentConfigError, validateEnvironment } from "./validate-environment";

/**
 * Agent telemetry as the example models it: tool calls, traces and prompt/response events of ~2 KiB, keyed by
 * session ID (a few sessions are far busier than the rest: Zipf-skewed, s = 0.9), bursty (batch evaluations and
 * user peaks: the busiest seconds run at 3–4× the average), read by the pipeline's Firehose (one shared consumer),
 * kept 48 h. Firehose buffering as the stack configures it (64 MiB / 120 s, GZIP), for the cost estimate.
 */
function agentTelemetryWorkload(recordsPerSecond: number, sessions: number, peakToAverage: number): Workload {
  return {
    recordsPerSecond,
    recordBytes: 2048,
    durationSeconds: 3600,
    peakToAverage,
    partitionKey: { strategy: "entity", distinctKeys: sessions, zipfExponent: 0.9 },
    partitionKeyBytes: 36,
    consumers: { shared: 1 },
    retentionHours: 48,
    firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: "GZIP" },
    seed: 7,
  };
}

/** Events PUT straight into the telemetry-sink Firehose in batches of up to 500 records. */
function telemetrySinkWorkload(recordsPerSecond: number): Workload {
  return {
    recordsPerSecond,
    recordBytes: 1024,
    durationSeconds: 3600,
    peakToAverage: 2,
    producer: { maxBatchRecords: 500 },
    seed: 7,
  };
}

/**
 * PLACEHOLDER account ID for `dev`: AWS's documentation example account. It is fine for `synth` and offline plans;
 * set `PIPELINE_ACCOUNT_ID` to your real account before `cdktf deploy` (the provider's `allowed_account_ids` makes
 * terraform refuse to run against any account but this one).
 */
export const PLACEHOLDER_ACCOUNT_ID = "123456789012";

/** Built-in environments. `prod` is an example of remote state with S3-native locking; replace its values. */
export const ENVIRONMENTS: Readonly<Record<string, PipelineEnvironment>> = {
  dev: {
    name: "dev",
    region: "us-east-1",
    accountId: PLACEHOLDER_ACCOUNT_ID,
    backend: { type: "local" },
    tags: { Project: "cdktf-kinesis-pipeline", Environment: "dev", ManagedBy: "cdktf" },
    // A test environment: `cdktf destroy` may delete its streams, buckets, keys and log groups (prod retains them).
    removalPolicy: RemovalPolicy.DESTROY,
    // A team's test traffic: ~400 KiB/s on average, bursting to 4×.
    workloads: {
      agentTelemetry: agentTelemetryWorkload(200, 5_000, 4),
      agentTelemetryCapacity: { mode: "for-workload" },
      telemetrySink: telemetrySinkWorkload(100),
    },
  },
  prod: {
    name: "prod",
    region: "eu-west-1",
    // Example value: override with PIPELINE_ACCOUNT_ID.
    accountId: "210987654321",
    backend: {
      type: "s3",
      bucket: "example-org-terraform-state",
      key: "cdktf-kinesis-pipeline/prod",
      region: "eu-west-1",
      useLockfile: true,
    },
    tags: { Project: "cdktf-kinesis-pipeline", Environment: "prod", ManagedBy: "cdktf" },
    // Production: ~2.4 MiB/s on average over 50,000 sessions, bursting to 3×.
    workloads: {
      agentTelemetry: agentTelemetryWorkload(1200, 50_000, 3),
      agentTelemetryCapacity: { mode: "for-workload" },
      telemetrySink: telemetrySinkWorkload(1000),
    },
  },
};

/** Environment variables that override the selected environment's defaults. */
export const ENVIRONMENT_VARIABLES = {
  environment: "PIPELINE_ENV",
  accountId: "PIPELINE_ACCOUNT_ID",
  region: "PIPELINE_REGION",
  /** Switches the backend to S3 with this bucket (or overrides the bucket of an S3 backend). */
  stateBucket: "PIPELINE_STATE_BUCKET",
  stateKey: "PIPELINE_STATE_KEY",
  stateRegion: "PIPELINE_STATE_REGION",
  /** "true" / "false": S3-native locking. */
  stateLockfile: "PIPELINE_STATE_LOCKFILE",
  stateDynamodbTable: "PIPELINE_STATE_DYNAMODB_TABLE",
} as const;

function parseBoolean(raw: string, variable: string, problems: Problem[]): boolean | undefined {
  if (raw === "true") return true;
  if (raw === "false") return false;
  problems.push({ property: variable, value: raw, allowed: '"true" or "false"' });
  return undefined;
}

/**
 * The named environment's defaults with environment-variable overrides applied, validated.
 *
 * @param requested environment name; defaults to `PIPELINE_ENV` (read from `vars`), else `dev`
 * @param vars where to read overrides from (tests pass their own)
 * @throws EnvironmentConfigError listing every problem (unknown name, bad account ID, relative-path rule, …)
 */
export function loadEnvironment(requested?: string, vars: NodeJS.ProcessEnv = process.env): PipelineEnvironment {
  const name = requested ?? (vars[ENVIRONMENT_VARIABLES.environment] || "dev");
  const base = ENVIRONMENTS[name];
  if (base === undefined) {
    throw new EnvironmentConfigError(name, checkOneOf(ENVIRONMENT_VARIABLES.environment, name, Object.keys(ENVIRONMENTS)));
  }
  const problems: Problem[] = [];
  const read = (key: keyof typeof ENVIRONMENT_VARIABLES): string | undefined => {
    const value = vars[ENVIRONMENT_VARIABLES[key]];
    return value === undefined || value === "" ? undefined : value;
  };

  const region = read("region") ?? base.region;
  let backend: BackendConfig = base.backend;
  const bucket = read("stateBucket");
  const s3Overrides = ["stateKey", "stateRegion", "stateLockfile", "stateDynamodbTable"] as const;
  if (bucket !== undefined || backend.type === "s3") {
    const current = backend.type === "s3" ? backend : undefined;
    const lockfileRaw = read("stateLockfile");
    const useLockfile =
      lockfileRaw !== undefined
        ? parseBoolean(lockfileRaw, ENVIRONMENT_VARIABLES.stateLockfile, problems)
        : current?.useLockfile ?? (current === undefined ? true : undefined);
    const dynamodbTable = read("stateDynamodbTable") ?? current?.dynamodbTable;
    backend = {
      type: "s3",
      bucket: bucket ?? current!.bucket,
      key: read("stateKey") ?? current?.key ?? `cdktf-kinesis-pipeline/${name}`,
      region: read("stateRegion") ?? current?.region ?? region,
      ...(useLockfile !== undefined ? { useLockfile } : {}),
      ...(dynamodbTable !== undefined ? { dynamodbTable } : {}),
    };
  } else {
    for (const key of s3Overrides) {
      if (read(key) !== undefined) {
        problems.push({
          property: ENVIRONMENT_VARIABLES[key],
          value: read(key),
          allowed: `unset while environment '${name}' uses local state (or also set ${ENVIRONMENT_VARIABLES.stateBucket})`,
        });
      }
    }
  }

  const env: PipelineEnvironment = {
    name: base.name,
    region,
    accountId: read("accountId") ?? base.accountId,
    backend,
    tags: { ...base.tags },
    workloads: base.workloads,
    ...(base.removalPolicy !== undefined ? { removalPolicy: base.removalPolicy } : {}),
  };
  problems.push(...validateEnvironment(env));
  if (problems.length > 0) throw new EnvironmentConfigError(name, problems);
  return env;
}
