import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS } from "../config/environments";
import { AGENT_TELEMETRY_STACK_ID, createApp, TELEMETRY_SINK_STACK_ID } from "../main";

const ROOT = path.resolve(__dirname, "..");

describe("main.ts, the example app", () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "main-synth-"));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  function stackJson(stackId: string): any {
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8"));
  }

  it("synthesizes both example stacks for the environment", () => {
    createApp({ environment: ENVIRONMENTS.dev, outdir }).app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual([AGENT_TELEMETRY_STACK_ID, TELEMETRY_SINK_STACK_ID]);

    const agent = stackJson(AGENT_TELEMETRY_STACK_ID);
    expect(Object.keys(agent.resource)).toEqual(
      expect.arrayContaining(["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream", "aws_s3_bucket"])
    );
    const sink = stackJson(TELEMETRY_SINK_STACK_ID);
    expect(Object.keys(sink.resource)).toEqual(
      expect.arrayContaining(["aws_kinesis_firehose_delivery_stream", "aws_s3_bucket"])
    );
    expect(sink.resource.aws_kinesis_stream).toBeUndefined();

    for (const json of [agent, sink]) {
      expect(json.provider.aws[0]).toMatchObject({
        region: "us-east-1",
        allowed_account_ids: [ENVIRONMENTS.dev.accountId],
      });
      // Explicit relative state path: the synthesized output is the same on every machine.
      expect(json.terraform.backend.local.path).not.toMatch(/^\//);
    }
  });

  it("reads the environment from PIPELINE_ENV and the override variables when none is given", () => {
    const saved = { env: process.env.PIPELINE_ENV, account: process.env.PIPELINE_ACCOUNT_ID };
    process.env.PIPELINE_ENV = "prod";
    process.env.PIPELINE_ACCOUNT_ID = "444455556666";
    try {
      const { agentTelemetry, telemetrySink } = createApp({ outdir });
      expect(agentTelemetry.environment.name).toBe("prod");
      expect(telemetrySink.environment.accountId).toBe("444455556666");
    } finally {
      for (const [key, value] of [
        ["PIPELINE_ENV", saved.env],
        ["PIPELINE_ACCOUNT_ID", saved.account],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("runs as cdktf.json's app command without AWS credentials", () => {
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
    const [command, ...args] = (cdktfJson.app as string).split(" ");
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir, PIPELINE_ENV: "dev" };
    for (const key of Object.keys(env))
      if (key.startsWith("AWS_") || key.startsWith("PIPELINE_ACCOUNT")) delete env[key];
    const result = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(outdir, "stacks", AGENT_TELEMETRY_STACK_ID, "cdk.tf.json"))).toBe(true);
    expect(fs.existsSync(path.join(outdir, "stacks", TELEMETRY_SINK_STACK_ID, "cdk.tf.json"))).toBe(true);
  });
});
