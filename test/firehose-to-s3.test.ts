import { TerraformVariable, Testing, Token } from "cdktf";
import * as fc from "fast-check";
import { ALLOWED_VALUES, FIREHOSE_LIMITS } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { jqObject } from "../constructs/firehose/processors";
import type { FirehoseToS3Props } from "../constructs/firehose/props";
import { DEFAULT_ERROR_OUTPUT_PREFIX, DEFAULT_PREFIX } from "../constructs/firehose/settings";
import {
  FIREHOSE_PUT_ACTIONS,
  FIREHOSE_PUT_KMS_ACTIONS,
  FIREHOSE_S3_ACTIONS,
  KINESIS_READ_ACTIONS,
  KMS_DECRYPT_ACTIONS,
} from "../constructs/iam/policy-document";
import { SecureBucket } from "../constructs/bucket/secure-bucket";
import { StreamEncryption } from "../constructs/stream/stream-encryption";
import { PipelineValidationError } from "../constructs/validation/problems";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";
import { partitionRef, validationFailure, warningsOf } from "./helpers/assertions";
import { validFirehoseProps } from "./helpers/arbitraries";
import { decodeJsonDocument } from "../testing/terraform/expressions";

const LAMBDA_ARN = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT_ID}:function:enrich`;
const EXISTING_KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TOPIC_ARN = `arn:aws:sns:${TEST_REGION}:${TEST_ACCOUNT_ID}:pipeline-alarms`;
const DP_PREFIX = "data/!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/";

function only(json: any, type: string): any {
  const all = Object.values(resourcesOfType(json, type));
  expect(all).toHaveLength(1);
  return all[0];
}

/** Logical id of the single resource of `type` whose id starts with `prefix` (not counting the access-log bucket's). */
function idOf(json: any, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOfType(json, type)).filter((id) => id.startsWith(prefix) && !id.slice(prefix.length).includes("AccessLogs"));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** Every inline policy attached (by `role = <ref>.name`) to the role with logical id `roleId`, parsed. */
function rolePolicies(json: any, roleId: string): Array<{ id: string; name?: string; doc: any }> {
  return Object.entries(resourcesOfType(json, "aws_iam_role_policy"))
    .filter(([, p]: [string, any]) => p.role === `\${aws_iam_role.${roleId}.name}`)
    .map(([id, p]: [string, any]) => ({ id, name: p.name, doc: decodeJsonDocument(p.policy) }));
}

function statements(json: any, roleId: string): any[] {
  return rolePolicies(json, roleId).flatMap((p) => p.doc.Statement);
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : [v]) as string[];

function problemsOf(props: FirehoseToS3Props): PipelineValidationError {
  const { stack } = testStack();
  return validationFailure(() => new FirehoseToS3(stack, "delivery", props));
}

function directPut(props: Partial<FirehoseToS3Props> = {}) {
  const { stack } = testStack();
  const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", ...props });
  return { stack, delivery, json: synthJson(stack) };
}

function withKinesisSource(props: Partial<FirehoseToS3Props> = {}) {
  const { stack } = testStack();
  const source = new EncryptedStream(stack, "clicks-stream", { streamName: "clicks" });
  const delivery = new FirehoseToS3(stack, "clicks", { deliveryStreamName: "clicks", source, ...props });
  return { stack, source, delivery, json: synthJson(stack) };
}

describe("FirehoseToS3 shape (snapshots)", () => {
  it("direct PUT with every default", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders" });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("reading a customer-managed-key Kinesis stream", () => {
    const { stack } = testStack();
    const source = new EncryptedStream(stack, "clicks-stream", { streamName: "clicks", alarms: false });
    new FirehoseToS3(stack, "clicks", { deliveryStreamName: "clicks", source, tags: { team: "web" } });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });

  it("dynamic partitioning with a Lambda transform and source-record backup", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "events", {
      deliveryStreamName: "events",
      dynamicPartitioning: { jqQuery: { customer_id: ".customer.id" }, retryDurationSeconds: 600 },
      prefix: DP_PREFIX,
      transformLambdaArn: LAMBDA_ARN,
      sourceRecordBackup: true,
      alarmActionArns: [TOPIC_ARN],
    });
    expect(Testing.synth(stack)).toMatchSnapshot();
  });
});

describe("FirehoseToS3 defaults", () => {
  it("buffers 5 MiB / 300 s, GZIP, dated prefixes with an error prefix", () => {
    const s3 = only(directPut().json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.buffering_size).toBe(FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value);
    expect(s3.buffering_interval).toBe(FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value);
    expect(s3.compression_format).toBe("GZIP");
    expect(s3.prefix).toBe(DEFAULT_PREFIX);
    expect(s3.prefix).toBe("events/!{timestamp:yyyy/MM/dd}/");
    expect(s3.error_output_prefix).toBe(DEFAULT_ERROR_OUTPUT_PREFIX);
    expect(s3.error_output_prefix).toContain("!{firehose:error-output-type}");
    expect(s3.s3_backup_mode).toBe("Disabled");
    expect(s3.processing_configuration).toBeUndefined();
  });

  it("buffers 128 MiB when dynamic partitioning is on", () => {
    const { json } = directPut({ dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" } }, prefix: DP_PREFIX });
    const s3 = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.buffering_size).toBe(FIREHOSE_LIMITS.bufferingSizeMaxMiB.value);
  });

  it("creates a SecureBucket named after the delivery stream, with access logging, and writes with its key", () => {
    const { json, delivery } = directPut();
    expect(delivery.bucket).toBeInstanceOf(SecureBucket);
    const buckets = resourcesOfType(json, "aws_s3_bucket");
    expect(buckets[idOf(json, "aws_s3_bucket", "orders_Bucket")].bucket_prefix).toBe("orders-");
    expect(Object.values(buckets).map((b: any) => b.bucket_prefix).sort()).toEqual(["orders-", "orders-logs-"]);
    expect(Object.keys(resourcesOfType(json, "aws_s3_bucket_logging"))).toHaveLength(1);
    const s3 = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    const bucketKeyId = idOf(json, "aws_kms_key", "orders_Bucket_Key");
    expect(s3.kms_key_arn).toBe(`\${aws_kms_key.${bucketKeyId}.arn}`);
    expect(s3.bucket_arn).toBe(`\${aws_s3_bucket.${idOf(json, "aws_s3_bucket", "orders_Bucket")}.arn}`);
  });

  it("uses a given bucket and creates none", () => {
    const { stack } = testStack();
    const bucket = SecureBucket.fromBucketAttributes(stack, "landing", { bucketName: "central-landing-zone" });
    const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", bucket });
    const json = synthJson(stack);
    expect(resourcesOfType(json, "aws_s3_bucket")).toEqual({});
    expect(delivery.bucket).toBe(bucket);
    expect(only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.bucket_arn).toBe(
      `arn:${partitionRef(json, "partition")}:s3:::central-landing-zone`,
    );
  });

  it("logs errors to /aws/kinesisfirehose/<name> with a finite 365-day retention and a DestinationDelivery stream", () => {
    const { json, delivery } = directPut();
    const group = only(json, "aws_cloudwatch_log_group");
    expect(group.name).toBe("/aws/kinesisfirehose/orders");
    expect(group.retention_in_days).toBe(365);
    expect(ALLOWED_VALUES.logRetentionDays.values).toContain(group.retention_in_days);
    expect(only(json, "aws_cloudwatch_log_stream").name).toBe("DestinationDelivery");
    const logging = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.cloudwatch_logging_options;
    expect(logging.enabled).toBe(true);
    expect(logging.log_stream_name).toBe(`\${aws_cloudwatch_log_stream.${idOf(json, "aws_cloudwatch_log_stream", "orders_")}.name}`);
    expect(delivery.logGroup).toBeDefined();
    expect(delivery.logStream).toBeDefined();
  });

  it("turns logging off entirely with logging: false", () => {
    const { json, delivery } = directPut({ logging: false });
    expect(resourcesOfType(json, "aws_cloudwatch_log_group")).toEqual({});
    expect(only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.cloudwatch_logging_options).toEqual({
      enabled: false,
    });
    expect(statements(json, delivery.role.friendlyUniqueId).flatMap((s) => asList(s.Action))).not.toContain("logs:PutLogEvents");
  });

  it("exposes every created resource", () => {
    const { delivery } = directPut();
    expect(delivery.deliveryStream).toBeDefined();
    expect(delivery.role).toBeDefined();
    expect(delivery.rolePolicies.length).toBeGreaterThanOrEqual(3);
    expect(delivery.key).toBeDefined();
    expect(delivery.alarms?.dataFreshness).toBeDefined();
    expect(delivery.deliveryStreamName).toBe("orders");
    expect(Token.isUnresolved(delivery.deliveryStreamArn)).toBe(true);
    expect(Token.isUnresolved(delivery.encryptionKeyArn)).toBe(true);
  });
});

describe("FirehoseToS3 timeZone (the prefixes' timestamps)", () => {
  const delivery = (json: any) => Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream"))[0] as any;

  it("writes custom_time_zone when set, and leaves it to Firehose (UTC) by default", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "tokyo", { deliveryStreamName: "tokyo", timeZone: "Asia/Tokyo" });
    expect(delivery(synthJson(stack)).extended_s3_configuration.custom_time_zone).toBe("Asia/Tokyo");
    const { stack: plain } = testStack();
    new FirehoseToS3(plain, "utc", { deliveryStreamName: "utc" });
    expect(delivery(synthJson(plain)).extended_s3_configuration.custom_time_zone).toBeUndefined();
  });

  it("fails for a name the time-zone database does not know, and for one spelled in another case; accepts aliases Firehose lists", () => {
    const { stack } = testStack();
    expect(validationFailure(() => new FirehoseToS3(stack, "mars", { deliveryStreamName: "mars", timeZone: "Mars/Olympus" })).problems).toEqual([
      { property: "timeZone", value: "Mars/Olympus", allowed: 'an IANA time-zone name such as "Europe/Berlin", "Asia/Tokyo" or "UTC" (the default)' },
    ]);
    expect(validationFailure(() => new FirehoseToS3(stack, "lower", { deliveryStreamName: "lower", timeZone: "europe/berlin" })).problems).toEqual([
      { property: "timeZone", value: "europe/berlin", allowed: 'the time-zone name as the database spells it: "Europe/Berlin"' },
    ]);
    // Firehose's list keeps legacy names such as Africa/Asmera (an alias of Africa/Asmara).
    expect(() => new FirehoseToS3(stack, "asmera", { deliveryStreamName: "asmera", timeZone: "Africa/Asmera" })).not.toThrow();
    const zone = new TerraformVariable(stack, "zone", { type: "string", default: "UTC" }).stringValue;
    expect(() => new FirehoseToS3(stack, "token", { deliveryStreamName: "token", timeZone: zone })).not.toThrow();
  });
});

describe("FirehoseToS3 transformOptions (the Lambda processor's buffering and retries)", () => {
  const lambdaParameters = (json: any): Record<string, string> => {
    const s3 = (Object.values(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream"))[0] as any).extended_s3_configuration;
    const lambda = s3.processing_configuration.processors.find((p: any) => p.type === "Lambda");
    return Object.fromEntries(lambda.parameters.map((p: any) => [p.parameter_name, p.parameter_value]));
  };

  it("writes BufferSizeInMBs, BufferIntervalInSeconds and NumberOfRetries when given, and leaves Firehose's defaults otherwise", () => {
    expect(lambdaParameters(directPut({ transformLambdaArn: LAMBDA_ARN, transformOptions: { bufferSizeMB: 0.5, bufferIntervalSeconds: 120, retries: 5 } }).json)).toEqual({
      LambdaArn: LAMBDA_ARN,
      BufferSizeInMBs: "0.5",
      BufferIntervalInSeconds: "120",
      NumberOfRetries: "5",
    });
    expect(lambdaParameters(directPut({ transformLambdaArn: LAMBDA_ARN, transformOptions: { retries: 0 } }).json)).toEqual({ LambdaArn: LAMBDA_ARN, NumberOfRetries: "0" });
    expect(lambdaParameters(directPut({ transformLambdaArn: LAMBDA_ARN }).json)).toEqual({ LambdaArn: LAMBDA_ARN });
  });

  it.each([
    ["bufferSizeMB below 0.2 MB", { bufferSizeMB: 0.1 }, "transformOptions.bufferSizeMB", "a number from 0.2 to 3 MB"],
    ["bufferSizeMB above 3 MB", { bufferSizeMB: 4 }, "transformOptions.bufferSizeMB", "a number from 0.2 to 3 MB"],
    ["bufferIntervalSeconds above 900 s", { bufferIntervalSeconds: 901 }, "transformOptions.bufferIntervalSeconds", "an integer from 0 to 900 seconds"],
    ["retries negative", { retries: -1 }, "transformOptions.retries", "a whole number of retries, 0 or more"],
    ["retries fractional", { retries: 1.5 }, "transformOptions.retries", "a whole number of retries, 0 or more"],
  ])("fails when %s", (_what, transformOptions, property, allowed) => {
    const { stack } = testStack();
    const error = validationFailure(() => new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", transformLambdaArn: LAMBDA_ARN, transformOptions }));
    expect(error.problems).toEqual([{ property, value: Object.values(transformOptions)[0], allowed }]);
  });

  it("fails when transformOptions is given without a transformLambdaArn, and warns of an unknown option (JavaScript callers)", () => {
    const { stack } = testStack();
    const error = validationFailure(() => new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", transformOptions: { retries: 2 } }));
    expect(error.problems.map((p) => p.property)).toEqual(["transformOptions"]);
    const delivery = new FirehoseToS3(stack, "typo", { deliveryStreamName: "typo", transformLambdaArn: LAMBDA_ARN, transformOptions: { retry: 2 } as never });
    expect(warningsOf(delivery).join("\n")).toMatch(/transformOptions\.retry/);
  });
});

describe("FirehoseToS3 logGroupName (an existing log group)", () => {
  it("creates the log streams in it and neither a log group nor a log key; the role may put events into those streams only", () => {
    const { json, delivery } = directPut({ logGroupName: "/central/firehose-errors", sourceRecordBackup: true });
    expect(resourcesOfType(json, "aws_cloudwatch_log_group")).toEqual({});
    expect(delivery.logGroup).toBeUndefined();
    expect(delivery.logKey).toBeUndefined();
    expect(Object.keys(resourcesOfType(json, "aws_kms_key")).filter((id) => id.includes("LogKey"))).toEqual([]);
    const streams = Object.values(resourcesOfType(json, "aws_cloudwatch_log_stream")) as any[];
    expect(streams.map((s) => [s.log_group_name, s.name]).sort()).toEqual([
      ["/central/firehose-errors", "BackupDelivery"],
      ["/central/firehose-errors", "DestinationDelivery"],
    ]);
    const s3 = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.cloudwatch_logging_options).toMatchObject({ enabled: true, log_group_name: "/central/firehose-errors" });
    const logs = statements(json, delivery.role.friendlyUniqueId).find((s) => asList(s.Action).includes("logs:PutLogEvents"));
    expect(asList(logs.Resource).sort()).toEqual(
      ["BackupDelivery", "DestinationDelivery"].map(
        (stream) => `arn:${partitionRef(json, "partition")}:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/central/firehose-errors:log-stream:${stream}`,
      ),
    );
  });

  it.each([
    ["with logging off", { logging: false }, ["logGroupName"]],
    ["with a name outside CloudWatch Logs' charset", { logGroupName: "central errors" }, ["logGroupName"]],
    ["with logRetentionDays (the group owner's)", { logRetentionDays: 30 }, ["logRetentionDays"]],
    ["with logEncryptionKeyArn (the group owner's)", { logEncryptionKeyArn: false as const }, ["logEncryptionKeyArn"]],
  ])("fails %s", (_what, props, properties) => {
    expect(problemsOf({ deliveryStreamName: "orders", logGroupName: "/central/firehose-errors", ...props }).problems.map((p) => p.property)).toEqual(properties);
  });
});

describe("FirehoseToS3 error log encryption", () => {
  it("encrypts the error log group with a key of its own, which CloudWatch Logs may use for this log group only", () => {
    const { json, delivery } = directPut();
    const logGroup = only(json, "aws_cloudwatch_log_group");
    const keyId = Object.keys(resourcesOfType(json, "aws_kms_key")).find((id) => id.includes("LogKey"))!;
    expect(logGroup.kms_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    expect(delivery.logKey).toBeDefined();
    const key = resourcesOfType(json, "aws_kms_key")[keyId];
    expect(key.enable_key_rotation).toBe(true);
    const statement = decodeJsonDocument(key.policy).Statement.find((st: any) => st.Sid === "AllowCloudWatchLogsForThisLogGroup");
    expect(statement).toEqual({
      Sid: "AllowCloudWatchLogsForThisLogGroup",
      Effect: "Allow",
      Principal: { Service: `logs.${TEST_REGION}.${partitionRef(json, "dns_suffix")}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${partitionRef(json, "partition")}:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws/kinesisfirehose/orders`,
        },
      },
    });
  });

  it("uses an existing key when given one, and none with logEncryptionKeyArn: false or logging off", () => {
    const existing = directPut({ logEncryptionKeyArn: EXISTING_KEY_ARN });
    expect(only(existing.json, "aws_cloudwatch_log_group").kms_key_id).toBe(EXISTING_KEY_ARN);
    expect(existing.delivery.logKey).toBeUndefined();
    const cloudWatchManaged = directPut({ logEncryptionKeyArn: false });
    expect(only(cloudWatchManaged.json, "aws_cloudwatch_log_group").kms_key_id).toBeUndefined();
    expect(cloudWatchManaged.delivery.logKey).toBeUndefined();
    expect(directPut({ logging: false }).delivery.logKey).toBeUndefined();
  });

  it("fails when logEncryptionKeyArn is true (a JavaScript caller's guess)", () => {
    const error = validationFailure(() => directPut({ logEncryptionKeyArn: true as unknown as string }));
    expect(error.problems).toEqual([expect.objectContaining({ property: "logEncryptionKeyArn", value: true })]);
  });
});

describe("FirehoseToS3 server-side encryption", () => {
  it("direct PUT is encrypted with a customer-managed key it creates (rotation on)", () => {
    const { json } = directPut();
    const sse = only(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption;
    const keyId = idOf(json, "aws_kms_key", "orders_Key_");
    expect(sse).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: `\${aws_kms_key.${keyId}.arn}` });
    expect(resourcesOfType(json, "aws_kms_key")[keyId].enable_key_rotation).toBe(true);
    const alias = Object.values(resourcesOfType(json, "aws_kms_alias")).map((a: any) => a.name);
    expect(alias).toContain("alias/firehose/orders");
  });

  it("direct PUT with encryptionKeyArn uses that key and creates none for SSE", () => {
    const { json, delivery } = directPut({ encryptionKeyArn: EXISTING_KEY_ARN });
    expect(delivery.key).toBeUndefined();
    expect(only(json, "aws_kinesis_firehose_delivery_stream").server_side_encryption).toEqual({
      enabled: true,
      key_type: "CUSTOMER_MANAGED_CMK",
      key_arn: EXISTING_KEY_ARN,
    });
  });

  it("with a Kinesis source there is no delivery-stream SSE (the stream is encrypted instead)", () => {
    const { json, delivery } = withKinesisSource();
    const stream = only(json, "aws_kinesis_firehose_delivery_stream");
    expect(stream.server_side_encryption).toBeUndefined();
    expect(delivery.key).toBeUndefined();
    expect(delivery.encryptionKeyArn).toBeUndefined();
    expect(stream.kinesis_source_configuration).toEqual({
      kinesis_stream_arn: `\${aws_kinesis_stream.${idOf(json, "aws_kinesis_stream", "clicks-stream")}.arn}`,
      role_arn: `\${aws_iam_role.${delivery.role.friendlyUniqueId}.arn}`,
    });
  });
});

describe("FirehoseToS3 role (least privilege, partition-aware)", () => {
  it("trusts only firehose.amazonaws.com for this account's delivery stream of this name", () => {
    const { json, delivery } = directPut();
    const trust = decodeJsonDocument(resourcesOfType(json, "aws_iam_role")[delivery.role.friendlyUniqueId].assume_role_policy);
    expect(trust.Statement).toHaveLength(1);
    const [s] = trust.Statement;
    expect(s.Effect).toBe("Allow");
    expect(s.Principal).toEqual({ Service: "firehose.amazonaws.com" });
    expect(s.Action).toBe("sts:AssumeRole");
    expect(s.Condition).toEqual({
      StringEquals: {
        "sts:ExternalId": TEST_ACCOUNT_ID,
        "aws:SourceAccount": TEST_ACCOUNT_ID,
        // Built from the name, not the resource's arn attribute (which would be a dependency cycle).
        "aws:SourceArn": `arn:${partitionRef(json, "partition")}:firehose:${TEST_REGION}:${TEST_ACCOUNT_ID}:deliverystream/orders`,
      },
    });
  });

  it("grants exactly the six documented S3 actions on the bucket and its objects, and no delete", () => {
    const { json, delivery } = directPut();
    const bucketArn = `\${aws_s3_bucket.${idOf(json, "aws_s3_bucket", "orders_Bucket")}.arn}`;
    const s3 = statements(json, delivery.role.friendlyUniqueId).filter((s) => asList(s.Action).some((a) => a.startsWith("s3:")));
    expect(s3).toHaveLength(1);
    expect([...asList(s3[0].Action)].sort()).toEqual([...FIREHOSE_S3_ACTIONS].sort());
    expect(asList(s3[0].Resource)).toEqual([bucketArn, `${bucketArn}/*`]);
    const all = statements(json, delivery.role.friendlyUniqueId).flatMap((s) => asList(s.Action));
    expect(all.filter((a) => /delete/i.test(a))).toEqual([]);
  });

  it("uses the bucket key only through S3 in this region and only for this bucket (Bucket-Key-safe context)", () => {
    const { json, delivery } = directPut();
    const bucketArn = `\${aws_s3_bucket.${idOf(json, "aws_s3_bucket", "orders_Bucket")}.arn}`;
    const bucketKeyArn = `\${aws_kms_key.${idOf(json, "aws_kms_key", "orders_Bucket_Key")}.arn}`;
    const kms = statements(json, delivery.role.friendlyUniqueId).filter((s) => s.Resource === bucketKeyArn);
    expect(kms).toHaveLength(1);
    expect([...asList(kms[0].Action)].sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    expect(kms[0].Condition.StringEquals["kms:ViaService"]).toBe(`s3.${TEST_REGION}.${partitionRef(json, "dns_suffix")}`);
    // The bucket ARN itself is what S3 Bucket Keys use as context (fdmsantos #26); objects for non-Bucket-Key calls.
    expect(kms[0].Condition.StringLike["kms:EncryptionContext:aws:s3:arn"]).toEqual([bucketArn, `${bucketArn}/*`]);
  });

  it("adds no bucket-key statement for a bucket without a KMS key", () => {
    const { stack } = testStack();
    const bucket = SecureBucket.fromBucketAttributes(stack, "landing", { bucketName: "central-landing-zone" });
    const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", bucket, serverSideEncryption: false });
    const json = synthJson(stack);
    const kms = statements(json, delivery.role.friendlyUniqueId).filter((s) => asList(s.Action).some((a) => a.startsWith("kms:")));
    expect(kms).toEqual([]);
    expect(only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.kms_key_arn).toBeUndefined();
  });

  it("may put log events only into its own log stream", () => {
    const { json, delivery } = directPut();
    const logs = statements(json, delivery.role.friendlyUniqueId).filter((s) => asList(s.Action).some((a) => a.startsWith("logs:")));
    expect(logs).toHaveLength(1);
    expect(logs[0].Action).toEqual(["logs:PutLogEvents"]);
    expect(logs[0].Resource).toEqual([
      `arn:${partitionRef(json, "partition")}:logs:${TEST_REGION}:${TEST_ACCOUNT_ID}:log-group:/aws/kinesisfirehose/orders:log-stream:DestinationDelivery`,
    ]);
  });

  it("gets the Kinesis read actions and kms:Decrypt on the source key through the stream's own grant", () => {
    const { json, delivery } = withKinesisSource();
    const all = statements(json, delivery.role.friendlyUniqueId);
    const keyArn = `\${aws_kms_key.${idOf(json, "aws_kms_key", "clicks-stream_Key")}.arn}`;
    const streamArn = `\${aws_kinesis_stream.${idOf(json, "aws_kinesis_stream", "clicks-stream")}.arn}`;
    const decrypt = all.filter((s) => s.Resource === keyArn);
    expect(decrypt).toHaveLength(1);
    expect(asList(decrypt[0].Action)).toEqual([...KMS_DECRYPT_ACTIONS]);
    expect(decrypt[0].Condition.StringEquals["kms:EncryptionContext:aws:kinesis:arn"]).toBe(streamArn);
    const kinesis = all.filter((s) => asList(s.Action).some((a) => a.startsWith("kinesis:")));
    expect(kinesis.flatMap((s) => asList(s.Action))).toEqual(expect.arrayContaining(["kinesis:GetRecords", "kinesis:GetShardIterator"]));
    expect(kinesis.flatMap((s) => asList(s.Action)).some((a) => a.startsWith("kinesis:Put"))).toBe(false);
  });

  it("reads the source as a shared-throughput (GetRecords) consumer: exactly the stream read actions, no enhanced fan-out", () => {
    const { json, delivery } = withKinesisSource();
    const kinesisActions = statements(json, delivery.role.friendlyUniqueId)
      .flatMap((s) => asList(s.Action))
      .filter((a) => a.startsWith("kinesis:"))
      .sort();
    expect(kinesisActions).toEqual(
      KINESIS_READ_ACTIONS.filter((a) => a !== "kinesis:SubscribeToShard" && a !== "kinesis:DescribeStreamConsumer").sort(),
    );
  });

  it("grants a qualified transform Lambda ARN exactly", () => {
    const { json, delivery } = directPut({ transformLambdaArn: `${LAMBDA_ARN}:live` });
    const lambda = statements(json, delivery.role.friendlyUniqueId).filter((s) => asList(s.Action).some((a) => a.startsWith("lambda:")));
    expect(lambda[0].Resource).toBe(`${LAMBDA_ARN}:live`);
  });

  it("uses its own SSE key only through Firehose (kms:ViaService)", () => {
    const { json, delivery } = directPut();
    const sse = statements(json, delivery.role.friendlyUniqueId).find((s) => s.Sid === "UseDeliveryStreamKey");
    expect(sse.Resource).toBe(`\${aws_kms_key.${delivery.key!.key.friendlyUniqueId}.arn}`);
    expect(sse.Condition.StringEquals["kms:ViaService"]).toBe(`firehose.${TEST_REGION}.${partitionRef(json, "dns_suffix")}`);
  });

  it("may invoke and inspect the transform Lambda, and nothing else", () => {
    const { json, delivery } = directPut({ transformLambdaArn: LAMBDA_ARN });
    const lambda = statements(json, delivery.role.friendlyUniqueId).filter((s) => asList(s.Action).some((a) => a.startsWith("lambda:")));
    expect(lambda).toHaveLength(1);
    expect([...asList(lambda[0].Action)].sort()).toEqual(["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"]);
    // The unqualified function and its versions/aliases, nothing else.
    expect(lambda[0].Resource).toEqual([LAMBDA_ARN, `${LAMBDA_ARN}:*`]);
    const processors = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.processing_configuration.processors;
    expect(processors).toEqual([{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: LAMBDA_ARN }] }]);
  });

  it.each([
    ["direct PUT", () => directPut({ transformLambdaArn: LAMBDA_ARN, sourceRecordBackup: true })],
    ["Kinesis source", () => withKinesisSource({ transformLambdaArn: LAMBDA_ARN })],
  ])("%s: no '*' action and no '*' resource in any role policy", (_label, make) => {
    const { json, delivery } = make();
    const all = statements(json, delivery.role.friendlyUniqueId);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) {
      expect(s.Effect).toBe("Allow");
      for (const action of asList(s.Action)) expect(action).not.toMatch(/\*/);
      for (const resource of asList(s.Resource)) expect(resource).not.toBe("*");
    }
  });

  it("lists every role policy (including the source grant) in the delivery stream's depends_on", () => {
    const { json, delivery } = withKinesisSource({ transformLambdaArn: LAMBDA_ARN });
    const dependsOn: string[] = only(json, "aws_kinesis_firehose_delivery_stream").depends_on;
    const attached = rolePolicies(json, delivery.role.friendlyUniqueId).map((p) => `aws_iam_role_policy.${p.id}`);
    expect(attached.length).toBe(delivery.rolePolicies.length);
    expect([...dependsOn].sort()).toEqual([...attached].sort());
    expect(dependsOn.some((d) => d.includes("clicks-stream_FirehoseRead"))).toBe(true);
  });

  it("has no literal arn:aws: anywhere: every ARN it builds is partition-aware", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", sourceRecordBackup: true }).grantPutRecords("producer");
    const source = new EncryptedStream(stack, "clicks-stream", { streamName: "clicks" });
    new FirehoseToS3(stack, "clicks", { deliveryStreamName: "clicks", source });
    const text = Testing.synth(stack);
    expect(text).not.toContain("arn:aws:");
    expect(text).toContain("arn:${data.aws_partition.");
  });
});

