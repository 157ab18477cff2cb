/**
 * Change safety between two synths (`checkChangeSafety`, `toBeSafeChangeFrom` in `cdktf-kinesis-pipeline/testing`):
 * what AWS refuses or what deletes data when a new synth is applied over a deployed one, with the fix. And the
 * example stacks, as `main.ts` builds them today, are a safe change from the committed baselines (test/baselines/:
 * their synth when the baselines were last refreshed, at a release), so a change of this library that would delete or
 * break a deployed pipeline fails here.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import * as fc from "fast-check";
import { KINESIS_LIMITS } from "stream-simulator";
import { ENVIRONMENTS } from "../config/environments";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { RemovalPolicy } from "../constructs/removal-policy";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { AgentTelemetryStack } from "../stacks/agent-telemetry-stack";
import { TelemetrySinkStack } from "../stacks/telemetry-sink-stack";
import { checkChangeSafety, shardCountSteps, toBeSafeChangeFrom } from "../testing";
import { runCli } from "../testing/cli";
import { testApp, testStack } from "./helpers/test-stack";

expect.extend({ toBeSafeChangeFrom });

/** A pipeline stack as a user writes it, in the shape `change` gives it. */
function pipelineStack(change: { shards?: number; id?: string; partitioned?: boolean } = {}): TerraformStack {
  const { stack } = testStack("orders");
  new StreamingPipeline(stack, change.id ?? "orders", {
    name: "orders",
    stream: { capacity: StreamCapacity.provisioned(change.shards ?? 2) },
  });
  new FirehoseToS3(stack, "events", {
    deliveryStreamName: "events",
    ...(change.partitioned
      ? {
          dynamicPartitioning: { jqQuery: { tenant: ".tenant" } },
          prefix: "events/!{partitionKeyFromQuery:tenant}/!{timestamp:yyyy/MM/dd}/",
          bufferingSizeMiB: 64,
          bufferingIntervalSeconds: 60,
        }
      : {}),
  });
  return stack;
}
const synth = (stack: TerraformStack) => Testing.synth(stack);
/** The synth of `pipelineStack(change)`, once per shape (each synth of the pipeline costs ≈0.1 s). */
const synthesized = new Map<string, string>();
function synthOf(change: Parameters<typeof pipelineStack>[0] = {}): string {
  const key = JSON.stringify(change);
  if (!synthesized.has(key)) synthesized.set(key, synth(pipelineStack(change)));
  return synthesized.get(key)!;
}

