import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "../constructs/aws-environment";
import type { BackendConfig, PipelineEnvironment } from "../config/types";

/**
 * A stack bound to one `PipelineEnvironment`: the AWS provider (region, `allowed_account_ids`, `default_tags`), the
 * account/region context the library reads (so ARNs need no STS call and offline plans work), and the state backend.
 * The example stacks extend it and only compose constructs.
 */
export abstract class EnvironmentStack extends TerraformStack {
  public readonly environment: PipelineEnvironment;
  public readonly provider: AwsProvider;

  protected constructor(scope: Construct, id: string, environment: PipelineEnvironment) {
    super(scope, id);
    this.environment = environment;
    // Must precede every child: construct context is read-only once a node has children.
    this.node.setContext(ACCOUNT_ID_CONTEXT_KEY, environment.accountId);
    this.node.setContext(REGION_CONTEXT_KEY, environment.region);
    this.provider = new AwsProvider(this, "aws", {
      region: environment.region,
      allowedAccountIds: [environment.accountId],
      defaultTags: [{ tags: { ...environment.tags } }],
    });
    configureBackend(this, id, environment.backend);
  }
}

/**
 * Declares the stack's state backend. Local state always gets an explicit RELATIVE path (cdktf's implicit default is
 * absolute, which makes synthesized output machine-specific). S3 state gets one key per stack, encryption, and
 * S3-native locking via `use_lockfile` — cdktf 0.21's `S3Backend` has no property for it, so it is an override.
 */
export function configureBackend(stack: TerraformStack, stackId: string, backend: BackendConfig): void {
  if (backend.type === "local") {
    new LocalBackend(stack, { path: backend.path ?? `terraform.${stackId}.tfstate` });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.key}/${stackId}.tfstate`,
    region: backend.region,
    encrypt: true,
    ...(backend.dynamodbTable !== undefined ? { dynamodbTable: backend.dynamodbTable } : {}),
  });
  if (backend.useLockfile) s3.addOverride("use_lockfile", true);
}