describe("FirehoseToS3.grantPutRecords", () => {
  it("grants PutRecord/PutRecordBatch on this delivery stream plus kms:GenerateDataKey and kms:Decrypt on its SSE key", () => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders" });
    const policy = delivery.grantPutRecords("producer-role");
    const json = synthJson(stack);
    const rendered = resourcesOfType(json, "aws_iam_role_policy")[policy.friendlyUniqueId];
    expect(rendered.role).toBe("producer-role");
    const doc = decodeJsonDocument(rendered.policy);
    const streamArn = `\${aws_kinesis_firehose_delivery_stream.${delivery.deliveryStream.friendlyUniqueId}.arn}`;
    const keyArn = `\${aws_kms_key.${delivery.key!.key.friendlyUniqueId}.arn}`;
    expect(doc.Statement).toHaveLength(2);
    expect(doc.Statement[0]).toMatchObject({ Effect: "Allow", Action: [...FIREHOSE_PUT_ACTIONS], Resource: streamArn });
    expect(doc.Statement[1]).toMatchObject({ Effect: "Allow", Action: [...FIREHOSE_PUT_KMS_ACTIONS], Resource: keyArn });
    expect(doc.Statement[1].Action).toEqual(expect.arrayContaining(["kms:GenerateDataKey", "kms:Decrypt"]));
    expect(doc.Statement[1].Condition.StringEquals["kms:ViaService"]).toBe(`firehose.${TEST_REGION}.${partitionRef(json, "dns_suffix")}`);
  });

  it("grants no KMS when server-side encryption is off", () => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", serverSideEncryption: false });
    const policy = delivery.grantPutRecords("producer-role");
    const doc = decodeJsonDocument(resourcesOfType(synthJson(stack), "aws_iam_role_policy")[policy.friendlyUniqueId].policy);
    expect(doc.Statement.flatMap((s: any) => s.Action)).toEqual([...FIREHOSE_PUT_ACTIONS]);
  });

  it("gives each grant its own id, so several producers never collide", () => {
    const { stack } = testStack();
    const delivery = new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders" });
    const ids = [delivery.grantPutRecords("a"), delivery.grantPutRecords("b"), delivery.grantPutRecords("c", "Custom")].map(
      (p) => p.node.id,
    );
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe("Custom");
  });

  it("throws a clear error with a Kinesis source, where Firehose rejects direct PUT", () => {
    const { delivery } = withKinesisSource();
    expect(() => delivery.grantPutRecords("producer")).toThrow(/clicks.*grantPutRecords.*Kinesis data stream.*grantWrite/);
  });
});

