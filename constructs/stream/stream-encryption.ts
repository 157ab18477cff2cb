import type { IPipelineKey } from "../kms/props";
import { isToken } from "../validation/problems";

/** Characters a KMS alias cannot hold but a stream name can ('.'), replaced in the default alias. */
const NOT_ALIAS_CHARACTERS = /[^a-zA-Z0-9/_-]/g;

/** `alias/kinesis/<streamName>` with characters an alias cannot hold (e.g. '.') replaced by '-'. */
export function defaultAliasName(streamName: string): string {
  const safe = isToken(streamName) || typeof streamName !== "string" ? streamName : streamName.replace(NOT_ALIAS_CHARACTERS, "-");
  return `alias/kinesis/${safe}`;
}

/** Options for the customer-managed key an `EncryptedStream` creates for itself. */
export interface CustomerManagedKeyOptions {
  /**
   * Alias of the created key.
   * @default "alias/kinesis/<streamName>", with characters an alias cannot hold (e.g. '.') replaced by '-'
   */
  readonly aliasName?: string;
  /**
   * Waiting period before a key scheduled for deletion is deleted, 7–30 days.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Description of the created key.
   * @default "Encrypts Kinesis stream <streamName>"
   */
  readonly description?: string;
}

/** Which kind of KMS key encrypts the stream. Encryption itself is never optional. */
export type StreamEncryptionKind = "CUSTOMER_MANAGED_KEY" | "EXISTING_KEY" | "AWS_MANAGED";

/**
 * Server-side encryption of an `EncryptedStream`. Every choice sets `encryption_type = "KMS"`; there is no
 * unencrypted option. A class with factories (like aws-cdk-lib's value classes) so new choices can be added later.
 */
export class StreamEncryption {
  /**
   * The stream creates its own `PipelineKey` (rotation on, explicit key policy). The default: grants can then
   * carry `kms:ViaService` and encryption-context conditions, and key use shows up per stream in CloudTrail.
   */
  public static customerManagedKey(options: CustomerManagedKeyOptions = {}): StreamEncryption {
    return new StreamEncryption("CUSTOMER_MANAGED_KEY", undefined, options);
  }

  /**
   * An existing customer-managed key (its ARN, or a `PipelineKey` / imported key). Grants add KMS statements on it;
   * its key policy must let this account's IAM policies grant use (as `PipelineKey`'s does).
   */
  public static existingKey(key: string | IPipelineKey): StreamEncryption {
    return new StreamEncryption("EXISTING_KEY", typeof key === "string" ? key : key.keyArn, undefined);
  }

  /**
   * The AWS-managed `alias/aws/kinesis` key. By explicit choice only: it cannot be rotated on your schedule,
   * audited per stream or shared cross-account. Grants add no KMS statement: its key policy already admits
   * principals of the account calling through Kinesis.
   */
  public static awsManaged(): StreamEncryption {
    return new StreamEncryption("AWS_MANAGED", undefined, undefined);
  }

  protected constructor(
    /** Which kind of key. */
    public readonly kind: StreamEncryptionKind,
    /** ARN of the key for `EXISTING_KEY`. */
    public readonly keyArn: string | undefined,
    /** Options of the key to create for `CUSTOMER_MANAGED_KEY`. */
    public readonly keyOptions: CustomerManagedKeyOptions | undefined,
  ) {}
}
