import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { DataResource, TerraformStack, Testing } from "cdktf";
import { testApp, testStack } from "../helpers/test-stack";
import {
  AWS_PROVIDER_VERSION,
  disposeTerraformHarness,
  findProviderMirror,
  findTerraform,
  MIRROR_ENV_VAR,
  PROVIDER_INSTALL_ENV_VAR,
  SHARED_WORKSPACE_ENV_VAR,
  TerraformCheckError,
  terraformPlatform,
  terraformValidateAndPlanAll,
  terraformValidateDirectory,
} from "../../testing/terraform";
import { decodeJsonDocument, evaluateExpression, expressionSource, parseTemplate, type Expression } from "../../testing/terraform/expressions";
import { priorState } from "../../testing/terraform/prior-state";
import { offlinePlanConfigurations, sharedProviderConfigurations, withoutProviderBlocks } from "../../testing/terraform/running";

describe("stacks checked together share identical provider configurations (one provider process each)", () => {
  const requiredProviders = { aws: { source: "aws", version: AWS_PROVIDER_VERSION } };
  const stackWith = (aws: unknown) => ({ terraform: { required_providers: requiredProviders }, provider: { aws }, resource: {} });
  const eu = [{ region: "eu-west-1", allowed_account_ids: ["111122223333"] }];
  const us = [{ region: "us-east-1" }];

  it("declares each distinct block once at the root, passes it to every stack that had it, and leaves the inputs as they were", () => {
    const members = [
      { name: "a", config: stackWith(eu) },
      { name: "b", config: stackWith(us) },
      { name: "c", config: stackWith(JSON.parse(JSON.stringify(eu))) },
    ];
    const before = JSON.stringify(members);
    const { root, stacks } = sharedProviderConfigurations(members);
    expect(root.provider).toEqual({ aws: [{ ...eu[0], alias: "shared_0" }, { ...us[0], alias: "shared_1" }] });
    expect(root.terraform).toEqual({ required_providers: requiredProviders });
    expect(root.module).toEqual({
      a: { source: "./a", providers: { aws: "aws.shared_0" } },
      b: { source: "./b", providers: { aws: "aws.shared_1" } },
      c: { source: "./c", providers: { aws: "aws.shared_0" } },
    });
    for (const stack of stacks) expect(stack.provider).toBeUndefined();
    expect(JSON.stringify(members)).toBe(before);
  });

  it("keeps the own configuration of a stack with several or aliased aws blocks", () => {
    const several = stackWith([...eu, { ...us[0], alias: "us" }]);
    const aliased = stackWith([{ ...eu[0], alias: "eu" }]);
    const { root, stacks } = sharedProviderConfigurations([
      { name: "several", config: several },
      { name: "aliased", config: aliased },
    ]);
    expect(root.provider).toBeUndefined();
    expect(root.module).toEqual({ several: { source: "./several" }, aliased: { source: "./aliased" } });
    expect(stacks).toEqual([several, aliased]);
  });

  it("shares the plan's patched blocks: offline settings added, STS-only arguments dropped", () => {
    const { root } = offlinePlanConfigurations([{ name: "a", config: stackWith(eu) }, { name: "b", config: stackWith(eu) }]);
    const blocks = (root.provider as { aws: Record<string, unknown>[] }).aws;
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ region: "eu-west-1", alias: "shared_0", skip_credentials_validation: true });
    expect(blocks[0].allowed_account_ids).toBeUndefined();
  });
});

