import { Token } from "cdktf";
import * as fc from "fast-check";
import { ALLOWED_VALUES, FIREHOSE_LIMITS } from "stream-simulator";
import { Compression } from "../../constructs/firehose/compression";
import type { FirehoseToS3Props } from "../../constructs/firehose/props";
import { validateFirehoseToS3Props, type FirehoseValidationContext } from "../../constructs/validation/firehose";

const EOT = "!{firehose:error-output-type}";

/** A plain delivery (read from a Kinesis stream: `KINESIS`) with the construct defaults, alarms off. */
const plain: FirehoseToS3Props = {
  deliveryStreamName: "orders-to-s3",
  bufferingSizeMiB: 5,
  bufferingIntervalSeconds: 300,
  compression: Compression.GZIP,
  prefix: "data/!{timestamp:yyyy/MM/dd/HH}/",
  errorOutputPrefix: `errors/${EOT}/!{timestamp:yyyy/MM/dd}/`,
  logging: true,
  logRetentionDays: 14,
  // The data-freshness alarm's rule depends on the interval; it is tested with the construct (firehose-to-s3.test.ts).
  alarms: false,
};

/** A dynamic-partitioning delivery with jq keys and a Lambda processor. */
const partitioned: FirehoseToS3Props = {
  ...plain,
  bufferingSizeMiB: 128,
  bufferingIntervalSeconds: 60,
  prefix: "data/customer=!{partitionKeyFromQuery:customer}/region=!{partitionKeyFromLambda:region}/!{timestamp:yyyy/MM/dd}/",
  dynamicPartitioning: { jqQuery: { customer: ".customer" }, retryDurationSeconds: 300 },
  transformLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:enrich:live",
  fileExtension: ".json.gz",
};

/** Reading from a Kinesis data stream (the source is set only when the stream exists). */
const KINESIS: FirehoseValidationContext = { kinesisSource: true };
/** A jqQuery of these keys, each extracting the field of its name. */
const jq = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, `.${k}`]));

const run = (overrides: Partial<FirehoseToS3Props>, base = plain, context = KINESIS) => validateFirehoseToS3Props({ ...base, ...overrides }, context);
const properties = (overrides: Partial<FirehoseToS3Props>, base = plain) => run(overrides, base).map((p) => p.property);

describe("validateFirehoseToS3Props: valid configurations", () => {
  it("accepts the plain and dynamic-partitioning baselines", () => {
    expect(validateFirehoseToS3Props(plain, KINESIS)).toEqual([]);
    expect(validateFirehoseToS3Props(partitioned, KINESIS)).toEqual([]);
  });

  it("accepts literal prefixes without an error prefix, and a direct-PUT stream with SSE", () => {
    expect(run({ prefix: "raw/", errorOutputPrefix: "" })).toEqual([]);
    expect(run({ serverSideEncryption: true }, plain, {})).toEqual([]);
  });

  it("accepts zero buffering without dynamic partitioning and every compression format", () => {
    expect(run({ bufferingIntervalSeconds: 0, bufferingSizeMiB: 1 })).toEqual([]);
    for (const compression of ALLOWED_VALUES.firehoseCompression.values) expect(run({ compression: Compression.of(compression) })).toEqual([]);
  });
});