describe("FirehoseToS3.fromDeliveryStreamAttributes (an existing delivery stream)", () => {
  const KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const ARN = `arn:aws:firehose:${TEST_REGION}:${TEST_ACCOUNT_ID}:deliverystream/legacy-events`;

  it("by name: builds the ARN in the stack's account and region, creates nothing but the grant, with the key use of its encryption", () => {
    const { stack } = testStack();
    const legacy = FirehoseToS3.fromDeliveryStreamAttributes(stack, "legacy", { deliveryStreamName: "legacy-events", encryptionKeyArn: KEY_ARN });
    const policy = legacy.grantPutRecords("producer-role");
    const json = synthJson(stack);
    expect(Object.keys(json.resource)).toEqual(["aws_iam_role_policy"]);
    expect(legacy.deliveryStreamName).toBe("legacy-events");
    const doc = decodeJsonDocument(resourcesOfType(json, "aws_iam_role_policy")[policy.friendlyUniqueId].policy);
    expect(doc.Statement[0]).toMatchObject({ Action: [...FIREHOSE_PUT_ACTIONS], Resource: `arn:\${${partitionRef(json, "partition").slice(2, -1)}}:firehose:${TEST_REGION}:${TEST_ACCOUNT_ID}:deliverystream/legacy-events` });
    expect(doc.Statement[1]).toMatchObject({ Action: [...FIREHOSE_PUT_KMS_ACTIONS], Resource: KEY_ARN });
  });

  it("by ARN: takes the name from it, and grants only the put actions without a key", () => {
    const { stack } = testStack();
    const legacy = FirehoseToS3.fromDeliveryStreamAttributes(stack, "legacy", { deliveryStreamArn: ARN });
    expect(legacy.deliveryStreamName).toBe("legacy-events");
    const policy = legacy.grantPutRecords({ name: "producer-role" });
    const doc = decodeJsonDocument(resourcesOfType(synthJson(stack), "aws_iam_role_policy")[policy.friendlyUniqueId].policy);
    expect(doc.Statement).toEqual([expect.objectContaining({ Action: [...FIREHOSE_PUT_ACTIONS], Resource: ARN })]);
  });

  it.each([
    ["neither name nor ARN", {}, ["deliveryStreamName"]],
    ["both name and ARN", { deliveryStreamName: "a", deliveryStreamArn: ARN }, ["deliveryStreamName"]],
    ["a name outside Firehose's charset", { deliveryStreamName: "legacy events" }, ["deliveryStreamName"]],
    ["a stream ARN instead of a delivery stream ARN", { deliveryStreamArn: `arn:aws:kinesis:${TEST_REGION}:${TEST_ACCOUNT_ID}:stream/x` }, ["deliveryStreamArn"]],
    ["a key alias instead of a key ARN", { deliveryStreamName: "a", encryptionKeyArn: "alias/firehose" }, ["encryptionKeyArn"]],
    ["a key in another region", { deliveryStreamName: "a", encryptionKeyArn: KEY_ARN.replace(TEST_REGION, "eu-west-1") }, ["encryptionKeyArn"]],
  ])("fails with %s", (_what, attributes, properties) => {
    const { stack } = testStack();
    const error = validationFailure(() => FirehoseToS3.fromDeliveryStreamAttributes(stack, "legacy", attributes));
    expect(error.constructPath).toBe("test/legacy");
    expect(error.problems.map((p) => p.property)).toEqual(properties);
  });

  it("refuses an ARN or an empty role, as every grant does", () => {
    const legacy = FirehoseToS3.fromDeliveryStreamAttributes(testStack().stack, "legacy", { deliveryStreamArn: ARN });
    expect(validationFailure(() => legacy.grantPutRecords(`arn:aws:iam::${TEST_ACCOUNT_ID}:role/producer`)).problems[0].property).toBe("grantPutRecords(role)");
  });
});

