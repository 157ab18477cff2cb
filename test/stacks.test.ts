import { Testing } from "cdktf";
import { ENVIRONMENTS, type PipelineEnvironment } from "../config/environments";
import { StreamCapacity } from "../constructs/stream-capacity";
import {
  AGENT_TELEMETRY_ERROR_PREFIX,
  AGENT_TELEMETRY_PREFIX,
  AgentTelemetryStack,
} from "../stacks/agent-telemetry-stack";
import { TELEMETRY_SINK_PREFIX, TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { resourcesOfType, testApp } from "./helpers/test-stack";
import { terraformPlan, terraformValidate, type PlanSummary } from "./terraform/harness";

/** dev, as shipped: placeholder account, local state with an explicit relative path (machine-independent output). */
const DEV: PipelineEnvironment = ENVIRONMENTS.dev;
const PROD: PipelineEnvironment = ENVIRONMENTS.prod;

function agentTelemetry(environment: PipelineEnvironment = DEV, capacity?: StreamCapacity): AgentTelemetryStack {
  return new AgentTelemetryStack(testApp(), "agent-telemetry", { environment, capacity });
}
function telemetrySink(environment: PipelineEnvironment = DEV): TelemetrySinkStack {
  return new TelemetrySinkStack(testApp(), "telemetry-sink", { environment });
}
/** Synthesized JSON, with the library's synth-time validations run (they must pass). */
function synth(stack: AgentTelemetryStack | TelemetrySinkStack): any {
  return JSON.parse(Testing.synth(stack, true));
}
function only(synthesized: any, type: string): any {
  const resources = Object.values(resourcesOfType(synthesized, type));
  expect(resources).toHaveLength(1);
  return resources[0];
}

describe("every example stack is bound to its environment", () => {
  it.each([
    ["AgentTelemetryStack", agentTelemetry],
    ["TelemetrySinkStack", telemetrySink],
  ])("%s: provider pinned to the account and region, default tags, relative local state", (_name, make) => {
    const json = synth(make());
    expect(json.provider.aws).toEqual([
      {
        region: "us-east-1",
        allowed_account_ids: [DEV.accountId],
        default_tags: [{ tags: DEV.tags }],
      },
    ]);
    expect(json.terraform.backend).toEqual({ local: { path: expect.stringMatching(/^terraform\.[a-z-]+\.tfstate$/) } });
    // Account/region come from configuration: no STS call, so offline plans work.
    expect(json.data?.aws_caller_identity).toBeUndefined();
  });

  it("uses S3 state with S3-native locking for prod, one key per stack", () => {
    expect(synth(agentTelemetry(PROD)).terraform.backend).toEqual({
      s3: {
        bucket: "example-org-terraform-state",
        key: "cdktf-kinesis-pipeline/prod/agent-telemetry.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(synth(telemetrySink(PROD)).terraform.backend.s3.key).toBe(
      "cdktf-kinesis-pipeline/prod/telemetry-sink.tfstate"
    );
  });

  it("builds ARNs from the configured account", () => {
    expect(Testing.synth(agentTelemetry(PROD))).toContain(":210987654321:");
  });
});

describe("AgentTelemetryStack", () => {
  it("matches the snapshot", () => {
    expect(Testing.synth(agentTelemetry())).toMatchSnapshot();
  });

  it("streams agent telemetry through an on-demand, KMS-encrypted stream kept 48 h", () => {
    const stream = only(synth(agentTelemetry()), "aws_kinesis_stream");
    expect(stream).toMatchObject({
      name: "agent-telemetry-dev",
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      encryption_type: "KMS",
      retention_period: 48,
    });
    expect(stream.shard_count).toBeUndefined();
  });

  it("can be provisioned once the steady throughput is known", () => {
    const stream = only(synth(agentTelemetry(DEV, StreamCapacity.provisioned(4))), "aws_kinesis_stream");
    expect(stream).toMatchObject({ shard_count: 4, stream_mode_details: { stream_mode: "PROVISIONED" } });
  });

  it("delivers hour-partitioned, GZIP'd JSON lines from the stream to S3", () => {
    const json = synth(agentTelemetry());
    const delivery = only(json, "aws_kinesis_firehose_delivery_stream");
    expect(delivery.name).toBe("agent-telemetry-dev");
    expect(delivery.destination).toBe("extended_s3");
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toMatch(/^\$\{aws_kinesis_stream\./);
    expect(delivery.extended_s3_configuration).toMatchObject({
      prefix: AGENT_TELEMETRY_PREFIX,
      error_output_prefix: AGENT_TELEMETRY_ERROR_PREFIX,
      buffering_size: 64,
      buffering_interval: 120,
      compression_format: "GZIP",
      file_extension: ".jsonl.gz",
    });
    expect(AGENT_TELEMETRY_PREFIX).toBe("agent-telemetry/!{timestamp:yyyy/MM/dd/HH}/");
  });

  it("outputs the stream name and ARN, the delivery stream name and the bucket name", () => {
    const outputs = synth(agentTelemetry()).output;
    expect(Object.keys(outputs).sort()).toEqual(["bucket_name", "delivery_stream_name", "stream_arn", "stream_name"]);
    expect(outputs.stream_name.value).toMatch(/^\$\{aws_kinesis_stream\.[^.]+\.name\}$/);
    expect(outputs.stream_arn.value).toMatch(/^\$\{aws_kinesis_stream\.[^.]+\.arn\}$/);
    expect(outputs.delivery_stream_name.value).toBe("agent-telemetry-dev");
    expect(outputs.bucket_name.value).toMatch(/^\$\{aws_s3_bucket\.[^.]+\.bucket\}$/);
  });
});

describe("TelemetrySinkStack", () => {
  it("matches the snapshot", () => {
    expect(Testing.synth(telemetrySink())).toMatchSnapshot();
  });

  it("is a direct-PUT Firehose with its own key, daily prefix, 64 MiB / 60 s buffering and GZIP", () => {
    const json = synth(telemetrySink());
    expect(resourcesOfType(json, "aws_kinesis_stream")).toEqual({});
    const delivery = only(json, "aws_kinesis_firehose_delivery_stream");
    expect(delivery.name).toBe("telemetry-sink-dev");
    expect(delivery.kinesis_source_configuration).toBeUndefined();
    expect(delivery.server_side_encryption).toMatchObject({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK" });
    expect(delivery.extended_s3_configuration).toMatchObject({
      prefix: TELEMETRY_SINK_PREFIX,
      buffering_size: 64,
      buffering_interval: 60,
      compression_format: "GZIP",
    });
    expect(TELEMETRY_SINK_PREFIX).toBe("events/!{timestamp:yyyy/MM/dd}/");
  });

  it("outputs the delivery stream name and ARN and the bucket name", () => {
    expect(Object.keys(synth(telemetrySink()).output).sort()).toEqual([
      "bucket_name",
      "delivery_stream_arn",
      "delivery_stream_name",
    ]);
  });
});

describe("terraform accepts every example stack (offline validate + plan)", () => {
  /** Every planned change creates something (a fresh stack), and these types are among them. */
  function expectCreates(plan: PlanSummary, types: string[]): void {
    for (const change of plan.resourceChanges) expect(change.actions).toEqual(["create"]);
    for (const type of types) expect(plan.byType(type).length).toBeGreaterThan(0);
  }
  const bucketTypes = [
    "aws_s3_bucket",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_policy",
  ];

  it("AgentTelemetryStack", () => {
    terraformValidate(agentTelemetry());
    const plan = terraformPlan(agentTelemetry());
    expectCreates(plan, [
      "aws_kinesis_stream",
      "aws_kms_key",
      "aws_kinesis_firehose_delivery_stream",
      "aws_iam_role",
      "aws_iam_role_policy",
      ...bucketTypes,
    ]);
    expect(plan.byType("aws_kinesis_stream")).toHaveLength(1);
    expect(plan.counts.add).toBe(plan.resourceChanges.length);
  });

  it("TelemetrySinkStack", () => {
    terraformValidate(telemetrySink());
    const plan = terraformPlan(telemetrySink());
    expectCreates(plan, ["aws_kinesis_firehose_delivery_stream", "aws_kms_key", "aws_iam_role", ...bucketTypes]);
    expect(plan.byType("aws_kinesis_stream")).toEqual([]);
  });
});
