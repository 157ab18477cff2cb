import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { Annotations, Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { KINESIS_LIMITS, type CapacityCheckOptions, type CapacityVerdict, type Workload } from "stream-simulator";
import { AwsEnvironment } from "./aws-environment";
import {
  KINESIS_READ_ACTIONS,
  KINESIS_WRITE_ACTIONS,
  KMS_DECRYPT_ACTIONS,
  KMS_ENCRYPT_ACTIONS,
  policyDocument,
  type PolicyStatement,
} from "./iam/policy-document";
import type { IEncryptedStream, StreamReadGrantOptions } from "./interfaces";
import { PipelineKey } from "./pipeline-key";
import { StreamAlarms } from "./stream-alarms";
import { StreamCapacity } from "./stream-capacity";
import { StreamEncryption } from "./stream-encryption";
import { isToken, type Problem, throwIfProblems } from "./validation/problems";
import { validateStreamProps } from "./validation/stream-rules";
import {
  capacityRecord,
  capacityTagValue,
  checkStreamCapacity,
  streamSubject,
  type CapacityRecord,
  type StreamCapacityCheck,
} from "./validation/capacity-rules";
import { checkKmsKeyArn } from "./validation/rules";

/** The AWS-managed Kinesis key, used only when `StreamEncryption.awsManaged()` is chosen explicitly. */
const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/**
 * Read actions that act on an enhanced fan-out consumer (resource type `consumer`, ARN `<streamArn>/consumer/*`),
 * not on the stream: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html
 */
const CONSUMER_ACTIONS: readonly string[] = KINESIS_READ_ACTIONS.filter(
  (a) => a === "kinesis:SubscribeToShard" || a === "kinesis:DescribeStreamConsumer",
);
/** Read actions on the stream itself. */
const STREAM_READ_ACTIONS: readonly string[] = KINESIS_READ_ACTIONS.filter((a) => !CONSUMER_ACTIONS.includes(a));

/** Characters a KMS alias cannot hold but a stream name can ('.'), replaced in the default alias. */
const NOT_ALIAS_CHARACTERS = /[^a-zA-Z0-9/_-]/g;

/** Properties of an `EncryptedStream`. */
export interface EncryptedStreamProps {
  /** Name of the stream: 1–128 letters, digits, '_', '.', '-', unique per account and region. */
  readonly streamName: string;
  /**
   * Capacity mode. On-demand by default: it needs no shard sizing and scales with traffic, and a wrong shard count
   * is the most common cause of throttling; choose `StreamCapacity.provisioned(n)` for steady, known throughput.
   * @default StreamCapacity.onDemand()
   */
  readonly capacity?: StreamCapacity;
  /**
   * Declared workload of the stream (stream-simulator `Workload`: records/s, record size, burstiness, partition-key
   * design, consumers). With an explicit capacity, synth fails unless the simulation says the capacity sustains it
   * (`checkCapacity`: throttled fraction within the target, busiest shard within the headroom, readers keep up; for
   * on-demand, a new stream's 4 MiB/s, the doubling rule and the per-key limit). With
   * `StreamCapacity.forWorkload(workload)` it may be omitted (or must be the same workload). When a workload is
   * declared, the stream gets a `CapacitySizing` tag and a Terraform output with the recommendation, binding
   * constraint, simulated peak utilization, monthly cost estimate and explanation.
   * @default - no workload: capacity is not checked
   */
  readonly workload?: Workload;
  /**
   * Pass criteria of the `workload` check of an explicit capacity (with `forWorkload`, give them to `forWorkload`).
   * @default { targetThrottledFraction: 0.001, headroom: 0.8 }
   */
  readonly capacityCheck?: CapacityCheckOptions;
  /**
   * Fraction (0 < x ≤ 1) of a provisioned stream's write capacity at which the `IncomingBytes` / `IncomingRecords`
   * alarms fire (per-minute sums against shards × 1 MiB/s × 60 s and shards × 1,000 records/s × 60 s). On-demand
   * streams get no such alarms (see `StreamAlarms`).
   * @default 0.8
   */
  readonly capacityAlarmFraction?: number;
  /**
   * How long records stay readable, 24–8760 hours. Above 168 hours long-term retention pricing applies.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * Server-side encryption key. Encryption is always on (`encryption_type = "KMS"`).
   * @default StreamEncryption.customerManagedKey(): a `PipelineKey` aliased `alias/kinesis/<streamName>`
   */
  readonly encryption?: StreamEncryption;
  /**
   * Names of enhanced fan-out consumers to register (`aws_kinesis_stream_consumer`), at most 20, distinct.
   * @default - none
   */
  readonly efoConsumerNames?: readonly string[];
  /**
   * Shard-level (enhanced) CloudWatch metrics to enable. Each costs money, so none by default.
   * @default - none
   */
  readonly shardLevelMetrics?: readonly string[];
  /**
   * Create the stream's CloudWatch alarms (iterator age, read and write throughput exceeded).
   * @default true
   */
  readonly alarms?: boolean;
  /**
   * Fraction of the retention period the iterator age may reach before its alarm fires (0 < x ≤ 1).
   * @default 0.5
   */
  readonly iteratorAgeAlarmFraction?: number;
  /**
   * Explicit iterator-age alarm threshold in milliseconds, overriding `iteratorAgeAlarmFraction`.
   * @default - derived from `retentionHours`
   */
  readonly iteratorAgeAlarmThresholdMs?: number;
  /**
   * SNS topic ARNs notified when an alarm fires and recovers (at most 5).
   * @default - none
   */
  readonly alarmActionArns?: readonly string[];
  // No `maxRecordSizeKiB`: aws_kinesis_stream in AWS provider 5.100.0 (@cdktf/provider-aws 20.1.0) has no
  // max_record_size argument, so the per-stream MaxRecordSizeInKiB (aws-facts.md §2.1) cannot be set from Terraform yet.
  /**
   * Tags for the stream, its key and its alarms.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Attributes of an existing stream for `EncryptedStream.fromStreamAttributes`. */
export interface StreamAttributes {
  /** ARN of the stream, `arn:<partition>:kinesis:<region>:<account>:stream/<name>` (a token is accepted). */
  readonly streamArn: string;
  /**
   * ARN of the customer-managed key encrypting the stream, so grants add the KMS statements readers and writers need.
   * @default - the stream uses the AWS-managed key (or is unencrypted): grants add no KMS statement
   */
  readonly encryptionKeyArn?: string;
}

/**
 * Grants shared by created and imported streams (as aws-cdk-lib's `StreamBase`), so both behave identically.
 * Each grant adds ONE `aws_iam_role_policy` with exactly the needed actions on this stream's ARNs, plus KMS use on
 * the customer-managed key conditioned on `kms:ViaService` (Kinesis in this region) and the stream's encryption
 * context, so the key grant cannot be used outside this stream (the FD pattern, prior-art.md §5.3, made
 * partition-aware). Return the policy so callers can put it in `dependsOn` (IAM propagation, cdktf-practices.md).
 */
abstract class StreamBase extends Construct implements IEncryptedStream {
  public abstract readonly streamName: string;
  public abstract readonly streamArn: string;
  public abstract readonly encryptionKeyArn?: string;
  private grantCount = 0;

  /**
   * Adds one inline policy to `roleName`: the read actions on this stream, the enhanced fan-out actions on its
   * consumers (unless `options.enhancedFanOut` is false), `kms:Decrypt` on the key.
   */
  public grantRead(roleName: string, id?: string, options: StreamReadGrantOptions = {}): IamRolePolicy {
    const efo: PolicyStatement[] =
      options.enhancedFanOut === false
        ? []
        : [{ Sid: "ReadEnhancedFanOut", Effect: "Allow", Action: [...CONSUMER_ACTIONS], Resource: `${this.streamArn}/consumer/*` }];
    return this.addGrant(roleName, id ?? this.nextGrantId("GrantRead"), [
      { Sid: "ReadStream", Effect: "Allow", Action: [...STREAM_READ_ACTIONS], Resource: this.streamArn },
      ...efo,
      ...this.keyStatements("DecryptStream", KMS_DECRYPT_ACTIONS),
    ]);
  }

  /** Adds one inline policy to `roleName`: the write actions on this stream, `kms:GenerateDataKey` on the key. */
  public grantWrite(roleName: string, id?: string): IamRolePolicy {
    return this.addGrant(roleName, id ?? this.nextGrantId("GrantWrite"), [
      { Sid: "WriteStream", Effect: "Allow", Action: [...KINESIS_WRITE_ACTIONS], Resource: this.streamArn },
      ...this.keyStatements("EncryptStream", KMS_ENCRYPT_ACTIONS),
    ]);
  }

  /** Grants reading through one named consumer: stream reads plus the consumer actions on that consumer only. */
  protected grantReadVia(consumerArn: string, roleName: string, id: string): IamRolePolicy {
    return this.addGrant(roleName, id, [
      { Sid: "ReadStream", Effect: "Allow", Action: [...STREAM_READ_ACTIONS], Resource: this.streamArn },
      { Sid: "ReadEnhancedFanOut", Effect: "Allow", Action: [...CONSUMER_ACTIONS], Resource: consumerArn },
      ...this.keyStatements("DecryptStream", KMS_DECRYPT_ACTIONS),
    ]);
  }

  protected nextGrantId(prefix: string): string {
    this.grantCount += 1;
    return `${prefix}${this.grantCount}`;
  }

  private keyStatements(sid: string, actions: readonly string[]): PolicyStatement[] {
    // AWS-managed key: its key policy already admits account principals calling through Kinesis; no statement.
    if (this.encryptionKeyArn === undefined) return [];
    const env = AwsEnvironment.of(this);
    return [
      {
        Sid: sid,
        Effect: "Allow",
        Action: [...actions],
        Resource: this.encryptionKeyArn,
        Condition: {
          StringEquals: {
            "kms:ViaService": env.viaService("kinesis"),
            "kms:EncryptionContext:aws:kinesis:arn": this.streamArn,
          },
        },
      },
    ];
  }

  private addGrant(roleName: string, id: string, statements: PolicyStatement[]): IamRolePolicy {
    return new IamRolePolicy(this, id, { role: roleName, policy: policyDocument(statements) });
  }
}

/**
 * A Kinesis Data Stream that is always KMS-encrypted, with least-privilege grants, optional enhanced fan-out
 * consumers and correctly dimensioned CloudWatch alarms. Input is validated at synth time: every problem is
 * reported in one `PipelineValidationError` before any resource is created.
 *
 * Beats the anchors (prior-art.md §7): the auto-created key has rotation on; reader grants include `kms:Decrypt`;
 * alarms carry the `StreamName` dimension and derive the iterator-age threshold from the configured retention;
 * imported streams get the same grants.
 */
export class EncryptedStream extends StreamBase {
  /**
   * An existing stream by ARN, encrypted with the AWS-managed `alias/aws/kinesis` key (or not at all): grants add no
   * KMS statement. For a stream encrypted with a customer-managed key use `fromStreamAttributes` with its
   * `encryptionKeyArn`, or readers get no `kms:Decrypt` and fail with KMSAccessDeniedException.
   */
  public static fromStreamArn(scope: Construct, id: string, streamArn: string): IEncryptedStream {
    return new ImportedStream(scope, id, { streamArn });
  }

  /** An existing stream by ARN and, when it uses one, its customer-managed key; grants work as on a created stream. */
  public static fromStreamAttributes(scope: Construct, id: string, attributes: StreamAttributes): IEncryptedStream {
    return new ImportedStream(scope, id, attributes);
  }

  /** The `aws_kinesis_stream`. */
  public readonly stream: KinesisStream;
  /** The key the stream created (`StreamEncryption.customerManagedKey()`, the default); undefined otherwise. */
  public readonly key?: PipelineKey;
  /** Registered enhanced fan-out consumers, in the order of `efoConsumerNames`. */
  public readonly consumers: readonly KinesisStreamConsumer[];
  /** Names of `consumers`, same order (the resources' `name` attribute is a token). */
  public readonly consumerNames: readonly string[];
  /** The stream's alarms; undefined with `alarms: false`. */
  public readonly alarms?: StreamAlarms;
  public readonly streamName: string;
  public readonly streamArn: string;
  public readonly encryptionKeyArn?: string;
  /** Retention in hours as configured (default applied). */
  public readonly retentionHours: number;
  /** The capacity the stream was created with. */
  public readonly capacity: StreamCapacity;
  /** The declared workload (the `workload` prop, or the one `StreamCapacity.forWorkload` sized for). */
  public readonly workload?: Workload;
  /** The simulator's verdict on `capacity` under `workload` (it passes: otherwise synth failed). */
  public readonly capacityVerdict?: CapacityVerdict;
  /** What was recorded for reviewers (tag and output) when a workload is declared. */
  public readonly capacityRecord?: CapacityRecord;
  /** The Terraform output with the capacity reasoning; only with a declared workload. */
  public readonly capacityOutput?: TerraformOutput;

  public constructor(scope: Construct, id: string, props: EncryptedStreamProps) {
    super(scope, id);
    const { capacity, encryption, retentionHours, keyProps } = EncryptedStream.resolve(props);
    const { problems, capacityCheck } = EncryptedStream.check(props, capacity, encryption, keyProps, this.node.path);
    throwIfProblems(this.node.path, problems);
    if (capacityCheck.skipped !== undefined) Annotations.of(this).addWarning(capacityCheck.skipped);

    this.capacity = capacity;
    this.workload = capacityCheck.workload;
    this.capacityVerdict = capacityCheck.verdict;
    this.capacityRecord = capacityRecord(capacityCheck, streamSubject(props.streamName, this.node.path));
    const capacityTags: Record<string, string> = this.capacityRecord
      ? { CapacitySizing: capacityTagValue(this.capacityRecord, capacityCheck.sizing !== undefined) }
      : {};
    const streamTags = props.tags || this.capacityRecord ? { ...capacityTags, ...props.tags } : undefined;
    this.retentionHours = retentionHours;
    if (keyProps) this.key = new PipelineKey(this, "Key", keyProps);
    this.encryptionKeyArn = this.key?.keyArn ?? (encryption.kind === "EXISTING_KEY" ? encryption.keyArn : undefined);

    this.stream = new KinesisStream(this, "Resource", {
      name: props.streamName,
      streamModeDetails: { streamMode: capacity.mode },
      // Terraform rejects shard_count with ON_DEMAND (CustomizeDiff), so it is only ever set for PROVISIONED.
      shardCount: capacity.mode === "PROVISIONED" ? capacity.shardCount : undefined,
      retentionPeriod: retentionHours,
      encryptionType: "KMS",
      kmsKeyId: this.encryptionKeyArn ?? AWS_MANAGED_KINESIS_KEY,
      shardLevelMetrics: props.shardLevelMetrics ? [...props.shardLevelMetrics] : undefined,
      tags: streamTags,
    });
    if (this.capacityRecord) {
      // Scoped to this construct, so the output's logical id is unique per stream.
      this.capacityOutput = new TerraformOutput(this, "CapacitySizing", {
        value: {
          recommendation: this.capacityRecord.recommendation,
          binding_constraint: this.capacityRecord.bindingConstraint,
          simulated_peak_utilization: this.capacityRecord.simulatedPeakUtilization,
          simulated_throttled_fraction: this.capacityRecord.simulatedThrottledFraction,
          monthly_cost_estimate_usd: this.capacityRecord.monthlyCostEstimateUsd,
          explanation: this.capacityRecord.explanation,
        },
        description: `Capacity of Kinesis stream ${isToken(props.streamName) ? this.node.path : props.streamName} from its declared workload (stream-simulator)`,
      });
    }
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;

    this.consumerNames = [...(props.efoConsumerNames ?? [])];
    this.consumers = this.consumerNames.map(
      (name, i) =>
        // Named ids keep a consumer's address stable when the list is reordered; tokens fall back to the index.
        new KinesisStreamConsumer(this, isToken(name) ? `Consumer${i}` : `Consumer-${name}`, {
          name,
          streamArn: this.stream.arn,
        }),
    );

    if (props.alarms ?? true) {
      this.alarms = new StreamAlarms(this, "Alarms", {
        streamName: props.streamName,
        retentionHours,
        iteratorAgeAlarmFraction: props.iteratorAgeAlarmFraction,
        iteratorAgeAlarmThresholdMs: props.iteratorAgeAlarmThresholdMs,
        alarmActionArns: props.alarmActionArns,
        shardCount: capacity.mode === "PROVISIONED" ? capacity.shardCount : undefined,
        capacityAlarmFraction: props.capacityAlarmFraction,
        tags: props.tags,
      });
    }
  }

  /** ARN of the registered consumer named `consumerName` (throws when no such consumer was declared). */
  public consumerArn(consumerName: string): string {
    return this.consumerNamed(consumerName).arn;
  }

  /**
   * Grants reading through one enhanced fan-out consumer only: the stream read actions plus
   * `SubscribeToShard`/`DescribeStreamConsumer` on that consumer's ARN (narrower than `grantRead`'s `consumer/*`).
   */
  public grantReadConsumer(consumerName: string, roleName: string, id?: string): IamRolePolicy {
    return this.grantReadVia(this.consumerNamed(consumerName).arn, roleName, id ?? this.nextGrantId("GrantReadConsumer"));
  }

  private consumerNamed(consumerName: string): KinesisStreamConsumer {
    const index = this.consumerNames.indexOf(consumerName);
    const consumer = index >= 0 ? this.consumers[index] : undefined;
    if (!consumer) {
      throw new Error(`${this.node.path}: no enhanced fan-out consumer named ${JSON.stringify(consumerName)}; declare it in efoConsumerNames`);
    }
    return consumer;
  }

  /**
   * Every problem with `props` (empty when valid), without creating anything: lets a composite construct report its
   * children's problems together with its own before it builds any of them.
   */
  public static problemsOf(props: EncryptedStreamProps, constructPath?: string): Problem[] {
    const { capacity, encryption, keyProps } = EncryptedStream.resolve(props);
    return EncryptedStream.check(props, capacity, encryption, keyProps, constructPath).problems;
  }

  /** Defaults applied to props: the values validation checks and resources use. */
  private static resolve(props: EncryptedStreamProps) {
    const capacity = props.capacity ?? StreamCapacity.onDemand();
    const encryption = props.encryption ?? StreamEncryption.customerManagedKey();
    const retentionHours = props.retentionHours ?? KINESIS_LIMITS.retentionMinHours.value;
    const keyProps =
      encryption.kind === "CUSTOMER_MANAGED_KEY"
        ? {
            aliasName: encryption.keyOptions?.aliasName ?? defaultAliasName(props.streamName),
            deletionWindowDays: encryption.keyOptions?.deletionWindowDays,
            description: encryption.keyOptions?.description ?? `Encrypts Kinesis stream ${props.streamName}`,
            tags: props.tags,
          }
        : undefined;
    return { capacity, encryption, retentionHours, keyProps };
  }

  /** The prop rules, then the capacity check against the declared workload (only when the shard count is valid). */
  private static check(
    props: EncryptedStreamProps,
    capacity: StreamCapacity,
    encryption: StreamEncryption,
    keyProps: { aliasName: string; deletionWindowDays?: number } | undefined,
    constructPath: string | undefined,
  ): { problems: Problem[]; capacityCheck: StreamCapacityCheck } {
    const problems = EncryptedStream.validate(props, capacity, encryption, keyProps);
    const capacityCheck = checkStreamCapacity({
      streamName: props.streamName,
      constructPath,
      capacity,
      workload: props.workload,
      checkOptions: props.capacityCheck,
      shardCountValid: !problems.some((p) => p.property === "capacity.shardCount"),
    });
    return { problems: [...problems, ...capacityCheck.problems], capacityCheck };
  }

  private static validate(
    props: EncryptedStreamProps,
    capacity: StreamCapacity,
    encryption: StreamEncryption,
    keyProps: { aliasName: string; deletionWindowDays?: number } | undefined,
  ): Problem[] {
    const ruleProblems = validateStreamProps({
      streamName: props.streamName,
      mode: capacity.mode,
      shardCount: capacity.shardCount,
      shardCountGiven: capacity.shardCount !== undefined,
      retentionHours: props.retentionHours,
      efoConsumerNames: props.efoConsumerNames,
      shardLevelMetrics: props.shardLevelMetrics,
      kmsDeletionWindowDays: keyProps?.deletionWindowDays,
    });
    // Rename the shared rules' flat property names to where the user wrote them on these props.
    const renamed: Record<string, string> = {
      mode: "capacity.mode",
      shardCount: "capacity.shardCount",
      kmsDeletionWindowDays: "encryption.deletionWindowDays",
    };
    const problems: Problem[] = ruleProblems.map((p) => (renamed[p.property] ? { ...p, property: renamed[p.property] } : p));

    if (keyProps) {
      // Alias rules (deletion window is already covered above).
      problems.push(
        ...PipelineKey.validate({ aliasName: keyProps.aliasName }, "encryption.").filter(
          (p) => p.property === "encryption.aliasName",
        ),
      );
    }
    if (encryption.kind === "EXISTING_KEY") {
      const arn = encryption.keyArn;
      problems.push(
        ...(typeof arn === "string"
          ? checkKmsKeyArn("encryption.keyArn", arn)
          : [{ property: "encryption.keyArn", value: arn, allowed: "a KMS key ARN" }]),
      );
    }
    if (props.alarms ?? true) {
      problems.push(...StreamAlarms.validate({ ...props, retentionHours: props.retentionHours }));
    } else {
      // Alarm settings without alarms are a contradiction, not something to ignore silently.
      for (const property of ["alarmActionArns", "iteratorAgeAlarmFraction", "iteratorAgeAlarmThresholdMs", "capacityAlarmFraction"] as const) {
        if (props[property] !== undefined) {
          problems.push({ property, value: props[property], allowed: "only with alarms enabled (remove it or alarms: false)" });
        }
      }
    }
    return problems;
  }
}

/** `alias/kinesis/<streamName>` with characters an alias cannot hold (e.g. '.') replaced by '-'. */
function defaultAliasName(streamName: string): string {
  const safe = isToken(streamName) || typeof streamName !== "string" ? streamName : streamName.replace(NOT_ALIAS_CHARACTERS, "-");
  return `alias/kinesis/${safe}`;
}

/** A stream created elsewhere, referenced by ARN. Creates nothing but the grants asked for. */
class ImportedStream extends StreamBase {
  public readonly streamName: string;
  public readonly streamArn: string;
  public readonly encryptionKeyArn?: string;

  public constructor(scope: Construct, id: string, attributes: StreamAttributes) {
    super(scope, id);
    const arn = attributes.streamArn;
    const problems: Problem[] = [];
    if (!isToken(arn) && !/^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/.test(arn)) {
      problems.push({
        property: "streamArn",
        value: arn,
        allowed: "a Kinesis stream ARN, arn:<partition>:kinesis:<region>:<account>:stream/<name>",
      });
    }
    problems.push(...checkKmsKeyArn("encryptionKeyArn", attributes.encryptionKeyArn));
    throwIfProblems(this.node.path, problems);
    this.streamArn = arn;
    // Literal ARN: the name is the part after "stream/". Token: let Terraform split it at plan time.
    this.streamName = isToken(arn) ? Fn.element(Fn.split("/", arn), 1) : arn.slice(arn.indexOf(":stream/") + ":stream/".length);
    this.encryptionKeyArn = attributes.encryptionKeyArn;
  }
}
