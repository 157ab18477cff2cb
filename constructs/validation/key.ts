/**
 * Synth-time rules of a customer-managed KMS key (`PipelineKey`) and of the key options other constructs expose
 * (`encryption.aliasName`, `keyAliasName`, …). Pure: returns every problem, never throws; tokens are skipped.
 * Figures: `NAME_RULES.kmsAliasName`, `KMS_LIMITS` in stream-simulator/src/limits.ts.
 */
import { KMS_LIMITS, NAME_RULES } from "stream-simulator";
import type { PipelineKeyProps } from "../kms/props";
import { isToken, type Problem } from "./problems";
import { optional, REMOVAL_POLICY_SPEC, type PropsShape } from "./props-shape";
import { checkIntegerRange, checkName, checkRemovalPolicy, checkTags, hasWildcardPrincipal } from "./rules";

/**
 * Aliases under this prefix are reserved for AWS-managed keys; CreateAlias rejects them
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html).
 */
const AWS_RESERVED_ALIAS_PREFIX = "alias/aws/";
/** Length of the unique suffix Terraform's `name_prefix` appends (a 26-character ULID-style id). */
const GENERATED_SUFFIX_LENGTH = 26;

/**
 * Checks a KMS alias (or, with `namePrefix`, the prefix of a generated one, which must leave room for Terraform's
 * 26-character suffix): the alias character set and length, not reserved for AWS. `undefined` and tokens pass.
 */
export function checkAliasName(property: string, alias: unknown, options: { namePrefix?: boolean } = {}): Problem[] {
  if (alias === undefined) return [];
  if (typeof alias !== "string") return [{ property, value: alias, allowed: NAME_RULES.kmsAliasName.allowed }];
  const rule = options.namePrefix
    ? { ...NAME_RULES.kmsAliasName, maxLength: NAME_RULES.kmsAliasName.maxLength - GENERATED_SUFFIX_LENGTH }
    : NAME_RULES.kmsAliasName;
  const problems = checkName(property, alias, rule);
  if (!isToken(alias) && alias.startsWith(AWS_RESERVED_ALIAS_PREFIX)) {
    problems.push({
      property,
      value: alias,
      allowed: `an alias not starting with '${AWS_RESERVED_ALIAS_PREFIX}' (reserved for AWS-managed keys)`,
    });
  }
  return problems;
}

/** Checks a key's deletion window: an integer number of days within `KMS_LIMITS` (7-30). `undefined` and tokens pass. */
export function checkDeletionWindow(property: string, days: number | undefined): Problem[] {
  return checkIntegerRange(
    property,
    days,
    KMS_LIMITS.deletionWindowMinDays.value,
    KMS_LIMITS.deletionWindowMaxDays.value,
    KMS_LIMITS.deletionWindowMinDays.unit,
  );
}

/** Every problem with a `PipelineKey`'s props (empty when valid). */
export function validatePipelineKeyProps(props: PipelineKeyProps): Problem[] {
  const problems: Problem[] = [...checkTags("tags", props.tags)];
  const namePrefix = props.aliasName === undefined && props.aliasNamePrefix !== undefined;
  const aliasProperty = namePrefix ? "aliasNamePrefix" : "aliasName";
  const alias = namePrefix ? props.aliasNamePrefix : props.aliasName;
  if (props.aliasName !== undefined && props.aliasNamePrefix !== undefined) {
    problems.push({
      property: "aliasNamePrefix",
      value: props.aliasNamePrefix,
      allowed: "unset when aliasName is given (give exactly one of aliasName and aliasNamePrefix)",
    });
  }
  if (alias === undefined) {
    problems.push({ property: aliasProperty, value: alias, allowed: NAME_RULES.kmsAliasName.allowed });
  } else {
    problems.push(...checkAliasName(aliasProperty, alias, { namePrefix }));
  }
  problems.push(...checkDeletionWindow("deletionWindowDays", props.deletionWindowDays));
  problems.push(...checkRemovalPolicy("removalPolicy", props.removalPolicy));
  (props.additionalStatements ?? []).forEach((statement, index) => {
    if (statement.Principal === undefined) {
      problems.push({
        property: `additionalStatements[${index}].Principal`,
        value: undefined,
        allowed: "a named principal: every key-policy statement must name one",
      });
    } else if (hasWildcardPrincipal(statement.Principal)) {
      problems.push({
        property: `additionalStatements[${index}].Principal`,
        value: statement.Principal,
        allowed: "a named principal (account, role or service); wildcard principals are not allowed in key policies",
      });
    }
  });
  return problems;
}

/** The JavaScript shape of `PipelineKeyProps` (`checkPropsShape`). */
export const PIPELINE_KEY_PROPS_SHAPE: PropsShape<PipelineKeyProps> = {
  aliasName: optional("string"),
  aliasNamePrefix: optional("string"),
  description: optional("string"),
  deletionWindowDays: optional("number"),
  additionalStatements: optional("array"),
  removalPolicy: REMOVAL_POLICY_SPEC,
  tags: optional("object"),
};
