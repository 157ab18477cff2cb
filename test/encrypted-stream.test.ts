import { TerraformOutput, TerraformVariable, Testing, type TerraformStack } from "cdktf";
import * as fc from "fast-check";
import { KINESIS_LIMITS } from "stream-simulator";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import type { EncryptedStreamProps } from "../constructs/stream/props";
import {
  KINESIS_READ_ACTIONS,
  KINESIS_WRITE_ACTIONS,
  KMS_DECRYPT_ACTIONS,
  KMS_ENCRYPT_ACTIONS,
} from "../constructs/iam/policy-document";
import { PipelineKey } from "../constructs/kms/pipeline-key";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { StreamEncryption } from "../constructs/stream/stream-encryption";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID } from "./helpers/test-stack";
import { partitionRef, policyActions, validationFailure } from "./helpers/assertions";
import { validStreamProps } from "./helpers/arbitraries";
import { decodeJsonDocument } from "../testing/terraform/expressions";

const EXISTING_KEY_ARN = `arn:aws:kms:us-east-1:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const IMPORTED_STREAM_ARN = `arn:aws:kinesis:us-east-1:${TEST_ACCOUNT_ID}:stream/legacy-orders`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:pipeline-alarms`;

function only(json: any, type: string): any {
  const all = Object.values(resourcesOfType(json, type));
  expect(all).toHaveLength(1);
  return all[0];
}

function policies(json: any): any[] {
  return Object.values(resourcesOfType(json, "aws_iam_role_policy")).map((p: any) => ({ ...p, doc: decodeJsonDocument(p.policy) }));
}

function propertiesOf(props: EncryptedStreamProps): string[] {
  const { stack } = testStack();
  return validationFailure(() => new EncryptedStream(stack, "s", props)).problems.map((p) => p.property);
}