describe("change safety between two synths", () => {
  it("reports nothing for an unchanged stack, or shard steps UpdateShardCount takes in one call (2 → 4, 8 → 4)", () => {
    expect(checkChangeSafety(synthOf(), synthOf())).toEqual([]);
    expect(pipelineStack({ shards: 4 })).toBeSafeChangeFrom(pipelineStack({ shards: 2 }));
    expect(pipelineStack({ shards: 4 })).toBeSafeChangeFrom(synthOf({ shards: 8 }));
  });

  it("fails when the shard count changes beyond 2× in one apply (2 → 5), and gives the applies that get there: 2 → 4 → 5", () => {
    const [finding, ...rest] = checkChangeSafety(synthOf({ shards: 2 }), synthOf({ shards: 5 }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      kind: "shard-count-step",
      address: expect.stringMatching(/^aws_kinesis_stream\.orders_Stream_[0-9A-F]{8}$/),
      applies: [4, 5],
      fix: "apply 2 → 4 → 5 (2 applies, one shard count each)",
    });
    expect(finding.message).toContain("shard count 2 → 5 in one apply; UpdateShardCount allows at most 2× up or 0.5× down per call");
  });

  it("fails when it shrinks below ½ in one apply (8 → 3: 8 → 4 → 3), and says when the applies need more than 24 hours", () => {
    expect(checkChangeSafety(synthOf({ shards: 8 }), synthOf({ shards: 3 }))[0].applies).toEqual([4, 3]);
    const many = shardCountSteps(1, 4096);
    expect(many).toHaveLength(12);
    const [finding] = checkChangeSafety(synthOf({ shards: 1 }), synthOf({ shards: 4096 }));
    expect(finding.fix).toContain(`at most ${KINESIS_LIMITS.updateShardCountMaxPer24Hours.value} scaling operations per rolling 24 hours`);
  });

  it("fails when a construct id is renamed: the retained stream, its key, the bucket and the log group would be deleted", () => {
    const findings = checkChangeSafety(synthOf({ id: "orders" }), synthOf({ id: "orders-v2" }));
    const types = [...new Set(findings.map((f) => f.address.split(".")[0]))].sort();
    expect(types).toEqual(["aws_cloudwatch_log_group", "aws_kinesis_stream", "aws_kms_key", "aws_s3_bucket"]);
    for (const finding of findings) {
      expect(finding.kind).toBe("stateful-resource-destroyed");
      expect(finding.fix).toContain("add a moved block");
    }
  });

  it("passes the removal of what RemovalPolicy.DESTROY lets go (the documented way to delete on purpose)", () => {
    const destroyable = (id: string) => {
      const { stack } = testStack("orders");
      new StreamingPipeline(stack, id, { name: "orders", removalPolicy: RemovalPolicy.DESTROY });
      return synth(stack);
    };
    expect(checkChangeSafety(destroyable("orders"), destroyable("orders-v2"))).toEqual([]);
  });

  it("passes a rename that carries the resources with moved blocks (cdktf moveFromId)", () => {
    const previous = synthOf({ id: "orders" });
    const renamed = pipelineStack({ id: "orders-v2" });
    const oldIds = Object.fromEntries(
      Object.entries(JSON.parse(previous).resource as Record<string, Record<string, unknown>>).flatMap(([type, r]) => Object.keys(r).map((id) => [`${type}.${id.replace(/^orders_/, "orders-v2_").replace(/_[0-9A-F]{8}$/, "")}`, `${type}.${id}`])),
    );
    for (const resource of renamed.node.findAll()) {
      const r = resource as { terraformResourceType?: string; friendlyUniqueId?: string; moveFromId?: (id: string) => void };
      if (r.terraformResourceType === undefined || r.moveFromId === undefined) continue;
      const key = `${r.terraformResourceType}.${r.friendlyUniqueId!.replace(/_[0-9A-F]{8}$/, "")}`;
      if (oldIds[key] !== undefined && oldIds[key] !== `${r.terraformResourceType}.${r.friendlyUniqueId}`) r.moveFromId(oldIds[key]);
    }
    const next = synth(renamed);
    expect((JSON.parse(next).moved ?? []).length).toBeGreaterThanOrEqual(5);
    expect(checkChangeSafety(previous, next).filter((f) => f.kind === "stateful-resource-destroyed")).toEqual([]);
  });

  it("fails when dynamic partitioning is enabled on an existing delivery stream", () => {
    const findings = checkChangeSafety(synthOf(), synthOf({ partitioned: true }));
    expect(findings).toEqual([
      expect.objectContaining({ kind: "dynamic-partitioning-enabled", address: expect.stringMatching(/^aws_kinesis_firehose_delivery_stream\.events_/) }),
    ]);
    // Created with it from the start, or switched off: nothing to report.
    expect(checkChangeSafety(synthOf({ partitioned: true }), synthOf())).toEqual([]);
  });

  it("the matcher's failure message lists every finding with its fix", () => {
    const result = toBeSafeChangeFrom.call(undefined, pipelineStack({ shards: 5 }), pipelineStack({ shards: 2 }));
    expect(result.pass).toBe(false);
    expect(result.message()).toMatch(/^expected a safe change, but it draws 1 finding:\n- aws_kinesis_stream\..*\n {2}fix: apply 2 → 4 → 5/);
  });

  it("shardCountSteps: every call within 2× up and ½ down, ending at the target, in as few calls as those bounds allow (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (from, to) => {
        const steps = shardCountSteps(from, to);
        let current = from;
        for (const step of steps) {
          expect(step).toBeLessThanOrEqual(current * 2);
          expect(step).toBeGreaterThanOrEqual(Math.ceil(current / 2));
          current = step;
        }
        expect(current).toBe(to);
        const minimal = from === to ? 0 : Math.ceil(Math.log2(to > from ? to / from : from / to) - 1e-9);
        expect(steps.length).toBeLessThanOrEqual(Math.max(minimal, 1) + (to < from ? 1 : 0));
      }),
      { numRuns: 200 },
    );
  });
});

