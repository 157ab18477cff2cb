import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { KMS_LIMITS, NAME_RULES } from "stream-simulator";
import { AwsEnvironment } from "./aws-environment";
import { policyDocument, type PolicyStatement } from "./iam/policy-document";
import { isToken, type Problem, throwIfProblems } from "./validation/problems";
import { checkIntegerRange, checkName } from "./validation/rules";

/** Aliases under this prefix are reserved for AWS-managed keys; CreateAlias rejects them. */
const AWS_RESERVED_ALIAS_PREFIX = "alias/aws/";
/** Length of the unique suffix Terraform's `name_prefix` appends (a 26-character ULID-style id). */
const GENERATED_SUFFIX_LENGTH = 26;

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
   * Tags for the key.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed KMS key with rotation on, a 30-day deletion window and an explicit key policy.
 *
 * Why explicit: without `policy`, AWS applies its default policy, which is the same root statement — but writing it
 * out keeps the policy reviewable in the plan and lets callers add service-principal statements. The single
 * baseline statement lets the account root administer and use the key, which is what makes IAM policies in the
 * account able to grant use of it (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 * Grants (`EncryptedStream.grantRead`, …) then add narrowly-conditioned IAM statements; the key policy itself names
 * no wildcard principal. Closes the "auto-created key has rotation off" gap of aws-cdk-lib (prior-art.md §2.1, §7).
 */
export class PipelineKey extends Construct implements IPipelineKey {
  /**
   * A reference to an existing key by ARN, for constructs that accept an `IPipelineKey`. Creates nothing.
   */
  public static fromKeyArn(scope: Construct, id: string, keyArn: string): IPipelineKey {
    return new ImportedPipelineKey(scope, id, keyArn);
  }

  /** The `aws_kms_key`. */
  public readonly key: KmsKey;
  /** The `aws_kms_alias` pointing at `key`. */
  public readonly alias: KmsAlias;
  /** ARN of the key. */
  public readonly keyArn: string;
  /** Key ID (UUID) of the key. */
  public readonly keyId: string;
  /** The alias name, e.g. `alias/kinesis/orders`. */
  public readonly aliasName: string;

  public constructor(scope: Construct, id: string, props: PipelineKeyProps) {
    super(scope, id);
    throwIfProblems(this.node.path, PipelineKey.validate(props));

    const env = AwsEnvironment.of(this);
    const statements: PolicyStatement[] = [
      {
        Sid: "EnableAccountRootAdministration",
        Effect: "Allow",
        // The account root, never "*": this delegates authorization to IAM policies of this account only.
        Principal: { AWS: env.accountRootArn },
        // kms:* for the root is AWS's documented default; a narrower list risks an unmanageable key (the
        // PutKeyPolicy lockout safety check). Use by roles is narrowed in their IAM policies instead.
        Action: "kms:*",
        // In a key policy "*" means "this key"; the key's own ARN cannot be named in its policy (it does not exist yet).
        Resource: "*",
      },
      ...(props.additionalStatements ?? []),
    ];

    this.key = new KmsKey(this, "Key", {
      description: props.description ?? `Customer-managed key for ${props.aliasName ?? `${props.aliasNamePrefix}*`}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? KMS_LIMITS.deletionWindowMaxDays.value,
      policy: policyDocument(statements),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.alias = new KmsAlias(this, "Alias", {
      ...(props.aliasName !== undefined ? { name: props.aliasName } : { namePrefix: props.aliasNamePrefix }),
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = props.aliasName ?? this.alias.name;
  }

  /** Every problem with `props` (empty when valid). Exposed so composite constructs can validate before creating. */
  public static validate(props: PipelineKeyProps, prefix = ""): Problem[] {
    const problems: Problem[] = [];
    const usePrefix = props.aliasName === undefined && props.aliasNamePrefix !== undefined;
    const aliasProperty = `${prefix}${usePrefix ? "aliasNamePrefix" : "aliasName"}`;
    const alias = usePrefix ? props.aliasNamePrefix : props.aliasName;
    if (props.aliasName !== undefined && props.aliasNamePrefix !== undefined) {
      problems.push({
        property: `${prefix}aliasNamePrefix`,
        value: props.aliasNamePrefix,
        allowed: "unset when aliasName is given (give exactly one of aliasName and aliasNamePrefix)",
      });
    }
    // Terraform appends a 26-character unique suffix to a prefix, which must still fit the alias length limit.
    const rule = usePrefix
      ? { ...NAME_RULES.kmsAliasName, maxLength: NAME_RULES.kmsAliasName.maxLength - GENERATED_SUFFIX_LENGTH }
      : NAME_RULES.kmsAliasName;
    if (typeof alias !== "string") {
      problems.push({ property: aliasProperty, value: alias, allowed: NAME_RULES.kmsAliasName.allowed });
    } else {
      problems.push(...checkName(aliasProperty, alias, rule));
      if (!isToken(alias) && alias.startsWith(AWS_RESERVED_ALIAS_PREFIX)) {
        problems.push({
          property: aliasProperty,
          value: alias,
          allowed: `an alias not starting with '${AWS_RESERVED_ALIAS_PREFIX}' (reserved for AWS-managed keys)`,
        });
      }
    }
    problems.push(
      ...checkIntegerRange(
        `${prefix}deletionWindowDays`,
        props.deletionWindowDays,
        KMS_LIMITS.deletionWindowMinDays.value,
        KMS_LIMITS.deletionWindowMaxDays.value,
        KMS_LIMITS.deletionWindowMinDays.unit,
      ),
    );
    (props.additionalStatements ?? []).forEach((statement, index) => {
      if (statement.Principal === undefined) {
        problems.push({
          property: `${prefix}additionalStatements[${index}].Principal`,
          value: undefined,
          allowed: "a named principal: every key-policy statement must name one",
        });
      } else if (hasWildcardPrincipal(statement.Principal)) {
        problems.push({
          property: `${prefix}additionalStatements[${index}].Principal`,
          value: statement.Principal,
          allowed: "a named principal (account, role or service); wildcard principals are not allowed in key policies",
        });
      }
    });
    return problems;
  }
}

function hasWildcardPrincipal(principal: NonNullable<PolicyStatement["Principal"]>): boolean {
  if (principal === "*") return true;
  return Object.values(principal).some((v) => (Array.isArray(v) ? v.includes("*") : v === "*"));
}

class ImportedPipelineKey extends Construct implements IPipelineKey {
  public constructor(
    scope: Construct,
    id: string,
    public readonly keyArn: string,
  ) {
    super(scope, id);
  }
}
