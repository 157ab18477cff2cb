// The library's public surface: re-exports only. Everything here is importable from "cdktf-kinesis-pipeline".

// Environment and shared contracts
export { AwsEnvironment, ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "./aws-environment";
export type { IEncryptedStream, ISecureBucket, StreamReadGrantOptions } from "./interfaces";
export type { PolicyStatement } from "./iam/policy-document";
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

// KMS
export { PipelineKey } from "./pipeline-key";
export type { IPipelineKey, PipelineKeyProps } from "./pipeline-key";

// Kinesis Data Stream
export { EncryptedStream } from "./encrypted-stream";
export type { EncryptedStreamProps, StreamAttributes } from "./encrypted-stream";
export { StreamCapacity } from "./stream-capacity";
export type {
  StreamMode,
  WorkloadCapacityMode,
  WorkloadCapacityOptions,
  CapacitySizing,
  CapacityCostEstimate,
} from "./stream-capacity";
export type { CapacityRecord } from "./validation/capacity-rules";
export { StreamEncryption } from "./stream-encryption";
export type { CustomerManagedKeyOptions, StreamEncryptionKind } from "./stream-encryption";
export {
  StreamAlarms,
  DEFAULT_ITERATOR_AGE_ALARM_FRACTION,
  DEFAULT_CAPACITY_ALARM_FRACTION,
  capacityAlarmThresholds,
} from "./stream-alarms";
export type { StreamAlarmsProps } from "./stream-alarms";

// S3
export {
  SecureBucket,
  DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  DEFAULT_ACCESS_LOG_EXPIRATION_DAYS,
  DEFAULT_ACCESS_LOG_PREFIX,
} from "./secure-bucket";
export type { SecureBucketProps, SecureBucketAttributes } from "./secure-bucket";
export { AccessLogBucket } from "./access-log-bucket";
export type { AccessLogBucketProps } from "./access-log-bucket";
export type { LifecycleTransition, TransitionStorageClass } from "./bucket-lifecycle";

// Firehose
export { Compression } from "./compression";
export {
  FirehoseToS3,
  DEFAULT_PREFIX,
  DEFAULT_ERROR_OUTPUT_PREFIX,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_LOG_RETENTION_DAYS,
} from "./firehose-to-s3";
export type {
  FirehoseToS3Props,
  DynamicPartitioningOptions,
  SourceRecordBackupOptions,
  FirehoseAlarmOptions,
  FirehoseAlarms,
} from "./firehose-to-s3";

// Composition
export { StreamingPipeline } from "./streaming-pipeline";
export type { StreamingPipelineProps } from "./streaming-pipeline";
