import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_KEY_NAMINGS, EXIT_OK, EXIT_USAGE, HEATMAP_BUCKETS, main, type CliIo } from "../src/cli";
import { estimateCost } from "../src/cost";
import { KEY_NAMINGS, parseWorkload, simulate, size } from "../src/index";
import { KINESIS_LIMITS } from "../src/limits";
import { layoutHeatmap } from "../src/report/svg";
import { costSynthStack } from "../src/terraform";
import { HOT_KEY, REPO, example, loadExample } from "./helpers";

/**
 * The `stream-sim` command line. Most cases run `main(argv, io)` in-process (fast); three spawn the real binary
 * (`bin/stream-sim.js`, as `npx stream-sim` does) to check exit codes, stdout/stderr separation and start-up without a
 * build step.
 */

const BIN = path.join(REPO, "stream-simulator", "bin", "stream-sim.js");

/** size() of an example with default options, computed once per file (sizing runs many simulations). */
const sizedCache = new Map<string, ReturnType<typeof size>>();
function sizedExample(name: string): ReturnType<typeof size> {
  if (!sizedCache.has(name)) sizedCache.set(name, size(loadExample(name), {}));
  return sizedCache.get(name)!;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

/** Runs main() in-process with captured streams; files written by the CLI are kept in memory. */
function run(argv: string[], options: { ttyStderr?: boolean; ttyStdout?: boolean; readFile?: (p: string) => string } = {}): Run {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, string>();
  const io: CliIo = {
    stdout: { write: (c: string) => (stdout += c), isTTY: options.ttyStdout ?? false },
    stderr: { write: (c: string) => (stderr += c), isTTY: options.ttyStderr ?? false, columns: 80 },
    readFile: options.readFile ?? ((p) => fs.readFileSync(p, "utf8")),
    writeFile: (p, d) => files.set(p, d),
    checkWritable: (p) => (p.startsWith("/nonexistent/") ? `directory ${path.dirname(p)} does not exist` : undefined),
    progressDelayMs: 0,
  };
  const code = main(argv, io);
  return { code, stdout, stderr, files };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-cli-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeTmp(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

/** A workload with six independent mistakes. */
const MULTI_ERROR_WORKLOAD = {
  recordsPerSecond: -5,
  recordBytes: 1.5,
  partitionKey: { strategy: "entity", distinctKeys: 0 },
  consumers: { enhancedFanOut: 99 },
  producer: { maxBatchRecords: 501 },
  bogusField: true,
};

describe("stream-sim size", () => {
  it("--json reports what size() computes, with both monthly costs", () => {
    const r = run(["size", example("clickstream-uuid.json"), "--json"]);
    expect(r.code).toBe(EXIT_OK);
    const doc = JSON.parse(r.stdout);
    const direct = sizedExample("clickstream-uuid.json");
    expect(doc.recommendedShards).toBe(direct.recommendedShards);
    expect(doc.feasible).toBe(true);
    expect(doc.bottleneck).toBe(direct.bottleneck);
    expect(doc.faqFormulaShards).toBe(direct.faqFormulaShards);
    expect(doc.throttledFraction).toBe(direct.throttledFraction);
    expect(doc.cost.provisionedMonthlyUsd).toBe(direct.cost.provisioned!.totalMonthlyUsd);
    expect(doc.cost.onDemandMonthlyUsd).toBe(direct.cost.onDemand.totalMonthlyUsd);
    expect(doc.cost.provisioned.lines.length).toBeGreaterThan(0);
    expect(r.stderr).toBe("");
  });

  it("passes --target and --headroom through to size()", () => {
    const args = { targetThrottledFraction: 0.01, headroom: 0.5 };
    const doc = JSON.parse(run(["size", example("clickstream-uuid.json"), "--json", "--target", "0.01", "--headroom=0.5"]).stdout);
    const direct = size(loadExample("clickstream-uuid.json"), args);
    // A lower utilization ceiling (0.5 < the default 0.8) can only keep or raise the recommendation.
    expect(doc.recommendedShards).toBeGreaterThanOrEqual(sizedExample("clickstream-uuid.json").recommendedShards!);
    expect(doc.recommendedShards).toBe(direct.recommendedShards);
    expect(doc.throttledFraction).toBe(direct.throttledFraction);
  });

  it("a static key above one shard's limit is infeasible: recommendedShards null, bound by the hot key", () => {
    const doc = JSON.parse(run(["size", example("hot-key.json"), "--json"]).stdout);
    expect(doc).toMatchObject({ recommendedShards: null, feasible: false, bottleneck: "hot-key" });
    expect(doc.cost.provisionedMonthlyUsd).toBeNull();
    expect(doc.cost.onDemandMonthlyUsd).toBeGreaterThan(0);
    expect(doc.advice.length).toBeGreaterThan(0);
  });

  it("small records are bound by the records/s limit, not bytes", () => {
    const doc = JSON.parse(run(["size", example("small-records.json"), "--json"]).stdout);
    expect(doc.bottleneck).toBe("write-records");
    expect(doc.feasible).toBe(true);
  });

  it("prints a human report: verdict line, units, and both costs per month", () => {
    const r = run(["size", example("clickstream-uuid.json")]);
    const direct = sizedExample("clickstream-uuid.json");
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout.split("\n")[0]).toMatch(new RegExp(`${direct.recommendedShards} shards, set by the ${direct.binding} question — bound by `));
    expect(r.stdout).toMatch(/\$[\d,]+\.\d\d\/month/);
    expect(r.stdout).toContain("On-demand Standard");
    expect(r.stdout).toContain("On-demand Advantage");
    expect(r.stdout).toMatch(/^AWS formula\s+\d+/m);
  });

  it("says '1 shard', not '1 shards'", () => {
    const file = writeTmp("one-shard.json", JSON.stringify({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 60 }));
    const out = run(["size", file]);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).not.toMatch(/\b1 shards\b/);
    expect(out.stdout).toMatch(/^Recommendation for .*: 1 shard, set by/);
    expect(out.stdout).toContain("provisioned: 1 shard passes.");
  });

  it("draws a sizing progress bar on stderr only when stdout and stderr are terminals, never on stdout", () => {
    const tty = run(["size", example("clickstream-uuid.json")], { ttyStderr: true, ttyStdout: true });
    expect(tty.code).toBe(EXIT_OK);
    expect(tty.stderr).toMatch(/sizing \[/);
    expect(tty.stdout).not.toMatch(/\r/);
    const piped = run(["size", example("clickstream-uuid.json")], { ttyStderr: true });
    expect(piped.stderr).toBe("");
  });
});

describe("stream-sim simulate", () => {
  it("--json matches simulate() at the same capacity, with per-shard figures", () => {
    const r = run(["simulate", example("agent-telemetry.json"), "--shards", "6", "--json"]);
    expect(r.code).toBe(EXIT_OK);
    const doc = JSON.parse(r.stdout);
    const direct = simulate(loadExample("agent-telemetry.json"), { capacity: { mode: "provisioned", shards: 6 } });
    expect(doc.writeThrottledRecords).toBe(direct.writeThrottledRecords);
    expect(doc.writeThrottledFraction).toBe(direct.writeThrottledFraction);
    expect(doc.maxShardWriteUtilization).toBe(direct.maxShardWriteUtilization);
    expect(doc.hotShard).toEqual(direct.hotShard);
    expect(doc.perShard).toHaveLength(6);
    expect(doc.perShard[0]).toEqual(direct.perShard[0]);
    expect(doc.capacity).toEqual({ mode: "provisioned", shards: 6 });
  });

  it("the hot-key workload throttles on one shard however many shards there are", () => {
    const doc = JSON.parse(run(["simulate", example("hot-key.json"), "--shards", "8", "--json"]).stdout);
    expect(doc.writeThrottledFraction).toBeGreaterThan(0);
    expect(doc.perShard.filter((s: { throttledRecords: number }) => s.throttledRecords > 0)).toHaveLength(1);
    expect(doc.perShard.find((s: { throttledRecords: number }) => s.throttledRecords > 0).shardId).toBe(doc.hotShard.shardId);
  });

  it("--on-demand simulates on-demand capacity", () => {
    const doc = JSON.parse(run(["simulate", example("clickstream-uuid.json"), "--on-demand", "--json"]).stdout);
    expect(doc.capacity).toEqual({ mode: "on-demand", tier: "standard" });
    const direct = simulate(loadExample("clickstream-uuid.json"), { capacity: { mode: "on-demand" } });
    expect(doc.writeThrottledRecords).toBe(direct.writeThrottledRecords);
  });

  it("--svg writes a well-formed heatmap: one cell per shard × column, axes, legend, hot shard marked", () => {
    const svgPath = path.join(tmp, "heat.svg");
    const r = run(["simulate", example("hot-key.json"), "--shards", "4", "--svg", svgPath]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toContain(`Heatmap written to ${svgPath}`);
    const svg = r.files.get(svgPath)!;
    expect(svg).toBeDefined();
    expect(svg.trimStart().startsWith("<svg ")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    const direct = simulate(loadExample("hot-key.json"), { capacity: { mode: "provisioned", shards: 4 }, heatmapBuckets: HEATMAP_BUCKETS });
    const layout = layoutHeatmap(direct.heatmap!, direct.perShard.map((s) => s.shardId));
    expect(svg.match(/<rect class="cell[ "]/g)).toHaveLength(layout.rows.length * layout.columns);
    expect(layout.rows).toHaveLength(4);
    expect(svg).toContain('class="legend"');
    expect(svg).toContain("≥100%, absorbed");
    expect(svg).toContain('class="cell throttled"');
    expect(svg).toContain(`▶ ${direct.hotShard.shardId}`);
    for (const s of direct.perShard) expect(svg).toContain(s.shardId);
    expect(svg.match(/class="time-label"/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it("draws a progress bar only when stdout and stderr are terminals, on stderr, never on stdout", () => {
    const piped = run(["simulate", example("clickstream-uuid.json"), "--shards", "8"]);
    expect(piped.stderr).toBe("");
    const redirected = run(["simulate", example("clickstream-uuid.json"), "--shards", "8"], { ttyStderr: true });
    expect(redirected.stderr).toBe(""); // results piped or redirected: nobody watches a bar
    const tty = run(["simulate", example("clickstream-uuid.json"), "--shards", "8"], { ttyStderr: true, ttyStdout: true });
    expect(tty.stderr).toMatch(/\rsimulating \[[█░]+\] +\d+%/);
    expect(tty.stderr.endsWith("\r")).toBe(true); // the bar line is cleared at the end
    expect(tty.stdout).not.toMatch(/[█░\r]/);
    expect(tty.stdout).toBe(piped.stdout);
  });

  it("reads a workload file that starts with a UTF-8 byte-order mark", () => {
    const text = fs.readFileSync(example("hot-key.json"), "utf8");
    const r = run(["simulate", "bom.json", "--shards", "2"], { readFile: () => `\ufeff${text}` });
    expect(r.code).toBe(EXIT_OK);
  });
});

describe("stream-sim cost", () => {
  it("--shards N prices N provisioned shards exactly as estimateCost does", () => {
    const doc = JSON.parse(run(["cost", example("clickstream-uuid.json"), "--shards", "12", "--json"]).stdout);
    const direct = estimateCost(loadExample("clickstream-uuid.json"), { mode: "provisioned", shards: 12 });
    expect(doc.provisionedMonthlyUsd).toBe(direct.totalMonthlyUsd);
    expect(doc.provisioned).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(doc.onDemand).toBeNull();
  });

  it("--on-demand prices on-demand only", () => {
    const doc = JSON.parse(run(["cost", example("clickstream-uuid.json"), "--on-demand", "--json"]).stdout);
    expect(doc.onDemandMonthlyUsd).toBe(estimateCost(loadExample("clickstream-uuid.json"), { mode: "on-demand" }).totalMonthlyUsd);
    expect(doc.provisioned).toBeNull();
  });

  it("without a capacity, shows provisioned at the sized recommendation and on-demand side by side", () => {
    const w = loadExample("clickstream-uuid.json");
    const recommended = sizedExample("clickstream-uuid.json").recommendedShards!;
    const doc = JSON.parse(run(["cost", example("clickstream-uuid.json"), "--json"]).stdout);
    expect(doc.sizedShards).toBe(recommended);
    expect(doc.provisioned.capacity).toEqual({ mode: "provisioned", shards: recommended });
    expect(doc.provisionedMonthlyUsd).toBe(estimateCost(w, { mode: "provisioned", shards: recommended }).totalMonthlyUsd);
    expect(doc.onDemandMonthlyUsd).toBe(estimateCost(w, { mode: "on-demand" }).totalMonthlyUsd);
    const text = run(["cost", example("clickstream-uuid.json")]).stdout;
    expect(text).toContain(`${recommended} shards`);
    expect(text).toMatch(/^On-demand Standard\s+\$[\d,.]+\/month\s+(yes|no)$/m);
    expect(text).toMatch(/^On-demand Advantage\s+\$[\d,.]+\/month\s+(yes|no)$/m);
    expect(text).toMatch(/Cheapest that does not throttle: (provisioned|On-demand Standard|On-demand Advantage)\./);
    expect(doc.options.map((o: { mode: string }) => o.mode)).toEqual(["provisioned", "on-demand", "on-demand-advantage"]);
    expect(doc.onDemandAdvantageMonthlyUsd).toBe(estimateCost(w, { mode: "on-demand", tier: "advantage" }).totalMonthlyUsd);
  });

  it("--on-demand notes that on-demand does not fix a hot key above one shard's limit, and says nothing of hot keys below it", () => {
    const c = estimateCost(HOT_KEY, { mode: "on-demand" });
    expect(c.notes.join(" ")).toMatch(/on-demand does not fix a hot key/);
    expect(estimateCost({ ...HOT_KEY, recordsPerSecond: 100 }, { mode: "on-demand" }).notes.join(" ")).not.toMatch(/hot key/);
    const out = run(["cost", example("hot-key.json"), "--on-demand"]);
    expect(out.stdout).toMatch(/Note: on-demand does not fix a hot key/);
  });

  it("shows the S3 PUT, S3 storage and KMS lines by default, in both breakdowns, priced as estimateCost does", () => {
    const w = loadExample("clickstream-uuid.json");
    const text = run(["cost", example("clickstream-uuid.json")]).stdout;
    const sections = text.split(/\n(?=Monthly cost, )/).slice(1);
    expect(sections).toHaveLength(3); // provisioned, On-demand Standard, On-demand Advantage
    for (const section of sections) {
      expect(section).toMatch(/^S3 PUT requests \(Firehose objects\) +[\d,.]+ thousand requests +\$0\.005 +\$[\d,.]+\/month$/m);
      expect(section).toMatch(/^S3 Standard storage \(GZIP objects kept 30 days\) +[\d,.]+ GB-months +\$0\.023 +\$[\d,.]+\/month$/m);
      expect(section).toMatch(/^KMS customer-managed keys \(stream \+ S3 bucket\) +2 key-months +\$1 +\$2\.00\/month$/m);
      expect(section).toMatch(/^KMS requests +10\.51 10,000 requests +\$0\.03 +\$0\.32\/month$/m);
      expect(section).toMatch(/Note: KMS request count is an estimate/);
    }
    const put = estimateCost(w, { mode: "on-demand" }).lines.find((l) => l.item.startsWith("S3 PUT requests"))!;
    expect(text).toContain(`$${put.monthlyUsd.toFixed(2)}/month`);
    // --json: only additions — the old fields keep their shape; the new lines and s3Delivery are there too.
    const doc = JSON.parse(run(["cost", example("clickstream-uuid.json"), "--on-demand", "--json"]).stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(["command", "workloadFile", "provisionedMonthlyUsd", "onDemandMonthlyUsd", "provisioned", "onDemand"]));
    expect(doc.onDemand.lines.map((l: { item: string }) => l.item)).toEqual(expect.arrayContaining(["S3 PUT requests (Firehose objects)", "KMS requests"]));
    for (const l of doc.onDemand.lines) expect(Object.keys(l).sort()).toEqual(["item", "monthlyUsd", "quantity", "unit", "unitPriceUsd"]);
    expect(doc.onDemand.s3Delivery.objectsPerMonth).toBeGreaterThan(0);
  });

  it("size shows the Firehose, S3 and KMS lines both totals include; size --json carries them in the breakdowns", () => {
    const text = run(["size", example("clickstream-uuid.json")]).stdout;
    expect(text).toMatch(/Every total includes/);
    for (const item of ["Firehose ingestion", "S3 PUT requests", "S3 Standard storage", "KMS customer-managed keys", "KMS requests"]) {
      expect(text).toContain(item);
    }
    const doc = JSON.parse(run(["size", example("clickstream-uuid.json"), "--json"]).stdout);
    for (const b of [doc.cost.provisioned, doc.cost.onDemand]) {
      expect(b.lines.map((l: { item: string }) => l.item)).toEqual(expect.arrayContaining(["S3 Standard storage (GZIP objects kept 30 days)", "KMS customer-managed keys (stream + S3 bucket)"]));
    }
  });

  it("a firehose object in the workload file drives the S3 lines; firehose: false prints no S3 line and only the stream's key", () => {
    const base = { recordsPerSecond: 10, recordBytes: 1000 };
    const tuned = run(["cost", writeTmp("tuned.json", JSON.stringify({ ...base, firehose: { bufferingIntervalSeconds: 60, compression: "UNCOMPRESSED", s3StorageDays: 7 } })), "--shards", "1"]);
    expect(tuned.code).toBe(EXIT_OK);
    expect(tuned.stdout).toMatch(/^S3 PUT requests \(Firehose objects\) +43\.80 thousand requests/m); // 60 objects/hour × 730
    expect(tuned.stdout).toContain("S3 Standard storage (UNCOMPRESSED objects kept 7 days)");
    const off = run(["cost", writeTmp("off.json", JSON.stringify({ ...base, firehose: false })), "--shards", "1"]);
    expect(off.stdout).not.toMatch(/S3/);
    expect(off.stdout).toMatch(/^KMS customer-managed keys \(stream\) +1 key-months/m);
    const bad = run(["cost", writeTmp("bad-firehose.json", JSON.stringify({ ...base, firehose: { bufferingSizeMiB: 0, compression: "gzip" } }))]);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain("firehose.bufferingSizeMiB: got 0");
    expect(bad.stderr).toContain('firehose.compression: got "gzip"');
  });

  it("honours the workload's firehose: false (no Firehose line); a non-boolean firehose is a validation error", () => {
    const file = writeTmp("no-firehose.json", JSON.stringify({ recordsPerSecond: 1000, recordBytes: 1000, firehose: false }));
    const out = run(["cost", file, "--shards", "2"]);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).not.toMatch(/Firehose/);
    expect(() => parseWorkload({ recordsPerSecond: 1, recordBytes: 1, firehose: "no" })).toThrow(/firehose/);
  });
});

describe("stream-sim cost --synth", () => {
  /** A small synthesized-stack document: a provisioned stream with an EFO consumer and a Firehose, and a direct-PUT sink. */
  const STACK = {
    provider: { aws: [{ region: "us-east-1" }] },
    terraform: {},
    resource: {
      aws_kms_key: { SK: {}, BK: {} },
      aws_kinesis_stream: { S: { name: "orders", shard_count: 3, retention_period: 48, kms_key_id: "${aws_kms_key.SK.arn}" } },
      aws_kinesis_stream_consumer: { C: { name: "analytics", stream_arn: "${aws_kinesis_stream.S.arn}" } },
      aws_kinesis_firehose_delivery_stream: {
        D: {
          name: "orders-to-s3",
          destination: "extended_s3",
          kinesis_source_configuration: { kinesis_stream_arn: "${aws_kinesis_stream.S.arn}" },
          extended_s3_configuration: { buffering_size: 16, buffering_interval: 90, compression_format: "GZIP", kms_key_arn: "${aws_kms_key.BK.arn}" },
        },
        Sink: { name: "sink", destination: "extended_s3", extended_s3_configuration: { buffering_size: 64, buffering_interval: 60 } },
      },
    },
  };
  const stackFile = (doc: unknown = STACK, name = "cdk.tf.json"): string => writeTmp(name, JSON.stringify(doc));

  it("--json carries costSynthStack's result for every stream of the stack", () => {
    const r = run(["cost", "--synth", stackFile(), "--workload", example("clickstream-uuid.json"), "--json"]);
    expect(r.code).toBe(EXIT_OK);
    const doc = JSON.parse(r.stdout);
    const expected = costSynthStack(STACK, loadExample("clickstream-uuid.json"));
    expect(doc.streams).toEqual(JSON.parse(JSON.stringify(expected.items)));
    expect(doc.streams.map((s: { resource: { name: string }; monthlyUsd: number }) => [s.resource.name, s.monthlyUsd])).toEqual(
      expected.items.map((i) => [i.resource.name, i.monthlyUsd]),
    );
    expect(doc.streams[0].capacity).toEqual({ mode: "provisioned", shards: 3 });
    expect(doc.streams[1]).toMatchObject({ kind: "firehose", source: "direct-put", capacity: null });
  });

  it("prints, per stream, the values taken from the stack and the cost table `cost` prints, then a summary", () => {
    const w = loadExample("clickstream-uuid.json");
    const r = run(["cost", example("clickstream-uuid.json"), "--synth", stackFile()]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(/^Kinesis stream orders — aws_kinesis_stream\.S$/m);
    expect(r.stdout).toMatch(/^Read by: Firehose orders-to-s3 \(aws_kinesis_firehose_delivery_stream\.D\); enhanced fan-out consumer analytics$/m);
    expect(r.stdout).toMatch(/^retentionHours +48 +24 +stream: retention_period$/m);
    expect(r.stdout).toMatch(/^consumers\.enhancedFanOut +1 +0 +aws_kinesis_stream_consumer: analytics$/m);
    expect(r.stdout).toMatch(/^firehose\.bufferingSizeMiB +16 +5 +Firehose: extended_s3_configuration\.buffering_size$/m);
    expect(r.stdout).toContain("Monthly cost, 3 shards (us-east-1, prices as of");
    const costed = estimateCost(
      { ...w, retentionHours: 48, consumers: { ...w.consumers, enhancedFanOut: 1, shared: 1 }, firehose: { bufferingSizeMiB: 16, bufferingIntervalSeconds: 90, compression: "GZIP" }, region: "us-east-1" },
      { mode: "provisioned", shards: 3 },
    );
    expect(r.stdout).toMatch(new RegExp(`^Total +\\$${costed.totalMonthlyUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/[.]/g, "\\.")}/month$`, "m"));
    expect(r.stdout).toMatch(/^Firehose \(direct PUT\) sink — aws_kinesis_firehose_delivery_stream\.Sink$/m);
    expect(r.stdout).toContain("Monthly cost, delivery stream only");
    expect(r.stdout).toMatch(/^Stream +Kind +Capacity +Monthly cost$/m);
  });

  it("--stream costs one stream only; an unknown name is an error listing the streams (exit 2)", () => {
    const one = JSON.parse(run(["cost", "--synth", stackFile(), "--workload", example("clickstream-uuid.json"), "--stream", "sink", "--json"]).stdout);
    expect(one.streams.map((s: { resource: { name: string } }) => s.resource.name)).toEqual(["sink"]);
    const bad = run(["cost", "--synth", stackFile(), "--workload", example("clickstream-uuid.json"), "--stream", "nope"]);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain("no stream named 'nope' in the stack (streams: orders (S), sink (Sink))");
  });

  it("a shard count that is a Terraform expression, or missing, is an error naming the resource and attribute (exit 2)", () => {
    const doc = JSON.parse(JSON.stringify(STACK));
    doc.resource.aws_kinesis_stream.S.shard_count = "${var.shards}";
    doc.resource.aws_kinesis_stream.T = { name: "second" };
    const r = run(["cost", "--synth", stackFile(doc, "tokens.tf.json"), "--workload", example("clickstream-uuid.json")]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("the stack has 2 values stream-sim cannot cost");
    expect(r.stderr).toMatch(/- aws_kinesis_stream\.S shard_count: got "\$\{var\.shards\}"; allowed: .*known only at plan time/);
    expect(r.stderr).toMatch(/- aws_kinesis_stream\.T shard_count: got nothing \(missing\); allowed: .*required/);
  });

  it.each([
    ["a missing file", () => path.join(tmp, "nope.tf.json"), /cannot read synthesized stack .*no such file \(run `npm run synth` first/],
    ["a directory", () => tmp, /it is a directory \(give the file inside it: .*\/cdk\.tf\.json\)/],
    ["invalid JSON", () => writeTmp("broken.tf.json", "{"), /is not valid JSON/],
    ["a workload file instead of a stack", () => example("hot-key.json"), /not a synthesized Terraform JSON stack/],
    ["a stack without streams", () => stackFile({ terraform: {}, resource: { aws_s3_bucket: { B: {} } } }, "empty.tf.json"), /has no aws_kinesis_stream and no aws_kinesis_firehose_delivery_stream resource/],
  ])("rejects %s with exit code 2", (_label, file, message) => {
    const r = run(["cost", "--synth", file(), "--workload", example("hot-key.json")]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [["cost", "--synth", "s.json", "--workload", "w.json", "--shards", "2"], /--synth takes the capacity from the stack/],
    [["cost", "w.json", "--stream", "orders"], /--stream selects a stream of a synthesized stack: use it with --synth/],
    [["cost", "w.json", "--workload", "x.json"], /give the workload file once/],
    [["cost", "--synth", "s.json"], /'cost' needs a workload file: .*\(or --workload <file>\)/],
  ])("usage error %j exits 2", (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(message);
  });
});

describe("errors and help", () => {
  it("lists EVERY invalid field of a workload (path, value, allowed) and exits 2", () => {
    const file = writeTmp("bad.json", JSON.stringify(MULTI_ERROR_WORKLOAD));
    const r = run(["size", file]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stdout).toBe("");
    let expected: readonly { path: string }[] = [];
    try {
      parseWorkload(MULTI_ERROR_WORKLOAD);
    } catch (e) {
      expected = (e as { problems: { path: string }[] }).problems;
    }
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(r.stderr).toContain(`(${expected.length} problems)`);
    for (const p of ["recordsPerSecond", "recordBytes", "partitionKey.distinctKeys", "consumers.enhancedFanOut", "producer.maxBatchRecords", "bogusField"]) {
      expect(r.stderr).toMatch(new RegExp(`- ${p.replace(".", "\\.")}: got .+; allowed: .+`));
    }
    expect(r.stderr).toContain("got -5");
  });

  it.each([
    ["a missing file", () => path.join(tmp, "nope.json"), /cannot read workload file .*no such file/],
    ["invalid JSON", () => writeTmp("broken.json", '{"recordsPerSecond": 10,'), /is not valid JSON/],
    ["a JSON array", () => writeTmp("array.json", "[1,2]"), /\(root\): got \[1,2\]/],
  ])("rejects %s with exit code 2", (_label, file, message) => {
    const r = run(["simulate", file(), "--shards", "2"]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["size", "w.json", "--shards", "3"], /unknown option '--shards' for 'size'/],
    [["simulate", "w.json", "--bogus"], /unknown option '--bogus'/],
    [["simulate", "w.json"], /needs a capacity: --shards <N> or --on-demand/],
    [["simulate", "w.json", "--shards", "3", "--on-demand"], /either --shards <N> or --on-demand, not both/],
    [["simulate", "w.json", "--shards", "0"], /--shards 0: expected a positive whole number/],
    [["simulate", "w.json", "--shards", "2.5"], /--shards 2\.5: expected a positive whole number/],
    [["size", "w.json", "--target", "1.5"], /--target 1\.5: expected a number from 0 \(inclusive\) to 1 \(exclusive\)/],
    [["size", "w.json", "--target"], /--target needs a value/],
    [["size", "w.json", "--headroom", "0"], /--headroom 0: expected a number greater than 0 and at most 1/],
    [["size", "w.json", "--target", "x", "--headroom", "2"], /--target x: expected .*; --headroom 2: expected a number greater than 0 and at most 1/],
    [["size"], /needs a workload file/],
    [["size", "a.json", "b.json"], /unexpected argument 'b\.json'/],
    [["cost", "w.json", "--json=yes"], /--json takes no value/],
  ])("usage error %j exits 2 with a clear message", (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Run 'stream-sim (\w+ )?--help' for usage\./);
    expect(r.stdout).toBe("");
  });

  it("--shards above the per-stream limit (10,000) is a usage error (exit 2) naming the limit, not an internal error", () => {
    const max = KINESIS_LIMITS.maxShardsPerStream.value;
    const r = run(["simulate", example("hot-key.json"), "--shards", String(max + 1)]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(/at most 10,000 shards/);
    expect(r.stderr).not.toMatch(/RangeError|error:/);
    expect(run(["cost", example("hot-key.json"), "--shards", "100000000"]).code).toBe(EXIT_USAGE);
  });

  it("--shards accepts only positive decimal integers: 1e1, 0x10, 1.0, +3 and 0 are usage errors, 10 is fine", () => {
    for (const bad of ["1e1", "0x10", "1.0", "+3", "0"]) {
      const r = run(["simulate", example("hot-key.json"), "--shards", bad]);
      expect(r.code).toBe(EXIT_USAGE);
    }
    expect(run(["simulate", example("hot-key.json"), "--shards", "10"]).code).toBe(EXIT_OK);
  });

  it("--help everywhere: global help lists every command, command help lists every flag", () => {
    for (const argv of [[], ["--help"], ["-h"], ["help"]]) {
      const r = run(argv);
      expect(r.code).toBe(EXIT_OK);
      for (const c of ["size", "simulate", "cost"]) expect(r.stdout).toContain(`stream-sim ${c} <workload.json>`);
    }
    const flags: Record<string, string[]> = {
      size: ["--json", "--target", "--headroom"],
      simulate: ["--shards", "--on-demand", "--json", "--svg"],
      cost: ["--shards", "--on-demand", "--json", "--synth", "--workload", "--stream"],
    };
    for (const [command, list] of Object.entries(flags)) {
      for (const argv of [[command, "--help"], [command, "some.json", "-h"], ["help", command]]) {
        const r = run(argv);
        expect(r.code).toBe(EXIT_OK);
        expect(r.stdout).toContain(`Usage: stream-sim ${command}`);
        for (const f of list) expect(r.stdout).toContain(f);
      }
    }
  });

  it("every command's --help lists every workload field the validator knows (firehose and maxRecordSizeKiB included)", () => {
    let known: string[] = [];
    try {
      parseWorkload({ recordsPerSecond: 1, recordBytes: 1, notAField: 1 });
    } catch (e) {
      const allowed = (e as { problems: { allowed: string }[] }).problems[0].allowed;
      known = /known fields: ([^)]*)\)/.exec(allowed)![1].split(", ");
    }
    expect(known).toEqual(expect.arrayContaining(["firehose", "maxRecordSizeKiB"]));
    for (const command of ["size", "simulate", "cost"]) {
      const help = run([command, "--help"]).stdout;
      for (const field of known) expect(help).toMatch(new RegExp(`\\b${field}\\b`));
      for (const sub of ["bufferingSizeMiB", "bufferingIntervalSeconds", "compression", "s3StorageDays"]) expect(help).toContain(sub);
      expect(help).toContain('stream-simulator/README.md, "Workload file format"');
    }
  });
});

describe("the real binary (spawned like `npx stream-sim`)", () => {
  const spawn = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8", timeout: 60_000 });

  it("--help exits 0 without a build step", () => {
    const r = spawn(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage:");
    expect(r.stderr).toBe("");
  });

  it("size --json on a real example: JSON on stdout, nothing on piped stderr, exit 0", () => {
    const r = spawn(["size", "examples/hot-key.json", "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ recommendedShards: null, feasible: false, bottleneck: "hot-key" });
  });

  it("a multi-error workload exits 2 and lists the problems on stderr", () => {
    const file = writeTmp("bad-spawn.json", JSON.stringify(MULTI_ERROR_WORKLOAD));
    const r = spawn(["simulate", file, "--shards", "2"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("invalid workload file");
    expect(r.stderr).toContain("partitionKey.distinctKeys");
    expect(r.stderr).toContain("bogusField");
  });
});

describe("run flags and capacity modes", () => {
  it("size --seed and --duration override the file's seed and duration (and are validated)", () => {
    const file = example("clickstream-uuid.json");
    const a = JSON.parse(run(["size", file, "--json", "--seed", "9", "--duration", "600"]).stdout);
    expect(a.recommendedShards).toBe(size({ ...loadExample("clickstream-uuid.json"), seed: 9, durationSeconds: 600 }).recommendedShards);
    const bad = run(["size", file, "--duration", "0"]);
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.stderr).toContain("--duration 0: expected a whole number of seconds ≥ 1");
  });

  it("simulate --on-demand --tier advantage applies warm throughput; --tier without --on-demand is a usage error", () => {
    const file = writeTmp("warm.json", JSON.stringify({ recordsPerSecond: 6144, recordBytes: 988, durationSeconds: 1200, onDemand: { warmThroughputMiBPerSecond: 8 } }));
    const adv = JSON.parse(run(["simulate", file, "--on-demand", "--tier", "advantage", "--json"]).stdout);
    expect(adv.capacity).toEqual({ mode: "on-demand", tier: "advantage" });
    expect(adv.onDemand.initialCapacityBytesPerSecond).toBe(8 * 1024 * 1024);
    expect(adv.firstAttemptThrottledRecords).toBe(0);
    const std = JSON.parse(run(["simulate", file, "--on-demand", "--json"]).stdout);
    expect(std.firstAttemptThrottledRecords).toBeGreaterThan(0);
    const wrong = run(["simulate", file, "--shards", "2", "--tier", "advantage"]);
    expect(wrong.code).toBe(EXIT_USAGE);
    expect(wrong.stderr).toContain("--tier applies to on-demand capacity");
    expect(run(["cost", file, "--on-demand", "--tier", "gold"]).stderr).toContain("--tier gold: expected standard or advantage");
  });

  it("simulate --naming picks the key naming of entity keys", () => {
    const file = writeTmp("entity.json", JSON.stringify({ recordsPerSecond: 3000, recordBytes: 500, durationSeconds: 60, partitionKey: { strategy: "entity", distinctKeys: 50, zipfExponent: 1 } }));
    const n0 = JSON.parse(run(["simulate", file, "--shards", "8", "--json"]).stdout);
    const n7 = JSON.parse(run(["simulate", file, "--shards", "8", "--json", "--naming", "7"]).stdout);
    expect(n0.keyNaming).toBe(0);
    expect(n7.keyNaming).toBe(7);
    expect(n7.perShard.map((s: { trafficShare: number }) => s.trafficShare)).not.toEqual(n0.perShard.map((s: { trafficShare: number }) => s.trafficShare));
    expect(CLI_KEY_NAMINGS).toBe(KEY_NAMINGS);
    expect(run(["simulate", file, "--shards", "8", "--naming", String(KEY_NAMINGS - 1)]).code).toBe(EXIT_OK);
    const beyond = run(["simulate", file, "--shards", "8", "--naming", String(KEY_NAMINGS)]);
    expect(beyond.code).toBe(EXIT_USAGE);
    expect(beyond.stderr).toContain(`an integer from 0 to ${KEY_NAMINGS - 1}`);
  });

  it("an unwritable --svg path is a usage error, reported before simulating", () => {
    let simulated = false;
    const r = run(["simulate", example("hot-key.json"), "--shards", "4", "--svg", "/nonexistent/dir/out.svg"], {
      readFile: (p) => {
        simulated = true;
        return fs.readFileSync(p, "utf8");
      },
    });
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain("--svg /nonexistent/dir/out.svg: cannot write there (directory /nonexistent/dir does not exist)");
    // The workload file was not even read.
    expect(simulated).toBe(false);
    expect(r.files.size).toBe(0);
  });

  it("the real binary refuses an unwritable --svg path with exit 2", () => {
    const out = spawnSync(process.execPath, [BIN, "simulate", example("hot-key.json"), "--shards", "2", "--svg", path.join(tmp, "missing-dir", "x.svg")], { encoding: "utf8" });
    expect(out.status).toBe(EXIT_USAGE);
    expect(out.stderr).toMatch(/cannot write there \(directory .*missing-dir does not exist\)/);
  });
});
