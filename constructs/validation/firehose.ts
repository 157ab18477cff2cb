/**
 * Synth-time rules of a `FirehoseToS3`: a Firehose delivery stream writing to S3 (extended S3 destination). Pure:
 * returns every problem, never throws; unresolved tokens are skipped, and a cross-field rule is skipped when any
 * value it needs is a token. Defaults are applied first (`resolveFirehoseSettings`), so a rule sees the values the
 * delivery stream deploys with; property names are those the user writes on `FirehoseToS3Props`.
 *
 * Coverage of aws-cdk-lib 2.276.0's rules for S3 destinations (aws/aws-cdk,
 * `packages/aws-cdk-lib/aws-kinesisfirehose/lib/{delivery-stream,s3-bucket,private/helpers}.ts`), numbered as they
 * appear there:
 *  8 SSE with a Kinesis source          -> serverSideEncryption / encryptionKeyArn
 *  13 prefix grammar (both prefixes)    -> parsePrefix() problems (s3-prefix.ts), plus timestamp / key checks
 *  14 expressions need errorOutputPrefix, 15 error prefix needs !{firehose:error-output-type},
 *  16 data prefix must not use it, 17 error prefix must not use partitionKeyFrom*,
 *  18 partitionKeyFrom* needs dynamic partitioning
 *  19 fileExtension ('.' + charset)     -> NAME_RULES.firehoseFileExtension
 *  20-24 buffering bounds (1-128 MiB, 0-900 s; >= 64 MiB and >= 60 s with dynamic partitioning: `checkFirehoseBuffering`)
 *  27-31 dynamic partitioning needs partition keys in the prefix, Lambda keys need the Lambda processor
 *  32 retry <= 7200 s; 34-35 1..50 jq keys; 37 jq keys == !{partitionKeyFromQuery:k} keys (both directions)
 *  (and, beyond CDK, every jq expression compiled by real jq: `checkJqQuery`, ./jq.ts)
 * Not applicable here (no such props): 9-12, 25-26, 33 (time zone), 36, 38-43 (processors/format conversion).
 * Added beyond CDK: name charset/length, compression enum, prefix length <= 1024, log retention from the finite
 * CloudWatch set (logs must expire), Lambda ARN shape, empty-prefix with dynamic partitioning, the created bucket's
 * rules (`bucketProps.*`), keys, backup prefix and alarm settings.
 * Figures: FIREHOSE_LIMITS, NAME_RULES, ALLOWED_VALUES in stream-simulator/src/limits.ts.
 */
import { ALLOWED_VALUES, FIREHOSE_LIMITS, NAME_RULES } from "stream-simulator";
import type {
  DeliveryStreamAttributes,
  DynamicPartitioningOptions,
  FirehoseAlarmOptions,
  FirehoseToS3Props,
  SourceRecordBackupOptions,
  TransformLambdaOptions,
} from "../firehose/props";
import { resolveFirehoseSettings, type FirehoseSettings } from "../firehose/settings";
import { secureBucketPropsShape, validateSecureBucketProps } from "./bucket";
import { isToken, nested, type Problem } from "./problems";
import { checkExistingKeyArn } from "./region";
import { checkAlarmActions, checkFirehoseBuffering, checkIntegerRange, checkMaxCount, checkName, checkNoDuplicates, checkRemovalPolicy, checkTags } from "./rules";
import { checkPropsShape, described, optional, REMOVAL_POLICY_SPEC, required, type PropsShape, type ShapeCheck } from "./props-shape";
import { checkJqQuery } from "./jq";
import { hasExpressions, parsePrefix, partitionKeysIn, type ParsedPrefix } from "./s3-prefix";