describe("EncryptedStream shape", () => {
  it("default: on-demand, 24 h, own customer-managed key, four alarms", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "orders", { streamName: "orders" });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("provisioned with an existing key, EFO consumers, metrics and alarm actions", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "clicks", {
      streamName: "clicks",
      capacity: StreamCapacity.provisioned(4),
      retentionHours: 168,
      encryption: StreamEncryption.existingKey(EXISTING_KEY_ARN),
      efoConsumerNames: ["analytics", "archiver"],
      shardLevelMetrics: ["IncomingBytes", "OutgoingBytes"],
      alarmActionArns: [TOPIC_ARN],
      tags: { team: "web" },
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("AWS-managed key by explicit choice, no alarms", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "audit", { streamName: "audit", encryption: StreamEncryption.awsManaged(), alarms: false });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe("EncryptedStream encryption", () => {
  it("is always KMS, whatever the key choice", () => {
    for (const encryption of [undefined, StreamEncryption.existingKey(EXISTING_KEY_ARN), StreamEncryption.awsManaged()]) {
      const { stack } = testStack();
      new EncryptedStream(stack, "s", { streamName: "s", encryption });
      expect(only(synthJson(stack), "aws_kinesis_stream").encryption_type).toBe("KMS");
    }
  });

  it("creates its own rotated key with a 30-day window and alias alias/kinesis/<streamName> by default", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "orders.v2" });
    const json = synthJson(stack);
    const key = only(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    // '.' is not allowed in an alias, so it becomes '-'.
    expect(only(json, "aws_kms_alias").name).toBe("alias/kinesis/orders-v2");
    const [keyId] = Object.keys(resourcesOfType(json, "aws_kms_key"));
    expect(only(json, "aws_kinesis_stream").kms_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(s.key).toBeInstanceOf(PipelineKey);
    expect(s.encryptionKeyArn).toBe(s.key!.keyArn);
  });

  it("gives the created key a policy whose only principal is the account root built from data.aws_partition", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", { streamName: "s" });
    const json = synthJson(stack);
    const policy = decodeJsonDocument(only(json, "aws_kms_key").policy);
    for (const st of policy.Statement) {
      expect(st.Principal).not.toBe("*");
      expect(Object.values(st.Principal).flat()).not.toContain("*");
      expect(st.Action).not.toBe("*");
    }
    expect(policy.Statement.map((st: any) => st.Principal.AWS)).toEqual([
      `arn:${partitionRef(json, "partition")}:iam::${TEST_ACCOUNT_ID}:root`,
    ]);
  });

  it("honours customer-managed key options", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", {
      streamName: "s",
      encryption: StreamEncryption.customerManagedKey({ aliasName: "alias/custom/s", deletionWindowDays: 7, description: "d" }),
    });
    const json = synthJson(stack);
    expect(only(json, "aws_kms_alias").name).toBe("alias/custom/s");
    expect(only(json, "aws_kms_key").deletion_window_in_days).toBe(7);
    expect(only(json, "aws_kms_key").description).toBe("d");
  });

  it("uses an existing key by ARN or by PipelineKey and creates none", () => {
    const { stack } = testStack();
    const shared = new PipelineKey(stack, "shared", { aliasName: "alias/shared" });
    const a = new EncryptedStream(stack, "a", { streamName: "a", encryption: StreamEncryption.existingKey(EXISTING_KEY_ARN) });
    const b = new EncryptedStream(stack, "b", { streamName: "b", encryption: StreamEncryption.existingKey(shared) });
    const json = synthJson(stack);
    expect(Object.keys(resourcesOfType(json, "aws_kms_key"))).toHaveLength(1); // only `shared`
    expect(a.key).toBeUndefined();
    expect(a.encryptionKeyArn).toBe(EXISTING_KEY_ARN);
    expect(b.encryptionKeyArn).toBe(shared.keyArn);
    const streams = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
    expect(streams.map((s) => s.kms_key_id).sort()).toEqual([EXISTING_KEY_ARN, expect.stringMatching(/^\$\{aws_kms_key\.shared_Key_\w+\.arn\}$/)].sort());
  });

  it("uses alias/aws/kinesis only when chosen explicitly, and then has no encryptionKeyArn", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s", encryption: StreamEncryption.awsManaged() });
    const json = synthJson(stack);
    expect(only(json, "aws_kinesis_stream").kms_key_id).toBe("alias/aws/kinesis");
    expect(resourcesOfType(json, "aws_kms_key")).toEqual({});
    expect(s.encryptionKeyArn).toBeUndefined();
  });
});

describe("EncryptedStream capacity and options", () => {
  it("is on-demand by default without shard_count", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", { streamName: "s" });
    const stream = only(synthJson(stack), "aws_kinesis_stream");
    expect(stream.stream_mode_details).toEqual({ stream_mode: "ON_DEMAND" });
    expect(stream.shard_count).toBeUndefined();
    expect(stream.retention_period).toBe(KINESIS_LIMITS.retentionMinHours.value);
  });

  it("sets shard_count only for provisioned capacity", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", { streamName: "s", capacity: StreamCapacity.provisioned(3) });
    const stream = only(synthJson(stack), "aws_kinesis_stream");
    expect(stream.stream_mode_details).toEqual({ stream_mode: "PROVISIONED" });
    expect(stream.shard_count).toBe(3);
  });

  it("registers one consumer per EFO name on this stream and exposes their ARNs", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s", efoConsumerNames: ["a", "b"] });
    const consumers = Object.values(resourcesOfType(synthJson(stack), "aws_kinesis_stream_consumer")) as any[];
    expect(consumers.map((c) => c.name).sort()).toEqual(["a", "b"]);
    for (const c of consumers) expect(c.stream_arn).toMatch(/^\$\{aws_kinesis_stream\.s_\w+\.arn\}$/);
    expect(s.consumers).toHaveLength(2);
    new TerraformOutput(stack, "b_arn", { value: s.consumerArn("b") });
    expect(synthJson(stack).output.b_arn.value).toMatch(/^\$\{aws_kinesis_stream_consumer\.s_Consumer-b_\w+\.arn\}$/);
    expect(() => s.consumerArn("zzz")).toThrow(/no enhanced fan-out consumer named "zzz"/);
  });

  it("passes shard-level metrics and tags through", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", { streamName: "s", shardLevelMetrics: ["ALL"], tags: { a: "b" } });
    const json = synthJson(stack);
    expect(only(json, "aws_kinesis_stream").shard_level_metrics).toEqual(["ALL"]);
    expect(only(json, "aws_kinesis_stream").tags).toEqual({ a: "b" });
    expect(only(json, "aws_kms_key").tags).toEqual({ a: "b" });
  });

  it("lets two streams live in one stack without collisions", () => {
    const { stack } = testStack();
    const a = new EncryptedStream(stack, "a", { streamName: "a", efoConsumerNames: ["c"] });
    const b = new EncryptedStream(stack, "b", { streamName: "b", efoConsumerNames: ["c"] });
    a.grantRead("role");
    b.grantRead("role");
    const json = synthJson(stack);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_stream"))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(json, "aws_kms_key"))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_stream_consumer"))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(json, "aws_iam_role_policy"))).toHaveLength(2);
    const alarms = Object.values(resourcesOfType(json, "aws_cloudwatch_metric_alarm")) as any[];
    expect(alarms).toHaveLength(8);
    expect(new Set(alarms.map((x) => x.alarm_name)).size).toBe(8);
    expect(new Set(Object.values(resourcesOfType(json, "aws_kms_alias")).map((x: any) => x.name)).size).toBe(2);
    expect(Object.keys(json.data.aws_partition)).toHaveLength(1);
  });
});

