import type { PolicyStatement } from "../iam/policy-document";
import type { RemovalPolicy } from "../removal-policy";

/** Anything with a KMS key ARN: a `PipelineKey` or an imported key (`PipelineKey.fromKeyArn`). */
export interface IPipelineKey {
  /** ARN of the KMS key (may be a Terraform token). */
  readonly keyArn: string;
}

/** Properties of a `PipelineKey`. */
export interface PipelineKeyProps {
  /**
   * Alias of the key, e.g. `alias/kinesis/orders`. Must start with `alias/` and must not start with `alias/aws/`
   * (reserved for AWS-managed keys). Aliases are unique per account and region, so include the resource name.
   * Give exactly one of `aliasName` and `aliasNamePrefix`.
   * @default - none: required unless `aliasNamePrefix` is given
   */
  readonly aliasName?: string;
  /**
   * Prefix of a generated, unique alias (`aws_kms_alias.name_prefix`: Terraform appends a 26-character suffix), for
   * keys whose natural name is not unique per account and region (e.g. the same stack deployed twice).
   * Give exactly one of `aliasName` and `aliasNamePrefix`.
   * @default - none: `aliasName` is used
   */
  readonly aliasNamePrefix?: string;
  /**
   * Human-readable description shown in the KMS console.
   * @default "Customer-managed key for <aliasName>"
   */
  readonly description?: string;
  /**
   * Waiting period before a key scheduled for deletion is deleted, 7–30 days. The maximum is the default: a deleted
   * key makes every record and object it encrypted unreadable, so the longest window to cancel is the safe choice.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Extra key-policy statements, typically for service principals that use the key directly rather than through
   * an IAM role (e.g. `logs.<region>.amazonaws.com` for an encrypted log group, with a
   * `kms:EncryptionContext:aws:logs:arn` condition). Wildcard principals (`"*"`, `{ AWS: "*" }`) are rejected.
   * @default - none: only the account root statement
   */
  readonly additionalStatements?: readonly PolicyStatement[];
  /**
   * Whether Terraform may delete (or replace) the key. A deleted key makes everything it encrypted unreadable, so
   * by default a plan that would delete or replace it fails (`prevent_destroy`); `RemovalPolicy.DESTROY` for test
   * stacks (see docs/removal-policy.md).
   * Either way a deleted key waits `deletionWindowDays` before AWS deletes it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Tags for the key.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}
