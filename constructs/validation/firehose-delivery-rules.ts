/**
 * Synth-time rules for a Firehose delivery stream writing to S3 (extended S3 destination). Pure: returns every
 * problem, never throws; unresolved tokens are skipped, and a cross-field rule is skipped when any value it needs is
 * a token. Property names are those the user writes on `FirehoseToS3Props`.
 *
 * Coverage of aws-cdk-lib 2.276.0's rules for S3 destinations (prior-art.md §3.2):
 *  8 SSE with a Kinesis source          -> serverSideEncryption / encryptionKeyArn
 *  13 prefix grammar (both prefixes)    -> parsePrefix() problems (s3-prefix.ts), plus timestamp / key checks
 *  14 expressions need errorOutputPrefix, 15 error prefix needs !{firehose:error-output-type},
 *  16 data prefix must not use it, 17 error prefix must not use partitionKeyFrom*,
 *  18 partitionKeyFrom* needs dynamic partitioning
 *  19 fileExtension ('.' + charset)     -> NAME_RULES.firehoseFileExtension
 *  20-24 buffering bounds (1-128 MiB, 0-900 s; >= 64 MiB and >= 60 s with dynamic partitioning)
 *  27-31 dynamic partitioning needs partition keys in the prefix, Lambda keys need the Lambda processor
 *  32 retry <= 7200 s; 34-35 1..50 jq keys; 37 jq keys == !{partitionKeyFromQuery:k} keys (both directions)
 * Not applicable here (no such props): 9-12, 25-26, 33 (time zone), 36, 38-43 (processors/format conversion).
 * Added beyond CDK: name charset/length, compression enum, prefix length <= 1024, log retention from the finite
 * CloudWatch set (logs must expire), Lambda ARN shape, empty-prefix with dynamic partitioning.
 * Figures: FIREHOSE_LIMITS, NAME_RULES, ALLOWED_VALUES in stream-simulator/src/limits.ts.
 */
import { ALLOWED_VALUES, FIREHOSE_LIMITS, NAME_RULES } from "stream-simulator";
import { isToken, type Problem } from "./problems";
import { checkIntegerRange, checkMaxCount, checkName, checkNoDuplicates, checkOneOf } from "./rules";
import { hasExpressions, parsePrefix, partitionKeysIn, type ParsedPrefix } from "./s3-prefix";

export interface FirehoseDeliveryRuleInput {
  deliveryStreamName: string;
  hasKinesisSource: boolean;
  /** True when the user explicitly asked for server-side encryption settings (encryption key / SSE on). */
  serverSideEncryptionRequested: boolean;
  /** The user's SSE key ARN, if any: names the problem `encryptionKeyArn` instead of `serverSideEncryption`. */
  encryptionKeyArn?: string;
  bufferingSizeMiB: number; // resolved value (defaults applied by the construct)
  bufferingIntervalSeconds: number; // resolved value
  compression: string;
  prefix: string;
  errorOutputPrefix: string;
  fileExtension?: string;
  dynamicPartitioning?: { jqKeys: readonly string[]; hasLambdaProcessor: boolean; retryDurationSeconds?: number };
  logging: boolean;
  logRetentionDays?: number;
  transformLambdaArn?: string;
}

const ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";
const JQ = "dynamicPartitioning.jqQuery";

/**
 * Lambda function ARN, optionally qualified (version or alias). Shape from the Lambda API FunctionName pattern
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): partition `aws*`, region such as us-east-1 /
 * us-gov-west-1 / us-iso-east-1, 12-digit account, name of letters, digits, '-' and '_'.
 */
const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}((-gov)|(-iso[a-z]?))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;

/** Partition key names in jqQuery: non-empty, usable inside `!{partitionKeyFromQuery:<key>}`. */
const PARTITION_KEY_NAME = /^[^\s!{}:]+$/;

const list = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(", ");