describe("EncryptedStream grants", () => {
  function grantStack(encryption?: StreamEncryption) {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s", encryption });
    const read = s.grantRead("reader-role");
    const write = s.grantWrite("writer-role");
    const json = synthJson(stack);
    const streamRef = `\${aws_kinesis_stream.${Object.keys(resourcesOfType(json, "aws_kinesis_stream"))[0]}.arn}`;
    const byRole = Object.fromEntries(policies(json).map((p) => [p.role, p.doc]));
    return { s, read, write, json, streamRef, readDoc: byRole["reader-role"], writeDoc: byRole["writer-role"] };
  }

  it("adds exactly one inline policy per call and returns it", () => {
    const { read, write, json } = grantStack();
    expect(policies(json)).toHaveLength(2);
    expect(read.constructor.name).toBe("IamRolePolicy");
    expect(write.node.id).not.toBe(read.node.id);
  });

  it("read without enhanced fan-out: no consumer actions, still the stream reads and kms:Decrypt", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s" });
    s.grantRead("poller-role", undefined, { enhancedFanOut: false });
    const [doc] = policies(synthJson(stack)).map((p) => p.doc);
    expect(policyActions(doc)).toEqual(
      [...KINESIS_READ_ACTIONS.filter((a) => !["kinesis:SubscribeToShard", "kinesis:DescribeStreamConsumer"].includes(a)), ...KMS_DECRYPT_ACTIONS].sort(),
    );
    expect(doc.Statement.some((st: any) => String(st.Resource).endsWith("/consumer/*"))).toBe(false);
  });

  it("read: exactly the Kinesis read actions and kms:Decrypt, on this stream, its consumers and its key only", () => {
    const { readDoc, streamRef, s } = grantStack();
    expect(policyActions(readDoc)).toEqual([...KINESIS_READ_ACTIONS, ...KMS_DECRYPT_ACTIONS].sort());
    const byAction = (a: string) => readDoc.Statement.find((st: any) => st.Action.includes(a));
    expect(byAction("kinesis:GetRecords").Resource).toBe(streamRef);
    expect(byAction("kinesis:SubscribeToShard").Resource).toBe(`${streamRef}/consumer/*`);
    expect(byAction("kinesis:DescribeStreamConsumer").Resource).toBe(`${streamRef}/consumer/*`);
    const kms = byAction("kms:Decrypt");
    expect(kms.Resource).toMatch(/^\$\{aws_kms_key\.s_Key_\w+\.arn\}$/);
    expect(kms.Resource).toBe(
      `\${aws_kms_key.${s.key!.key.friendlyUniqueId}.arn}`,
    );
  });

  it("write: exactly the Kinesis write actions and kms:GenerateDataKey", () => {
    const { writeDoc, streamRef } = grantStack();
    expect(policyActions(writeDoc)).toEqual([...KINESIS_WRITE_ACTIONS, ...KMS_ENCRYPT_ACTIONS].sort());
    const kinesis = writeDoc.Statement.find((st: any) => st.Action.includes("kinesis:PutRecords"));
    expect(kinesis.Resource).toBe(streamRef);
  });

  it("read-write: both grants' actions in one policy, kms:Decrypt and kms:GenerateDataKey under the same conditions", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s" });
    const policy = s.grantReadWrite("processor-role");
    const json = synthJson(stack);
    const [only] = policies(json);
    expect(policies(json)).toHaveLength(1);
    expect(policy.node.id).toBe("GrantReadWrite1");
    expect(policyActions(only.doc)).toEqual([...new Set<string>([...KINESIS_READ_ACTIONS, ...KINESIS_WRITE_ACTIONS]), ...KMS_DECRYPT_ACTIONS, ...KMS_ENCRYPT_ACTIONS].sort());
    const kms = only.doc.Statement.find((st: any) => String(st.Action).startsWith("kms:"));
    expect(kms.Condition.StringEquals["kms:EncryptionContext:aws:kinesis:arn"]).toMatch(/^\$\{aws_kinesis_stream\./);
    const withoutEfo = new EncryptedStream(testStack().stack, "t", { streamName: "t" });
    withoutEfo.grantReadWrite("processor-role", undefined, { enhancedFanOut: false });
    const [doc] = policies(synthJson(withoutEfo.node.scope as TerraformStack)).map((p) => p.doc);
    expect(policyActions(doc)).not.toContain("kinesis:SubscribeToShard");
  });

  it("grant(role, actions): exactly those actions on the stream, no key statement", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s" });
    s.grant("dashboard-role", ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:ListShards"]);
    const [doc] = policies(synthJson(stack)).map((p) => p.doc);
    expect(doc.Statement).toEqual([
      { Sid: "StreamActions", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards"], Resource: expect.stringMatching(/^\$\{aws_kinesis_stream\.\w+\.arn\}$/) },
    ]);
  });

  it.each([
    [["kinesis:*"], '"kinesis:*"'],
    [["*"], '"*"'],
    [["s3:GetObject", "kinesis:PutRecord"], '"s3:GetObject"'],
    [["kinesis:Put*"], '"kinesis:Put*"'],
  ])("fails when grant(role, actions) is given %j (a wildcard or another service's action)", (actions, named) => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s" });
    const error = validationFailure(() => s.grant("dashboard-role", actions));
    expect(error.constructPath).toBe("test/s");
    expect(error.problems).toEqual([{ property: "grant(actions)", value: actions, allowed: expect.stringContaining(`not: ${named}`) }]);
  });

  it("fails when grant(role, actions) is given no action", () => {
    const s = new EncryptedStream(testStack().stack, "s", { streamName: "s" });
    expect(validationFailure(() => s.grant("dashboard-role", [])).problems[0].allowed).toMatch(/^at least one action/);
  });

  it("conditions KMS use on kms:ViaService kinesis.<region>.<dnsSuffix> and the stream's encryption context", () => {
    const { readDoc, writeDoc, json, streamRef } = grantStack();
    for (const doc of [readDoc, writeDoc]) {
      const kms = doc.Statement.find((st: any) => String(st.Action).startsWith("kms:"));
      expect(kms.Condition).toEqual({
        StringEquals: {
          "kms:ViaService": `kinesis.us-east-1.${partitionRef(json, "dns_suffix")}`,
          "kms:EncryptionContext:aws:kinesis:arn": streamRef,
        },
      });
    }
  });

  it("never uses a wildcard action, principal or unscoped resource", () => {
    for (const encryption of [undefined, StreamEncryption.existingKey(EXISTING_KEY_ARN), StreamEncryption.awsManaged()]) {
      const { readDoc, writeDoc } = grantStack(encryption);
      for (const st of [...readDoc.Statement, ...writeDoc.Statement]) {
        expect(st.Effect).toBe("Allow");
        expect(st.Principal).toBeUndefined();
        for (const a of [st.Action].flat()) expect(a).not.toMatch(/\*/);
        for (const r of [st.Resource].flat()) expect(r).not.toBe("*");
      }
    }
  });

  it("scopes KMS statements to an existing key's ARN", () => {
    const { readDoc, writeDoc } = grantStack(StreamEncryption.existingKey(EXISTING_KEY_ARN));
    for (const doc of [readDoc, writeDoc]) {
      const kms = doc.Statement.filter((st: any) => String(st.Action).startsWith("kms:"));
      expect(kms).toHaveLength(1);
      expect(kms[0].Resource).toBe(EXISTING_KEY_ARN);
    }
  });

  it("adds no KMS statement for the AWS-managed key", () => {
    const { readDoc, writeDoc } = grantStack(StreamEncryption.awsManaged());
    expect(policyActions(readDoc)).toEqual([...KINESIS_READ_ACTIONS].sort());
    expect(policyActions(writeDoc)).toEqual([...KINESIS_WRITE_ACTIONS].sort());
  });

  it("gives each grant a unique child id, or the id the caller chose", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s" });
    const ids = [s.grantRead("r"), s.grantRead("r"), s.grantWrite("w"), s.grantWrite("w", "ProducerGrant")].map((p) => p.node.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids[3]).toBe("ProducerGrant");
    expect(policies(synthJson(stack))).toHaveLength(4);
  });

  it("grantReadConsumer narrows the consumer actions to one consumer's ARN", () => {
    const { stack } = testStack();
    const s = new EncryptedStream(stack, "s", { streamName: "s", efoConsumerNames: ["a", "b"] });
    s.grantReadConsumer("b", "role");
    const doc = policies(synthJson(stack))[0].doc;
    expect(policyActions(doc)).toEqual([...KINESIS_READ_ACTIONS, ...KMS_DECRYPT_ACTIONS].sort());
    const efo = doc.Statement.find((st: any) => st.Action.includes("kinesis:SubscribeToShard"));
    expect(efo.Resource).toMatch(/^\$\{aws_kinesis_stream_consumer\.s_Consumer-b_\w+\.arn\}$/);
  });
});

