import * as fs from "node:fs";
import * as path from "node:path";
import { AnnotationMetadataEntryType, Testing } from "cdktf";
import { checkCapacity, formatCapacityVerdict, size, type Workload } from "stream-simulator";
import { ENVIRONMENTS } from "../config/environments";
import type { PipelineEnvironment } from "../config/types";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import {
  AGENT_TELEMETRY_ERROR_PREFIX,
  AGENT_TELEMETRY_PREFIX,
  AgentTelemetryStack,
} from "../stacks/agent-telemetry-stack";
import { TELEMETRY_SINK_PREFIX, TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { kinesisPipelineMatchers } from "../testing";
import { validationFailure } from "./helpers/assertions";
import { resourcesOfType, testApp } from "./helpers/test-stack";

/** dev, as shipped: placeholder account, local state with an explicit relative path (machine-independent output). */
const DEV: PipelineEnvironment = ENVIRONMENTS.dev;
const PROD: PipelineEnvironment = ENVIRONMENTS.prod;

expect.extend(kinesisPipelineMatchers);

function agentTelemetry(environment: PipelineEnvironment = DEV, capacity?: StreamCapacity, workload?: Workload): AgentTelemetryStack {
  return new AgentTelemetryStack(testApp(), "agent-telemetry", { environment, capacity, workload });
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

/** The dev agent-telemetry workload as the stack declares it (the environment's region filled in). */
const DEV_WORKLOAD: Workload = { ...DEV.workloads.agentTelemetry, region: DEV.region };
const DEV_SHARDS = size(DEV_WORKLOAD).recommendedShards as number;

describe("AgentTelemetryStack", () => {
  it("matches the snapshot", () => {
    const stack = agentTelemetry();
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(stack).toSustainWorkload(stack.pipeline.stream, DEV_WORKLOAD);
  });

  it.each([
    ["dev", DEV],
    ["prod", PROD],
  ])("%s: sizes its KMS-encrypted, 48 h stream from the environment's declared workload", (_name, environment) => {
    const stack = agentTelemetry(environment);
    const workload = { ...environment.workloads.agentTelemetry, region: environment.region };
    const stream = only(synth(stack), "aws_kinesis_stream");
    expect(stream).toMatchObject({
      name: `agent-telemetry-${environment.name}`,
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: size(workload).recommendedShards,
      encryption_type: "KMS",
      retention_period: 48,
    });
    // The reason is recorded: the sizing question that set the count, and the spread over key names.
    const sized = size(workload);
    const k = sized.keyNamings!;
    expect(stream.tags.CapacitySizing).toMatch(
      new RegExp(`^forWorkload ${sized.recommendedShards} provisioned shards / set by ${sized.binding} / .* / key names ${k.minShards === k.maxShards ? k.minShards : `${k.minShards}-${k.maxShards}`} shards / `),
    );
    expect(stack.pipeline.stream.capacity.sizing!.explanation).toContain(`${sized.recommendedShards} shards, set by the ${sized.binding} question`);
    expect(stack).toSustainWorkload(stack.pipeline.stream, workload);
  });

  it("gives prod more shards than dev", () => {
    expect(only(synth(agentTelemetry(PROD)), "aws_kinesis_stream").shard_count).toBeGreaterThan(DEV_SHARDS);
  });

  it("accepts an explicit shard count that sustains the workload", () => {
    const stack = agentTelemetry(DEV, StreamCapacity.provisioned(DEV_SHARDS + 1));
    expect(only(synth(stack), "aws_kinesis_stream")).toMatchObject({ shard_count: DEV_SHARDS + 1, stream_mode_details: { stream_mode: "PROVISIONED" } });
    expect(stack).toSustainWorkload(stack.pipeline.stream, DEV_WORKLOAD);
  });

  it("fails synth with the explained error when the workload gets heavier than a fixed shard count sustains", () => {
    const heavier: Workload = { ...DEV_WORKLOAD, recordsPerSecond: DEV_WORKLOAD.recordsPerSecond * 3 };
    const provisioned: PipelineEnvironment = {
      ...DEV,
      workloads: { ...DEV.workloads, agentTelemetry: heavier, agentTelemetryCapacity: { mode: "provisioned", shards: DEV_SHARDS } },
    };
    const error = validationFailure(() => agentTelemetry(provisioned));
    const subject = "Stream 'agent-telemetry-dev' (path agent-telemetry/Pipeline/Stream)";
    const verdict = checkCapacity(heavier, { mode: "provisioned", shards: DEV_SHARDS });
    expect(error.constructPath).toBe("agent-telemetry/Pipeline");
    expect(error.problems.map((p) => p.property)).toEqual(["stream.capacity.shardCount"]);
    expect(error.message).toContain(`${subject} does not sustain the declared workload with ${DEV_SHARDS} provisioned shards`);
    expect(error.message).toContain(`hot shard ${verdict.hotShard.shardId} peaks at`);
    expect(error.message).toContain(`binding constraint: ${verdict.bindingConstraint}`);
    expect(error.message).toContain(`The smallest shard count that passes is ${size(heavier).recommendedShards}`);
    expect(error.message).toContain(formatCapacityVerdict(verdict, subject));
    // Sized from the workload instead, the heavier workload simply gets more shards.
    const resized = agentTelemetry(DEV, undefined, heavier);
    expect(only(synth(resized), "aws_kinesis_stream").shard_count).toBe(size(heavier).recommendedShards);
    expect(resized).toSustainWorkload(resized.pipeline.stream, heavier);
  });

  it("fails synth for a hot-key workload: no shard count helps, and the error says what would", () => {
    // Every record keyed by one tenant: 1,500 records/s of 2 KiB on a single key, 3× one shard's byte limit.
    const hotKey: Workload = { ...DEV_WORKLOAD, recordsPerSecond: 1500, peakToAverage: 1, partitionKey: { strategy: "static", value: "tenant-42" } };
    const error = validationFailure(() => agentTelemetry(DEV, undefined, hotKey));
    expect(error.problems.map((p) => p.property)).toEqual(["stream.capacity"]);
    expect(error.message).toContain("Stream 'agent-telemetry-dev' (path agent-telemetry/Pipeline/Stream): StreamCapacity.forWorkload (mode \"provisioned\") found no capacity that sustains the declared workload");
    expect(error.message).toContain("binding constraint: hot-key");
    expect(error.message).toContain("The hottest partition key (tenant-42) carries 100.0% of the traffic");
    expect(error.message).toContain("no shard count helps");
    expect(error.message).toMatch(/What would help: Use better partition keys: .*suffix/);
    expect(error.message).toContain("On-demand capacity does NOT fix a hot key");
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

  it("outputs the stream name and ARN, the delivery stream name, the bucket name and the capacity reasoning", () => {
    const outputs = synth(agentTelemetry()).output;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["bucket_name", "delivery_stream_name", "stream_arn", "stream_name"]));
    const sizing = Object.entries(outputs).filter(([id]) => id.startsWith("Pipeline_Stream_CapacitySizing"));
    expect(sizing).toHaveLength(1);
    expect((sizing[0][1] as any).value).toMatchObject({
      recommendation: `${DEV_SHARDS} provisioned shards (sized by StreamCapacity.forWorkload, mode provisioned)`,
      binding_constraint: expect.any(String),
      simulated_peak_utilization: expect.any(Number),
      monthly_cost_estimate_usd: expect.any(Number),
      explanation: expect.stringContaining(`${DEV_SHARDS} shards`),
    });
    expect(outputs.stream_name.value).toMatch(/^\$\{aws_kinesis_stream\.[^.]+\.name\}$/);
    expect(outputs.stream_arn.value).toMatch(/^\$\{aws_kinesis_stream\.[^.]+\.arn\}$/);
    expect(outputs.delivery_stream_name.value).toBe("agent-telemetry-dev");
    expect(outputs.bucket_name.value).toMatch(/^\$\{aws_s3_bucket\.[^.]+\.bucket\}$/);
  });
});

describe("TelemetrySinkStack", () => {
  it("matches the snapshot", () => {
    const stack = telemetrySink();
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(stack.workload).toEqual({ ...DEV.workloads.telemetrySink, region: DEV.region });
    expect(stack.sink.workloadEstimate?.quotaBreached).toBe(false);
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
    expect(Object.keys(synth(telemetrySink()).output)).toEqual(
      expect.arrayContaining(["bucket_name", "delivery_stream_arn", "delivery_stream_name"]),
    );
  });
});

describe("synth warnings of the example stacks", () => {
  /** Every cdktf warning under `stack`, as "<construct path>: <message>". */
  function warnings(stack: AgentTelemetryStack | TelemetrySinkStack): string[] {
    return stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => `${c.node.path}: ${String(m.data)}`));
  }

  // Fails when a change makes `npm run synth` noisier than docs/sizing.md ("Firehose workload checks") says: only the
  // documented Firehose findings (5 KB ingestion rounding of single events; dev's small sink traffic) are expected.
  it.each([
    ["dev", DEV, [/^agent-telemetry\/Pipeline\/Delivery: Records of 2048 bytes are billed as 5120 bytes/]],
    ["prod", PROD, [/^agent-telemetry\/Pipeline\/Delivery: Records of 2048 bytes are billed as 5120 bytes/]],
  ])("%s AgentTelemetryStack warns only about the documented findings", (_env, environment, expected) => {
    const found = warnings(agentTelemetry(environment));
    expect(found).toEqual(expected.map((r) => expect.stringMatching(r)));
  });

  it.each([
    ["dev", DEV, [/^telemetry-sink\/Sink: Records of 1024 bytes are billed as 5120 bytes/, /^telemetry-sink\/Sink: Every buffer flushes by interval at .* the size hint never binds/]],
    ["prod", PROD, [/^telemetry-sink\/Sink: Records of 1024 bytes are billed as 5120 bytes/]],
  ])("%s TelemetrySinkStack warns only about the documented findings", (_env, environment, expected) => {
    const found = warnings(new TelemetrySinkStack(testApp(), "telemetry-sink", { environment }));
    expect(found).toEqual(expected.map((r) => expect.stringMatching(r)));
  });
});

// terraform validate + plan of the example stacks (dev and prod): test/terraform.test.ts.

describe("docs/deployment.md", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "docs", "deployment.md"), "utf8");
  const resourceCount = (json: any): number => Object.values(json.resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0);

  it("states the example stacks' resource counts and shard counts as they synthesize", () => {
    const stated = /`agent-telemetry`.*?(\d+) resources \((\d+) shards in dev, (\d+) in prod\)/.exec(text);
    expect(stated).not.toBeNull();
    const [, resources, dev, prod] = stated!.map(Number);
    expect(resourceCount(synth(agentTelemetry()))).toBe(resources);
    expect([dev, prod]).toEqual([DEV, PROD].map((e) => size({ ...e.workloads.agentTelemetry, region: e.region }).recommendedShards));
    const sink = /`telemetry-sink`.*?(\d+) resources/.exec(text);
    expect(Number(sink![1])).toBe(resourceCount(synth(telemetrySink())));
  });
});
