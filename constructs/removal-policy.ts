import type { TerraformResourceLifecycle } from "cdktf";

/**
 * What happens to a resource holding data — a Kinesis stream, an S3 bucket, a KMS key, a log group — when a plan
 * would delete it: `cdktf destroy`, or a change Terraform can only make by replacing the resource (a changed
 * force-new attribute). In the spirit of aws-cdk-lib's `RemovalPolicy`, whose stateful resources are retained by
 * default.
 *
 * Terraform has no "orphan on delete": `RETAIN` is `lifecycle { prevent_destroy = true }`, so a plan that would
 * delete or replace the resource fails instead ("Instance cannot be destroyed"), naming it. The protection lives in
 * the resource's block: removing the construct, or renaming its id, removes it too (Terraform plans a plain delete).
 * To remove a retained resource on purpose, set `DESTROY` and apply first, or take it out of Terraform's state
 * (`terraform state rm`, which leaves it in AWS). See docs/removal-policy.md.
 */
export enum RemovalPolicy {
  /** Terraform refuses any plan that deletes or replaces the resource (`prevent_destroy`). The default. */
  RETAIN = "retain",
  /** The resource is deleted with the configuration: for test and development stacks. */
  DESTROY = "destroy",
}

/** Every construct that owns data uses this unless told otherwise. */
export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/** The values a JavaScript caller may pass (validation messages list them). */
export const REMOVAL_POLICIES: readonly RemovalPolicy[] = [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY];

/** The Terraform lifecycle block of a resource under `policy` (the default when undefined); undefined for `DESTROY`. */
export function removalLifecycle(policy: RemovalPolicy | undefined): TerraformResourceLifecycle | undefined {
  return (policy ?? DEFAULT_REMOVAL_POLICY) === RemovalPolicy.RETAIN ? { preventDestroy: true } : undefined;
}