describe("imported streams", () => {
  it("parse the name from a literal ARN and create nothing but grants", () => {
    const { stack } = testStack();
    const s = EncryptedStream.fromStreamArn(stack, "legacy", IMPORTED_STREAM_ARN);
    expect(s.streamName).toBe("legacy-orders");
    expect(s.streamArn).toBe(IMPORTED_STREAM_ARN);
    expect(s.encryptionKeyArn).toBeUndefined();
    s.grantRead("r");
    const json = synthJson(stack);
    expect(resourcesOfType(json, "aws_kinesis_stream")).toEqual({});
    const doc = policies(json)[0].doc;
    expect(policyActions(doc)).toEqual([...KINESIS_READ_ACTIONS].sort());
    expect(doc.Statement[0].Resource).toBe(IMPORTED_STREAM_ARN);
    expect(doc.Statement[1].Resource).toBe(`${IMPORTED_STREAM_ARN}/consumer/*`);
  });

  it("grant KMS on the imported key exactly like a created stream", () => {
    const { stack } = testStack();
    const s = EncryptedStream.fromStreamAttributes(stack, "legacy", {
      streamArn: IMPORTED_STREAM_ARN,
      encryptionKeyArn: EXISTING_KEY_ARN,
    });
    s.grantRead("r");
    s.grantWrite("w");
    const json = synthJson(stack);
    const byRole = Object.fromEntries(policies(json).map((p) => [p.role, p.doc]));
    expect(policyActions(byRole.r)).toEqual([...KINESIS_READ_ACTIONS, ...KMS_DECRYPT_ACTIONS].sort());
    expect(policyActions(byRole.w)).toEqual([...KINESIS_WRITE_ACTIONS, ...KMS_ENCRYPT_ACTIONS].sort());
    for (const doc of [byRole.r, byRole.w]) {
      const kms = doc.Statement.find((st: any) => String(st.Action).startsWith("kms:"));
      expect(kms.Resource).toBe(EXISTING_KEY_ARN);
      expect(kms.Condition.StringEquals["kms:EncryptionContext:aws:kinesis:arn"]).toBe(IMPORTED_STREAM_ARN);
    }
  });

  it("accept a token ARN and let Terraform split the name", () => {
    const { stack } = testStack();
    const arn = new TerraformVariable(stack, "stream_arn", { type: "string" });
    const s = EncryptedStream.fromStreamArn(stack, "legacy", arn.stringValue);
    s.grantWrite("w");
    new TerraformOutput(stack, "name", { value: s.streamName });
    const json = synthJson(stack);
    expect(policies(json)[0].doc.Statement[0].Resource).toBe("${var.stream_arn}");
    expect(json.output.name.value).toBe('${element(split("/", var.stream_arn), 1)}');
  });

  it("fail naming the property when the ARNs are malformed", () => {
    const { stack } = testStack();
    const err = validationFailure(() =>
      EncryptedStream.fromStreamAttributes(stack, "bad", { streamArn: "orders", encryptionKeyArn: "alias/mine" }),
    );
    expect(err.problems.map((p) => p.property)).toEqual(["streamArn", "encryptionKeyArn"]);
  });
});