/** Grammar and length problems for one prefix; returns the parse (or undefined for a token). */
function checkPrefix(property: "prefix" | "errorOutputPrefix", value: string, problems: Problem[]): ParsedPrefix | undefined {
  if (isToken(value)) return undefined;
  const max = FIREHOSE_LIMITS.s3PrefixMaxLength.value;
  if (value.length > max) {
    problems.push({ property, value, allowed: `at most ${max} characters (got ${value.length})` });
  }
  const parsed = parsePrefix(value);
  for (const p of parsed.problems) problems.push({ property, value, allowed: p });
  return parsed;
}

/** Every problem with a Firehose-to-S3 delivery configuration. */
export function validateFirehoseDelivery(input: FirehoseDeliveryRuleInput): Problem[] {
  const problems: Problem[] = [];
  const dp = input.dynamicPartitioning;

  problems.push(...checkName("deliveryStreamName", input.deliveryStreamName, NAME_RULES.firehoseDeliveryStreamName));

  // Buffering hints (CDK rules 20, 22, 24; API_BufferingHints).
  problems.push(
    ...checkIntegerRange(
      "bufferingSizeMiB",
      input.bufferingSizeMiB,
      FIREHOSE_LIMITS.bufferingSizeMinMiB.value,
      FIREHOSE_LIMITS.bufferingSizeMaxMiB.value,
      "MiB",
    ),
    ...checkIntegerRange(
      "bufferingIntervalSeconds",
      input.bufferingIntervalSeconds,
      FIREHOSE_LIMITS.bufferingIntervalMinSeconds.value,
      FIREHOSE_LIMITS.bufferingIntervalMaxSeconds.value,
      "seconds",
    ),
  );

  problems.push(...checkOneOf("compression", input.compression, ALLOWED_VALUES.firehoseCompression.values as readonly string[]));

  // Server-side encryption of the delivery stream is for direct PUT only (CDK rule 8; prior-art §6 item 4).
  if (input.serverSideEncryptionRequested && input.hasKinesisSource) {
    const byKey = input.encryptionKeyArn !== undefined;
    problems.push({
      property: byKey ? "encryptionKeyArn" : "serverSideEncryption",
      value: byKey ? input.encryptionKeyArn : true,
      allowed:
        "no delivery-stream server-side encryption when the source is a Kinesis data stream (AWS rejects it); " +
        "Specify encryption on the source stream instead",
    });
  }

  // Prefix grammar and lengths (CDK rule 13; API_ExtendedS3DestinationConfiguration).
  const data = checkPrefix("prefix", input.prefix, problems);
  const error = checkPrefix("errorOutputPrefix", input.errorOutputPrefix, problems);

  if (data !== undefined && !isToken(input.errorOutputPrefix)) {
    // CDK rule 14 / AWS "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions".
    if (hasExpressions(input.prefix) && input.errorOutputPrefix.length === 0) {
      problems.push({
        property: "errorOutputPrefix",
        value: input.errorOutputPrefix,
        allowed: `a non-empty error prefix containing ${ERROR_OUTPUT_TYPE} (e.g. "errors/${ERROR_OUTPUT_TYPE}/") because prefix uses !{...} expressions`,
      });
    }
  }
  if (error !== undefined) {
    // CDK rule 15.
    if (hasExpressions(input.errorOutputPrefix) && !input.errorOutputPrefix.includes(ERROR_OUTPUT_TYPE)) {
      problems.push({
        property: "errorOutputPrefix",
        value: input.errorOutputPrefix,
        allowed: `an error prefix that uses expressions must include ${ERROR_OUTPUT_TYPE}, e.g. "errors/${ERROR_OUTPUT_TYPE}/!{timestamp:yyyy/MM/dd}/"`,
      });
    }
    // CDK rule 17.
    const keys = [...partitionKeysIn(error, "partitionKeyFromQuery"), ...partitionKeysIn(error, "partitionKeyFromLambda")];
    if (keys.length > 0) {
      problems.push({
        property: "errorOutputPrefix",
        value: input.errorOutputPrefix,
        allowed:
          "no !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} in the error prefix (failed records have no partition keys); " +
          `use ${ERROR_OUTPUT_TYPE} and !{timestamp:...} only`,
      });
    }
  }
  if (data !== undefined && input.prefix.includes(ERROR_OUTPUT_TYPE)) {
    // CDK rule 16.
    problems.push({
      property: "prefix",
      value: input.prefix,
      allowed: `no ${ERROR_OUTPUT_TYPE} in the data prefix; it is only valid in errorOutputPrefix`,
    });
  }

  const queryKeys = data ? partitionKeysIn(data, "partitionKeyFromQuery") : [];
  const lambdaKeys = data ? partitionKeysIn(data, "partitionKeyFromLambda") : [];

  if (dp === undefined) {
    // CDK rule 18.
    if (queryKeys.length + lambdaKeys.length > 0) {
      problems.push({
        property: "prefix",
        value: input.prefix,
        allowed:
          "!{partitionKeyFromQuery:...} and !{partitionKeyFromLambda:...} only with dynamicPartitioning enabled; " +
          "enable dynamicPartitioning (with jqQuery or a transform Lambda) or remove these expressions",
      });
    }
  } else {
    problems.push(...checkDynamicPartitioning(input, dp, data, queryKeys, lambdaKeys));
  }

  // File extension (CDK rule 19).
  if (input.fileExtension !== undefined && !isToken(input.fileExtension)) {
    if (!input.fileExtension.startsWith(".")) {
      problems.push({
        property: "fileExtension",
        value: input.fileExtension,
        allowed: `an extension starting with '.', e.g. ".json.gz"; ${NAME_RULES.firehoseFileExtension.allowed}`,
      });
    } else {
      problems.push(...checkName("fileExtension", input.fileExtension, NAME_RULES.firehoseFileExtension));
    }
  }

  // Error logging: retention must be one of CloudWatch's finite values (0 / never-expire excluded on purpose).
  if (input.logRetentionDays !== undefined && !isToken(input.logRetentionDays)) {
    if (input.logging) {
      const allowed = ALLOWED_VALUES.logRetentionDays.values as readonly number[];
      if (!allowed.includes(input.logRetentionDays)) {
        problems.push({
          property: "logRetentionDays",
          value: input.logRetentionDays,
          allowed: `one of ${allowed.join(", ")} days (CloudWatch retention values; logs must expire, so never-expire/0 is not offered)`,
        });
      }
    } else {
      problems.push({
        property: "logRetentionDays",
        value: input.logRetentionDays,
        allowed: "only with logging enabled; remove logRetentionDays or set logging to true",
      });
    }
  }

  // Transform Lambda ARN shape.
  if (input.transformLambdaArn !== undefined && !isToken(input.transformLambdaArn)) {
    if (!LAMBDA_FUNCTION_ARN.test(input.transformLambdaArn)) {
      problems.push({
        property: "transformLambdaArn",
        value: input.transformLambdaArn,
        allowed:
          "a Lambda function ARN arn:<partition>:lambda:<region>:<12-digit account>:function:<name>[:<version or alias>], " +
          "e.g. arn:aws:lambda:us-east-1:123456789012:function:enrich (or a reference such as fn.arn)",
      });
    }
  }

  return problems;
}

