/**
 * The consumer example's stack (examples/consumer/) built from the repository's sources, with the app context its
 * main.ts gives: terraform.test.ts validates and plans it in its batch, and consumer-package.test.ts checks that the
 * packed packages synthesize exactly the same Terraform JSON.
 */
import { Testing, type TerraformStack } from "cdktf";
import { ACCOUNT_ID_CONTEXT_KEY, REGION_CONTEXT_KEY } from "../../constructs/aws-environment";
import { OrdersStack } from "../../examples/consumer/orders-stack";
import { testApp } from "./test-stack";

/** The context examples/consumer/main.ts synthesizes with. */
export const CONSUMER_CONTEXT = { [ACCOUNT_ID_CONTEXT_KEY]: "111122223333", [REGION_CONTEXT_KEY]: "eu-west-1" };

export function consumerOrdersStack(): TerraformStack {
  return new OrdersStack(testApp(CONSUMER_CONTEXT), "orders");
}

/** Terraform JSON without cdktf's "//" metadata (construct paths, versions), for comparing two syntheses. */
export function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutMetadata(v)]));
}

/** The consumer stack as the repository synthesizes it, metadata removed. */
export function consumerStackJson(): unknown {
  return withoutMetadata(JSON.parse(Testing.synth(consumerOrdersStack())));
}