describe("EncryptedStream alarms", () => {
  function alarms(props: Partial<EncryptedStreamProps> = {}): Record<string, any> {
    const { stack } = testStack();
    new EncryptedStream(stack, "s", { streamName: "orders", ...props });
    const all = Object.values(resourcesOfType(synthJson(stack), "aws_cloudwatch_metric_alarm")) as any[];
    return Object.fromEntries(all.map((a) => [a.metric_name, a]));
  }

  it("creates the four alarms, each dimensioned by StreamName and named after the stream", () => {
    const a = alarms();
    expect(Object.keys(a).sort()).toEqual([
      "GetRecords.IteratorAgeMilliseconds",
      "PutRecords.ThrottledRecords",
      "ReadProvisionedThroughputExceeded",
      "WriteProvisionedThroughputExceeded",
    ]);
    for (const alarm of Object.values(a)) {
      expect(alarm.namespace).toBe("AWS/Kinesis");
      expect(alarm.dimensions).toEqual({ StreamName: "orders" });
      expect(alarm.alarm_name).toMatch(/^orders-/);
      expect(alarm.treat_missing_data).toBe("notBreaching");
      expect(alarm.period).toBe(60);
    }
  });

  it("derives the iterator-age threshold from the configured retention (50% by default)", () => {
    const hour = 3_600_000;
    expect(alarms()["GetRecords.IteratorAgeMilliseconds"].threshold).toBe(12 * hour);
    const week = alarms({ retentionHours: 168 })["GetRecords.IteratorAgeMilliseconds"];
    expect(week.threshold).toBe(84 * hour);
    expect(week.statistic).toBe("Maximum");
    expect(alarms({ retentionHours: 48, iteratorAgeAlarmFraction: 0.25 })["GetRecords.IteratorAgeMilliseconds"].threshold).toBe(
      12 * hour,
    );
    expect(alarms({ iteratorAgeAlarmThresholdMs: 60_000 })["GetRecords.IteratorAgeMilliseconds"].threshold).toBe(60_000);
  });

  it("fires the throughput alarms on any throttling: Sum > 0 per minute", () => {
    const a = alarms();
    for (const name of ["WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "PutRecords.ThrottledRecords"]) {
      expect(a[name].statistic).toBe("Sum");
      expect(a[name].comparison_operator).toBe("GreaterThanThreshold");
      expect(a[name].threshold).toBe(0);
      expect(a[name].datapoints_to_alarm).toBeLessThanOrEqual(a[name].evaluation_periods);
    }
  });

  it("notifies the given SNS topics on alarm and on recovery, and nothing by default", () => {
    for (const alarm of Object.values(alarms({ alarmActionArns: [TOPIC_ARN] }))) {
      expect(alarm.alarm_actions).toEqual([TOPIC_ARN]);
      expect(alarm.ok_actions).toEqual([TOPIC_ARN]);
    }
    for (const alarm of Object.values(alarms())) expect(alarm.alarm_actions).toBeUndefined();
  });

  it("can be turned off", () => {
    expect(alarms({ alarms: false })).toEqual({});
  });
});

describe("EncryptedStream validation", () => {
  it.each<[string, Partial<EncryptedStreamProps>, string[]]>([
    ["the stream name has bad characters", { streamName: "orders stream" }, ["streamName"]],
    ["the stream name is too long", { streamName: "x".repeat(129) }, ["streamName"]],
    ["the shard count is zero", { capacity: StreamCapacity.provisioned(0) }, ["capacity.shardCount"]],
    ["the shard count is fractional", { capacity: StreamCapacity.provisioned(1.5) }, ["capacity.shardCount"]],
    ["the shard count exceeds the per-stream maximum", { capacity: StreamCapacity.provisioned(KINESIS_LIMITS.maxShardsPerStream.value + 1) }, ["capacity.shardCount"]],
    ["retention is below 24 h", { retentionHours: 23 }, ["retentionHours"]],
    ["retention is above 8760 h", { retentionHours: 8761 }, ["retentionHours"]],
    ["there are more than 20 EFO consumers", { efoConsumerNames: Array.from({ length: 21 }, (_, i) => `c${i}`) }, ["efoConsumerNames"]],
    ["an EFO consumer name is invalid", { efoConsumerNames: ["ok", "not ok"] }, ["efoConsumerNames[1]"]],
    ["EFO consumer names repeat", { efoConsumerNames: ["a", "a"] }, ["efoConsumerNames"]],
    ["a shard-level metric is unknown", { shardLevelMetrics: ["Bogus"] }, ["shardLevelMetrics[0]"]],
    ["ALL is combined with other metrics", { shardLevelMetrics: ["ALL", "IncomingBytes"] }, ["shardLevelMetrics"]],
    ["the key deletion window is out of range", { encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: 31 }) }, ["encryption.deletionWindowDays"]],
    ["the key alias is reserved", { encryption: StreamEncryption.customerManagedKey({ aliasName: "alias/aws/kinesis" }) }, ["encryption.aliasName"]],
    ["the existing key is not a key ARN", { encryption: StreamEncryption.existingKey("alias/mine") }, ["encryption.keyArn"]],
    ["the iterator-age fraction is 0", { iteratorAgeAlarmFraction: 0 }, ["iteratorAgeAlarmFraction"]],
    ["the iterator-age fraction is above 1", { iteratorAgeAlarmFraction: 1.5 }, ["iteratorAgeAlarmFraction"]],
    ["the iterator-age threshold is not positive", { iteratorAgeAlarmThresholdMs: -1 }, ["iteratorAgeAlarmThresholdMs"]],
    ["an alarm action is not an SNS topic ARN", { alarmActionArns: [TOPIC_ARN, "arn:aws:lambda:us-east-1:123456789012:function:f"] }, ["alarmActionArns[1]"]],
    ["there are more than 5 alarm actions", { alarmActionArns: Array.from({ length: 6 }, (_, i) => `${TOPIC_ARN}${i}`) }, ["alarmActionArns"]],
  ])("fails when %s", (_, props, expected) => {
    expect(propertiesOf({ streamName: "s", ...props })).toEqual(expected);
  });

  it("fails when on-demand capacity carries a shard count (a subclass cannot sneak one in)", () => {
    class Sneaky extends StreamCapacity {
      public constructor() {
        super("ON_DEMAND", 2);
      }
    }
    expect(propertiesOf({ streamName: "s", capacity: new Sneaky() })).toEqual(["capacity.shardCount"]);
  });

  it("fails when alarm settings are given with alarms off (they would be silently ignored)", () => {
    expect(
      propertiesOf({
        streamName: "s",
        alarms: false,
        iteratorAgeAlarmFraction: 0.5,
        iteratorAgeAlarmThresholdMs: 1000,
        alarmActionArns: [`arn:aws:sns:us-east-1:${TEST_ACCOUNT_ID}:alarms`],
      }).sort(),
    ).toEqual(["alarmActionArns", "iteratorAgeAlarmFraction", "iteratorAgeAlarmThresholdMs"]);
  });

  it("reports every problem at once, with the construct path, before creating anything", () => {
    const { stack } = testStack();
    const err = validationFailure(
      () =>
        new EncryptedStream(stack, "bad", {
          streamName: "bad name",
          retentionHours: 1,
          capacity: StreamCapacity.provisioned(0),
          alarmActionArns: ["nope"],
        }),
    );
    expect(err.problems.map((p) => p.property).sort()).toEqual(
      ["alarmActionArns[0]", "capacity.shardCount", "retentionHours", "streamName"].sort(),
    );
    expect(err.message).toMatch(/^test\/bad: 4 invalid properties/);
    expect(synthJson(stack).resource).toBeUndefined();
  });

  it("accepts tokens it cannot check, but needs an explicit iterator-age threshold for a token retention", () => {
    const { stack } = testStack();
    const retention = new TerraformVariable(stack, "retention", { type: "number" }).numberValue;
    const name = new TerraformVariable(stack, "name", { type: "string" }).stringValue;
    expect(propertiesOf({ streamName: "s", retentionHours: retention })).toEqual(["iteratorAgeAlarmThresholdMs"]);
    expect(() => new EncryptedStream(stack, "s", { streamName: name, retentionHours: retention, iteratorAgeAlarmThresholdMs: 1000 })).not.toThrow();
  });
});

