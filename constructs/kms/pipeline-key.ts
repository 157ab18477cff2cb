import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { KMS_LIMITS } from "stream-simulator";
import { AwsEnvironment } from "../aws-environment";
import { policyDocument, type PolicyStatement } from "../iam/policy-document";
import { PIPELINE_KEY_PROPS_SHAPE, validatePipelineKeyProps } from "../validation/key";
import { checkPropsShape, withShapeProblems } from "../validation/props-shape";
import { type Problem, throwIfProblems } from "../validation/problems";
import { claimPhysicalName, physicalNameProblems } from "../physical-names";
import { removalLifecycle } from "../removal-policy";
import type { IPipelineKey, PipelineKeyProps } from "./props";

/**
 * A customer-managed KMS key with rotation on, a 30-day deletion window and an explicit key policy.
 *
 * Why explicit: without `policy`, AWS applies its default policy, which is the same root statement — but writing it
 * out keeps the policy reviewable in the plan and lets callers add service-principal statements. The single
 * baseline statement lets the account root administer and use the key, which is what makes IAM policies in the
 * account able to grant use of it (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 * Grants (`EncryptedStream.grantRead`, …) then add narrowly-conditioned IAM statements; the key policy itself names
 * no wildcard principal. Rotation is on, unlike the key aws-cdk-lib's Kinesis `Stream` creates for itself
 * (aws/aws-cdk, `packages/aws-cdk-lib/aws-kinesis/lib/stream.ts`).
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
    // JavaScript callers: a missing or wrongly typed prop is a problem, an unknown one a warning (never a TypeError).
    const shape = checkPropsShape(props, PIPELINE_KEY_PROPS_SHAPE, "PipelineKeyProps");
    props = shape.props; // the rules and the build read the checked props only
    throwIfProblems(
      this.node.path,
      withShapeProblems(shape, [...validatePipelineKeyProps(props), ...physicalNameProblems(this, "KMS alias", "aliasName", props.aliasName)]),
    );
    claimPhysicalName(this, "KMS alias", props.aliasName);
    for (const warning of shape.warnings) Annotations.of(this).addWarning(warning);

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
      lifecycle: removalLifecycle(props.removalPolicy),
    });
    this.alias = new KmsAlias(this, "Alias", {
      ...(props.aliasName !== undefined ? { name: props.aliasName } : { namePrefix: props.aliasNamePrefix }),
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.aliasName = props.aliasName ?? this.alias.name;
  }

  /** Every problem with `props` (empty when valid): `validatePipelineKeyProps`, each property under `prefix`. */
  public static validate(props: PipelineKeyProps, prefix = ""): Problem[] {
    return validatePipelineKeyProps(props).map((p) => ({ ...p, property: `${prefix}${p.property}` }));
  }
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