describe("provider mirror discovery", () => {
  const platform = "linux_amd64";
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mirror-test-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A fake mirror root holding an (empty) provider executable with the expected name. */
  function fakeMirror(name: string): string {
    const root = path.join(tmp, name);
    const dir = path.join(root, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION, platform);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `terraform-provider-aws_v${AWS_PROVIDER_VERSION}_x5`), "");
    return root;
  }

  it("uses TF_PROVIDER_MIRROR when it is set, ahead of any default location", () => {
    const explicit = fakeMirror("explicit");
    const defaultLocation = fakeMirror("default");
    expect(findProviderMirror({ env: { [MIRROR_ENV_VAR]: explicit }, candidates: [defaultLocation], platform })).toBe(
      explicit
    );
  });

  it("rejects an explicit TF_PROVIDER_MIRROR that holds no provider instead of falling back", () => {
    const defaultLocation = fakeMirror("default");
    const wrong = path.join(tmp, "empty");
    fs.mkdirSync(wrong);
    expect(() =>
      findProviderMirror({ env: { [MIRROR_ENV_VAR]: wrong }, candidates: [defaultLocation], platform })
    ).toThrow(`${MIRROR_ENV_VAR}=${wrong} does not contain registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64`);
  });

  it("checks the default locations in order when the variable is unset", () => {
    const second = fakeMirror("second");
    expect(
      findProviderMirror({ env: {}, candidates: [path.join(tmp, "missing"), second], searchRoots: [], platform })
    ).toBe(second);
  });

  it("finds a mirror by a bounded search below the search roots", () => {
    const nested = fakeMirror(path.join("a", "b", "plugins"));
    expect(findProviderMirror({ env: {}, candidates: [], searchRoots: [tmp], platform })).toBe(nested);
  });

  it("requires the provider for this platform, not another one", () => {
    const root = fakeMirror("other-platform");
    expect(() =>
      findProviderMirror({ env: {}, candidates: [root], searchRoots: [], platform: "darwin_arm64" })
    ).toThrow(/no directory contains registry\.terraform\.io\/hashicorp\/aws\/5\.100\.0\/darwin_arm64/);
  });

  it("fails loudly, naming every place it looked, when no mirror exists", () => {
    const missing = path.join(tmp, "nowhere");
    let message = "";
    try {
      findProviderMirror({ env: {}, candidates: [missing], searchRoots: [tmp], platform });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Terraform provider mirror not found");
    expect(message).toContain(`terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`);
    expect(message).toContain(missing);
    expect(message).toContain(`searched ${tmp}`);
    expect(message).toContain(`Set ${MIRROR_ENV_VAR}`);
  });

  it("maps Node's platform names to Terraform's", () => {
    expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
    expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
    expect(terraformPlatform("win32", "x64")).toBe("windows_amd64");
  });

  it("fails loudly when the terraform binary cannot be run", () => {
    expect(() => findTerraform({ TERRAFORM_BIN: path.join(tmp, "no-such-terraform") })).toThrow(
      /terraform not runnable: .*no-such-terraform.*never skipped/s
    );
  });
});

