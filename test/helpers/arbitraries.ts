import * as fc from "fast-check";
import { ALLOWED_VALUES, FIREHOSE_LIMITS, KINESIS_LIMITS, S3_ALLOWED_VALUES, S3_LIMITS } from "stream-simulator";
import type { LifecycleTransition } from "../../constructs/bucket/lifecycle";
import { checkBucketPrefix } from "../../constructs/validation/bucket-names";
import { TRANSITION_SUCCESSORS } from "../../constructs/validation/lifecycle";
import { Compression } from "../../constructs/firehose/compression";
import type { SecureBucketProps } from "../../constructs/bucket/props";
import { StreamCapacity } from "../../constructs/stream/stream-capacity";
import { StreamEncryption } from "../../constructs/stream/stream-encryption";
import { RemovalPolicy } from "../../constructs/removal-policy";
import { TEST_ACCOUNT_ID, TEST_REGION } from "./test-stack";

/**
 * fast-check arbitraries of VALID construct props, shared by the unit property tests and the terraform sample test
 * (a sample of these must also pass `terraform validate`).
 */

/** An existing customer-managed key ARN (literal partition is fine: it is user input, not something we build). */
export const EXISTING_KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/**
 * Sampled props for a stack in another region than TEST_REGION's: `EXISTING_KEY_ARN` moved to `region` (keys must be
 * in the stack's region), in a stream's existing-key encryption and a bucket's `encryptionKeyArn`.
 */
export function withKeysIn<T extends object>(props: T, region: string): T {
  const moved = EXISTING_KEY_ARN.replace(`:kms:${TEST_REGION}:`, `:kms:${region}:`);
  const out = { ...props } as Record<string, unknown>;
  const encryption = out.encryption as { kind?: string; keyArn?: string } | undefined;
  if (encryption?.kind === "EXISTING_KEY" && encryption.keyArn === EXISTING_KEY_ARN) out.encryption = StreamEncryption.existingKey(moved);
  if (out.encryptionKeyArn === EXISTING_KEY_ARN) out.encryptionKeyArn = moved;
  return out as T;
}

// ---- EncryptedStream
const streamNameChar = fc.constantFrom(..."abcXYZ0189_.-".split(""));
const streamName = fc.string({ unit: streamNameChar, minLength: 1, maxLength: 128 });
const capacity = fc.oneof(
  fc.constant(StreamCapacity.onDemand()),
  fc.integer({ min: 1, max: KINESIS_LIMITS.maxShardsPerStream.value }).map((n) => StreamCapacity.provisioned(n)),
);
const encryption = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 7, max: 30 }).map((d) => StreamEncryption.customerManagedKey({ deletionWindowDays: d })),
  fc.constant(StreamEncryption.existingKey(EXISTING_KEY_ARN)),
  fc.constant(StreamEncryption.awsManaged()),
);
export const validStreamProps = fc.record({
  streamName,
  capacity,
  encryption,
  retentionHours: fc.integer({ min: 24, max: 8760 }),
  efoConsumerNames: fc.uniqueArray(fc.string({ unit: streamNameChar, minLength: 1, maxLength: 20 }), { maxLength: 20 }),
  shardLevelMetrics: fc.oneof(
    fc.constant(["ALL"]),
    fc.subarray(["IncomingBytes", "IncomingRecords", "OutgoingBytes", "IteratorAgeMilliseconds"]),
  ),
  iteratorAgeAlarmFraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
});

// ---- FirehoseToS3
const deliveryStreamNameArb = fc.stringMatching(/^[a-zA-Z0-9_.-]{1,64}$/);
export const validFirehoseProps = fc.record(
  {
    deliveryStreamName: deliveryStreamNameArb,
    bufferingSizeMiB: fc.integer({ min: FIREHOSE_LIMITS.bufferingSizeMinMiB.value, max: FIREHOSE_LIMITS.bufferingSizeMaxMiB.value }),
    bufferingIntervalSeconds: fc.integer({ min: FIREHOSE_LIMITS.bufferingIntervalMinSeconds.value, max: FIREHOSE_LIMITS.bufferingIntervalMaxSeconds.value }),
    compression: fc.constantFrom(Compression.GZIP, Compression.SNAPPY, Compression.ZIP, Compression.HADOOP_SNAPPY, Compression.UNCOMPRESSED),
    logRetentionDays: fc.constantFrom(...ALLOWED_VALUES.logRetentionDays.values),
    sourceRecordBackup: fc.boolean(),
    serverSideEncryption: fc.boolean(),
    alarms: fc.boolean(),
  },
  { requiredKeys: ["deliveryStreamName"] },
);

// ---- SecureBucket
const transition = (afterDays: number, storageClass: string): LifecycleTransition => ({
  afterDays,
  storageClass: storageClass as LifecycleTransition["storageClass"],
});

const classes = S3_ALLOWED_VALUES.transitionStorageClasses.values;
/**
 * Successors S3 supports: the validator's waterfall table (its entries are pinned by the explicit waterfall cases in
 * secure-bucket-validation.test.ts); the validator must accept every chain built here with valid day gaps.
 */
const next: Record<string, readonly string[]> = { START: classes, ...TRANSITION_SUCCESSORS };
const ia = ["STANDARD_IA", "ONEZONE_IA"];

/** A valid transition chain: picks, gaps and the start day drive a walk down the waterfall. */
const transitionsArb = fc
  .record({
    picks: fc.array(fc.nat(), { maxLength: 5 }),
    gaps: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ picks, gaps }) => {
    const out: LifecycleTransition[] = [];
    let current = "START";
    let day = -1;
    for (const [i, pick] of picks.entries()) {
      const options = next[current];
      if (options.length === 0) break;
      const cls = options[pick % options.length];
      const minGap = ia.includes(current) ? S3_LIMITS.infrequentAccessMinDays.value : 1;
      day = Math.max(day + Math.max(gaps[i], minGap), ia.includes(cls) ? S3_LIMITS.infrequentAccessMinDays.value : 0);
      out.push(transition(day, cls));
      current = cls;
    }
    return out;
  });

export const validBucketProps: fc.Arbitrary<SecureBucketProps> = fc
  .record({
    bucketPrefix: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,36}$/).filter((s) => checkBucketPrefix("p", s).length === 0), {
      nil: undefined,
    }),
    useExistingKey: fc.boolean(),
    transitions: transitionsArb,
    expirationExtra: fc.option(fc.integer({ min: 1, max: 3000 }), { nil: undefined }),
    noncurrentVersionExpirationDays: fc.option(fc.integer({ min: 1, max: 3650 }), { nil: undefined }),
    abortIncompleteMultipartUploadDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    accessLogging: fc.option(fc.constantFrom<boolean | string>(true, false, "central-access-logs"), { nil: undefined }),
    forceDestroy: fc.option(fc.boolean(), { nil: undefined }),
    removalPolicy: fc.option(fc.constantFrom(RemovalPolicy.RETAIN, RemovalPolicy.DESTROY), { nil: undefined }),
  })
  .map(({ useExistingKey, expirationExtra, transitions, ...rest }) => ({
    ...rest,
    // forceDestroy only on a bucket that may be deleted.
    ...(rest.forceDestroy === true ? { removalPolicy: RemovalPolicy.DESTROY } : {}),
    transitions,
    encryptionKeyArn: useExistingKey ? EXISTING_KEY_ARN : undefined,
    expirationDays:
      expirationExtra === undefined ? undefined : Math.max(0, ...transitions.map((x) => x.afterDays)) + expirationExtra,
  }));