describe("FirehoseToS3 dynamic partitioning", () => {
  it("renders dynamic_partitioning_configuration, a JQ-1.6 MetadataExtraction query from the map and a newline delimiter", () => {
    const { json } = directPut({
      dynamicPartitioning: { jqQuery: { customer_id: ".customer.id", "event-type": ".type" }, retryDurationSeconds: 900 },
      prefix: "data/!{partitionKeyFromQuery:customer_id}/!{partitionKeyFromQuery:event-type}/",
    });
    const s3 = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 900 });
    expect(s3.processing_configuration.enabled).toBe(true);
    expect(s3.processing_configuration.processors).toEqual([
      {
        type: "MetadataExtraction",
        parameters: [
          { parameter_name: "MetadataExtractionQuery", parameter_value: '{customer_id:(.customer.id),"event-type":(.type)}' },
          { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
        ],
      },
      { type: "AppendDelimiterToRecord" },
    ]);
  });

  it("leaves the delimiter out with appendNewlineDelimiter: false", () => {
    const { json } = directPut({
      dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" }, appendNewlineDelimiter: false },
      prefix: DP_PREFIX,
    });
    const types = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.processing_configuration.processors.map(
      (p: any) => p.type,
    );
    expect(types).toEqual(["MetadataExtraction"]);
  });

  it("builds a JQ object that quotes non-identifier keys and parenthesises expressions", () => {
    expect(jqObject({ a: ".a", "b-c": '.ts | strftime("%Y")' })).toBe('{a:(.a),"b-c":(.ts | strftime("%Y"))}');
  });

  it("has no default prefix: fails naming prefix when the user gives none", () => {
    const e = problemsOf({ deliveryStreamName: "events", dynamicPartitioning: { jqQuery: { customer_id: ".customer_id" } } });
    expect(e.problems.map((p) => p.property)).toContain("prefix");
    expect(e.message).toContain("!{partitionKeyFromQuery:customer_id}");
  });
});

