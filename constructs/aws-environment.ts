import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Annotations, TerraformProvider, TerraformStack } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { formatProblem, throwIfProblems } from "./validation/problems";
import { checkContextRegionMatchesProvider, checkRegionName } from "./validation/region";
import { checkAccountId } from "./validation/rules";

/** Context key holding the AWS account ID the stack deploys to (12 digits). */
export const ACCOUNT_ID_CONTEXT_KEY = "cdktf-kinesis-pipeline:accountId";
/** Context key holding the AWS region name the stack deploys to, when known at synth time. */
export const REGION_CONTEXT_KEY = "cdktf-kinesis-pipeline:region";

const SINGLETON_ID = "KinesisPipelineAwsEnvironment";

/** The region of the stack's default (unaliased) AWS provider, when it has one set; undefined otherwise. */
function defaultAwsProviderRegion(stack: TerraformStack): unknown {
  const provider = stack.node
    .findAll()
    .find((c): c is TerraformProvider => c instanceof TerraformProvider && c.terraformResourceType === "aws" && c.alias === undefined);
  return (provider as { region?: unknown } | undefined)?.region;
}

/**
 * The stack's region when known at synth (the region context), without creating the `AwsEnvironment` (and its data
 * sources) for a construct that does not need them otherwise.
 */
export function knownRegion(scope: IConstruct): string | undefined {
  const region = scope.node.tryGetContext(REGION_CONTEXT_KEY);
  return typeof region === "string" && region.length > 0 ? region : undefined;
}

/**
 * The account and region a construct deploys to when both contexts are set (what account-wide rules compare: unique
 * physical names, quotas), else undefined.
 */
export function knownAccountAndRegion(scope: IConstruct): { readonly account: string; readonly region: string } | undefined {
  const account = scope.node.tryGetContext(ACCOUNT_ID_CONTEXT_KEY);
  const region = knownRegion(scope);
  return typeof account === "string" && account !== "" && region !== undefined ? { account, region } : undefined;
}

/**
 * Partition, region and account of the stack a construct lives in, shared by every construct of this library in
 * that stack (one set of data sources, however many pipelines).
 *
 * ARNs are built from `data.aws_partition`, never a hard-coded `arn:aws`. The account ID comes from the construct
 * context (`ACCOUNT_ID_CONTEXT_KEY`, set on the app or stack) so that plans work without calling STS; only when it
 * is absent does it fall back to `data.aws_caller_identity`, which needs credentials at plan time.
 */
export class AwsEnvironment extends Construct {
  /** The environment of the stack containing `scope`, created on first use. */
  public static of(scope: Construct): AwsEnvironment {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    return existing instanceof AwsEnvironment ? existing : new AwsEnvironment(stack, SINGLETON_ID);
  }

  /** AWS partition (`aws`, `aws-cn`, `aws-us-gov`), a Terraform token. */
  public readonly partition: string;
  /** Region name: the context value when set, else a Terraform token. */
  public readonly region: string;
  /** Region name when known at synth time (from context), for capacity checks that need a literal. */
  public readonly regionName?: string;
  /** 12-digit account ID: the context value when set, else a Terraform token from `aws_caller_identity`. */
  public readonly accountId: string;
  /** DNS suffix of the partition (`amazonaws.com`, `amazonaws.com.cn`), a Terraform token. */
  public readonly dnsSuffix: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;

    const contextRegion = this.node.tryGetContext(REGION_CONTEXT_KEY);
    if (typeof contextRegion === "string" && contextRegion.length > 0) {
      const property = `context '${REGION_CONTEXT_KEY}'`;
      const { problems, warnings } = checkRegionName(property, contextRegion);
      throwIfProblems(this.node.path, problems);
      for (const warning of warnings) Annotations.of(this).addWarning(warning);
      this.region = contextRegion;
      this.regionName = contextRegion;
      // The provider may be declared before or after the first construct: check now, and again at synth.
      const check = () => checkContextRegionMatchesProvider(property, contextRegion, defaultAwsProviderRegion(TerraformStack.of(this)));
      throwIfProblems(this.node.path, check());
      this.node.addValidation({ validate: () => check().map(formatProblem) });
    } else {
      this.region = new DataAwsRegion(this, "region").name;
    }

    const contextAccount = this.node.tryGetContext(ACCOUNT_ID_CONTEXT_KEY);
    if (contextAccount !== undefined) {
      const account = String(contextAccount);
      const [problem] = checkAccountId(`context '${ACCOUNT_ID_CONTEXT_KEY}'`, account);
      if (problem !== undefined) {
        throw new Error(`${this.node.path}: ${problem.property}: got ${JSON.stringify(contextAccount)}; allowed: ${problem.allowed}`);
      }
      this.accountId = account;
    } else {
      this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
    }
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `region: ""` / `account: ""` for global ARNs. */
  public arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
    const region = options.region ?? this.region;
    const account = options.account ?? this.accountId;
    return `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** The account root principal ARN, `arn:<partition>:iam::<account>:root`. */
  public get accountRootArn(): string {
    return this.arn("iam", "root", { region: "" });
  }

  /** Service principal host for `kms:ViaService`, e.g. `kinesis.<region>.amazonaws.com`. */
  public viaService(service: string): string {
    return `${service}.${this.region}.${this.dnsSuffix}`;
  }
}
