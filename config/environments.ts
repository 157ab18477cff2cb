/**
 * Typed deployment environments for the example app (`main.ts`).
 *
 * Defaults live in `ENVIRONMENTS` below; a few environment variables override them so CI or a user can point the same
 * code at their own account without editing files. Nothing here needs AWS credentials: the account ID and region are
 * configuration, so `cdktf synth` and offline `terraform plan` work anywhere.
 */

import { KINESIS_LIMITS, WorkloadValidationError, parseWorkload, type Workload } from "stream-simulator";

/** Local state file. `path` is relative to the stack's working directory (`cdktf.out/stacks/<stack>`). */
export interface LocalBackendConfig {
  readonly type: "local";
  /**
   * State file path, RELATIVE so that synthesized output is machine-independent.
   * @default "terraform.<stack>.tfstate" (cdktf's own default)
   */
  readonly path?: string;
}

/** State in S3. Prefer `useLockfile` (S3-native locking, Terraform ≥ 1.10) over the DynamoDB lock table. */
export interface S3BackendConfig {
  readonly type: "s3";
  readonly bucket: string;
  /** Object key of the state; the stack name is appended (`<key>/<stack>.tfstate`) so stacks never share state. */
  readonly key: string;
  readonly region: string;
  /** S3-native state locking (`use_lockfile`, Terraform ≥ 1.10). @default false */
  readonly useLockfile?: boolean;
  /** Legacy DynamoDB lock table (deprecated by Terraform in favour of `useLockfile`). */
  readonly dynamodbTable?: string;
}

export type BackendConfig = LocalBackendConfig | S3BackendConfig;

/**
 * How the agent-telemetry stream gets its capacity in an environment. Every variant is checked against the declared
 * workload at synth (a capacity that would throttle fails `cdktf synth` with the simulator's explanation).
 */
export type StreamCapacityConfig =
  /** Sized by the simulator (`StreamCapacity.forWorkload`); `choose` as its `mode` option (default "provisioned"). */
  | {
      readonly mode: "for-workload";
      readonly choose?: "provisioned" | "on-demand" | "cheapest";
      readonly targetThrottledFraction?: number;
      readonly headroom?: number;
    }
  /** A fixed shard count (`StreamCapacity.provisioned(shards)`), checked against the workload. */
  | { readonly mode: "provisioned"; readonly shards: number }
  /** On-demand (`StreamCapacity.onDemand()`), checked against on-demand behaviour for the workload. */
  | { readonly mode: "on-demand" };

/**
 * Declared workloads of the example stacks in one environment (stream-simulator `Workload`s). Leave `region` out:
 * the environment's region is used (a workload region other than the environment's is a configuration error).
 */
export interface EnvironmentWorkloads {
  /** What agent runtimes write to the agent-telemetry stream (read by its Firehose). */
  readonly agentTelemetry: Workload;
  /** How the agent-telemetry stream's capacity is chosen. */
  readonly agentTelemetryCapacity: StreamCapacityConfig;
  /** What producers PUT directly into the telemetry-sink Firehose (checked against its direct-PUT quotas). */
  readonly telemetrySink: Workload;
}

export interface PipelineEnvironment {
  /** Environment name, e.g. `dev`, `prod`; becomes part of resource names. */
  readonly name: string;
  /** AWS region the stacks deploy to, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * 12-digit AWS account ID. Used for the provider's `allowed_account_ids` (terraform refuses to touch any other
   * account) and as the library's account context (ARNs without an STS call).
   */
  readonly accountId: string;
  readonly backend: BackendConfig;
  /** Tags applied to every taggable resource through the provider's `default_tags`. */
  readonly tags: Readonly<Record<string, string>>;
  /** Declared workloads and the capacity choice of the example stacks (dev is smaller than prod). */
  readonly workloads: EnvironmentWorkloads;
}

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