describe("terraform on stacks of raw resources (offline)", () => {
  function onDemandStream(extra: Partial<ConstructorParameters<typeof KinesisStream>[2]> = {}) {
    const { stack } = testStack("harness");
    new KinesisStream(stack, "events", {
      name: "harness-events",
      streamModeDetails: { streamMode: "ON_DEMAND" },
      encryptionType: "KMS",
      kmsKeyId: "alias/aws/kinesis",
      ...extra,
    });
    return stack;
  }

  /** `terraformValidateDirectory` on the stack as `cdktf synth` writes it (`cdktf.out/stacks/<id>`). */
  function validateSynthesized(stack: TerraformStack) {
    const outdir = Testing.fullSynth(stack);
    try {
      return terraformValidateDirectory(path.join(outdir, "stacks", stack.node.id));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  /** Runs `check` and returns the TerraformCheckError it throws (failing the test when it does not throw). */
  function checkError(check: () => unknown): TerraformCheckError {
    try {
      check();
    } catch (error) {
      if (error instanceof TerraformCheckError) return error;
      throw error;
    }
    throw new Error("expected terraform to reject the stack, but it accepted it");
  }

  // The documented recipe (`mirror` install: a real terraform init) rather than the harness's default dev_overrides;
  // a run-wide shared workspace directory of this test's own (the jest global setup made one for the whole run), and
  // a fresh session, as a newly started worker has.
  const previousShared = process.env[SHARED_WORKSPACE_ENV_VAR];
  const previousInstall = process.env[PROVIDER_INSTALL_ENV_VAR];
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  let sharedRoot: string;
  beforeAll(() => {
    sharedRoot = fs.mkdtempSync(path.join(os.tmpdir(), "harness-shared-test-"));
    process.env[SHARED_WORKSPACE_ENV_VAR] = sharedRoot;
    process.env[PROVIDER_INSTALL_ENV_VAR] = "mirror";
    disposeTerraformHarness();
  });
  afterAll(() => {
    disposeTerraformHarness();
    fs.rmSync(sharedRoot, { recursive: true, force: true });
    restore(SHARED_WORKSPACE_ENV_VAR, previousShared);
    restore(PROVIDER_INSTALL_ENV_VAR, previousInstall);
  });

  // Each terraform command spends ≈2.5 s loading the provider schema: the first test also checks the real init.
  it("validate surfaces schema errors with terraform's own message, the resource address and, for several stacks at once, the stack, after a real terraform init into the run's shared workspace directory", () => {
    // Two stacks with the same id: the second is module harness_2 of the root that holds both.
    const error = checkError(() => terraformValidateAndPlanAll([onDemandStream(), onDemandStream({ retentionPeriod: 9000 })]));
    expect(error.command).toBe("validate");
    expect(error.diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        summary: "expected retention_period to be in the range (24 - 8760), got 9000",
        address: "aws_kinesis_stream.events",
        location: expect.stringMatching(/^cdk\.tf\.json:\d+$/),
        stack: "harness_2",
      }),
    ]);
    expect(error.message).toContain(
      "retention_period to be in the range (24 - 8760), got 9000 [stack harness_2 @ aws_kinesis_stream.events @ cdk.tf.json:"
    );
    // The mirror install ran a real terraform init, into the run's shared directory, with no staging copy left.
    expect(error.timings?.initMs).toBeGreaterThan(0);
    const entries = fs.readdirSync(sharedRoot);
    expect(entries).toEqual([expect.stringMatching(/^workspace-[0-9a-f]{16}$/)]);
    expect(fs.existsSync(path.join(sharedRoot, entries[0], ".terraform.lock.hcl"))).toBe(true);
  });

  it("plan surfaces what only a plan can find (a failed resource precondition) after a passing validate; a later process reuses the shared workspace without another init", () => {
    // A stack of terraform_data only (terraform's built-in provider: no provider process to start), whose precondition
    // validate cannot evaluate and plan can. The provider's own plan-time rules (CustomizeDiff, e.g. shard_count with
    // ON_DEMAND) reach the harness the same way, as plan diagnostics of the stack.
    const gated = () => {
      const stack = new TerraformStack(testApp(), "gated");
      const release = new DataResource(stack, "release", { input: { state: "draft" } });
      new DataResource(stack, "deploy", {
        input: { release: release.id },
        lifecycle: { precondition: [{ condition: `\${${release.fqn}.input.state == "published"}`, errorMessage: "the release is not published" }] },
      });
      return stack;
    };
    const first = checkError(() => terraformValidateAndPlanAll([gated()]));
    expect(first.command).toBe("plan");
    expect(first.diagnostics).toContainEqual(
      expect.objectContaining({ severity: "error", summary: "Resource precondition failed", detail: "the release is not published", location: expect.stringMatching(/^cdk\.tf\.json:\d+$/), stack: "gated" })
    );
    expect(first.message).toContain("the release is not published");
    disposeTerraformHarness(); // what another jest worker starts with: nothing but the run's shared directory
    const again = checkError(() => terraformValidateAndPlanAll([gated()]));
    expect(again.command).toBe("plan");
    expect(again.timings?.initMs).toBe(0); // the workspace the first call initialised, reused
  });

  it("refuses a stack pinning a provider version the mirror does not hold, instead of validating another one", () => {
    const stack = onDemandStream();
    stack.addOverride("terraform.required_providers.aws.version", "5.99.0");
    const error = checkError(() => validateSynthesized(stack));
    expect(error.message).toContain("terraform init failed");
    expect(error.message).toContain("no available releases match the given constraints 5.99.0");
  });

  describe("with the default dev_overrides provider install (no terraform init)", () => {
    beforeAll(() => {
      disposeTerraformHarness(); // a fresh session
      process.env[PROVIDER_INSTALL_ENV_VAR] = "dev-overrides";
    });
    afterAll(() => {
      process.env[PROVIDER_INSTALL_ENV_VAR] = "mirror";
    });

    it("refuses a stack pinning another provider version, since no lock file guards it", () => {
      const stack = onDemandStream();
      stack.addOverride("terraform.required_providers.aws.version", "5.99.0");
      const error = checkError(() => validateSynthesized(stack));
      expect(error.message).toContain("the offline mirror holds exactly registry.terraform.io/hashicorp/aws 5.100.0");
    });

    it("refuses it among several stacks checked together too, before running terraform", () => {
      const pinned = onDemandStream();
      pinned.addOverride("terraform.required_providers.aws.version", "5.99.0");
      const error = checkError(() => terraformValidateAndPlanAll([onDemandStream(), pinned]));
      expect(error.command).toBe("init");
      expect(error.message).toContain("the offline mirror holds exactly registry.terraform.io/hashicorp/aws 5.100.0");
    });
  });
});

