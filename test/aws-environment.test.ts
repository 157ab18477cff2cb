import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ALLOWED_VALUES } from "stream-simulator";
import { ACCOUNT_ID_CONTEXT_KEY, AwsEnvironment, REGION_CONTEXT_KEY } from "../constructs/aws-environment";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { checkRegionName } from "../constructs/validation/region";
import { validationFailure, warningsOf } from "./helpers/assertions";
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

describe("AwsEnvironment: the region context", () => {
  const PROPERTY = "context 'cdktf-kinesis-pipeline:region'";
  /** A stack whose AWS provider deploys to `providerRegion`, with `contextRegion` as the library's region context. */
  function stackIn(contextRegion: string, providerRegion: string | undefined, providerFirst = true): { app: ReturnType<typeof testApp>; stack: TerraformStack; build: () => unknown } {
    const app = testApp({ [REGION_CONTEXT_KEY]: contextRegion, [ACCOUNT_ID_CONTEXT_KEY]: TEST_ACCOUNT_ID });
    const stack = new TerraformStack(app, "regional");
    const provider = () => new AwsProvider(stack, "aws", providerRegion !== undefined ? { region: providerRegion } : {});
    if (providerFirst) provider();
    return { app, stack, build: () => { const s = new EncryptedStream(stack, "orders", { streamName: "orders" }); if (!providerFirst) provider(); return s; } };
  }

  it("fails when the region context differs from the provider's region (the trust policy and log ARNs would name the wrong region)", () => {
    const error = validationFailure(() => stackIn("eu-west-1", "eu-central-1").build());
    expect(error.constructPath).toBe("regional/KinesisPipelineAwsEnvironment");
    expect(error.problems).toEqual([
      expect.objectContaining({ property: PROPERTY, value: "eu-west-1", allowed: expect.stringContaining('the region of the stack\'s AWS provider, "eu-central-1"') }),
    ]);
  });

  it("fails at synth when the provider is declared after the constructs, with the construct path", () => {
    const { app, build } = stackIn("eu-west-1", "eu-central-1", false);
    build();
    expect(() => app.synth()).toThrow(/KinesisPipelineAwsEnvironment.*context 'cdktf-kinesis-pipeline:region': got "eu-west-1"; allowed: the region of the stack's AWS provider, "eu-central-1"/s);
  });

  it("passes when they agree, when the provider's region is a token, and without a provider region", () => {
    expect(() => stackIn("eu-central-1", "eu-central-1").build()).not.toThrow();
    const app = testApp({ [REGION_CONTEXT_KEY]: "eu-central-1", [ACCOUNT_ID_CONTEXT_KEY]: TEST_ACCOUNT_ID });
    const tokenised = new TerraformStack(app, "tokenised");
    new AwsProvider(tokenised, "aws", { region: new TerraformVariable(tokenised, "region", { type: "string" }).stringValue });
    expect(() => new EncryptedStream(tokenised, "orders", { streamName: "orders" })).not.toThrow();
    expect(() => stackIn("eu-central-1", "${var.region}").build()).not.toThrow(); // a raw interpolation, too
    const bare = stackIn("eu-central-1", undefined);
    bare.build();
    expect(() => bare.app.synth()).not.toThrow();
  });

  it("fails when the region context is not shaped like a Region code (eu-west-9x)", () => {
    const error = validationFailure(() => stackIn("eu-west-9x", undefined).build());
    expect(error.problems).toEqual([expect.objectContaining({ property: PROPERTY, value: "eu-west-9x" })]);
  });

  it("warns when it is shaped like one but not a Region AWS lists (eu-west-9), and accepts every listed one", () => {
    const stream = stackIn("eu-west-9", undefined).build() as EncryptedStream;
    const env = AwsEnvironment.of(stream);
    expect(warningsOf(env)).toEqual([expect.stringMatching(/^context 'cdktf-kinesis-pipeline:region': "eu-west-9" is not a Region AWS listed on \d{4}-\d{2}-\d{2} \(https:\/\/docs\.aws\.amazon\.com\//)]);
    for (const region of ALLOWED_VALUES.awsRegions.values) {
      expect(checkRegionName("r", region)).toEqual({ problems: [], warnings: [] });
    }
  });
});