describe("EncryptedStream properties (fast-check)", () => {

  it("random valid props always synthesize an encrypted stream with a retention-derived alarm", () => {
    fc.assert(
      fc.property(validStreamProps, (props) => {
        const { stack } = testStack();
        new EncryptedStream(stack, "s", props);
        const json = synthJson(stack);
        const stream = only(json, "aws_kinesis_stream");
        const iteratorAge = (Object.values(resourcesOfType(json, "aws_cloudwatch_metric_alarm")) as any[]).find(
          (a) => a.metric_name === "GetRecords.IteratorAgeMilliseconds",
        );
        return (
          stream.encryption_type === "KMS" &&
          stream.name === props.streamName &&
          (stream.shard_count === undefined) === (props.capacity.mode === "ON_DEMAND") &&
          iteratorAge.threshold === Math.floor(props.retentionHours * 3_600_000 * props.iteratorAgeAlarmFraction)
        );
      }),
      { numRuns: 40 },
    );
  });

  const invalid = fc.oneof(
    fc.record({ property: fc.constant("retentionHours"), props: fc.oneof(fc.integer({ max: 23 }), fc.integer({ min: 8761 })).map((retentionHours) => ({ retentionHours })) }),
    fc.record({ property: fc.constant("capacity.shardCount"), props: fc.integer({ max: 0 }).map((n) => ({ capacity: StreamCapacity.provisioned(n) })) }),
    fc.record({
      property: fc.constant("streamName"),
      props: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => /[^a-zA-Z0-9_.-]/.test(s)).map((streamName) => ({ streamName })),
    }),
    fc.record({ property: fc.constant("iteratorAgeAlarmFraction"), props: fc.double({ min: 1.0001, max: 1e6, noNaN: true }).map((f) => ({ iteratorAgeAlarmFraction: f })) }),
    fc.record({
      property: fc.constant("encryption.deletionWindowDays"),
      props: fc.oneof(fc.integer({ max: 6 }), fc.integer({ min: 31 })).map((d) => ({ encryption: StreamEncryption.customerManagedKey({ deletionWindowDays: d }) })),
    }),
  );

  it("random invalid props always fail naming the property", () => {
    fc.assert(
      fc.property(invalid, ({ property, props }) => {
        const problems = propertiesOf({ streamName: "s", ...props });
        return problems.length === 1 && problems[0] === property;
      }),
      { numRuns: 60 },
    );
  });
});
