/**
 * The README's short examples (examples/snippets/*.ts, one exported function each) built into one stack, each under
 * a scope named after its file, for the snippet tests and the batched terraform check.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "../../constructs/aws-environment";
import { testApp } from "./test-stack";

export const SNIPPETS_DIR = path.resolve(__dirname, "../../examples/snippets");
/** Account and region the snippets' literal ARNs use (and the consumer example's). */
export const SNIPPETS_ENVIRONMENT = { accountId: "111122223333", region: "eu-west-1" } as const;
const { accountId: ACCOUNT_ID, region: REGION } = SNIPPETS_ENVIRONMENT;
/** Helpers of the snippets, not snippets themselves. */
const HELPERS = new Set(["roles.ts"]);

export interface Snippet {
  /** File name in examples/snippets/, also the id of the scope it is built under. */
  readonly file: string;
  readonly build: (scope: Construct) => unknown;
}

/** Every snippet file with its one exported function. */
export function snippets(): Snippet[] {
  return fs
    .readdirSync(SNIPPETS_DIR)
    .filter((file) => file.endsWith(".ts") && !HELPERS.has(file))
    .sort()
    .map((file) => {
      const exported = Object.values(require(path.join(SNIPPETS_DIR, file)) as Record<string, unknown>);
      if (exported.length !== 1 || typeof exported[0] !== "function") {
        throw new Error(`examples/snippets/${file} must export exactly one function (scope) => …`);
      }
      return { file, build: exported[0] as Snippet["build"] };
    });
}

/** One stack holding every snippet, each under `<file name without .ts>`; `results` holds what each build returned. */
export function snippetsStack(): { stack: TerraformStack; results: Map<string, unknown> } {
  const app = testApp({ [ACCOUNT_ID_CONTEXT_KEY]: ACCOUNT_ID, [REGION_CONTEXT_KEY]: REGION });
  const stack = new TerraformStack(app, "readme-snippets");
  new AwsProvider(stack, "aws", { region: REGION, allowedAccountIds: [ACCOUNT_ID] });
  const results = new Map<string, unknown>();
  for (const snippet of snippets()) {
    results.set(snippet.file, snippet.build(new Construct(stack, snippet.file.replace(/\.ts$/, ""))));
  }
  return { stack, results };
}