/** Thrown when the configuration is invalid; lists every problem at once. */
export class EnvironmentConfigError extends Error {
  public constructor(public readonly environment: string, public readonly problems: readonly string[]) {
    super(
      `Invalid configuration for environment '${environment}' (${problems.length} problem${
        problems.length === 1 ? "" : "s"
      }):\n` + problems.map((p) => `  - ${p}`).join("\n")
    );
    this.name = "EnvironmentConfigError";
  }
}

const ACCOUNT_ID = /^\d{12}$/;
// Commercial, China and GovCloud regions, e.g. us-east-1, eu-central-2, ap-southeast-4, cn-north-1, us-gov-west-1.
const REGION =
  /^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/;
const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;
// S3 bucket naming rules: 3–63 chars, lowercase letters, digits, dots, hyphens; starts/ends alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const TAG_KEY_MAX = 128;
const TAG_VALUE_MAX = 256;

/** Every problem with `env`, as messages naming the field, the value and what is allowed. Empty when valid. */
export function validateEnvironment(env: PipelineEnvironment): string[] {
  const problems: string[] = [];
  const show = (value: unknown) => JSON.stringify(value);
  if (!ENV_NAME.test(env.name ?? "")) {
    problems.push(
      `name: got ${show(env.name)}; allowed: lowercase letters, digits and '-', starting with a letter, ≤ 16 chars`
    );
  }
  if (!REGION.test(env.region ?? "")) {
    problems.push(`region: got ${show(env.region)}; allowed: an AWS region name such as "us-east-1"`);
  }
  if (!ACCOUNT_ID.test(env.accountId ?? "")) {
    problems.push(`accountId: got ${show(env.accountId)}; allowed: exactly 12 digits (set PIPELINE_ACCOUNT_ID)`);
  }
  const backend = env.backend as BackendConfig | undefined;
  if (backend?.type === "local") {
    if (backend.path !== undefined && (backend.path === "" || isAbsolutePath(backend.path))) {
      problems.push(
        `backend.path: got ${show(
          backend.path
        )}; allowed: a RELATIVE path (absolute paths make synthesized output machine-specific)`
      );
    }
  } else if (backend?.type === "s3") {
    if (!BUCKET.test(backend.bucket ?? "") || (backend.bucket ?? "").includes("..")) {
      problems.push(
        `backend.bucket: got ${show(
          backend.bucket
        )}; allowed: an S3 bucket name (3–63 lowercase letters, digits, '.', '-')`
      );
    }
    if (!backend.key || backend.key.startsWith("/") || backend.key.endsWith("/")) {
      problems.push(
        `backend.key: got ${show(backend.key)}; allowed: a non-empty object key without leading or trailing '/'`
      );
    }
    if (!REGION.test(backend.region ?? "")) {
      problems.push(`backend.region: got ${show(backend.region)}; allowed: an AWS region name such as "us-east-1"`);
    }
    if (backend.dynamodbTable !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(backend.dynamodbTable)) {
      problems.push(
        `backend.dynamodbTable: got ${show(
          backend.dynamodbTable
        )}; allowed: a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)`
      );
    }
  } else {
    problems.push(
      `backend.type: got ${show((backend as { type?: unknown } | undefined)?.type)}; allowed: "local" or "s3"`
    );
  }
  problems.push(...validateWorkloads(env));
  for (const [key, value] of Object.entries(env.tags ?? {})) {
    if (key.length === 0 || key.length > TAG_KEY_MAX || key.toLowerCase().startsWith("aws:")) {
      problems.push(`tags: key ${show(key)} is not allowed (1–${TAG_KEY_MAX} chars, not starting with "aws:")`);
    }
    if (typeof value !== "string" || value.length > TAG_VALUE_MAX) {
      problems.push(`tags.${key}: got ${show(value)}; allowed: a string of ≤ ${TAG_VALUE_MAX} chars`);
    }
  }
  return problems;
}