/** What a `FirehoseToS3`'s rules depend on besides its props. */
export interface FirehoseValidationContext {
  /** The delivery will read from a Kinesis data stream although `props.source` is not set yet (a composite checks first). */
  readonly kinesisSource?: boolean;
  /** The stack's region when known at synth, for the keys' regions. */
  readonly region?: string;
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

/** Every problem with a `FirehoseToS3`'s props (empty when valid); the workload check is `checkFirehoseWorkload`. */
export function validateFirehoseToS3Props(props: FirehoseToS3Props, context: FirehoseValidationContext = {}): Problem[] {
  const settings = resolveFirehoseSettings(props, context);
  return [...deliveryProblems(props, settings), ...resourceProblems(props, settings, context.region)];
}

/**
 * A time-zone name the time-zone database knows (Node's ICU: IANA names and their aliases, as Firehose's list has
 * them, e.g. `Asia/Tokyo`, `Africa/Asmera`). Firehose's own list
 * (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html) is narrower and not checked here. `undefined`
 * and tokens pass.
 */
function checkTimeZone(property: string, value: string | undefined): Problem[] {
  if (value === undefined || isToken(value)) return [];
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
    // The database matches names case-insensitively; Firehose takes them as written.
    if (resolved !== value && resolved.toLowerCase() === value.toLowerCase()) {
      return [{ property, value, allowed: `the time-zone name as the database spells it: ${JSON.stringify(resolved)}` }];
    }
    return [];
  } catch {
    return [{ property, value, allowed: 'an IANA time-zone name such as "Europe/Berlin", "Asia/Tokyo" or "UTC" (the default)' }];
  }
}

/**
 * The transform Lambda's buffering and retries (`transformOptions`), as the Lambda processor's parameters take them:
 * a buffer of 0.2–3 MB and 0–900 s (https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html), a
 * whole number of retries; only with a `transformLambdaArn`.
 */
function checkTransformOptions(props: FirehoseToS3Props): Problem[] {
  const options = props.transformOptions;
  if (options === undefined) return [];
  if (props.transformLambdaArn === undefined) {
    return [{ property: "transformOptions", value: options, allowed: "only with transformLambdaArn (they configure the Lambda processor)" }];
  }
  const problems: Problem[] = [];
  const size = options.bufferSizeMB;
  const [min, max] = [FIREHOSE_LIMITS.lambdaBufferSizeMinMB.value, FIREHOSE_LIMITS.lambdaBufferSizeMaxMB.value];
  if (size !== undefined && !isToken(size) && !(typeof size === "number" && Number.isFinite(size) && size >= min && size <= max)) {
    problems.push({ property: "transformOptions.bufferSizeMB", value: size, allowed: `a number from ${min} to ${max} MB` });
  }
  problems.push(
    ...checkIntegerRange("transformOptions.bufferIntervalSeconds", options.bufferIntervalSeconds, 0, FIREHOSE_LIMITS.lambdaBufferIntervalMaxSeconds.value, "seconds"),
  );
  const retries = options.retries;
  if (retries !== undefined && !isToken(retries) && !(typeof retries === "number" && Number.isInteger(retries) && retries >= 0)) {
    problems.push({ property: "transformOptions.retries", value: retries, allowed: "a whole number of retries, 0 or more" });
  }
  return problems;
}

/**
 * An existing log group (`logGroupName`): a CloudWatch Logs group name (1–512 of letters, digits, '_', '-', '/',
 * '.', '#': https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html), only with
 * logging on, and without the settings of a log group this construct would create.
 */
