/**
 * Every grant method takes the role as a name or as a role object (the provider's `IamRole`, or `{ name }`): the
 * policy names the role by name (a reference to the role object's name, so Terraform orders it after the role), and
 * anything `aws_iam_role_policy.role` would reject at apply — an ARN, the role's ARN attribute, an empty string, a
 * name outside IAM's grammar — is a `PipelineValidationError` at synth.
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { TerraformStack } from "cdktf";
import { AwsEnvironment } from "../constructs/aws-environment";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import type { Grantee } from "../constructs/validation/grantee";
import { validationFailure } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID } from "./helpers/test-stack";

function role(stack: TerraformStack): IamRole {
  return new IamRole(stack, "producer", {
    name: "orders-producer",
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
  });
}

/** Every grant method of the library, on a fresh stack. */
const GRANTS: [string, (stack: TerraformStack, grantee: Grantee) => unknown][] = [
  ["grantWrite", (stack, g) => new EncryptedStream(stack, "orders", { streamName: "orders" }).grantWrite(g)],
  ["grantRead", (stack, g) => new EncryptedStream(stack, "orders", { streamName: "orders" }).grantRead(g)],
  ["grantReadConsumer", (stack, g) => new EncryptedStream(stack, "orders", { streamName: "orders", efoConsumerNames: ["a"] }).grantReadConsumer("a", g)],
  ["grantPutRecords", (stack, g) => new FirehoseToS3(stack, "orders", { deliveryStreamName: "orders" }).grantPutRecords(g)],
  ["imported grantWrite", (stack, g) => EncryptedStream.fromStreamArn(stack, "legacy", `arn:aws:kinesis:us-east-1:${TEST_ACCOUNT_ID}:stream/legacy`).grantWrite(g)],
];

/** The `role` of the one grant policy a stack holds. */
function grantedRole(stack: TerraformStack): string {
  const policies = Object.entries(resourcesOfType(synthJson(stack), "aws_iam_role_policy")).filter(([id]) => /Grant/.test(id));
  expect(policies).toHaveLength(1);
  return policies[0][1].role;
}

describe("grants take a role name or a role object", () => {
  it.each(GRANTS)("%s: an IamRole is named by a reference to its name (Terraform orders the policy after the role)", (_name, grant) => {
    const { stack } = testStack();
    grant(stack, role(stack));
    expect(grantedRole(stack)).toMatch(/^\$\{aws_iam_role\.producer\.name\}$/);
  });

  it.each(GRANTS)("%s: a role name, a { name } pair and a token of the role's name or id are used as given", (_name, grant) => {
    for (const grantee of ["orders-producer", { name: "orders-producer" }]) {
      const { stack } = testStack();
      grant(stack, grantee);
      expect(grantedRole(stack)).toBe("orders-producer");
    }
    const { stack } = testStack();
    grant(stack, role(stack).id);
    expect(grantedRole(stack)).toBe("${aws_iam_role.producer.id}");
  });
});

describe("grants reject what aws_iam_role_policy.role would reject at apply", () => {
  it.each(GRANTS)("%s: fails when given a role ARN, naming the role name to use instead", (name, grant) => {
    const error = validationFailure(() => grant(testStack().stack, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/service/producer`));
    expect(error.problems).toEqual([
      {
        property: `${name.replace("imported ", "")}(role)`,
        value: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/service/producer`,
        allowed: 'a role name, not an ARN (here "producer")',
      },
    ]);
  });

  it("fails when given an ARN assembled with tokens (arn:${partition}:iam::${account}:role/x)", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "orders", { streamName: "orders" });
    const env = AwsEnvironment.of(stream);
    const error = validationFailure(() => stream.grantWrite(env.arn("iam", "role/producer", { region: "" })));
    expect(error.problems[0].allowed).toBe('a role name, not an ARN (here "producer")');
  });

  it.each(GRANTS)("%s: fails when given the role's arn attribute (a token: plan passes, apply fails)", (_name, grant) => {
    const { stack } = testStack();
    const error = validationFailure(() => grant(stack, role(stack).arn));
    expect(error.problems).toEqual([
      expect.objectContaining({ value: "${aws_iam_role.producer.arn}", allowed: "the role's name (pass the role object, or role.name), not its arn" }),
    ]);
  });

  it.each(GRANTS)("%s: fails when given an empty string, a name outside IAM's grammar, or no role (JavaScript)", (_name, grant) => {
    expect(validationFailure(() => grant(testStack().stack, "")).problems[0].allowed).toMatch(/^a role name: 1-64 characters/);
    expect(validationFailure(() => grant(testStack().stack, "orders producer")).problems[0].allowed).toMatch(/not allowed: " "/);
    expect(validationFailure(() => grant(testStack().stack, undefined as unknown as Grantee)).problems[0].allowed).toBe(
      "a role name, or a role object (IamRole, or { name }) whose name is used",
    );
  });

  it("creates no policy when a grant fails", () => {
    const { stack } = testStack();
    const stream = new EncryptedStream(stack, "orders", { streamName: "orders" });
    expect(() => stream.grantWrite("")).toThrow();
    expect(Object.keys(resourcesOfType(synthJson(stack), "aws_iam_role_policy"))).toEqual([]);
  });
});
