import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { knownAccountAndRegion } from "./aws-environment";
import { isToken, type Problem } from "./validation/problems";

/**
 * Physical names AWS requires to be unique per account and region — Kinesis stream names, Firehose delivery stream
 * names (and the `/aws/kinesisfirehose/<name>` log groups derived from them), KMS alias names — are claimed here, once
 * per app: two constructs of one app that would create the same named resource in the same account and region fail
 * at synth, naming both, instead of the second failing at apply ("ResourceInUseException", "AlreadyExistsException").
 * Account and region come from the context this library reads (`ACCOUNT_ID_CONTEXT_KEY`, `REGION_CONTEXT_KEY`); where
 * either is not set, names are compared within the stack only (two stacks might deploy to different places).
 * Token names are not compared.
 */
export type PhysicalNameKind = "Kinesis stream" | "Firehose delivery stream" | "KMS alias";

const claims = new WeakMap<IConstruct, Map<string, string>>();

function keyOf(scope: IConstruct, kind: PhysicalNameKind, name: string): { key: string; where: string } {
  const place = knownAccountAndRegion(scope);
  if (place !== undefined) {
    const { account, region } = place;
    return { key: `${kind}|${account}|${region}|${name}`, where: `account ${account}, region ${region}` };
  }
  const stack = TerraformStack.of(scope).node.path;
  return { key: `${kind}|stack ${stack}|${name}`, where: `stack ${stack}` };
}

function registry(scope: IConstruct): Map<string, string> {
  const root = scope.node.root;
  let map = claims.get(root);
  if (map === undefined) claims.set(root, (map = new Map()));
  return map;
}

/** The problem when another construct of the app already claimed `name` (nothing for tokens and unset names). */
export function physicalNameProblems(scope: IConstruct, kind: PhysicalNameKind, property: string, name: unknown): Problem[] {
  if (typeof name !== "string" || name === "" || isToken(name)) return [];
  const { key, where } = keyOf(scope, kind, name);
  const owner = registry(scope).get(key);
  if (owner === undefined || owner === scope.node.path) return [];
  return [{ property, value: name, allowed: `a ${kind} name not used elsewhere in ${where}: ${owner} already creates one named ${JSON.stringify(name)}` }];
}

/** Claims `name` for `scope` (call once its construct is valid, so a construct that failed claims nothing). */
export function claimPhysicalName(scope: IConstruct, kind: PhysicalNameKind, name: unknown): void {
  if (typeof name !== "string" || name === "" || isToken(name)) return;
  registry(scope).set(keyOf(scope, kind, name).key, scope.node.path);
}