/** Dynamic-partitioning cross-checks (CDK rules 21, 23, 27-32, 34-35, 37). */
function checkDynamicPartitioning(
  input: FirehoseDeliveryRuleInput,
  dp: NonNullable<FirehoseDeliveryRuleInput["dynamicPartitioning"]>,
  data: ParsedPrefix | undefined,
  queryKeys: readonly string[],
  lambdaKeys: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const minSize = FIREHOSE_LIMITS.dynamicPartitioningMinBufferMiB.value;
  const minInterval = FIREHOSE_LIMITS.dynamicPartitioningMinIntervalSeconds.value;

  if (!isToken(input.bufferingSizeMiB) && input.bufferingSizeMiB < minSize) {
    problems.push({
      property: "bufferingSizeMiB",
      value: input.bufferingSizeMiB,
      allowed: `at least ${minSize} MiB when dynamic partitioning is enabled (AWS rejects smaller buffers at apply time)`,
    });
  }
  if (!isToken(input.bufferingIntervalSeconds) && input.bufferingIntervalSeconds < minInterval) {
    problems.push({
      property: "bufferingIntervalSeconds",
      value: input.bufferingIntervalSeconds,
      allowed: `at least ${minInterval} seconds when dynamic partitioning is enabled (zero/short buffering is not supported with it)`,
    });
  }
  problems.push(
    ...checkIntegerRange(
      "dynamicPartitioning.retryDurationSeconds",
      dp.retryDurationSeconds,
      0,
      FIREHOSE_LIMITS.dynamicPartitioningMaxRetrySeconds.value,
      "seconds",
    ),
  );

  const jqKnown = !isToken(dp.jqKeys);
  if (jqKnown) {
    problems.push(
      ...checkMaxCount(JQ, dp.jqKeys, FIREHOSE_LIMITS.maxJqPartitionKeys.value, "partition keys in one jq query"),
      ...checkNoDuplicates(JQ, dp.jqKeys),
    );
    const badKeys = dp.jqKeys.filter((k) => !isToken(k) && !PARTITION_KEY_NAME.test(k));
    if (badKeys.length > 0) {
      problems.push({
        property: JQ,
        value: dp.jqKeys,
        allowed: `partition key names without spaces or '!', '{', '}', ':' (bad: ${list(badKeys)})`,
      });
    }
    if (dp.jqKeys.length === 0 && !dp.hasLambdaProcessor) {
      problems.push({
        property: JQ,
        value: dp.jqKeys,
        allowed:
          "at least 1 partition key when dynamic partitioning is enabled: give jqQuery { key: jq expression }, " +
          "or a transformLambdaArn whose function returns partitionKeys",
      });
    }
  }

  if (data === undefined) return problems; // prefix is a token: cross-checks with it are skipped

  if (queryKeys.length + lambdaKeys.length === 0) {
    // CDK rules 27 and 29: the partition keys must be used in the prefix, otherwise there is nothing to partition by.
    const examples = jqKnown && dp.jqKeys.length > 0
      ? dp.jqKeys.map((k) => `!{partitionKeyFromQuery:${k}}`).join("/")
      : dp.hasLambdaProcessor
        ? "!{partitionKeyFromLambda:<key>}"
        : "!{partitionKeyFromQuery:<key>}";
    problems.push({
      property: "prefix",
      value: input.prefix,
      allowed: `a prefix using the partition keys when dynamic partitioning is enabled, e.g. "data/${examples}/"`,
    });
    return problems;
  }

  if (jqKnown) {
    // CDK rule 37, both directions.
    const used = new Set(queryKeys);
    const defined = new Set(dp.jqKeys);
    const unused = dp.jqKeys.filter((k) => !isToken(k) && !used.has(k));
    const undefinedKeys = queryKeys.filter((k) => !defined.has(k));
    if (unused.length > 0) {
      problems.push({
        property: JQ,
        value: dp.jqKeys,
        allowed:
          `every jqQuery key used in prefix as !{partitionKeyFromQuery:<key>}; unused: ${list([...new Set(unused)])} ` +
          "(add them to prefix or remove them from jqQuery)",
      });
    }
    if (undefinedKeys.length > 0) {
      problems.push({
        property: "prefix",
        value: input.prefix,
        allowed:
          `only !{partitionKeyFromQuery:<key>} keys defined in dynamicPartitioning.jqQuery; undefined: ${list(undefinedKeys)} ` +
          "(add them to jqQuery or remove them from prefix)",
      });
    }
  }

  // CDK rule 30: Lambda keys need the Lambda processor.
  if (lambdaKeys.length > 0 && !dp.hasLambdaProcessor) {
    problems.push({
      property: "prefix",
      value: input.prefix,
      allowed:
        "!{partitionKeyFromLambda:...} only with a transform Lambda that returns partitionKeys; " +
        "set transformLambdaArn or use !{partitionKeyFromQuery:...} keys from jqQuery",
    });
  }
  // CDK rule 29: Lambda as the only processor must be used for partitioning.
  if (dp.hasLambdaProcessor && jqKnown && dp.jqKeys.length === 0 && lambdaKeys.length === 0) {
    problems.push({
      property: "prefix",
      value: input.prefix,
      allowed:
        "at least one !{partitionKeyFromLambda:<key>} when the transform Lambda is the only partitioning processor " +
        "(or add jqQuery keys)",
    });
  }
  return problems;
}