describe("FirehoseToS3 source-record backup", () => {
  it("backs up into the same bucket under backup/, with the same compression, key and its own log stream", () => {
    const { json, delivery } = directPut({ sourceRecordBackup: true });
    const s3 = only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
    expect(s3.s3_backup_mode).toBe("Enabled");
    expect(s3.s3_backup_configuration).toMatchObject({
      bucket_arn: s3.bucket_arn,
      role_arn: s3.role_arn,
      prefix: "backup/",
      compression_format: "GZIP",
      kms_key_arn: s3.kms_key_arn,
    });
    expect(s3.s3_backup_configuration.cloudwatch_logging_options.log_stream_name).toBe(
      `\${aws_cloudwatch_log_stream.${delivery.backupLogStream!.friendlyUniqueId}.name}`,
    );
    const logs = statements(json, delivery.role.friendlyUniqueId).find((s) => asList(s.Action).includes("logs:PutLogEvents"));
    expect(asList(logs.Resource).map((r) => r.split(":log-stream:")[1])).toEqual(["DestinationDelivery", "BackupDelivery"]);
  });

  it("takes a custom literal prefix", () => {
    const { json } = directPut({ sourceRecordBackup: { prefix: "raw/" } });
    expect(only(json, "aws_kinesis_firehose_delivery_stream").extended_s3_configuration.s3_backup_configuration.prefix).toBe("raw/");
  });
});