describe("the check-change command (npx cdktf-kinesis-pipeline check-change <previous> <next>)", () => {
  let dir: string;
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
  };
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-change-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 with 'no finding' for a safe change, and takes a stack directory holding cdk.tf.json", () => {
    const previous = write("previous.json", synthOf({ shards: 2 }));
    write("stacks/orders/cdk.tf.json", synthOf({ shards: 4 }));
    const { out, io: streams } = io();
    expect(runCli(["check-change", previous, path.join(dir, "stacks/orders")], streams)).toBe(0);
    expect(out.stdout).toBe(`check-change: applying ${path.join(dir, "stacks/orders")} over ${previous}: no finding.\n`);
    expect(out.stderr).toBe("");
  });

  it("exits 1 and prints each finding with its address and fix (2 → 5 shards: apply 2 → 4 → 5; a renamed pipeline id); --json gives them as data", () => {
    const previous = write("a.json", synthOf({ shards: 2 }));
    const next = write("b.json", synthOf({ shards: 5 }));
    const renamed = write("c.json", synthOf({ id: "orders-v2" }));
    const text = io();
    expect(runCli(["check-change", previous, next], text.io)).toBe(1);
    expect(text.out.stdout).toMatch(/^check-change: applying .*b\.json over .*a\.json: 1 finding\.\n- aws_kinesis_stream\.orders_Stream_[0-9A-F]{8}: shard count 2 → 5 in one apply/);
    expect(text.out.stdout).toContain("\n  fix: apply 2 → 4 → 5 (2 applies, one shard count each)\n");
    const json = io();
    expect(runCli(["check-change", "--json", previous, renamed], json.io)).toBe(1);
    const findings = JSON.parse(json.out.stdout) as { kind: string; address: string }[];
    expect(findings.map((f) => f.kind)).toContain("stateful-resource-destroyed");
    expect(findings.find((f) => f.address.startsWith("aws_kinesis_stream."))).toBeDefined();
  });

  it("exits 2 naming the problem: no command, an unknown command or option, one file, a missing file, a file that is not JSON", () => {
    const good = write("good.json", synthOf());
    const bad = write("bad.json", "{ not json");
    const cases: [string[], RegExp][] = [
      [[], /^Usage: cdktf-kinesis-pipeline check-change/],
      [["diff", good, good], /unknown command "diff"/],
      [["check-change", "--yaml", good, good], /unknown option --yaml/],
      [["check-change", good], /expected <previous> and <next>, got 1 file\(s\)/],
      [["check-change", good, path.join(dir, "missing.json")], /missing\.json does not exist/],
      [["check-change", good, bad], /bad\.json is not a cdk\.tf\.json document: /],
    ];
    for (const [argv, message] of cases) {
      const { out, io: streams } = io();
      expect({ argv, status: runCli(argv, streams) }).toEqual({ argv, status: 2 });
      expect(out.stderr).toMatch(message);
      expect(out.stdout).toBe("");
    }
    const help = io();
    expect(runCli(["--help"], help.io)).toBe(0);
    expect(help.out.stdout).toContain("Exit status: 0 no finding, 1 findings, 2 the command could not run.");
  });

  it("runs as the package's bin (bin/cdktf-kinesis-pipeline.js, from the sources in a checkout)", () => {
    const previous = write("bin-a.json", synthOf({ shards: 2 }));
    const next = write("bin-b.json", synthOf({ shards: 5 }));
    const result = spawnSync(process.execPath, [path.join(__dirname, "..", "bin", "cdktf-kinesis-pipeline.js"), "check-change", previous, next], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("fix: apply 2 → 4 → 5");
  });
});

/** The baseline directory: each example stack per environment, as synthesized when the baselines were last refreshed. */
const BASELINES = path.join(__dirname, "baselines");
const EXAMPLES = (["dev", "prod"] as const).flatMap((env) => [
  { file: `agent-telemetry.${env}.cdk.tf.json`, stack: () => new AgentTelemetryStack(testApp(), "agent-telemetry", { environment: ENVIRONMENTS[env] }) },
  { file: `telemetry-sink.${env}.cdk.tf.json`, stack: () => new TelemetrySinkStack(testApp(), "telemetry-sink", { environment: ENVIRONMENTS[env] }) },
]);

describe("the example stacks are a safe change from their baselines (test/baselines/)", () => {
  it.each(EXAMPLES)("$file", ({ file, stack }) => {
    const baseline = path.join(BASELINES, file);
    if (process.env.UPDATE_CHANGE_BASELINES === "1") fs.writeFileSync(baseline, `${JSON.stringify(JSON.parse(synth(stack())), null, 2)}\n`);
    expect(fs.existsSync(baseline)).toBe(true);
    expect(stack()).toBeSafeChangeFrom(fs.readFileSync(baseline, "utf8"));
  });
});