/** Problems of `env.workloads`: each workload's fields (`parseWorkload`), its region, and the capacity choice. */
function validateWorkloads(env: PipelineEnvironment): string[] {
  const problems: string[] = [];
  const show = (value: unknown) => JSON.stringify(value);
  const workloads = env.workloads as EnvironmentWorkloads | undefined;
  if (workloads === undefined || workloads === null || typeof workloads !== "object") {
    return [`workloads: got ${show(workloads)}; allowed: { agentTelemetry, agentTelemetryCapacity, telemetrySink }`];
  }
  for (const key of ["agentTelemetry", "telemetrySink"] as const) {
    const workload = workloads[key];
    try {
      parseWorkload(workload);
    } catch (e) {
      if (!(e instanceof WorkloadValidationError)) throw e;
      for (const p of e.problems) {
        problems.push(`workloads.${key}${p.path ? `.${p.path}` : ""}: got ${show(p.value)}; allowed: ${p.allowed}`);
      }
      continue;
    }
    if (workload.region !== undefined && workload.region !== env.region) {
      problems.push(
        `workloads.${key}.region: got ${show(workload.region)}; allowed: the environment's region ${show(env.region)} (or leave it out)`
      );
    }
  }
  const capacity = workloads.agentTelemetryCapacity as StreamCapacityConfig | undefined;
  if (capacity?.mode === "provisioned") {
    const maxShards = KINESIS_LIMITS.maxShardsPerStream.value;
    if (!Number.isInteger(capacity.shards) || capacity.shards < 1 || capacity.shards > maxShards) {
      problems.push(`workloads.agentTelemetryCapacity.shards: got ${show(capacity.shards)}; allowed: an integer from 1 to ${maxShards}`);
    }
  } else if (capacity?.mode === "for-workload") {
    if (capacity.choose !== undefined && !["provisioned", "on-demand", "cheapest"].includes(capacity.choose)) {
      problems.push(
        `workloads.agentTelemetryCapacity.choose: got ${show(capacity.choose)}; allowed: "provisioned", "on-demand" or "cheapest"`
      );
    }
    const t = capacity.targetThrottledFraction;
    if (t !== undefined && !(typeof t === "number" && t >= 0 && t < 1)) {
      problems.push(`workloads.agentTelemetryCapacity.targetThrottledFraction: got ${show(t)}; allowed: a number in [0, 1)`);
    }
    const h = capacity.headroom;
    if (h !== undefined && !(typeof h === "number" && h > 0 && h <= 1)) {
      problems.push(`workloads.agentTelemetryCapacity.headroom: got ${show(h)}; allowed: a number in (0, 1]`);
    }
  } else if (capacity?.mode !== "on-demand") {
    problems.push(
      `workloads.agentTelemetryCapacity.mode: got ${show((capacity as { mode?: unknown } | undefined)?.mode)}; allowed: "for-workload", "provisioned" or "on-demand"`
    );
  }
  return problems;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p);
}

function parseBoolean(raw: string, variable: string, problems: string[]): boolean | undefined {
  if (raw === "true") return true;
  if (raw === "false") return false;
  problems.push(`${variable}: got ${JSON.stringify(raw)}; allowed: "true" or "false"`);
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
    throw new EnvironmentConfigError(name, [
      `${ENVIRONMENT_VARIABLES.environment}: unknown environment ${JSON.stringify(name)}; allowed: ${Object.keys(
        ENVIRONMENTS
      )
        .map((n) => JSON.stringify(n))
        .join(", ")}`,
    ]);
  }
  const problems: string[] = [];
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
        problems.push(
          `${ENVIRONMENT_VARIABLES[key]} is set but environment '${name}' uses local state; also set ${ENVIRONMENT_VARIABLES.stateBucket}`
        );
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
  };
  problems.push(...validateEnvironment(env));
  if (problems.length > 0) throw new EnvironmentConfigError(name, problems);
  return env;
}