describe("validateFirehoseToS3Props: one rule per failing input", () => {
  it("deliveryStreamName: charset", () => {
    const [p] = run({ deliveryStreamName: "orders to s3" });
    expect(p.property).toBe("deliveryStreamName");
    expect(p.allowed).toContain("1-64 characters: letters, digits, '_', '.' and '-'");
  });

  it("deliveryStreamName: at most 64 characters", () => {
    expect(properties({ deliveryStreamName: "f".repeat(65) })).toEqual(["deliveryStreamName"]);
  });

  it.each([0, 129, 2.5])("bufferingSizeMiB %p outside 1-128", (v) => {
    expect(run({ bufferingSizeMiB: v })).toEqual([{ property: "bufferingSizeMiB", value: v, allowed: "an integer from 1 to 128 MiB" }]);
  });

  it.each([-1, 901])("bufferingIntervalSeconds %p outside 0-900", (v) => {
    expect(run({ bufferingIntervalSeconds: v })).toEqual([
      { property: "bufferingIntervalSeconds", value: v, allowed: "an integer from 0 to 900 seconds" },
    ]);
  });

  it("compression: from the enum (case-sensitive)", () => {
    const [p] = run({ compression: Compression.of("gzip") });
    expect(p.property).toBe("compression");
    expect(p.allowed).toBe('one of "UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"');
  });

  it("serverSideEncryption: not with a Kinesis source (CDK rule 8)", () => {
    const [p] = run({ serverSideEncryption: true });
    expect(p.property).toBe("serverSideEncryption");
    expect(p.allowed).toContain("Specify encryption on the source stream instead");
  });

  it("encryptionKeyArn: named when the key ARN asked for SSE with a Kinesis source", () => {
    const arn = "arn:aws:kms:us-east-1:123456789012:key/abc";
    expect(run({ encryptionKeyArn: arn })).toEqual([
      { property: "encryptionKeyArn", value: arn, allowed: expect.stringContaining("Specify encryption on the source stream instead") },
    ]);
  });

  it("prefix: grammar problems are reported on prefix (CDK rule 13)", () => {
    const [p] = run({ prefix: "data/!{date:yyyy}/" });
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain('unknown namespace "date"');
  });

  it("errorOutputPrefix: grammar problems are reported on errorOutputPrefix (CDK rule 13)", () => {
    const [p] = run({ errorOutputPrefix: `errors/${EOT}/!{timestamp:yyyy` });
    expect(p.property).toBe("errorOutputPrefix");
    expect(p.allowed).toContain("not closed");
  });

  it("prefix / errorOutputPrefix: at most 1024 characters", () => {
    const long = "p".repeat(FIREHOSE_LIMITS.s3PrefixMaxLength.value + 1);
    expect(run({ prefix: long })).toEqual([{ property: "prefix", value: long, allowed: "at most 1024 characters (got 1025)" }]);
    expect(properties({ prefix: "raw/", errorOutputPrefix: long })).toEqual(["errorOutputPrefix"]);
  });

  it("errorOutputPrefix: required when prefix uses expressions (CDK rule 14)", () => {
    const [p] = run({ errorOutputPrefix: "" });
    expect(p.property).toBe("errorOutputPrefix");
    expect(p.allowed).toContain(`a non-empty error prefix containing ${EOT}`);
  });

  it("errorOutputPrefix: expressions require !{firehose:error-output-type} (CDK rule 15)", () => {
    const [p] = run({ errorOutputPrefix: "errors/!{timestamp:yyyy}/" });
    expect(p.property).toBe("errorOutputPrefix");
    expect(p.allowed).toContain(`must include ${EOT}`);
  });

  it("prefix: must not contain !{firehose:error-output-type} (CDK rule 16)", () => {
    const [p] = run({ prefix: `data/${EOT}/` });
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain("only valid in errorOutputPrefix");
  });

  it("errorOutputPrefix: no partitionKeyFrom* (CDK rule 17)", () => {
    const problems = run({ errorOutputPrefix: `errors/${EOT}/!{partitionKeyFromQuery:customer}/` }, partitioned);
    expect(problems.map((p) => p.property)).toEqual(["errorOutputPrefix"]);
    expect(problems[0].allowed).toContain("no !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} in the error prefix");
  });

  it("prefix: partitionKeyFrom* requires dynamic partitioning (CDK rule 18)", () => {
    const [p] = run({ prefix: "data/!{partitionKeyFromQuery:customer}/" });
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain("only with dynamicPartitioning enabled");
  });

  it("bufferingSizeMiB: at least 64 MiB with dynamic partitioning (CDK rule 23)", () => {
    expect(run({ bufferingSizeMiB: 63 }, partitioned)).toEqual([
      {
        property: "bufferingSizeMiB",
        value: 63,
        allowed: "at least 64 MiB when dynamic partitioning is enabled (AWS rejects smaller buffers at apply time)",
      },
    ]);
  });

  it("bufferingIntervalSeconds: at least 60 s with dynamic partitioning (CDK rule 21)", () => {
    const [p] = run({ bufferingIntervalSeconds: 0 }, partitioned);
    expect(p.property).toBe("bufferingIntervalSeconds");
    expect(p.allowed).toContain("at least 60 seconds when dynamic partitioning is enabled");
  });

  it("dynamicPartitioning.retryDurationSeconds: at most 7200 s (CDK rule 32)", () => {
    const dynamicPartitioning = { ...partitioned.dynamicPartitioning!, retryDurationSeconds: 7201 };
    expect(run({ dynamicPartitioning }, partitioned)).toEqual([
      { property: "dynamicPartitioning.retryDurationSeconds", value: 7201, allowed: "an integer from 0 to 7200 seconds" },
    ]);
  });

  it("dynamicPartitioning.jqQuery: at least one partition key without a Lambda processor (CDK rules 28, 34)", () => {
    const problems = run({
      dynamicPartitioning: { jqQuery: {} },
      prefix: "data/!{timestamp:yyyy}/",
      transformLambdaArn: undefined,
    }, partitioned);
    expect(problems.map((p) => p.property)).toEqual(["dynamicPartitioning.jqQuery", "prefix"]);
    expect(problems[0].allowed).toContain("at least 1 partition key when dynamic partitioning is enabled");
  });

  it("dynamicPartitioning.jqQuery: at most 50 keys (CDK rule 35)", () => {
    const keys = Array.from({ length: 51 }, (_, i) => `k${i}`);
    const prefix = keys.map((k) => `!{partitionKeyFromQuery:${k}}`).join("/") + "/";
    const problems = run({ prefix, dynamicPartitioning: { jqQuery: jq(...keys) }, transformLambdaArn: undefined }, partitioned);
    // 51 expressions cannot fit in a 1024-character prefix either, so both limits are reported.
    expect(problems.map((p) => p.property)).toEqual(["prefix", "dynamicPartitioning.jqQuery"]);
    expect(problems).toContainEqual({
      property: "dynamicPartitioning.jqQuery",
      value: keys,
      allowed: "at most 50 partition keys in one jq query (got 51)",
    });
  });

  it("dynamicPartitioning.jqQuery: every jq key must be used in the prefix (CDK rule 37)", () => {
    const dynamicPartitioning = { jqQuery: jq("customer", "tenant") };
    const [p, ...rest] = run({ dynamicPartitioning }, partitioned);
    expect(rest).toEqual([]);
    expect(p.property).toBe("dynamicPartitioning.jqQuery");
    expect(p.allowed).toContain('unused: "tenant"');
  });

  it("prefix: every !{partitionKeyFromQuery:k} must be defined in jqQuery (CDK rules 31, 37)", () => {
    const prefix = "d/!{partitionKeyFromQuery:customer}/!{partitionKeyFromQuery:tenant}/!{partitionKeyFromLambda:region}/";
    const [p, ...rest] = run({ prefix }, partitioned);
    expect(rest).toEqual([]);
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain('undefined: "tenant"');
  });

  it("prefix: partitionKeyFromLambda requires the Lambda processor (CDK rule 30)", () => {
    const dynamicPartitioning = { jqQuery: jq("customer") };
    const [p, ...rest] = run({ dynamicPartitioning, transformLambdaArn: undefined }, partitioned);
    expect(rest).toEqual([]);
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain("only with a transform Lambda that returns partitionKeys");
  });

  it("prefix: a Lambda-only partitioner must be used in the prefix (CDK rule 29)", () => {
    const dynamicPartitioning = { jqQuery: {} };
    const [p, ...rest] = run({ dynamicPartitioning, prefix: "d/!{partitionKeyFromQuery:customer}/" }, partitioned);
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain('undefined: "customer"');
    expect(rest.map((r) => r.allowed)).toEqual([expect.stringContaining("at least one !{partitionKeyFromLambda:<key>}")]);
  });

  it("prefix: dynamic partitioning needs partition keys in the prefix (CDK rule 27)", () => {
    const [p, ...rest] = run({ prefix: "" , errorOutputPrefix: "" }, partitioned);
    expect(rest).toEqual([]);
    expect(p.property).toBe("prefix");
    expect(p.allowed).toContain("!{partitionKeyFromQuery:customer}");
  });

  it.each(["json", "txt"])("fileExtension %p: must start with '.' (CDK rule 19)", (ext) => {
    const [p] = run({ fileExtension: ext });
    expect(p.property).toBe("fileExtension");
    expect(p.allowed).toContain("starting with '.'");
  });

  it.each([".JSON", ".json gz", ".", ".json/x"])("fileExtension %p: charset 0-9a-z!-_.*'() (CDK rule 19)", (ext) => {
    const [p] = run({ fileExtension: ext });
    expect(p.property).toBe("fileExtension");
    expect(p.allowed).toContain("'.' followed by lowercase letters, digits");
  });

  it.each([0, 2, 10000])("logRetentionDays %p: one of the finite CloudWatch values", (days) => {
    const [p] = run({ logRetentionDays: days });
    expect(p.property).toBe("logRetentionDays");
    expect(p.allowed).toContain("one of 1, 3, 5, 7, 14");
    expect(p.allowed).toContain("logs must expire");
  });

  it("logRetentionDays: only with logging on", () => {
    const [p] = run({ logging: false, logRetentionDays: 14 });
    expect(p.property).toBe("logRetentionDays");
    expect(p.allowed).toContain("only with logging enabled");
    expect(run({ logging: false, logRetentionDays: undefined })).toEqual([]);
  });

  it.each([
    "arn:aws:lambda:us-east-1:123456789012:enrich",
    "arn:aws:lambda:us-east-1:1234:function:enrich",
    "arn:aws:s3:::bucket",
    "enrich",
    "arn:aws:lambda:us-east-1:123456789012:function:en rich",
  ])("transformLambdaArn %p: function ARN shape", (arn) => {
    const [p] = run({ transformLambdaArn: arn });
    expect(p.property).toBe("transformLambdaArn");
    expect(p.allowed).toContain("arn:<partition>:lambda:<region>:<12-digit account>:function:<name>");
  });

  it.each([
    "arn:aws:lambda:us-east-1:123456789012:function:enrich",
    "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:my_fn:$LATEST",
    "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn:3",
  ])("transformLambdaArn %p: accepted", (arn) => {
    expect(run({ transformLambdaArn: arn })).toEqual([]);
  });
});

