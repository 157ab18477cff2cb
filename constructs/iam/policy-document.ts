/**
 * IAM policy documents as plain objects, rendered for `aws_iam_role_policy.policy` and friends as Terraform's
 * `jsonencode(...)` of the document (`Fn.jsonencode`): references inside (partition, ARNs) are expressions of it, which
 * cdktf writes correctly both as JSON (`cdktf synth`) and as HCL (`cdktf synth --hcl`). A JSON string with `${…}`
 * inside, the obvious alternative, renders as broken HCL. Every least-privilege action set lives here, written once.
 */
import { Fn } from "cdktf";


/** One IAM statement. Keys follow the IAM JSON grammar so the rendered document needs no mapping. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: Readonly<Record<string, string | readonly string[]>> | "*";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[] | boolean>>>>;
}

/**
 * Renders statements as an IAM policy document (version 2012-10-17): `jsonencode` of it, a string token Terraform
 * turns into the JSON text (the provider compares policies by meaning, so key order does not matter). It is not JSON
 * text itself: in a synthesized stack it reads `${jsonencode({...})}`, which `decodeJsonDocument`
 * (`cdktf-kinesis-pipeline/testing/terraform`) turns back into the document, references as `${…}` strings.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return Fn.jsonencode({ Version: "2012-10-17", Statement: statements.map((statement) => ({ ...statement })) });
}

/** Kinesis actions a shared-throughput or EFO reader needs (DescribeStreamConsumer/SubscribeToShard for EFO). */
export const KINESIS_READ_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:ListShards",
  "kinesis:SubscribeToShard",
  "kinesis:DescribeStreamConsumer",
] as const;

/** Kinesis actions a producer needs. */
export const KINESIS_WRITE_ACTIONS = ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:ListShards"] as const;

/** KMS actions a reader of a customer-managed-key stream needs. */
export const KMS_DECRYPT_ACTIONS = ["kms:Decrypt"] as const;
/** KMS actions a writer to a customer-managed-key stream needs. */
export const KMS_ENCRYPT_ACTIONS = ["kms:GenerateDataKey"] as const;

/**
 * The six S3 actions AWS documents for a Firehose delivery role (no delete):
 * https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
 */
export const FIREHOSE_S3_ACTIONS = [
  "s3:AbortMultipartUpload",
  "s3:GetBucketLocation",
  "s3:GetObject",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
  "s3:PutObject",
] as const;

/** Firehose producer actions (direct PUT). */
export const FIREHOSE_PUT_ACTIONS = ["firehose:PutRecord", "firehose:PutRecordBatch"] as const;

/**
 * KMS actions a direct-PUT producer needs on a delivery stream encrypted with a customer-managed key (required for
 * streams created from 2026-04-20; see `putRecordsStatements` in `../firehose/role.ts`).
 */
export const FIREHOSE_PUT_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;