describe("FirehoseToS3 alarms", () => {
  function alarms(json: any): any[] {
    return Object.values(resourcesOfType(json, "aws_cloudwatch_metric_alarm"));
  }

  it("direct PUT: DataFreshness, Success and ThrottledRecords, each dimensioned by DeliveryStreamName", () => {
    const { json } = directPut({ alarmActionArns: [TOPIC_ARN] });
    const all = alarms(json);
    expect(all.map((a) => a.metric_name).sort()).toEqual(["DeliveryToS3.DataFreshness", "DeliveryToS3.Success", "ThrottledRecords"]);
    for (const a of all) {
      expect(a.namespace).toBe("AWS/Firehose");
      expect(a.dimensions).toEqual({ DeliveryStreamName: "orders" });
      expect(a.alarm_actions).toEqual([TOPIC_ARN]);
      expect(a.ok_actions).toEqual([TOPIC_ARN]);
      expect(a.treat_missing_data).toBe("notBreaching");
    }
    const freshness = all.find((a) => a.metric_name === "DeliveryToS3.DataFreshness");
    expect(freshness).toMatchObject({ statistic: "Maximum", comparison_operator: "GreaterThanThreshold", threshold: 2 * 300 + 300 });
    const success = all.find((a) => a.metric_name === "DeliveryToS3.Success");
    expect(success).toMatchObject({ statistic: "Minimum", comparison_operator: "LessThanThreshold", threshold: 1 });
    const throttled = all.find((a) => a.metric_name === "ThrottledRecords");
    expect(throttled).toMatchObject({ statistic: "Sum", comparison_operator: "GreaterThanThreshold", threshold: 0 });
  });

  it("Kinesis source: watches ThrottledGetRecords instead of ThrottledRecords", () => {
    const { json } = withKinesisSource();
    const firehose = alarms(json).filter((a) => a.namespace === "AWS/Firehose");
    expect(firehose.map((a) => a.metric_name).sort()).toEqual(["DeliveryToS3.DataFreshness", "DeliveryToS3.Success", "ThrottledGetRecords"]);
  });

  it("derives the freshness threshold from the buffering interval, or takes an explicit one", () => {
    const derived = alarms(directPut({ bufferingIntervalSeconds: 60 }).json).find((a) => a.metric_name === "DeliveryToS3.DataFreshness");
    expect(derived.threshold).toBe(2 * 60 + 300);
    const explicit = alarms(directPut({ alarms: { dataFreshnessThresholdSeconds: 1800 } }).json).find(
      (a) => a.metric_name === "DeliveryToS3.DataFreshness",
    );
    expect(explicit.threshold).toBe(1800);
  });

  it("derives it for a Terraform-variable buffering interval as a Terraform expression (2 × interval + 300), never the interval itself", () => {
    const { stack } = testStack();
    const interval = new TerraformVariable(stack, "interval", { type: "number", default: 120 });
    new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders", bufferingIntervalSeconds: interval.numberValue });
    const freshness = alarms(synthJson(stack)).find((a) => a.metric_name === "DeliveryToS3.DataFreshness");
    expect(freshness.threshold).toBe("${((2 * var.interval) + 300)}");
  });

  it("creates none with alarms: false", () => {
    const { json, delivery } = directPut({ alarms: false });
    expect(alarms(json)).toEqual([]);
    expect(delivery.alarms).toBeUndefined();
  });
});