describe("validateFirehoseToS3Props: aggregation and tokens", () => {
  it("reports every broken field together", () => {
    const problems = validateFirehoseToS3Props({
      ...partitioned,
      deliveryStreamName: "bad name",
      bufferingSizeMiB: 8,
      bufferingIntervalSeconds: 30,
      compression: Compression.of("LZ4"),
      serverSideEncryption: true,
      errorOutputPrefix: "errors/!{timestamp:yyyy}/",
      fileExtension: "gz",
      logRetentionDays: 0,
      transformLambdaArn: "enrich",
      dynamicPartitioning: { jqQuery: jq("customer"), retryDurationSeconds: 9000 },
    }, KINESIS);
    expect(problems.map((p) => p.property).sort()).toEqual(
      [
        "deliveryStreamName",
        "compression",
        "serverSideEncryption",
        "errorOutputPrefix",
        "bufferingSizeMiB",
        "bufferingIntervalSeconds",
        "dynamicPartitioning.retryDurationSeconds",
        "fileExtension",
        "logRetentionDays",
        "transformLambdaArn",
      ].sort(),
    );
  });

  it("skips token values, including cross-field rules that need them", () => {
    const s = (v: string) => Token.asString({ resolve: () => v });
    const n = Token.asNumber({ resolve: () => 5 });
    expect(
      validateFirehoseToS3Props({
        ...partitioned,
        deliveryStreamName: s("bad name"),
        bufferingSizeMiB: n,
        bufferingIntervalSeconds: n,
        compression: Compression.of(s("nope")),
        prefix: `data/${s("x")}/!{date:bad}`,
        errorOutputPrefix: s(""),
        fileExtension: s("gz"),
        logRetentionDays: n,
        transformLambdaArn: `arn:aws:lambda:${s("r")}:${s("a")}:function:f`,
        dynamicPartitioning: { jqQuery: { customer: s(".customer") }, retryDurationSeconds: n },
      }, KINESIS),
    ).toEqual([]);
  });
});

