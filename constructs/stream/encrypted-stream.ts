import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { Annotations, Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { KINESIS_LIMITS, type CapacityVerdict, type Workload } from "stream-simulator";
import { AwsEnvironment, knownRegion } from "../aws-environment";
import {
  KINESIS_READ_ACTIONS,
  KINESIS_WRITE_ACTIONS,
  KMS_DECRYPT_ACTIONS,
  KMS_ENCRYPT_ACTIONS,
  policyDocument,
  type PolicyStatement,
} from "../iam/policy-document";
import type { IEncryptedStream, StreamReadGrantOptions } from "../interfaces";
import { streamMetric, type MetricOptions, type MetricSpec, type StreamMetricName } from "../metrics";
import { PipelineKey } from "../kms/pipeline-key";
import { claimStreamQuota } from "../account-quotas";
import { claimPhysicalName, physicalNameProblems } from "../physical-names";
import { checkStreamActions, granteeRoleName, type Grantee } from "../validation/grantee";
import { isToken, type Problem, throwIfProblems } from "../validation/problems";
import { checkPropsShape, withShapeProblems } from "../validation/props-shape";
import { encryptedStreamPropsShape, STREAM_ATTRIBUTES_SHAPE, streamRegionWarnings, validateEncryptedStreamProps, validateStreamAttributes } from "../validation/stream";
import { checkStreamCapacity, streamSubject } from "../validation/stream-capacity";
import { capacityOutputValue, capacityRecord, capacityTagValue, type CapacityRecord } from "./capacity-record";
import type { EncryptedStreamProps, StreamAttributes } from "./props";
import { removalLifecycle } from "../removal-policy";
import { resolveStreamSettings } from "./settings";
import { StreamAlarms } from "./stream-alarms";
import type { StreamCapacity } from "./stream-capacity";

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

/**
 * Grants shared by created and imported streams (as aws-cdk-lib's `StreamBase`), so both behave identically.
 * Each grant adds ONE `aws_iam_role_policy` with exactly the needed actions on this stream's ARNs, plus KMS use on
 * the customer-managed key conditioned on `kms:ViaService` (Kinesis in this region) and the stream's encryption
 * context, so the key grant cannot be used outside this stream (the conditions fdmsantos/terraform-aws-kinesis-firehose
 * v3.8.5 puts on its source-stream grant in `iam.tf`, made partition-aware). Return the policy so callers can put
 * it in `dependsOn`: cdktf's `node.addDependency` emits no Terraform `depends_on`, and a policy attached seconds
 * earlier may not have propagated yet (https://github.com/hashicorp/terraform-provider-aws/issues/3380).
 */
abstract class StreamBase extends Construct implements IEncryptedStream {
  public abstract readonly streamName: string;
  public abstract readonly streamArn: string;
  public abstract readonly encryptionKeyArn?: string;
  private grantCount = 0;

  /**
   * Adds one inline policy to `role` (a role name, or a role object such as the provider's `IamRole`): the read
   * actions on this stream, the enhanced fan-out actions on its consumers (unless `options.enhancedFanOut` is false),
   * `kms:Decrypt` on the key.
   * @throws PipelineValidationError when `role` is an ARN, empty, or not a role name
   */
  public grantRead(role: Grantee, id?: string, options: StreamReadGrantOptions = {}): IamRolePolicy {
    return this.addGrant("grantRead(role)", role, id ?? this.nextGrantId("GrantRead"), [
      { Sid: "ReadStream", Effect: "Allow", Action: [...STREAM_READ_ACTIONS], Resource: this.streamArn },
      ...this.enhancedFanOutStatements(options),
      ...this.keyStatements("DecryptStream", KMS_DECRYPT_ACTIONS),
    ]);
  }

  /**
   * Adds one inline policy to `role` (a role name, or a role object such as the provider's `IamRole`): the write
   * actions on this stream, `kms:GenerateDataKey` on the key.
   * @throws PipelineValidationError when `role` is an ARN, empty, or not a role name
   */
  public grantWrite(role: Grantee, id?: string): IamRolePolicy {
    return this.addGrant("grantWrite(role)", role, id ?? this.nextGrantId("GrantWrite"), [
      { Sid: "WriteStream", Effect: "Allow", Action: [...KINESIS_WRITE_ACTIONS], Resource: this.streamArn },
      ...this.keyStatements("EncryptStream", KMS_ENCRYPT_ACTIONS),
    ]);
  }

  /**
   * Adds one inline policy to `role` (a role name, or a role object) with both grants' actions: the read actions on
   * this stream (and on its consumers, unless `options.enhancedFanOut` is false), the write actions, and
   * `kms:Decrypt` + `kms:GenerateDataKey` on the key, under the same conditions.
   * @throws PipelineValidationError when `role` is an ARN, empty, or not a role name
   */
  public grantReadWrite(role: Grantee, id?: string, options: StreamReadGrantOptions = {}): IamRolePolicy {
    const streamActions = [...new Set([...STREAM_READ_ACTIONS, ...KINESIS_WRITE_ACTIONS])];
    return this.addGrant("grantReadWrite(role)", role, id ?? this.nextGrantId("GrantReadWrite"), [
      { Sid: "ReadWriteStream", Effect: "Allow", Action: streamActions, Resource: this.streamArn },
      ...this.enhancedFanOutStatements(options),
      ...this.keyStatements("DecryptAndEncryptStream", [...KMS_DECRYPT_ACTIONS, ...KMS_ENCRYPT_ACTIONS]),
    ]);
  }

  /**
   * Adds one inline policy to `role` allowing exactly `actions` on this stream's ARN (e.g.
   * `["kinesis:DescribeStreamSummary"]` for a dashboard or a health check), like aws-cdk-lib's `Stream.grant`. Each
   * action is a named Kinesis action (`kinesis:<Action>`); wildcards are refused (least privilege), and no key
   * statement is added: the data grants (`grantRead`, `grantWrite`, `grantReadWrite`) carry the KMS permissions.
   * @throws PipelineValidationError when `role` is not a role name, or an action is empty, a wildcard or not Kinesis's
   */
  public grant(role: Grantee, actions: readonly string[], id?: string): IamRolePolicy {
    throwIfProblems(this.node.path, checkStreamActions("grant(actions)", actions));
    return this.addGrant("grant(role)", role, id ?? this.nextGrantId("Grant"), [
      { Sid: "StreamActions", Effect: "Allow", Action: [...new Set(actions)], Resource: this.streamArn },
    ]);
  }

  /**
   * A stream-level CloudWatch metric of this stream, dimensioned by `StreamName` (for alarms and dashboards of your
   * own), read with its usual statistic unless `options` say otherwise.
   */
  public metric(metricName: StreamMetricName, options?: MetricOptions): MetricSpec {
    return streamMetric(this.streamName, metricName, options);
  }
  /** `IncomingBytes` (Sum per minute): bytes written. */
  public metricIncomingBytes(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingBytes", options);
  }
  /** `IncomingRecords` (Sum per minute): records written. */
  public metricIncomingRecords(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingRecords", options);
  }
  /** `GetRecords.IteratorAgeMilliseconds` (Maximum): how far shared-throughput consumers are behind. */
  public metricIteratorAgeMilliseconds(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.IteratorAgeMilliseconds", options);
  }
  /** `WriteProvisionedThroughputExceeded` (Sum): writes throttled. */
  public metricWriteProvisionedThroughputExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("WriteProvisionedThroughputExceeded", options);
  }
  /** `ReadProvisionedThroughputExceeded` (Sum): shared-throughput reads throttled. */
  public metricReadProvisionedThroughputExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("ReadProvisionedThroughputExceeded", options);
  }
  /** `PutRecords.ThrottledRecords` (Sum): PutRecords entries throttled, which the producer must resend. */
  public metricPutRecordsThrottledRecords(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.ThrottledRecords", options);
  }

  /** Grants reading through one named consumer: stream reads plus the consumer actions on that consumer only. */
  protected grantReadVia(consumerArn: string, role: Grantee, id: string): IamRolePolicy {
    return this.addGrant("grantReadConsumer(role)", role, id, [
      { Sid: "ReadStream", Effect: "Allow", Action: [...STREAM_READ_ACTIONS], Resource: this.streamArn },
      { Sid: "ReadEnhancedFanOut", Effect: "Allow", Action: [...CONSUMER_ACTIONS], Resource: consumerArn },
      ...this.keyStatements("DecryptStream", KMS_DECRYPT_ACTIONS),
    ]);
  }

  /** The EFO actions on every consumer of this stream, unless `options.enhancedFanOut` is false. */
  private enhancedFanOutStatements(options: StreamReadGrantOptions | undefined): PolicyStatement[] {
    if (options?.enhancedFanOut === false) return [];
    return [{ Sid: "ReadEnhancedFanOut", Effect: "Allow", Action: [...CONSUMER_ACTIONS], Resource: `${this.streamArn}/consumer/*` }];
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

  private addGrant(property: string, role: Grantee, id: string, statements: PolicyStatement[]): IamRolePolicy {
    const { roleName, problems } = granteeRoleName(this, property, role);
    throwIfProblems(this.node.path, problems);
    return new IamRolePolicy(this, id, { role: roleName, policy: policyDocument(statements) });
  }
}

