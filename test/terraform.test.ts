/**
 * Every kind of stack the repository ships or builds, against real Terraform (offline, provider 5.100.0 from the
 * local mirror), in ONE `terraform validate` and ONE `terraform plan` (`terraformValidateAndPlanAll`: each stack, as
 * synthesized, is a module of one root). Each command spends ≈2.5 s loading the provider schema however small the
 * stack, so checking five stacks together costs two commands where separately it cost ten.
 *
 * - The example stacks of `main.ts` (`stacks/`), for both environments of `config/environments.ts`: dev (local state)
 *   and prod (S3 state, more shards).
 * - ONE stack holding every option family of every construct, each family under its own scope:
 *   - `streams`: EncryptedStream and PipelineKey (several streams, shared key, imported stream, every grant);
 *   - `buckets`: SecureBucket (defaults, every option, an existing key and central access logs);
 *   - `firehose`: FirehoseToS3 and StreamingPipeline (direct PUT, Kinesis source, dynamic partitioning, Lambda
 *     transform with backup, two full pipelines);
 *   - `workload`: FirehoseToS3 with a declared workload (direct PUT, Kinesis source, dynamic partitioning) and its
 *     workload outputs;
 *   - `random`: a seeded sample of random valid props, from the same fast-check arbitraries as the unit property tests.
 * - The README's short examples (examples/snippets/), in one stack.
 * Each stack is also validated as `cdktf synth --hcl` writes it (IAM policies are `jsonencode(...)` documents, which
 * cdktf renders correctly in both forms), in the same `terraform validate`.
 *
 * The stacks are validated and planned once (`beforeAll`); each test below checks its part of the result. Resource
 * addresses start with the family's scope (`aws_s3_bucket.buckets_full_…`), so a failure names the construct.
 * Catches what synth cannot: unknown arguments, enum/range errors in the provider schema, and plan-time CustomizeDiff
 * rules (e.g. shard_count with ON_DEMAND, the split S3 resources' rules).
 */
