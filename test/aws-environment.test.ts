import { TerraformStack, Testing } from "cdktf";
import { AwsEnvironment } from "../constructs/aws-environment";
import { synthJson, testApp, testStack, TEST_ACCOUNT_ID } from "./helpers/test-stack";

describe("AwsEnvironment", () => {
  it("is one set of data sources per stack however many constructs ask for it", () => {
    const { stack } = testStack();
    const a = AwsEnvironment.of(stack);
    const b = AwsEnvironment.of(stack);
    expect(a).toBe(b);
    const json = synthJson(stack);
    expect(Object.keys(json.data.aws_partition)).toHaveLength(1);
  });

  it("takes the account ID from context so plans need no STS call", () => {
    const { stack } = testStack();
    const env = AwsEnvironment.of(stack);
    expect(env.accountId).toBe(TEST_ACCOUNT_ID);
    expect(synthJson(stack).data.aws_caller_identity).toBeUndefined();
  });

  it("falls back to aws_caller_identity when no account is configured", () => {
    const app = testApp();
    const stack = new TerraformStack(app, "s");
    AwsEnvironment.of(stack);
    expect(Object.keys(JSON.parse(Testing.synth(stack)).data.aws_caller_identity)).toHaveLength(1);
  });

  it("fails when the configured account ID is not 12 digits", () => {
    const app = testApp({ "cdktf-kinesis-pipeline:accountId": "12345" });
    const stack = new TerraformStack(app, "s");
    expect(() => AwsEnvironment.of(stack)).toThrow(/cdktf-kinesis-pipeline:accountId.*"12345".*12-digit/);
  });

  it("builds partition-aware ARNs, never arn:aws", () => {
    const { stack } = testStack();
    const env = AwsEnvironment.of(stack);
    expect(env.arn("kinesis", "stream/x")).toMatch(/^arn:\$\{TfToken\[TOKEN\.\d+\]\}:kinesis:us-east-1:123456789012:stream\/x$/);
  });
});
