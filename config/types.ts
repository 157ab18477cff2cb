/** The shape of a deployment environment of the example app (`main.ts`): account, region, state, tags, workloads. */
import type { Workload } from "stream-simulator";
import type { RemovalPolicy } from "../constructs/removal-policy";
import type { WorkloadCapacityMode } from "../constructs/stream/capacity-options";

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
      readonly choose?: WorkloadCapacityMode;
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
  /**
   * Whether `cdktf destroy` (or a change that replaces them) may delete the stacks' streams, buckets, keys and log
   * groups. `dev` opts out of the library's default with `RemovalPolicy.DESTROY`, so a test environment can be torn
   * down; `prod` keeps the default, so no plan can delete landed data.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