describe("validateFirehoseToS3Props: properties", () => {
  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);

  it("property: random valid buffering and dynamic-partitioning prefixes produce no problems", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: FIREHOSE_LIMITS.dynamicPartitioningMinBufferMiB.value, max: FIREHOSE_LIMITS.bufferingSizeMaxMiB.value }),
        fc.integer({ min: FIREHOSE_LIMITS.dynamicPartitioningMinIntervalSeconds.value, max: FIREHOSE_LIMITS.bufferingIntervalMaxSeconds.value }),
        fc.integer({ min: 0, max: FIREHOSE_LIMITS.dynamicPartitioningMaxRetrySeconds.value }),
        fc.boolean(),
        fc.constantFrom(...ALLOWED_VALUES.firehoseCompression.values),
        (keys, size, interval, retry, withTimestamp, compression) => {
          const prefix =
            keys.map((k) => `${k}=!{partitionKeyFromQuery:${k}}`).join("/") + (withTimestamp ? "/!{timestamp:yyyy/MM/dd}/" : "/");
          expect(
            validateFirehoseToS3Props({
              ...plain,
              bufferingSizeMiB: size,
              bufferingIntervalSeconds: interval,
              compression: Compression.of(compression),
              prefix,
              dynamicPartitioning: { jqQuery: jq(...[...keys].reverse()), retryDurationSeconds: retry },
            }, KINESIS),
          ).toEqual([]);
        },
      ),
    );
  });

  it("property: random valid buffering without dynamic partitioning produces no problems", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 128 }), fc.integer({ min: 0, max: 900 }), (size, interval) => {
        expect(run({ bufferingSizeMiB: size, bufferingIntervalSeconds: interval })).toEqual([]);
      }),
    );
  });

  it("property: out-of-range buffering is flagged on exactly the broken property", () => {
    const badSize = fc.oneof(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 129, max: 100000 }));
    const badInterval = fc.oneof(fc.integer({ min: -1000, max: -1 }), fc.integer({ min: 901, max: 100000 }));
    fc.assert(
      fc.property(fc.option(badSize, { nil: undefined }), fc.option(badInterval, { nil: undefined }), (size, interval) => {
        const expected = [...(size !== undefined ? ["bufferingSizeMiB"] : []), ...(interval !== undefined ? ["bufferingIntervalSeconds"] : [])];
        expect(properties({ bufferingSizeMiB: size ?? 5, bufferingIntervalSeconds: interval ?? 300 })).toEqual(expected);
      }),
    );
  });

  it("property: a bad namespace in either prefix is flagged on that prefix", () => {
    const namespaces: readonly string[] = ALLOWED_VALUES.firehosePrefixNamespaces.values;
    const badNs = fc.stringMatching(/^[a-zA-Z]{1,10}$/).filter((ns) => !namespaces.includes(ns));
    fc.assert(
      fc.property(badNs, fc.boolean(), (ns, inErrorPrefix) => {
        const problems = inErrorPrefix
          ? run({ errorOutputPrefix: `errors/${EOT}/!{${ns}:x}/` })
          : run({ prefix: `data/!{${ns}:x}/` });
        expect(problems.map((p) => p.property)).toEqual([inErrorPrefix ? "errorOutputPrefix" : "prefix"]);
        expect(problems[0].allowed).toContain(`unknown namespace "${ns}"`);
      }),
    );
  });

  it("property: with dynamic partitioning, any buffer under 64 MiB is flagged on bufferingSizeMiB", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: FIREHOSE_LIMITS.dynamicPartitioningMinBufferMiB.value - 1 }), (size) => {
        expect(properties({ bufferingSizeMiB: size }, partitioned)).toEqual(["bufferingSizeMiB"]);
      }),
    );
  });
});
