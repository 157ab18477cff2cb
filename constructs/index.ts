// The library's public surface: re-exports only. Everything here is importable from "cdktf-kinesis-pipeline".

// Environment and shared contracts
export { AwsEnvironment, ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "./aws-environment";
export type { IDeliveryStream, IEncryptedStream, ISecureBucket, StreamReadGrantOptions } from "./interfaces";
export { DELIVERY_METRICS, deliveryMetric, STREAM_METRICS, streamMetric } from "./metrics";
export type { DeliveryMetricName, MetricOptions, MetricSpec, StreamMetricName } from "./metrics";
export type { PolicyStatement } from "./iam/policy-document";
export { RemovalPolicy, DEFAULT_REMOVAL_POLICY } from "./removal-policy";
export { printSynthAnnotations, synthAnnotations } from "./synth-annotations";
export type { SynthAnnotation } from "./synth-annotations";
export {
  policyDocument,
  KINESIS_READ_ACTIONS,
  KINESIS_WRITE_ACTIONS,
  FIREHOSE_S3_ACTIONS,
  FIREHOSE_PUT_ACTIONS,
  FIREHOSE_PUT_KMS_ACTIONS,
} from "./iam/policy-document";
export type { Problem } from "./validation/problems";
export { PipelineValidationError } from "./validation/problems";
export type { Grantee, RoleReference } from "./validation/grantee";

// KMS
export { PipelineKey } from "./kms/pipeline-key";
export type { IPipelineKey, PipelineKeyProps } from "./kms/props";

// Kinesis Data Stream
export { EncryptedStream } from "./stream/encrypted-stream";
export type { EncryptedStreamProps, StreamAttributes, StreamAlarmsProps } from "./stream/props";
export { StreamCapacity } from "./stream/stream-capacity";
export type { StreamMode, CapacitySizing, CapacityCostEstimate } from "./stream/stream-capacity";
export type { WorkloadCapacityMode, WorkloadCapacityOptions } from "./stream/capacity-options";
export type { CapacityRecord } from "./stream/capacity-record";
export { StreamEncryption } from "./stream/stream-encryption";
export type { CustomerManagedKeyOptions, StreamEncryptionKind } from "./stream/stream-encryption";
export {
  StreamAlarms,
  DEFAULT_ITERATOR_AGE_ALARM_FRACTION,
  DEFAULT_CAPACITY_ALARM_FRACTION,
  capacityAlarmThresholds,
} from "./stream/stream-alarms";

// S3
export {
  SecureBucket,
  DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  DEFAULT_ACCESS_LOG_EXPIRATION_DAYS,
  DEFAULT_ACCESS_LOG_PREFIX,
} from "./bucket/secure-bucket";
export type { SecureBucketProps, SecureBucketAttributes } from "./bucket/props";
export { AccessLogBucket } from "./bucket/access-log-bucket";
export type { AccessLogBucketProps } from "./bucket/access-log-bucket";
export type { LifecycleTransition, TransitionStorageClass } from "./bucket/lifecycle";

// Firehose
export { Compression } from "./firehose/compression";
export { FirehoseToS3 } from "./firehose/firehose-to-s3";
export { DEFAULT_PREFIX, DEFAULT_ERROR_OUTPUT_PREFIX, DEFAULT_BACKUP_PREFIX, DEFAULT_LOG_RETENTION_DAYS } from "./firehose/settings";
export type {
  FirehoseToS3Props,
  DynamicPartitioningOptions,
  SourceRecordBackupOptions,
  TransformLambdaOptions,
  DeliveryStreamAttributes,
  FirehoseAlarmOptions,
  FirehoseAlarmsProps,
} from "./firehose/props";
export { FirehoseAlarms } from "./firehose/alarms";

// Composition
export { StreamingPipeline } from "./pipeline/streaming-pipeline";
export { PipelineDashboard, pipelineDashboardWidgets } from "./pipeline/dashboard";
export type { DashboardWidget, PipelineDashboardProps } from "./pipeline/dashboard";
export type { StreamingPipelineProps } from "./pipeline/props";
