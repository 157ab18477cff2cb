/**
 * Change safety with the real provider, offline: each new synth planned over a state built from the previous synth
 * (`terraformPlanChangesAll`, one plan of the previous configurations and one of the new ones for every case here),
 * and the plan read by `plannedChangeFindings`. What the provider would replace is its own decision (a changed
 * force-new argument), not a list kept in this repository; Terraform decides what it would delete.
 *
 * The example stacks, as `main.ts` builds them today, are planned over their committed baselines
 * (test/baselines/, refreshed at a release): an upgrade of this library that would replace a deployed stream,
 * bucket, key, log group or delivery stream fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { ENVIRONMENTS } from "../config/environments";
import { RemovalPolicy } from "../constructs/removal-policy";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { AgentTelemetryStack } from "../stacks/agent-telemetry-stack";
import { TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { checkChangeSafety, plannedChangeFindings, type ChangeFinding } from "../testing";
import { EnvironmentStack } from "../stacks/environment-stack";
import { testApp } from "./helpers/test-stack";
import { changeFindings, terraformPlanChangesAll, type ChangePlan } from "../testing/terraform";

/**
 * A stack in the dev environment, as the example stacks are: the same provider configuration, so the whole batch
 * needs one provider process per plan walk.
 */
class DevStack extends EnvironmentStack {
  public constructor(id: string) {
    super(testApp(), id, ENVIRONMENTS.dev);
  }
}

/**
 * A pipeline as a user writes it, in the shape `change` gives it; without the bucket's access logging, which these
 * cases are not about (each planned resource costs the plans CPU; the example stacks plan it).
 */
function pipeline(change: { id?: string; streamName?: string } = {}): TerraformStack {
  const stack = new DevStack("orders");
  new StreamingPipeline(stack, change.id ?? "orders", {
    name: "orders",
    stream: { capacity: StreamCapacity.provisioned(2), ...(change.streamName ? { streamName: change.streamName } : {}) },
    delivery: { bucketProps: { accessLogging: false } },
  });
  return stack;
}
/** A stream alone (each planned resource costs the plans CPU: the cases about one resource keep to it). */
function stream(change: { streamName?: string; retentionHours?: number } = {}): TerraformStack {
  const stack = new DevStack("orders");
  new EncryptedStream(stack, "orders", {
    streamName: change.streamName ?? "orders",
    capacity: StreamCapacity.provisioned(2),
    ...(change.retentionHours ? { retentionHours: change.retentionHours } : {}),
  });
  return stack;
}
/** A bucket alone (no access logging), which may be deleted (RemovalPolicy.DESTROY). */
function destroyableBucket(bucketPrefix: string): TerraformStack {
  const stack = new DevStack("orders");
  new SecureBucket(stack, "landing", { bucketPrefix, removalPolicy: RemovalPolicy.DESTROY, accessLogging: false });
  return stack;
}
const synth = (stack: TerraformStack): string => Testing.synth(stack);

const BASELINES = path.join(__dirname, "baselines");
/**
 * The example stacks in the dev environment: prod differs in its values (shard counts, state backend), not in what
 * the constructs synthesize, and change-safety.test.ts checks both environments against their baselines without
 * terraform. One provider configuration fewer keeps this file's two plans cheaper (each configuration is a provider
 * process per plan walk).
 */
const EXAMPLES = (["dev"] as const).flatMap((env) => [
  { file: `agent-telemetry.${env}.cdk.tf.json`, stack: () => new AgentTelemetryStack(testApp(), "agent-telemetry", { environment: ENVIRONMENTS[env] }) },
  { file: `telemetry-sink.${env}.cdk.tf.json`, stack: () => new TelemetrySinkStack(testApp(), "telemetry-sink", { environment: ENVIRONMENTS[env] }) },
]);

const CASES = {
  unchanged: { previous: synth(pipeline()), next: pipeline() },
  retentionRaised: { previous: synth(stream()), next: stream({ retentionHours: 48 }) },
  streamRenamed: { previous: synth(pipeline()), next: pipeline({ streamName: "orders-v2" }) },
  idRenamed: { previous: synth(pipeline()), next: pipeline({ id: "orders-v2" }) },
  bucketPrefixChangedDestroyable: { previous: synth(destroyableBucket("orders-")), next: destroyableBucket("orders-archive-") },
};

let planned: Record<keyof typeof CASES, ChangePlan>;
let examples: ChangePlan[];
beforeAll(() => {
  const cases = Object.entries(CASES) as [keyof typeof CASES, (typeof CASES)[keyof typeof CASES]][];
  const results = terraformPlanChangesAll([
    ...cases.map(([, pair]) => pair),
    ...EXAMPLES.map(({ file, stack }) => ({ previous: fs.readFileSync(path.join(BASELINES, file), "utf8"), next: stack() })),
  ]);
  planned = Object.fromEntries(cases.map(([name], i) => [name, results[i]])) as typeof planned;
  examples = results.slice(cases.length);
});