function checkExistingLogGroup(props: FirehoseToS3Props, settings: FirehoseSettings): Problem[] {
  const name = props.logGroupName;
  if (name === undefined) return [];
  const problems: Problem[] = [];
  if (!settings.logging) problems.push({ property: "logGroupName", value: name, allowed: "only with logging enabled" });
  if (!isToken(name) && !(typeof name === "string" && /^[\w\-/.#]{1,512}$/.test(name))) {
    problems.push({ property: "logGroupName", value: name, allowed: "a log group name: 1 to 512 letters, digits, '_', '-', '/', '.' or '#'" });
  }
  for (const property of ["logRetentionDays", "logEncryptionKeyArn"] as const) {
    if (props[property] !== undefined) {
      problems.push({
        property,
        value: props[property],
        allowed: "unset with an existing logGroupName (its retention and encryption are the group owner's)",
      });
    }
  }
  return problems;
}

/** The delivery stream's own rules: name, buffering, encryption, prefixes, partitioning, extension, logs, Lambda. */
function deliveryProblems(props: FirehoseToS3Props, settings: FirehoseSettings): Problem[] {
  const problems: Problem[] = [];
  const dp = props.dynamicPartitioning;

  problems.push(...checkName("deliveryStreamName", props.deliveryStreamName, NAME_RULES.firehoseDeliveryStreamName));
  problems.push(...checkRemovalPolicy("removalPolicy", props.removalPolicy));
  problems.push(...checkTags("tags", props.tags));

  // Buffering hints and compression (CDK rules 20-24; API_BufferingHints).
  problems.push(...checkFirehoseBuffering(settings));

  // Server-side encryption of the delivery stream is for direct PUT only (CDK rule 8).
  const sseRequested = props.serverSideEncryption === true || props.encryptionKeyArn !== undefined;
  if (sseRequested && settings.kinesisSource) {
    const byKey = props.encryptionKeyArn !== undefined;
    problems.push({
      property: byKey ? "encryptionKeyArn" : "serverSideEncryption",
      value: byKey ? props.encryptionKeyArn : true,
      allowed:
        "no delivery-stream server-side encryption when the source is a Kinesis data stream (AWS rejects it); " +
        "Specify encryption on the source stream instead",
    });
  }

  // Prefix grammar and lengths (CDK rule 13; API_ExtendedS3DestinationConfiguration).
  const data = checkPrefix("prefix", settings.prefix, problems);
  const error = checkPrefix("errorOutputPrefix", settings.errorOutputPrefix, problems);

  if (data !== undefined && !isToken(settings.errorOutputPrefix)) {
    // CDK rule 14 / AWS "ErrorOutputPrefix cannot be null or empty when Prefix contains expressions".
    if (hasExpressions(settings.prefix) && settings.errorOutputPrefix.length === 0) {
      problems.push({
        property: "errorOutputPrefix",
        value: settings.errorOutputPrefix,
        allowed: `a non-empty error prefix containing ${ERROR_OUTPUT_TYPE} (e.g. "errors/${ERROR_OUTPUT_TYPE}/") because prefix uses !{...} expressions`,
      });
    }
  }
  if (error !== undefined) {
    // CDK rule 15.
    if (hasExpressions(settings.errorOutputPrefix) && !settings.errorOutputPrefix.includes(ERROR_OUTPUT_TYPE)) {
      problems.push({
        property: "errorOutputPrefix",
        value: settings.errorOutputPrefix,
        allowed: `an error prefix that uses expressions must include ${ERROR_OUTPUT_TYPE}, e.g. "errors/${ERROR_OUTPUT_TYPE}/!{timestamp:yyyy/MM/dd}/"`,
      });
    }
    // CDK rule 17.
    const keys = [...partitionKeysIn(error, "partitionKeyFromQuery"), ...partitionKeysIn(error, "partitionKeyFromLambda")];
    if (keys.length > 0) {
      problems.push({
        property: "errorOutputPrefix",
        value: settings.errorOutputPrefix,
        allowed:
          "no !{partitionKeyFromQuery:...} or !{partitionKeyFromLambda:...} in the error prefix (failed records have no partition keys); " +
          `use ${ERROR_OUTPUT_TYPE} and !{timestamp:...} only`,
      });
    }
  }
  if (data !== undefined && settings.prefix.includes(ERROR_OUTPUT_TYPE)) {
    // CDK rule 16.
    problems.push({
      property: "prefix",
      value: settings.prefix,
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
        value: settings.prefix,
        allowed:
          "!{partitionKeyFromQuery:...} and !{partitionKeyFromLambda:...} only with dynamicPartitioning enabled; " +
          "enable dynamicPartitioning (with jqQuery or a transform Lambda) or remove these expressions",
      });
    }
  } else {
    problems.push(...checkDynamicPartitioning(props, settings, dp, data, queryKeys, lambdaKeys));
  }

  // File extension (CDK rule 19).
  if (props.fileExtension !== undefined && !isToken(props.fileExtension)) {
    if (!props.fileExtension.startsWith(".")) {
      problems.push({
        property: "fileExtension",
        value: props.fileExtension,
        allowed: `an extension starting with '.', e.g. ".json.gz"; ${NAME_RULES.firehoseFileExtension.allowed}`,
      });
    } else {
      problems.push(...checkName("fileExtension", props.fileExtension, NAME_RULES.firehoseFileExtension));
    }
  }

  // Time zone of the prefixes' timestamps: the provider passes any string; Firehose rejects a name it does not know.
  problems.push(...checkTimeZone("timeZone", props.timeZone));

  // Error logging: retention must be one of CloudWatch's finite values (0 / never-expire excluded on purpose).
  if (props.logRetentionDays !== undefined && !isToken(props.logRetentionDays)) {
    if (settings.logging) {
      const allowed = ALLOWED_VALUES.logRetentionDays.values as readonly number[];
      if (!allowed.includes(props.logRetentionDays)) {
        problems.push({
          property: "logRetentionDays",
          value: props.logRetentionDays,
          allowed: `one of ${allowed.join(", ")} days (CloudWatch retention values; logs must expire, so never-expire/0 is not offered)`,
        });
      }
    } else {
      problems.push({
        property: "logRetentionDays",
        value: props.logRetentionDays,
        allowed: "only with logging enabled; remove logRetentionDays or set logging to true",
      });
    }
  }

  // Transform Lambda ARN shape.
  if (props.transformLambdaArn !== undefined && !isToken(props.transformLambdaArn)) {
    if (!LAMBDA_FUNCTION_ARN.test(props.transformLambdaArn)) {
      problems.push({
        property: "transformLambdaArn",
        value: props.transformLambdaArn,
        allowed:
          "a Lambda function ARN arn:<partition>:lambda:<region>:<12-digit account>:function:<name>[:<version or alias>], " +
          "e.g. arn:aws:lambda:us-east-1:123456789012:function:enrich (or a reference such as fn.arn)",
      });
    }
  }
  problems.push(...checkTransformOptions(props));

  return problems;
}

/** Dynamic-partitioning cross-checks (CDK rules 27-32, 34-35, 37; the buffering minimums are `checkFirehoseBuffering`'s). */
function checkDynamicPartitioning(
  props: FirehoseToS3Props,
  settings: FirehoseSettings,
  dp: NonNullable<FirehoseToS3Props["dynamicPartitioning"]>,
  data: ParsedPrefix | undefined,
  queryKeys: readonly string[],
  lambdaKeys: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  const jqKeys = Object.keys(dp.jqQuery ?? {});
  const lambdaProcessor = props.transformLambdaArn !== undefined;
  problems.push(
    ...checkIntegerRange(
      "dynamicPartitioning.retryDurationSeconds",
      dp.retryDurationSeconds,
      0,
      FIREHOSE_LIMITS.dynamicPartitioningMaxRetrySeconds.value,
      "seconds",
    ),
  );

  problems.push(
    ...checkMaxCount(JQ, jqKeys, FIREHOSE_LIMITS.maxJqPartitionKeys.value, "partition keys in one jq query"),
    ...checkNoDuplicates(JQ, jqKeys),
    ...checkJqQuery(JQ, dp.jqQuery),
  );
  const badKeys = jqKeys.filter((k) => !isToken(k) && !PARTITION_KEY_NAME.test(k));
  if (badKeys.length > 0) {
    problems.push({
      property: JQ,
      value: jqKeys,
      allowed: `partition key names without spaces or '!', '{', '}', ':' (bad: ${list(badKeys)})`,
    });
  }
  if (jqKeys.length === 0 && !lambdaProcessor) {
    problems.push({
      property: JQ,
      value: jqKeys,
      allowed:
        "at least 1 partition key when dynamic partitioning is enabled: give jqQuery { key: jq expression }, " +
        "or a transformLambdaArn whose function returns partitionKeys",
    });
  }

  if (data === undefined) return problems; // prefix is a token: cross-checks with it are skipped

  if (queryKeys.length + lambdaKeys.length === 0) {
    // CDK rules 27 and 29: the partition keys must be used in the prefix, otherwise there is nothing to partition by.
    const examples = jqKeys.length > 0
      ? jqKeys.map((k) => `!{partitionKeyFromQuery:${k}}`).join("/")
      : lambdaProcessor
        ? "!{partitionKeyFromLambda:<key>}"
        : "!{partitionKeyFromQuery:<key>}";
    problems.push({
      property: "prefix",
      value: settings.prefix,
      allowed: `a prefix using the partition keys when dynamic partitioning is enabled, e.g. "data/${examples}/"`,
    });
    return problems;
  }

  // CDK rule 37, both directions.
  const used = new Set(queryKeys);
  const defined = new Set(jqKeys);
  const unused = jqKeys.filter((k) => !isToken(k) && !used.has(k));
  const undefinedKeys = queryKeys.filter((k) => !defined.has(k));
  if (unused.length > 0) {
    problems.push({
      property: JQ,
      value: jqKeys,
      allowed:
        `every jqQuery key used in prefix as !{partitionKeyFromQuery:<key>}; unused: ${list([...new Set(unused)])} ` +
        "(add them to prefix or remove them from jqQuery)",
    });
  }
  if (undefinedKeys.length > 0) {
    problems.push({
      property: "prefix",
      value: settings.prefix,
      allowed:
        `only !{partitionKeyFromQuery:<key>} keys defined in dynamicPartitioning.jqQuery; undefined: ${list(undefinedKeys)} ` +
        "(add them to jqQuery or remove them from prefix)",
    });
  }

  // CDK rule 30: Lambda keys need the Lambda processor.
  if (lambdaKeys.length > 0 && !lambdaProcessor) {
    problems.push({
      property: "prefix",
      value: settings.prefix,
      allowed:
        "!{partitionKeyFromLambda:...} only with a transform Lambda that returns partitionKeys; " +
        "set transformLambdaArn or use !{partitionKeyFromQuery:...} keys from jqQuery",
    });
  }
  // CDK rule 29: Lambda as the only processor must be used for partitioning.
  if (lambdaProcessor && jqKeys.length === 0 && lambdaKeys.length === 0) {
    problems.push({
      property: "prefix",
      value: settings.prefix,
      allowed:
        "at least one !{partitionKeyFromLambda:<key>} when the transform Lambda is the only partitioning processor " +
        "(or add jqQuery keys)",
    });
  }
  return problems;
}

/** The rules of what the delivery stream creates and uses: the bucket, keys, jq expressions, backup, logs, alarms. */
function resourceProblems(props: FirehoseToS3Props, settings: FirehoseSettings, region: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const dp = props.dynamicPartitioning;
  if (settings.bucketProps !== undefined) {
    // The created bucket's own rules, named as the user wrote them (bucketProps.<property>).
    // The created bucket gets the delivery's tags too: a problem of those alone is the delivery's own "tags" one.
    const bucketProblems = validateSecureBucketProps(settings.bucketProps, { region }).filter(
      (p) => props.bucketProps?.tags !== undefined || !(p.property === "tags" || p.property.startsWith("tags.")),
    );
    problems.push(...nested("bucketProps", bucketProblems));
  }
  if (props.bucket !== undefined && props.bucketProps !== undefined) {
    problems.push({
      property: "bucketProps",
      value: props.bucketProps,
      allowed: "either bucket (an existing bucket) or bucketProps (to configure the created one), not both",
    });
  }
  // Only meaningful for direct PUT; with a source the delivery rules already refuse the key.
  if (!settings.kinesisSource) {
    problems.push(...checkExistingKeyArn("encryptionKeyArn", props.encryptionKeyArn, region));
  }
  if (props.logEncryptionKeyArn === (true as unknown)) {
    problems.push({ property: "logEncryptionKeyArn", value: true, allowed: "a KMS key ARN, or false for CloudWatch Logs' own encryption (leave it unset for a key of its own)" });
  } else if (props.logEncryptionKeyArn !== false) {
    problems.push(...checkExistingKeyArn("logEncryptionKeyArn", props.logEncryptionKeyArn, region));
  }
  if (!settings.kinesisSource && props.serverSideEncryption === false && props.encryptionKeyArn !== undefined) {
    problems.push({
      property: "encryptionKeyArn",
      value: props.encryptionKeyArn,
      allowed: "only with server-side encryption on; remove encryptionKeyArn or serverSideEncryption: false",
    });
  }
  if (dp !== undefined) {
    for (const [key, expression] of Object.entries(dp.jqQuery ?? {})) {
      if (typeof expression !== "string" || (!isToken(expression) && expression.trim().length === 0)) {
        problems.push({
          property: `${JQ}.${key}`,
          value: expression,
          allowed: 'a non-empty JQ 1.6 expression, e.g. ".customer_id"',
        });
      }
    }
  }
  if (settings.backupPrefix !== undefined && !isToken(settings.backupPrefix)) {
    const max = FIREHOSE_LIMITS.s3PrefixMaxLength.value;
    const value = settings.backupPrefix;
    if (value.length === 0 || value.length > max || value.includes("!{")) {
      problems.push({
        property: "sourceRecordBackup.prefix",
        value,
        allowed: `literal text of 1 to ${max} characters without !{...} expressions (Firehose appends YYYY/MM/dd/HH/ itself)`,
      });
    }
  }
  problems.push(...checkExistingLogGroup(props, settings));
  if (typeof props.logEncryptionKeyArn === "string" && !settings.logging) {
    problems.push({ property: "logEncryptionKeyArn", value: props.logEncryptionKeyArn, allowed: "only with logging enabled" });
  }
  if (settings.alarms) {
    const threshold = settings.dataFreshnessThresholdSeconds;
    const interval = settings.bufferingIntervalSeconds;
    if (!isToken(threshold) && (!Number.isInteger(threshold) || (!isToken(interval) && threshold <= interval))) {
      problems.push({
        property: "alarms.dataFreshnessThresholdSeconds",
        value: threshold,
        allowed: `an integer number of seconds greater than bufferingIntervalSeconds (${interval}), which records legitimately wait`,
      });
    }
    problems.push(...checkAlarmActions("alarmActionArns", props.alarmActionArns));
  } else if (props.alarmActionArns !== undefined) {
    problems.push({ property: "alarmActionArns", value: props.alarmActionArns, allowed: "only with alarms enabled" });
  }
  return problems;
}

/** The JavaScript shape of `FirehoseToS3Props` (`checkPropsShape`). */
export const FIREHOSE_TO_S3_PROPS_SHAPE: PropsShape<FirehoseToS3Props> = {
  deliveryStreamName: required("string"),
  source: optional("object"),
  serverSideEncryption: optional("boolean"),
  encryptionKeyArn: optional("string"),
  bucket: optional("object"),
  bucketProps: optional("object"),
  bufferingSizeMiB: optional("number"),
  bufferingIntervalSeconds: optional("number"),
  compression: described(optional("object"), "a Compression (Compression.GZIP, .SNAPPY, .ZIP, .HADOOP_SNAPPY, .UNCOMPRESSED)"),
  prefix: optional("string"),
  errorOutputPrefix: optional("string"),
  fileExtension: optional("string"),
  timeZone: optional("string"),
  dynamicPartitioning: optional("object"),
  transformLambdaArn: optional("string"),
  transformOptions: optional("object"),
  sourceRecordBackup: optional("boolean", "object"),
  logging: optional("boolean"),
  logRetentionDays: optional("number"),
  logEncryptionKeyArn: optional("string", "boolean"),
  logGroupName: optional("string"),
  alarms: optional("boolean", "object"),
  alarmActionArns: optional("array"),
  removalPolicy: REMOVAL_POLICY_SPEC,
  tags: optional("object"),
  workload: optional("object"),
  quotas: optional("object"),
};

/** The JavaScript shape of `TransformLambdaOptions`. */
export const TRANSFORM_OPTIONS_SHAPE: PropsShape<TransformLambdaOptions> = {
  bufferSizeMB: optional("number"),
  bufferIntervalSeconds: optional("number"),
  retries: optional("number"),
};

/** The JavaScript shape of `SourceRecordBackupOptions`. */
export const SOURCE_RECORD_BACKUP_SHAPE: PropsShape<SourceRecordBackupOptions> = { prefix: optional("string") };

/** The JavaScript shape of `FirehoseAlarmOptions`. */
export const FIREHOSE_ALARM_OPTIONS_SHAPE: PropsShape<FirehoseAlarmOptions> = { dataFreshnessThresholdSeconds: optional("number") };

/** The JavaScript shape of `DynamicPartitioningOptions`. */
export const DYNAMIC_PARTITIONING_SHAPE: PropsShape<DynamicPartitioningOptions> = {
  jqQuery: required("object"),
  retryDurationSeconds: optional("number"),
  appendNewlineDelimiter: optional("boolean"),
  expectedActivePartitions: optional("number"),
};

/**
 * `props` as given checked against `FIREHOSE_TO_S3_PROPS_SHAPE`, its `bucketProps` and `dynamicPartitioning` too
 * (`prefix`/`partial` for a composite's `delivery`).
 */
export function firehoseToS3PropsShape(props: unknown, options: { prefix?: string; partial?: boolean } = {}): ShapeCheck<FirehoseToS3Props> {
  const prefix = options.prefix ?? "";
  const top = checkPropsShape(props, FIREHOSE_TO_S3_PROPS_SHAPE, "FirehoseToS3Props", options);
  const kept: Record<string, unknown> = { ...top.props };
  const problems = [...top.problems];
  const warnings = [...top.warnings];
  if (kept.bucketProps !== undefined) {
    const bucket = secureBucketPropsShape(kept.bucketProps, { prefix: `${prefix}bucketProps.` });
    kept.bucketProps = bucket.props;
    problems.push(...bucket.problems);
    warnings.push(...bucket.warnings);
  }
  for (const [name, shape, typeName] of [
    ["sourceRecordBackup", SOURCE_RECORD_BACKUP_SHAPE, "SourceRecordBackupOptions"],
    ["alarms", FIREHOSE_ALARM_OPTIONS_SHAPE, "FirehoseAlarmOptions"],
    ["transformOptions", TRANSFORM_OPTIONS_SHAPE, "TransformLambdaOptions"],
  ] as const) {
    if (typeof kept[name] !== "object") continue; // a boolean, or not given
    const nestedShape = checkPropsShape(kept[name], shape as PropsShape<unknown>, typeName, { prefix: `${prefix}${name}.` });
    kept[name] = nestedShape.props;
    problems.push(...nestedShape.problems);
    warnings.push(...nestedShape.warnings);
  }
  if (kept.dynamicPartitioning !== undefined) {
    const dp = checkPropsShape(kept.dynamicPartitioning, DYNAMIC_PARTITIONING_SHAPE, "DynamicPartitioningOptions", { prefix: `${prefix}dynamicPartitioning.` });
    kept.dynamicPartitioning = dp.props;
    problems.push(...dp.problems);
    warnings.push(...dp.warnings);
  }
  return { props: kept as unknown as FirehoseToS3Props, problems, warnings };
}

/** A delivery stream ARN (https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamDescription.html). */
const DELIVERY_STREAM_ARN = /^arn:aws[a-zA-Z-]*:firehose:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;

/** Every problem with the attributes of an existing delivery stream (`FirehoseToS3.fromDeliveryStreamAttributes`). */
export function validateDeliveryStreamAttributes(attrs: DeliveryStreamAttributes, context: { readonly region?: string } = {}): Problem[] {
  const problems: Problem[] = [];
  const { deliveryStreamName: name, deliveryStreamArn: arn } = attrs;
  if ((name === undefined) === (arn === undefined)) {
    problems.push({ property: "deliveryStreamName", value: name, allowed: "exactly one of deliveryStreamName and deliveryStreamArn" });
  }
  if (name !== undefined) problems.push(...checkName("deliveryStreamName", name, NAME_RULES.firehoseDeliveryStreamName));
  if (arn !== undefined && !isToken(arn) && !(typeof arn === "string" && DELIVERY_STREAM_ARN.test(arn))) {
    problems.push({
      property: "deliveryStreamArn",
      value: arn,
      allowed: "a delivery stream ARN arn:<partition>:firehose:<region>:<12-digit account>:deliverystream/<name>",
    });
  }
  if (attrs.encryptionKeyArn !== undefined) {
    problems.push(...checkExistingKeyArn("encryptionKeyArn", attrs.encryptionKeyArn, context.region));
  }
  return problems;
}

/** The JavaScript shape of `DeliveryStreamAttributes`. */
export const DELIVERY_STREAM_ATTRIBUTES_SHAPE: PropsShape<DeliveryStreamAttributes> = {
  deliveryStreamName: optional("string"),
  deliveryStreamArn: optional("string"),
  encryptionKeyArn: optional("string"),
};