import * as fc from "fast-check";
import type { Workload } from "stream-simulator";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { Compression } from "../constructs/firehose/compression";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { RemovalPolicy } from "../constructs/removal-policy";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamEncryption } from "../constructs/stream/stream-encryption";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { ENVIRONMENTS } from "../config/environments";
import { AgentTelemetryStack } from "../stacks/agent-telemetry-stack";
import { TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { validBucketProps, validFirehoseProps, validStreamProps, withKeysIn } from "./helpers/arbitraries";
import { consumerOrdersStack } from "./helpers/consumer-stack";
import { snippetsStack, SNIPPETS_ENVIRONMENT } from "./helpers/readme-snippets";
import { resourcesOfType, synthJson, testApp, testStack } from "./helpers/test-stack";
import {
  terraformValidateAndPlanAll,
  type PlannedResourceChange,
  type PlanSummary,
  type ValidateAndPlanResult,
} from "../testing/terraform";

/**
 * The every-construct stack is in the README examples' account and region (those of the snippets and the consumer
 * example), so the three share one provider configuration in the batch: one provider process fewer per walk.
 */
const { accountId: ACCOUNT_ID, region: REGION } = SNIPPETS_ENVIRONMENT;
const { stack } = testStack("every-construct", {}, SNIPPETS_ENVIRONMENT);

/** EncryptedStream and PipelineKey: several streams covering every option family, all grants. */
function streamsFamily(scope: Construct): void {
  const role = new IamRole(scope, "consumer", {
    name: "stream-consumer",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "firehose.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  });
  const shared = new PipelineKey(scope, "shared-key", { aliasName: "alias/pipeline/shared", deletionWindowDays: 7 });
  const orders = new EncryptedStream(scope, "orders", { streamName: "orders.v1", efoConsumerNames: ["analytics"] });
  const clicks = new EncryptedStream(scope, "clicks", {
    streamName: "clicks",
    capacity: StreamCapacity.provisioned(2),
    retentionHours: 168,
    encryption: StreamEncryption.existingKey(shared),
    shardLevelMetrics: ["IncomingBytes", "OutgoingBytes"],
    alarmActionArns: [`arn:aws:sns:${REGION}:${ACCOUNT_ID}:alarms`],
    tags: { team: "web" },
  });
  const audit = new EncryptedStream(scope, "audit", {
    streamName: "audit",
    encryption: StreamEncryption.awsManaged(),
    alarms: false,
  });
  const legacy = EncryptedStream.fromStreamAttributes(scope, "legacy", {
    streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT_ID}:stream/legacy`,
    encryptionKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  });
  for (const s of [orders, clicks, audit, legacy]) {
    s.grantRead(role.name);
    s.grantWrite(role.name);
  }
  orders.grantReadConsumer("analytics", role.name);
  clicks.grantReadWrite(role);
  legacy.grant(role, ["kinesis:DescribeStreamSummary", "kinesis:ListShards"]);
}

/** SecureBucket: defaults, every option, an existing key with central access logs. */
function bucketsFamily(scope: Construct): void {
  new SecureBucket(scope, "defaults");
  new SecureBucket(scope, "full", {
    bucketPrefix: "pipeline-landing-",
    transitions: [
      { afterDays: 30, storageClass: "STANDARD_IA" },
      { afterDays: 90, storageClass: "GLACIER_IR" },
      { afterDays: 180, storageClass: "DEEP_ARCHIVE" },
    ],
    expirationDays: 400,
    noncurrentVersionExpirationDays: 30,
    abortIncompleteMultipartUploadDays: 3,
    accessLogging: true,
    accessLogExpirationDays: 180,
    keyDeletionWindowDays: 7,
    tags: { team: "data", "cost-center": "42" },
  });
  new SecureBucket(scope, "existing-key", {
    encryptionKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    accessLogging: "existing-central-access-logs",
    accessLogPrefix: "landing/",
    forceDestroy: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * Without the created bucket's access logging, for the deliveries that show something else (every planned resource
 * costs the plan CPU; the buckets family, `direct`, `telemetry` and the example stacks plan the default).
 */
const NO_ACCESS_LOGS = { bucketProps: { accessLogging: false } } as const;

/** FirehoseToS3 in every shape, and two full StreamingPipelines. */
function firehoseFamily(scope: Construct): void {
  const direct = new FirehoseToS3(scope, "direct", { deliveryStreamName: "orders" });
  direct.grantPutRecords("orders-producer");
  FirehoseToS3.fromDeliveryStreamAttributes(scope, "legacy", { deliveryStreamName: "legacy-events" }).grantPutRecords("orders-producer");
  const source = new EncryptedStream(scope, "clicks-stream", { streamName: "clicks-source" });
  new FirehoseToS3(scope, "from-stream", { deliveryStreamName: "clicks", source, compression: Compression.SNAPPY, ...NO_ACCESS_LOGS });
  new FirehoseToS3(scope, "partitioned", {
    ...NO_ACCESS_LOGS,
    deliveryStreamName: "events",
    dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, retryDurationSeconds: 600 },
    prefix: "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/",
    fileExtension: ".json.gz",
    timeZone: "Europe/Berlin",
  });
  new FirehoseToS3(scope, "transformed", {
    ...NO_ACCESS_LOGS,
    deliveryStreamName: "enriched",
    transformLambdaArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:enrich`,
    transformOptions: { bufferSizeMB: 0.5, bufferIntervalSeconds: 120, retries: 5 },
    sourceRecordBackup: true,
    logRetentionDays: 30,
    bufferingIntervalSeconds: 60,
  });
  // A buffering interval from a Terraform variable: the alarm threshold is a Terraform expression terraform computes.
  const interval = new TerraformVariable(scope, "interval", { type: "number", default: 120 });
  new FirehoseToS3(scope, "variable-interval", { deliveryStreamName: "variable-interval", bufferingIntervalSeconds: interval.numberValue, logging: false, ...NO_ACCESS_LOGS });
  new StreamingPipeline(scope, "telemetry", { name: "telemetry", tags: { team: "data" } });
  new StreamingPipeline(scope, "audit", { name: "audit-trail", delivery: { alarms: false, logging: false, ...NO_ACCESS_LOGS } });
}

/** FirehoseToS3 with a declared workload, in each source shape: the workload outputs must validate and plan. */
const WORKLOAD: Workload = { recordsPerSecond: 256, recordBytes: 4096, peakToAverage: 1.5 };
function workloadFamily(scope: Construct): void {
  const workload = WORKLOAD;
  new FirehoseToS3(scope, "direct", { deliveryStreamName: "orders-workload", workload, bufferingSizeMiB: 64, logGroupName: "/central/firehose-errors", ...NO_ACCESS_LOGS });
  const source = new EncryptedStream(scope, "clicks-stream", { streamName: "clicks-workload" });
  new FirehoseToS3(scope, "from-stream", {
    deliveryStreamName: "clicks-workload",
    source,
    workload,
    bufferingSizeMiB: 64,
    ...NO_ACCESS_LOGS,
  });
  new FirehoseToS3(scope, "partitioned", {
    deliveryStreamName: "events-workload",
    workload,
    dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, expectedActivePartitions: 20 },
    ...NO_ACCESS_LOGS,
    prefix: "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/",
  });
}

/** Reproducible random sample (fixed seed) of valid props of every construct. */
const SEED = 20261122;
const SAMPLE_SIZE = 2;
function randomFamily(scope: Construct): void {
  const streams = fc.sample(validStreamProps, { numRuns: SAMPLE_SIZE, seed: SEED }).map((props) => withKeysIn(props, REGION));
  const buckets = fc.sample(validBucketProps, { numRuns: SAMPLE_SIZE, seed: SEED + 1 }).map((props) => withKeysIn(props, REGION));
  const deliveries = fc.sample(validFirehoseProps, { numRuns: SAMPLE_SIZE, seed: SEED + 2 });
  streams.forEach((props, i) => new EncryptedStream(scope, `stream${i}`, props));
  buckets.forEach((props, i) => new SecureBucket(scope, `bucket${i}`, props));
  deliveries.forEach((props, i) => new FirehoseToS3(scope, `delivery${i}`, props));
  // The first random stream's props as the source of a full pipeline (Kinesis source, created bucket), under the
  // pipeline's own name (stream names are unique per account and region).
  streams
    .slice(0, 1)
    .forEach((props, i) => new StreamingPipeline(scope, `pipeline${i}`, { name: `pipeline-${i}`, stream: { ...props, streamName: `pipeline-${i}` } }));
}

const FAMILIES = {
  streams: streamsFamily,
  buckets: bucketsFamily,
  firehose: firehoseFamily,
  workload: workloadFamily,
  random: randomFamily,
};
for (const [name, build] of Object.entries(FAMILIES)) build(new Construct(stack, name));

/** The family a resource address belongs to: the first part of its logical id (`aws_x.<family>_…`). */
function familyOf(address: string): string {
  const logicalId = address.split(".").pop() ?? "";
  return logicalId.split("_")[0];
}

/** The example stacks as `main.ts` builds them, per environment. */
const EXAMPLES = (["dev", "prod"] as const).flatMap((name) => [
  { name: `${name} AgentTelemetryStack`, stack: new AgentTelemetryStack(testApp(), "agent-telemetry", { environment: ENVIRONMENTS[name] }) },
  { name: `${name} TelemetrySinkStack`, stack: new TelemetrySinkStack(testApp(), "telemetry-sink", { environment: ENVIRONMENTS[name] }) },
]);

/** The README's short examples. */
const SNIPPETS = snippetsStack().stack;

/** The consumer example's stack, from the repository's sources: consumer-package.test.ts checks that the packed
 * packages synthesize exactly this, so this run validates and plans what the consumer gets. */
const CONSUMER = consumerOrdersStack();

let result: ValidateAndPlanResult;
let snippets: ValidateAndPlanResult;
let consumer: ValidateAndPlanResult;
let examples: Map<string, ValidateAndPlanResult>;
beforeAll(() => {
  const [constructs, snippetsResult, consumerResult, ...rest] = terraformValidateAndPlanAll(
    [stack, SNIPPETS, CONSUMER, ...EXAMPLES.map((example) => example.stack)],
    { hcl: [CONSUMER, ...EXAMPLES.map((example) => example.stack)] },
  );
  result = constructs;
  snippets = snippetsResult;
  consumer = consumerResult;
  examples = new Map(EXAMPLES.map((example, i) => [example.name, rest[i]]));
});

/** The planned changes of one family, with `byType` like the plan's. */
function family(name: keyof typeof FAMILIES) {
  const changes = result.plan.resourceChanges.filter((change) => familyOf(change.address) === name);
  return { changes, byType: (type: string) => changes.filter((change) => change.type === type) };
}
const actions = (changes: readonly PlannedResourceChange[]) => new Set(changes.map((c) => c.actions.join()));

describe("every construct under terraform, in one stack", () => {
  it("passes terraform validate without warnings (e.g. no lifecycle rule lacking a filter)", () => {
    expect(result.validate.warnings).toEqual([]);
  });

  it("plans offline without warnings, creating everything and changing or removing nothing", () => {
    expect(result.plan.warnings).toEqual([]);
    expect(result.plan.counts.change).toBe(0);
    expect(result.plan.counts.remove).toBe(0);
    expect(actions(result.plan.resourceChanges)).toEqual(new Set(["create"]));
    // Every family is in the plan.
    for (const name of Object.keys(FAMILIES))
      expect(family(name as keyof typeof FAMILIES).changes.length).toBeGreaterThan(0);
  });
});

describe("the HCL synth (cdktf synth --hcl) under terraform", () => {
  // cdktf's HCL renderer writes each depends_on entry in quotes (cdktf 0.21, lib/hcl/render.js,
  // renderFuzzyJsonExpression), which terraform accepts with a deprecation warning; that warning, once per entry, is
  // the only one allowed.
  const dependsOnEntries = (stack: TerraformStack): number =>
    Object.values((JSON.parse(Testing.synth(stack)).resource ?? {}) as Record<string, Record<string, { depends_on?: string[] }>>)
      .flatMap((byName) => Object.values(byName))
      .reduce((n, resource) => n + (resource.depends_on?.length ?? 0), 0);

  it("the consumer example and both example stacks in both environments pass terraform validate as HCL too: no error, and no warning but cdktf's quoted depends_on entries", () => {
    const all = [["consumer", consumer, CONSUMER] as const, ...EXAMPLES.map((e) => [e.name, examples.get(e.name)!, e.stack] as const)];
    for (const [name, checked, synthesized] of all) {
      const warnings = checked.hclValidate!.warnings;
      const other = warnings.filter((w) => w.summary !== "Quoted references are deprecated");
      expect({ name, other }).toEqual({ name, other: [] });
      expect({ name, quoted: warnings.length }).toEqual({ name, quoted: dependsOnEntries(synthesized) });
    }
  });
});

describe("EncryptedStream and PipelineKey under terraform", () => {
  it("plans several streams and keys with their consumers, alarms and grants", () => {
    const streams = family("streams");
    expect(streams.byType("aws_kinesis_stream")).toHaveLength(3);
    expect(streams.byType("aws_kms_key")).toHaveLength(2); // orders' own key + the shared one
    expect(streams.byType("aws_kms_alias")).toHaveLength(2);
    expect(streams.byType("aws_kinesis_stream_consumer")).toHaveLength(1);
    // Alarms on each stream that has them on (the alarm set per capacity mode is the unit tests' business).
    const alarmed = (id: string) =>
      streams.byType("aws_cloudwatch_metric_alarm").filter((c) => c.address.includes(`.streams_${id}_`));
    expect(alarmed("orders").length).toBeGreaterThan(0);
    expect(alarmed("clicks").length).toBeGreaterThan(0);
    expect(alarmed("audit")).toEqual([]);
    expect(streams.byType("aws_iam_role_policy")).toHaveLength(11);
  });
});

describe("SecureBucket under terraform", () => {
  it("plans every bucket and its configuration resources", () => {
    const buckets = family("buckets");
    // defaults and full: bucket + log bucket (access logging is on by default); existing-key: 1 bucket, logging to
    // an existing log bucket.
    expect(buckets.byType("aws_s3_bucket")).toHaveLength(5);
    expect(buckets.byType("aws_kms_key")).toHaveLength(2);
    for (const type of [
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_lifecycle_configuration",
    ]) {
      expect(buckets.byType(type)).toHaveLength(5);
    }
    expect(buckets.byType("aws_s3_bucket_logging")).toHaveLength(3);
  });
});

describe("FirehoseToS3 and StreamingPipeline under terraform", () => {
  it("plans seven delivery streams with their roles, policies and log streams", () => {
    const firehose = family("firehose");
    expect(firehose.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(7);
    expect(firehose.byType("aws_iam_role")).toHaveLength(7);
    expect(firehose.byType("aws_kinesis_stream")).toHaveLength(3);
    // direct (s3, logs, sse, put grant) + from-stream (s3, logs, read) + partitioned (s3, logs, sse)
    // + transformed (s3, logs, lambda, sse) + variable-interval (s3, sse) + telemetry (s3, logs, read) + audit (s3, read)
    // + the imported legacy delivery stream's put grant
    expect(firehose.byType("aws_iam_role_policy")).toHaveLength(22);
    expect(firehose.byType("aws_iam_role_policy").filter((c) => c.address.includes("firehose_legacy_GrantPutRecords"))).toHaveLength(1);
    expect(firehose.byType("aws_cloudwatch_log_stream")).toHaveLength(6); // 4 destination + 1 backup + telemetry
  });
});

describe("FirehoseToS3 workload outputs under terraform", () => {
  it("synthesizes 4 + 3 quota outputs per direct-PUT delivery, 4 for the Kinesis-sourced one, and 1 more with partitions", () => {
    const outputs = Object.keys(synthJson(stack).output ?? {}).filter((id) => familyOf(id) === "workload");
    expect(outputs).toHaveLength(7 + 4 + 8);
  });

  it("validates and plans the three workload-declaring delivery streams with their outputs", () => {
    // validate and plan (without warnings) of the whole stack: the first describe block.
    expect(family("workload").byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(3);
  });
});

describe("random valid props under terraform", () => {
  it("a seeded sample of streams, buckets, delivery streams and pipelines validates and plans", () => {
    const json = synthJson(stack);
    const inRandom = (type: string) =>
      Object.keys(resourcesOfType(json, type)).filter((id) => familyOf(id) === "random");
    expect(inRandom("aws_kinesis_stream")).toHaveLength(SAMPLE_SIZE + 1);
    expect(inRandom("aws_kinesis_firehose_delivery_stream")).toHaveLength(SAMPLE_SIZE + 1);
    const random = family("random");
    expect(random.byType("aws_kinesis_stream")).toHaveLength(SAMPLE_SIZE + 1);
    expect(random.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(SAMPLE_SIZE + 1);
  });
});

describe("the README's short examples under terraform", () => {
  it("validate and plan without warnings, creating everything", () => {
    expect(snippets.validate.warnings).toEqual([]);
    expect(snippets.plan.warnings).toEqual([]);
    expect(snippets.plan.counts).toEqual({ add: snippets.plan.resourceChanges.length, change: 0, remove: 0 });
    expect(snippets.plan.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(3);
  });
});

describe("the consumer example's stack under terraform", () => {
  it("validates and plans without warnings, creating the sized stream, the delivery and the producer role", () => {
    expect(consumer.validate.warnings).toEqual([]);
    expect(consumer.plan.warnings).toEqual([]);
    expect(consumer.plan.counts).toEqual({ add: consumer.plan.resourceChanges.length, change: 0, remove: 0 });
    expect(consumer.plan.byType("aws_kinesis_stream")).toHaveLength(1);
    expect(consumer.plan.byType("aws_kinesis_firehose_delivery_stream")).toHaveLength(1);
  });
});

describe("terraform accepts every example stack, in both environments (offline validate + plan)", () => {
  /** Every planned change creates something (a fresh stack), and these types are among them. */
  function expectCreates(plan: PlanSummary, types: string[]): void {
    for (const change of plan.resourceChanges) expect(change.actions).toEqual(["create"]);
    for (const type of types) expect(plan.byType(type).length).toBeGreaterThan(0);
    expect(plan.counts).toEqual({ add: plan.resourceChanges.length, change: 0, remove: 0 });
  }
  const bucketTypes = [
    "aws_s3_bucket",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_policy",
  ];

  it.each(["dev", "prod"])("%s AgentTelemetryStack", (environment) => {
    const { validate, plan } = examples.get(`${environment} AgentTelemetryStack`)!;
    expectCreates(plan, [
      "aws_kinesis_stream",
      "aws_kms_key",
      "aws_kinesis_firehose_delivery_stream",
      "aws_iam_role",
      "aws_iam_role_policy",
      ...bucketTypes,
    ]);
    expect(plan.byType("aws_kinesis_stream")).toHaveLength(1);
    // Neither the dev_overrides notice nor the ignored-backend notice of checking a stack as a module is a finding.
    expect(validate.warnings).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it.each(["dev", "prod"])("%s TelemetrySinkStack", (environment) => {
    const { validate, plan } = examples.get(`${environment} TelemetrySinkStack`)!;
    expectCreates(plan, ["aws_kinesis_firehose_delivery_stream", "aws_kms_key", "aws_iam_role", ...bucketTypes]);
    expect(plan.byType("aws_kinesis_stream")).toEqual([]);
    expect(validate.warnings).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("uses the harness's default provider install: the mirror's provider through dev_overrides, no terraform init", () => {
    for (const { plan } of examples.values()) {
      expect(plan.timings.initMs).toBe(0);
      expect(plan.timings.modulesMs).toBeGreaterThan(0); // terraform get: the module manifest only
    }
  });
});