const findingsOf = (plan: ChangePlan): ChangeFinding[] => plannedChangeFindings(plan);
const destroying = (plan: ChangePlan) => plan.changes.filter((c) => c.actions.includes("delete"));

describe("a new synth planned over a deployment of the previous one (real provider, offline)", () => {
  it("an unchanged stack plans no change at all: the prior state stands for the deployment exactly", () => {
    expect(planned.unchanged.changes).toEqual([]);
    expect(planned.unchanged.preventedDestroy).toEqual([]);
    expect(findingsOf(planned.unchanged)).toEqual([]);
  });

  it("an in-place change (retention 24 → 48 hours) updates the stream and its iterator-age alarm (whose threshold follows the retention), with no finding", () => {
    const changes = [...planned.retentionRaised.changes].sort((a, b) => a.type.localeCompare(b.type));
    expect(changes).toEqual([
      { address: expect.stringMatching(/^aws_cloudwatch_metric_alarm\.orders_Alarms_IteratorAge_/), type: "aws_cloudwatch_metric_alarm", actions: ["update"] },
      { address: expect.stringMatching(/^aws_kinesis_stream\.orders_[0-9A-F]{8}$/), type: "aws_kinesis_stream", actions: ["update"] },
    ]);
    expect(findingsOf(planned.retentionRaised)).toEqual([]);
  });

  it("fails when a force-new argument changes: a new stream name replaces the retained stream (the plan refuses it) and, through its ARN, the delivery stream reading it", () => {
    const findings = findingsOf(planned.streamRenamed);
    const stream = findings.find((f) => f.address.startsWith("aws_kinesis_stream."));
    const delivery = findings.find((f) => f.address.startsWith("aws_kinesis_firehose_delivery_stream."));
    expect(findings.map((f) => f.kind)).toEqual(["stateful-resource-replaced", "stateful-resource-replaced"]);
    expect(stream?.address).toMatch(/^aws_kinesis_stream\.orders_Stream_[0-9A-F]{8}$/);
    expect(stream?.message).toContain("would be replaced (destroyed, then created anew)");
    expect(stream?.message).toContain("it is retained, so the plan fails: Instance cannot be destroyed");
    expect(delivery?.message).not.toContain("retained");
    expect(planned.streamRenamed.preventedDestroy).toEqual([stream?.address]);
  });

  it("changeFindings joins both checks, one finding per address and kind", () => {
    const kinds = changeFindings(CASES.streamRenamed.previous, planned.streamRenamed).map((f) => f.kind);
    expect(kinds).toEqual(["stateful-resource-replaced", "stateful-resource-replaced"]);
    // A renamed id: the synth-level check's deletions (the plan agrees), once each.
    const renamedId = changeFindings(CASES.idRenamed.previous, planned.idRenamed);
    expect(renamedId.map((f) => f.address.split(".")[0]).sort()).toEqual(
      ["aws_cloudwatch_log_group", "aws_kinesis_stream", "aws_kms_key", "aws_kms_key", "aws_kms_key", "aws_s3_bucket"].sort(),
    );
    expect(new Set(renamedId.map((f) => `${f.kind} ${f.address}`)).size).toBe(renamedId.length);
    expect(renamedId.every((f) => f.kind === "stateful-resource-destroyed")).toBe(true);
  });

  it("fails when a renamed construct id deletes the stream, bucket, keys and log group (the plan deletes them: prevent_destroy left with the blocks)", () => {
    const deleted = destroying(planned.idRenamed).map((c) => c.type);
    expect(deleted).toEqual(expect.arrayContaining(["aws_kinesis_stream", "aws_s3_bucket", "aws_kms_key", "aws_cloudwatch_log_group"]));
    expect(planned.idRenamed.preventedDestroy).toEqual([]);
    // The synth-time check reports these deletions without terraform; the plan agrees on every stateful address.
    const statically = checkChangeSafety(CASES.idRenamed.previous, synth(CASES.idRenamed.next)).map((f) => f.address);
    const stateful = destroying(planned.idRenamed).filter((c) => ["aws_kinesis_stream", "aws_s3_bucket", "aws_kms_key", "aws_cloudwatch_log_group"].includes(c.type));
    expect(stateful.map((c) => c.address).sort()).toEqual([...statically].sort());
  });

  it("reports the replacement of a destroyable bucket too (RemovalPolicy.DESTROY lets it be deleted, but a replacement still loses its objects)", () => {
    const findings = findingsOf(planned.bucketPrefixChangedDestroyable);
    expect(findings.map((f) => [f.kind, f.address.split(".")[0]])).toEqual([["stateful-resource-replaced", "aws_s3_bucket"]]);
    expect(planned.bucketPrefixChangedDestroyable.preventedDestroy).toEqual([]);
  });
});

describe("the example stacks planned over their baselines (test/baselines/)", () => {
  it.each(EXAMPLES.map((e, i) => [e.file, i] as const))("%s: nothing replaced or deleted, no finding of either check", (file, i) => {
    expect(destroying(examples[i])).toEqual([]);
    expect(changeFindings(fs.readFileSync(path.join(BASELINES, file), "utf8"), examples[i])).toEqual([]);
  });
});