describe("priorState: a deployment of a planned configuration, as a Terraform state", () => {
  // A bucket whose id and arn only an apply knows, a policy interpolating the arn, a versioning resource referencing
  // the id, and an argument built with a function (not evaluated here: a typed placeholder).
  const schemas = {
    provider_schemas: {
      "registry.terraform.io/hashicorp/aws": {
        resource_schemas: {
          aws_s3_bucket: { version: 0, block: { attributes: { id: { type: "string" }, arn: { type: "string" }, bucket_prefix: { type: "string" }, tags_all: { type: ["map", "string"] } } } },
          aws_s3_bucket_policy: { version: 0, block: { attributes: { id: { type: "string" }, bucket: { type: "string" }, policy: { type: "string" } } } },
          aws_s3_bucket_versioning: {
            version: 0,
            block: {
              attributes: { id: { type: "string" }, bucket: { type: "string" }, expected_bucket_owner: { type: "string" } },
              block_types: { versioning_configuration: { block: { attributes: { status: { type: "string" }, mfa_delete: { type: "string" } } } } },
            },
          },
        },
      },
    },
  };
  const resource = (type: string, name: string, values: Record<string, unknown>) => ({
    address: `module.app.${type}.${name}`, mode: "managed", type, name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values,
  });
  const shown = {
    terraform_version: "1.11.4",
    planned_values: {
      root_module: {
        child_modules: [
          {
            address: "module.app",
            resources: [
              resource("aws_s3_bucket", "b", { bucket_prefix: "landing-" }),
              resource("aws_s3_bucket_policy", "p", {}),
              resource("aws_s3_bucket_versioning", "v", { versioning_configuration: [{ status: "Enabled" }] }),
            ],
          },
        ],
      },
    },
    resource_changes: [
      { address: "module.app.aws_s3_bucket.b", change: { after_unknown: { id: true, arn: true, tags_all: true } } },
      { address: "module.app.aws_s3_bucket_policy.p", change: { after_unknown: { id: true, bucket: true, policy: true } } },
      { address: "module.app.aws_s3_bucket_versioning.v", change: { after_unknown: { id: true, bucket: true, versioning_configuration: [{ mfa_delete: true }] } } },
    ],
  };
  const config = {
    resource: {
      aws_s3_bucket: { b: { bucket_prefix: "landing-" } },
      aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.b.id}", policy: '{"Resource":"${aws_s3_bucket.b.arn}/*","Literal":"$${aws:username}"}' } },
      aws_s3_bucket_versioning: { v: { bucket: "${upper(aws_s3_bucket.b.id)}", versioning_configuration: { status: "Enabled" } } },
    },
  };
  const state = priorState({
    shown,
    configs: new Map([["module.app", config]]),
    schemas,
    providerOf: () => 'provider["registry.terraform.io/hashicorp/aws"].shared_0',
    region: "eu-west-1",
    accountId: "123456789012",
  }) as { version: number; resources: { module: string; type: string; provider: string; instances: { schema_version: number; attributes: Record<string, any> }[] }[] };
  const attributes = (type: string) => state.resources.find((r) => r.type === type)!.instances[0].attributes;

  it("is a version 4 state of every managed resource, under its module and provider, with the planned values", () => {
    expect(state.version).toBe(4);
    expect(state.resources.map((r) => [r.module, r.type, r.provider])).toEqual([
      ["module.app", "aws_s3_bucket", 'provider["registry.terraform.io/hashicorp/aws"].shared_0'],
      ["module.app", "aws_s3_bucket_policy", 'provider["registry.terraform.io/hashicorp/aws"].shared_0'],
      ["module.app", "aws_s3_bucket_versioning", 'provider["registry.terraform.io/hashicorp/aws"].shared_0'],
    ]);
    expect(attributes("aws_s3_bucket").bucket_prefix).toBe("landing-");
  });

  it("fills what only an apply knows with typed placeholders: an ARN-shaped arn, a string id, an empty map", () => {
    const bucket = attributes("aws_s3_bucket");
    expect(bucket.arn).toMatch(/^arn:aws:placeholder:eu-west-1:123456789012:placeholder\/[0-9a-f]{12}$/);
    expect(bucket.id).toMatch(/^placeholder-[0-9a-f]{12}$/);
    expect(bucket.tags_all).toEqual({});
  });

  it("evaluates references and interpolations with those values, so an unchanged configuration plans no change ($${ stays literal)", () => {
    const bucket = attributes("aws_s3_bucket");
    const policy = attributes("aws_s3_bucket_policy");
    expect(policy.bucket).toBe(bucket.id);
    expect(policy.policy).toBe(`{"Resource":"${bucket.arn}/*","Literal":"\${aws:username}"}`);
  });

  it("gives an expression it does not evaluate (a function call) a placeholder, and fills unknowns inside nested blocks", () => {
    const versioning = attributes("aws_s3_bucket_versioning");
    expect(versioning.bucket).toMatch(/^placeholder-/);
    expect(versioning.bucket).not.toBe(attributes("aws_s3_bucket").id);
    expect(versioning.versioning_configuration).toEqual([{ status: "Enabled", mfa_delete: expect.stringMatching(/^placeholder-/) }]);
  });
});

describe("reading the expressions of a synthesized stack (jsonencode documents, templates, references)", () => {
  const document =
    '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = ["s3:GetObject"], "Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], "Condition" = {"Bool" = {"aws:SecureTransport" = false}, "NumericLessThan" = {"n" = 1.5}}, "Sid" = "Say \\"hi\\""}]})}';

  it("decodes a jsonencode(...) document as the JSON it encodes, references kept as ${…} text; plain JSON as JSON", () => {
    expect(decodeJsonDocument(document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
          Condition: { Bool: { "aws:SecureTransport": false }, NumericLessThan: { n: 1.5 } },
          Sid: 'Say "hi"',
        },
      ],
    });
    expect(decodeJsonDocument('{"a":[1,"${x.y.z}"]}')).toEqual({ a: [1, "${x.y.z}"] });
  });

  it("evaluates it as terraform would (keys in lexical order), given the referenced values; undefined when one is unknown", () => {
    const [call] = parseTemplate(document);
    const values: Record<string, string> = { "aws_s3_bucket.b.arn": "arn:aws:s3:::landing" };
    const evaluated = evaluateExpression(call as Expression, (path) => (path in values ? { value: values[path] } : undefined));
    expect(JSON.parse(evaluated!.value as string).Statement[0].Resource).toEqual(["arn:aws:s3:::landing", "arn:aws:s3:::landing/*"]);
    expect(Object.keys(JSON.parse(evaluated!.value as string))).toEqual(["Statement", "Version"]);
    expect(evaluateExpression(call as Expression, () => undefined)).toBeUndefined();
  });

  it("reads $${ as a literal, and refuses template directives and unterminated expressions with the reason", () => {
    expect(parseTemplate("a$${b}c")).toEqual(["a${b}c"]);
    expect(() => parseTemplate("%{ if x }y%{ endif }")).toThrow(/template directives/);
    expect(() => parseTemplate("${jsonencode({")).toThrow(/unterminated expression/);
  });
});

describe("withoutProviderBlocks (an HCL stack given its provider configuration by the root)", () => {
  it("removes every top-level provider \"aws\" block, nested blocks and strings with braces included, and nothing else", () => {
    const hcl = [
      'terraform {',
      'required_providers {',
      'aws = { source = "aws" }',
      '}',
      '}',
      'provider "aws" {',
      'region = "eu-west-1"',
      'default_tags {',
      'tags = { Note = "a } in a string" }',
      '}',
      '}',
      'resource "aws_s3_bucket" "b" {',
      'bucket = "x"',
      '}',
      'provider "aws" {',
      'alias = "other"',
      '}',
    ].join("\n");
    const out = withoutProviderBlocks(hcl);
    expect(out).not.toContain('provider "aws"');
    expect(out).toContain('resource "aws_s3_bucket" "b" {\nbucket = "x"\n}');
    expect(out).toContain("required_providers {");
  });

  it("keeps $${ literal in jsonencode documents and templates when reading and writing them back", () => {
    const [call] = parseTemplate('${jsonencode({"a" = "$${aws:username}", "b" = "x<y"})}');
    expect(expressionSource(call as Expression)).toBe('jsonencode({"a" = "$${aws:username}", "b" = "x<y"})');
    // Terraform's jsonencode escapes <, > and & (Go's encoding/json).
    expect(evaluateExpression(call as Expression, () => undefined)).toEqual({ value: '{"a":"${aws:username}","b":"x\\u003cy"}' });
  });
});
