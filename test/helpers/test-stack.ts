import * as os from "node:os";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "../../constructs/aws-environment";

/** Account and region every test stack is synthesized for (no credentials needed). */
export const TEST_ACCOUNT_ID = "123456789012";
export const TEST_REGION = "us-east-1";

/**
 * One outdir for every test app of this process. Without it `Testing.app()` makes a new temp dir per call and never
 * removes it; `Testing.synth` writes nothing there, and the terraform harness synthesizes into its own temp dirs.
 */
const TEST_OUTDIR = path.join(os.tmpdir(), "cdktf-kinesis-pipeline-test");

/** A Testing app that reuses one outdir (see TEST_OUTDIR), with optional context. */
export function testApp(context: Record<string, unknown> = {}): App {
  return Testing.app({ outdir: TEST_OUTDIR, context });
}

/**
 * A fresh app + stack with an AwsProvider, the account/region context this library reads (TEST_ACCOUNT_ID and
 * TEST_REGION unless `environment` says otherwise), and no machine-specific paths, so `Testing.synth(stack)` output is snapshot-stable.
 */
export function testStack(
  name = "test",
  context: Record<string, unknown> = {},
  environment: { readonly accountId: string; readonly region: string } = { accountId: TEST_ACCOUNT_ID, region: TEST_REGION }
): { app: App; stack: TerraformStack } {
  const { accountId, region } = environment;
  const app = testApp({ [ACCOUNT_ID_CONTEXT_KEY]: accountId, [REGION_CONTEXT_KEY]: region, ...context });
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, "aws", { region, allowedAccountIds: [accountId] });
  return { app, stack };
}

/** Synthesizes `stack` and returns the parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one Terraform type in synthesized JSON, keyed by logical id. */
export function resourcesOfType(synthesized: any, type: string): Record<string, any> {
  return (synthesized.resource ?? {})[type] ?? {};
}