/**
 * A Kinesis Data Stream that is always KMS-encrypted, with least-privilege grants, optional enhanced fan-out
 * consumers and correctly dimensioned CloudWatch alarms. Input is validated at synth time: every problem is
 * reported in one `PipelineValidationError` before any resource is created.
 *
 * Compared with aws-cdk-lib's `Stream` (aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesis/lib/stream.ts`) and AWS
 * Solutions Constructs' stream pattern (awslabs/aws-solutions-constructs@33c062f,
 * `source/patterns/@aws-solutions-constructs/aws-kinesisstreams-kinesisfirehose-s3/lib/index.ts`): the auto-created
 * key has rotation on; reader grants include `kms:Decrypt`; alarms carry the `StreamName` dimension and derive the
 * iterator-age threshold from the configured retention; imported streams get the same grants.
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
    // JavaScript callers: a missing or wrongly typed prop is a problem, an unknown one a warning (never a TypeError).
    const shape = encryptedStreamPropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    const { capacity, encryption, retentionHours, keyProps, alarms } = resolveStreamSettings(props);
    const capacityCheck = checkStreamCapacity(props, this.node.path);
    throwIfProblems(
      this.node.path,
      withShapeProblems(shape, [
        ...validateEncryptedStreamProps(props, { sized: capacityCheck.verdict !== undefined, region: knownRegion(this) }),
        ...capacityCheck.problems,
        ...physicalNameProblems(this, "Kinesis stream", "streamName", props.streamName),
      ]),
    );
    claimPhysicalName(this, "Kinesis stream", props.streamName);
    const quotaWarnings = claimStreamQuota(this, { mode: capacity.mode, shardCount: capacity.mode === "PROVISIONED" ? capacity.shardCount : undefined });
    for (const warning of [...shape.warnings, ...capacityCheck.warnings, ...streamRegionWarnings(knownRegion(this)), ...quotaWarnings]) {
      Annotations.of(this).addWarning(warning);
    }

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
      lifecycle: removalLifecycle(props.removalPolicy),
    });
    if (this.capacityRecord) {
      // Scoped to this construct, so the output's logical id is unique per stream.
      this.capacityOutput = new TerraformOutput(this, "CapacitySizing", {
        value: capacityOutputValue(this.capacityRecord),
        description: `Capacity of Kinesis stream ${isToken(props.streamName) ? this.node.path : props.streamName} from its declared workload (stream-simulator)`,
      });
    }
    this.streamName = this.stream.name;
    this.streamArn = this.stream.arn;

    this.consumerNames = [...(props.efoConsumerNames ?? [])];
    // RegisterStreamConsumer allows at most 5 consumers of a stream in CREATING at once, and Terraform creates
    // independent resources in parallel: each consumer past the fifth waits for the one five places before it.
    const inFlight = KINESIS_LIMITS.efoConsumersCreatingAtOnce.value;
    const consumers: KinesisStreamConsumer[] = [];
    this.consumerNames.forEach((name, i) => {
      // Named ids keep a consumer's address stable when the list is reordered; tokens fall back to the index.
      consumers.push(
        new KinesisStreamConsumer(this, isToken(name) ? `Consumer${i}` : `Consumer-${name}`, {
          name,
          streamArn: this.stream.arn,
          ...(i >= inFlight ? { dependsOn: [consumers[i - inFlight]] } : {}),
        }),
      );
    });
    this.consumers = consumers;

    if (alarms !== undefined) this.alarms = new StreamAlarms(this, "Alarms", alarms);
  }

  /** ARN of the registered consumer named `consumerName` (throws when no such consumer was declared). */
  public consumerArn(consumerName: string): string {
    return this.consumerNamed(consumerName).arn;
  }

  /**
   * Grants reading through one enhanced fan-out consumer only: the stream read actions plus
   * `SubscribeToShard`/`DescribeStreamConsumer` on that consumer's ARN (narrower than `grantRead`'s `consumer/*`).
   */
  public grantReadConsumer(consumerName: string, role: Grantee, id?: string): IamRolePolicy {
    return this.grantReadVia(this.consumerNamed(consumerName).arn, role, id ?? this.nextGrantId("GrantReadConsumer"));
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
   * children's problems together with its own before it builds any of them (`validateEncryptedStreamProps` and
   * `checkStreamCapacity`).
   */
  public static problemsOf(props: EncryptedStreamProps, constructPath?: string): Problem[] {
    const shape = encryptedStreamPropsShape(props);
    props = shape.props; // the rules and the build read the checked props only
    return withShapeProblems(shape, [...validateEncryptedStreamProps(props), ...checkStreamCapacity(props, constructPath).problems]);
  }
}

/** A stream created elsewhere, referenced by ARN. Creates nothing but the grants asked for. */
class ImportedStream extends StreamBase {
  public readonly streamName: string;
  public readonly streamArn: string;
  public readonly encryptionKeyArn?: string;

  public constructor(scope: Construct, id: string, attributes: StreamAttributes) {
    super(scope, id);
    const shape = checkPropsShape(attributes, STREAM_ATTRIBUTES_SHAPE, "StreamAttributes");
    attributes = shape.props;
    throwIfProblems(this.node.path, withShapeProblems(shape, validateStreamAttributes(attributes)));
    for (const warning of shape.warnings) Annotations.of(this).addWarning(warning);
    const arn = attributes.streamArn;
    this.streamArn = arn;
    // Literal ARN: the name is the part after "stream/". Token: let Terraform split it at plan time.
    this.streamName = isToken(arn) ? Fn.element(Fn.split("/", arn), 1) : arn.slice(arn.indexOf(":stream/") + ":stream/".length);
    this.encryptionKeyArn = attributes.encryptionKeyArn;
  }
}
