import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IConstruct } from "constructs";
import type { DeliveryMetricName, MetricOptions, MetricSpec, StreamMetricName } from "./metrics";
import type { Grantee } from "./validation/grantee";

/** Options of `IEncryptedStream.grantRead`. */
export interface StreamReadGrantOptions {
  /**
   * Also allow `kinesis:SubscribeToShard` and `kinesis:DescribeStreamConsumer` on the stream's consumers
   * (`<streamArn>/consumer/*`), for enhanced fan-out readers. Shared-throughput readers (GetRecords), such as a
   * Firehose delivery stream, do not need them.
   * @default true
   */
  readonly enhancedFanOut?: boolean;
}

/**
 * A Kinesis Data Stream this library can read from or write to: one it created (`EncryptedStream`) or an existing
 * one imported by ARN (`EncryptedStream.fromStreamAttributes`). Grants work the same on both.
 */
export interface IEncryptedStream extends IConstruct {
  /** Stream name (may be a Terraform token). */
  readonly streamName: string;
  /** Stream ARN (may be a Terraform token). */
  readonly streamArn: string;
  /**
   * ARN of the customer-managed KMS key encrypting the stream; undefined when the stream uses the AWS-managed
   * `alias/aws/kinesis` key, whose key policy already admits principals of the account via Kinesis.
   */
  readonly encryptionKeyArn?: string;
  /**
   * Adds an inline policy to `role` (a role name, or a role object such as the provider's `IamRole`) with exactly
   * the read actions on this stream and `kms:Decrypt` on its key. Returns the policy, for `dependsOn`.
   */
  grantRead(role: Grantee, id?: string, options?: StreamReadGrantOptions): IamRolePolicy;
  /**
   * Adds an inline policy to `role` (a role name, or a role object) with exactly the write actions on this stream
   * and `kms:GenerateDataKey`. Returns the policy, for `dependsOn`.
   */
  grantWrite(role: Grantee, id?: string): IamRolePolicy;
  /** `grantRead` and `grantWrite` in one inline policy. Returns the policy, for `dependsOn`. */
  grantReadWrite(role: Grantee, id?: string, options?: StreamReadGrantOptions): IamRolePolicy;
  /** Exactly `actions` (named `kinesis:` actions, no wildcards) on this stream, without key statements. */
  grant(role: Grantee, actions: readonly string[], id?: string): IamRolePolicy;
  /** A stream-level CloudWatch metric of this stream, dimensioned by `StreamName`. */
  metric(metricName: StreamMetricName, options?: MetricOptions): MetricSpec;
}

/** An S3 bucket a delivery stream can land data in: one created by `SecureBucket` or an imported one. */
export interface ISecureBucket extends IConstruct {
  /** Bucket name (a Terraform token when generated from `bucket_prefix`). */
  readonly bucketName: string;
  /** Bucket ARN, partition-aware. */
  readonly bucketArn: string;
  /** ARN of the KMS key the bucket encrypts objects with (SSE-KMS); undefined for SSE-S3 buckets. */
  readonly encryptionKeyArn?: string;
  /** The bucket's region when known at synth (the region context, or an imported bucket's `region`); else undefined. */
  readonly region?: string;
}

/**
 * A Firehose delivery stream producers can put records into: one created by `FirehoseToS3`, or an existing one
 * imported by name or ARN (`FirehoseToS3.fromDeliveryStreamAttributes`). `grantPutRecords` works the same on both.
 */
export interface IDeliveryStream extends IConstruct {
  /** Delivery stream name (may be a Terraform token). */
  readonly deliveryStreamName: string;
  /** Delivery stream ARN (may be a Terraform token). */
  readonly deliveryStreamArn: string;
  /** ARN of the customer-managed key of its server-side encryption; undefined when it has none (or an AWS-owned key). */
  readonly encryptionKeyArn?: string;
  /**
   * Adds an inline policy to `role` (a role name, or a role object) allowing PutRecord and PutRecordBatch on this
   * delivery stream, and the key use its encryption needs. Returns the policy, for `dependsOn`.
   */
  grantPutRecords(role: Grantee, id?: string): IamRolePolicy;
  /** A CloudWatch metric of this delivery stream, dimensioned by `DeliveryStreamName`. */
  metric(metricName: DeliveryMetricName, options?: MetricOptions): MetricSpec;
}
