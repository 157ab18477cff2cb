/**
 * Who a grant is for: a role by name, or a role object (the provider's `IamRole`, or any `{ name }`), as
 * every grant method of the library takes it. One rule for all of them: a role name (a literal of IAM's RoleName
 * grammar, or a Terraform token of a role's name), never an ARN or an empty string — `aws_iam_role_policy.role` takes
 * the name, and an ARN there passes `terraform plan` and fails at apply.
 */
import { NAME_RULES } from "stream-simulator";
import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { isToken, type Problem } from "./problems";
import { checkName } from "./rules";

/** A role a grant adds its policy to: the provider's `IamRole`, or anything with the role's name. */
export interface RoleReference {
  /** The role's name (not its ARN); a Terraform token such as `iamRole.name` is fine. */
  readonly name: string;
}

/** A role by name, or a role object whose `name` is used (a reference to it, so Terraform orders the policy after it). */
export type Grantee = string | RoleReference;

/** The Terraform expression a token stands for (`${aws_iam_role.x.arn}`), or undefined when it has none. */
function expressionOf(scope: IConstruct, token: string): string | undefined {
  try {
    const resolved: unknown = Tokenization.resolve(token, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    return typeof resolved === "string" ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The role name a grant writes into `aws_iam_role_policy.role`, and the problems with `grantee` (`property` names
 * the call, e.g. `grantWrite(role)`).
 */
export function granteeRoleName(scope: IConstruct, property: string, grantee: unknown): { roleName: string; problems: Problem[] } {
  const name =
    typeof grantee === "object" && grantee !== null && "name" in grantee ? (grantee as RoleReference).name : grantee;
  const allowed = "a role name, or a role object (IamRole, or { name }) whose name is used";
  if (typeof name !== "string") return { roleName: "", problems: [{ property, value: grantee, allowed }] };
  // A token's Terraform expression (`${aws_iam_role.x.name}`), or the literal itself.
  const expression = isToken(name) ? (expressionOf(scope, name) ?? "") : name;
  if (expression.startsWith("arn:")) {
    // A literal ARN, or one assembled with tokens (`arn:${partition}:iam::${account}:role/x`).
    const roleName = /:role\/(?:.*\/)?([^/]+)$/.exec(expression)?.[1];
    return { roleName: name, problems: [{ property, value: expression, allowed: `a role name, not an ARN${roleName ? ` (here ${JSON.stringify(roleName)})` : ""}` }] };
  }
  if (isToken(name)) {
    // A reference to a role's ARN or unique id where its name belongs: plan accepts it, apply fails. (Its `id` is
    // the name, so `role.id` is fine.)
    const attribute = /\.(arn|unique_id)\}$/.exec(expression)?.[1];
    const problems = attribute === undefined ? [] : [{ property, value: expression, allowed: `the role's name (pass the role object, or role.name), not its ${attribute}` }];
    return { roleName: name, problems };
  }
  const problems = checkName(property, name, NAME_RULES.iamRoleName);
  return { roleName: name, problems: problems.map((p) => ({ ...p, allowed: `a role name: ${p.allowed}` })) };
}

/**
 * Actions of a generic stream grant (`grant(role, actions)`): a non-empty list of named Kinesis actions
 * (`kinesis:<Action>`, the action names of https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html),
 * no wildcard. Tokens are skipped.
 */
export function checkStreamActions(property: string, actions: unknown): Problem[] {
  const allowed = 'named Kinesis actions such as "kinesis:DescribeStreamSummary" (no wildcards; grantRead, grantWrite and grantReadWrite give the data actions with their KMS permissions)';
  if (!Array.isArray(actions)) return [{ property, value: actions, allowed: `a list of ${allowed}` }];
  if (actions.length === 0) return [{ property, value: actions, allowed: `at least one action: ${allowed}` }];
  const bad = actions.filter((a) => !(typeof a === "string" && (isToken(a) || /^kinesis:[A-Z][A-Za-z]+$/.test(a))));
  return bad.length === 0 ? [] : [{ property, value: actions, allowed: `${allowed}; not: ${bad.map((a) => JSON.stringify(a)).join(", ")}` }];
}
