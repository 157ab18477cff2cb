/**
 * The README's short examples (examples/snippets/), each built and synthesized; terraform validates and plans them in
 * test/terraform.test.ts's batch.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SNIPPETS_DIR, snippets, snippetsStack } from "./helpers/readme-snippets";
import { resourcesOfType, synthJson } from "./helpers/test-stack";

/** Resource types each snippet must synthesize (at least one of each), under its own scope. */
const EXPECTED: Record<string, readonly string[]> = {
  "direct-put.ts": ["aws_kinesis_firehose_delivery_stream", "aws_kms_key", "aws_iam_role_policy", "aws_s3_bucket"],
  "dynamic-partitioning.ts": ["aws_kinesis_firehose_delivery_stream"],
  "encrypted-stream.ts": ["aws_kms_key", "aws_kinesis_stream", "aws_kinesis_stream_consumer", "aws_iam_role_policy"],
  "import-existing.ts": ["aws_kinesis_firehose_delivery_stream", "aws_iam_role_policy"],
  "secure-bucket.ts": ["aws_s3_bucket", "aws_s3_bucket_logging"],
  "sizing.ts": ["aws_kinesis_stream"],
};

describe("README snippets (examples/snippets/)", () => {
  const { stack, results } = snippetsStack();
  const synthesized = synthJson(stack);

  it("every snippet file is listed here with the resources it must create", () => {
    expect(snippets().map((s) => s.file)).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s synthesizes its resources under its own scope", (file, types) => {
    const scope = file.replace(/\.ts$/, "").replace(/-/g, "");
    for (const type of types) {
      const ids = Object.keys(resourcesOfType(synthesized, type)).filter((id) => id.replace(/-/g, "").startsWith(`${scope}_`));
      expect({ type, ids: ids.length > 0 }).toEqual({ type, ids: true });
    }
  });

  it("the sizing snippet states the recommendation and the question that set it, as the simulator makes them", () => {
    const made = results.get("sizing.ts") as { recommendation: string; binding: string };
    const source = fs.readFileSync(path.join(SNIPPETS_DIR, "sizing.ts"), "utf8");
    const stated = /recommendation; \/\/ "([^"]+)"/.exec(source);
    const binding = /binding; \/\/ "([^"]+)"/.exec(source);
    expect(stated).not.toBeNull();
    expect(binding).not.toBeNull();
    expect(made).toEqual({ recommendation: stated![1], binding: binding![1] });
  });

  it("every policy is attached to a role the snippets create (no grant to a role that does not exist)", () => {
    const roleIds = new Set(Object.keys(resourcesOfType(synthesized, "aws_iam_role")));
    const policies = Object.entries(resourcesOfType(synthesized, "aws_iam_role_policy"));
    expect(policies.length).toBeGreaterThan(0);
    for (const [id, policy] of policies) {
      const role = /^\$\{aws_iam_role\.(.+)\.name\}$/.exec(policy.role)?.[1];
      expect({ id, role: role !== undefined && roleIds.has(role) }).toEqual({ id, role: true });
    }
  });
});