describe("FirehoseToS3 in numbers", () => {
  it("two delivery streams in one stack do not collide", () => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "a", { deliveryStreamName: "orders" });
    new FirehoseToS3(stack, "b", { deliveryStreamName: "payments" });
    const json = synthJson(stack);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream"))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(json, "aws_iam_role"))).toHaveLength(2);
    // Fixed names must differ; the bucket keys' aliases are generated (name_prefix), unique by construction.
    const names = (type: string, field: string) =>
      Object.values(resourcesOfType(json, type))
        .map((r: any) => r[field])
        .filter((v) => v !== undefined);
    for (const [type, field] of [
      ["aws_cloudwatch_metric_alarm", "alarm_name"],
      ["aws_cloudwatch_log_group", "name"],
      ["aws_kms_alias", "name"],
      ["aws_iam_role", "name_prefix"],
      ["aws_s3_bucket", "bucket_prefix"],
    ]) {
      const values = names(type, field);
      expect(new Set(values).size).toBe(values.length);
    }
  });
});

describe("FirehoseToS3 validation (surfaced from the construct, naming property and path)", () => {
  it.each<[string, Partial<FirehoseToS3Props>, string]>([
    ["the delivery stream name has a bad character", { deliveryStreamName: "orders/eu" }, "deliveryStreamName"],
    ["the buffer exceeds 128 MiB", { bufferingSizeMiB: 129 }, "bufferingSizeMiB"],
    ["the interval exceeds 900 s", { bufferingIntervalSeconds: 901 }, "bufferingIntervalSeconds"],
    ["compression is unknown", { compression: Compression.of("BROTLI") }, "compression"],
    ["the prefix uses an unknown namespace", { prefix: "x/!{nope:1}/" }, "prefix"],
    ["the error prefix lacks the error-output-type", { errorOutputPrefix: "errors/!{timestamp:yyyy}/" }, "errorOutputPrefix"],
    ["log retention is not a CloudWatch value", { logRetentionDays: 42 }, "logRetentionDays"],
    ["dynamic partitioning has a 5 MiB buffer", { dynamicPartitioning: { jqQuery: { k: ".k" } }, prefix: "d/!{partitionKeyFromQuery:k}/", bufferingSizeMiB: 5 }, "bufferingSizeMiB"],
    ["a jq expression is empty", { dynamicPartitioning: { jqQuery: { k: " " } }, prefix: "d/!{partitionKeyFromQuery:k}/" }, "dynamicPartitioning.jqQuery.k"],
    ["the Lambda ARN is malformed", { transformLambdaArn: "enrich" }, "transformLambdaArn"],
    ["the backup prefix uses expressions", { sourceRecordBackup: { prefix: "b/!{timestamp:yyyy}/" } }, "sourceRecordBackup.prefix"],
    ["the freshness threshold is below the interval", { alarms: { dataFreshnessThresholdSeconds: 100 } }, "alarms.dataFreshnessThresholdSeconds"],
    ["an alarm action is not an SNS ARN", { alarmActionArns: ["mailto:ops"] }, "alarmActionArns[0]"],
    ["alarm actions are given with alarms off", { alarms: false, alarmActionArns: [TOPIC_ARN] }, "alarmActionArns"],
    ["encryptionKeyArn is given with SSE off", { serverSideEncryption: false, encryptionKeyArn: EXISTING_KEY_ARN }, "encryptionKeyArn"],
    ["the created bucket's prefix is invalid", { bucketProps: { bucketPrefix: "UPPER" } }, "bucketProps.bucketPrefix"],
    ["encryptionKeyArn is an alias ARN (grants cannot name it)", { encryptionKeyArn: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:alias/x` }, "encryptionKeyArn"],
    ["logEncryptionKeyArn is not a key ARN", { logEncryptionKeyArn: "my-key" }, "logEncryptionKeyArn"],
    ["logEncryptionKeyArn is given with logging off", { logging: false, logEncryptionKeyArn: EXISTING_KEY_ARN }, "logEncryptionKeyArn"],
  ])("fails when %s", (_label, props, property) => {
    const e = problemsOf({ deliveryStreamName: "orders", ...props });
    expect(e.constructPath).toBe("test/delivery");
    expect(e.problems.map((p) => p.property)).toContain(property);
    expect(e.message).toContain("test/delivery");
  });

  it("fails when a Kinesis source is combined with encryptionKeyArn or serverSideEncryption", () => {
    for (const extra of [{ encryptionKeyArn: EXISTING_KEY_ARN }, { serverSideEncryption: true }]) {
      const { stack } = testStack();
      const source = new EncryptedStream(stack, "s", { streamName: "clicks" });
      const e = validationFailure(() => new FirehoseToS3(stack, "delivery", { deliveryStreamName: "clicks", source, ...extra }));
      expect(e.problems.map((p) => p.property)).toEqual([Object.keys(extra)[0]]);
    }
  });

  it("fails when both bucket and bucketProps are given", () => {
    const { stack } = testStack();
    const bucket = SecureBucket.fromBucketAttributes(stack, "landing", { bucketName: "central-landing-zone" });
    const e = validationFailure(() => new FirehoseToS3(stack, "delivery", { deliveryStreamName: "x", bucket, bucketProps: {} }));
    expect(e.problems.map((p) => p.property)).toEqual(["bucketProps"]);
  });

  it("reports every problem at once and creates nothing", () => {
    const { stack } = testStack();
    const e = validationFailure(
      () =>
        new FirehoseToS3(stack, "delivery", {
          deliveryStreamName: "bad name",
          bufferingSizeMiB: 0,
          bufferingIntervalSeconds: 1000,
          logRetentionDays: 2,
        }),
    );
    expect(e.problems.map((p) => p.property).sort()).toEqual(
      ["bufferingIntervalSeconds", "bufferingSizeMiB", "deliveryStreamName", "logRetentionDays"].sort(),
    );
    expect(stack.node.findAll().filter((c) => c.node.path.startsWith("test/delivery/"))).toEqual([]);
  });
});

describe("FirehoseToS3 properties (fast-check)", () => {

  it("random valid props synthesize, with the values they were given", () => {
    fc.assert(
      fc.property(validFirehoseProps, (props) => {
        const { stack } = testStack();
        new FirehoseToS3(stack, "delivery", props);
        const s3 = only(synthJson(stack), "aws_kinesis_firehose_delivery_stream").extended_s3_configuration;
        expect(s3.buffering_size).toBe(props.bufferingSizeMiB ?? 5);
        expect(s3.buffering_interval).toBe(props.bufferingIntervalSeconds ?? 300);
        expect(s3.compression_format).toBe((props.compression ?? Compression.GZIP).value);
      }),
      { numRuns: 12 },
    );
  });

  it("random out-of-range buffering fails naming the property", () => {
    const bad = fc.oneof(
      fc.record({ property: fc.constant("bufferingSizeMiB"), value: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 129 }), fc.double({ min: 1.01, max: 127.9, noInteger: true })) }),
      fc.record({ property: fc.constant("bufferingIntervalSeconds"), value: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 901 })) }),
      fc.record({ property: fc.constant("logRetentionDays"), value: fc.integer({ min: -10, max: 5000 }).filter((d) => !(ALLOWED_VALUES.logRetentionDays.values as readonly number[]).includes(d)) }),
    );
    fc.assert(
      fc.property(bad, ({ property, value }) => {
        const e = problemsOf({ deliveryStreamName: "orders", [property]: value });
        expect(e.problems.map((p) => p.property)).toContain(property);
      }),
      { numRuns: 40 },
    );
  });

  it("random delivery stream names outside the rule fail naming deliveryStreamName", () => {
    const badName = fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9_.-]{65,80}$/),
      fc.tuple(fc.stringMatching(/^[a-z]{0,5}$/), fc.constantFrom(" ", "/", ":", "*", "é"), fc.stringMatching(/^[a-z]{0,5}$/)).map(([a, c, b]) => `${a}${c}${b}`),
    );
    fc.assert(
      fc.property(badName, (deliveryStreamName) => {
        expect(problemsOf({ deliveryStreamName }).problems.map((p) => p.property)).toContain("deliveryStreamName");
      }),
      { numRuns: 30 },
    );
  });
});

describe("FirehoseToS3 with an existing-key source stream", () => {
  it("decrypts with the imported key through the stream's grant", () => {
    const { stack } = testStack();
    const source = new EncryptedStream(stack, "s", { streamName: "legacy", encryption: StreamEncryption.existingKey(EXISTING_KEY_ARN), alarms: false });
    const delivery = new FirehoseToS3(stack, "legacy", { deliveryStreamName: "legacy", source });
    const all = statements(synthJson(stack), delivery.role.friendlyUniqueId);
    expect(all.find((s) => s.Resource === EXISTING_KEY_ARN)?.Action).toEqual([...KMS_DECRYPT_ACTIONS]);
  });
});
