import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_USAGE, main, type CliIo } from "../src/cli";
import { estimateCost } from "../src/cost";
import { simulateFirehose } from "../src/firehose";
import { parseWorkload, simulate, size } from "../src/index";
import { KINESIS_LIMITS } from "../src/limits";
import { TIMESTAMP_BLOCK } from "../src/shards";
import { renderSimulationReport } from "../src/report/table";
import type { Workload } from "../src/types";

/**
 * Regression tests of a code review's findings; each names the defect it guards ("fails when …").
 */

const REPO = path.resolve(__dirname, "..", "..");
const example = (name: string): string => path.join(REPO, "examples", name);
const provisioned = (shards: number) => ({ capacity: { mode: "provisioned" as const, shards } });
const onDemand = { capacity: { mode: "on-demand" as const } };

function run(argv: string[], options: { ttyStderr?: boolean; ttyStdout?: boolean; readFile?: (p: string) => string } = {}) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (c: string) => (stdout += c), isTTY: options.ttyStdout ?? false },
    stderr: { write: (c: string) => (stderr += c), isTTY: options.ttyStderr ?? false, columns: 80 },
    readFile: options.readFile ?? ((p) => fs.readFileSync(p, "utf8")),
    writeFile: () => undefined,
    progressDelayMs: 0,
  };
  const code = main(argv, io);
  return { code, stdout, stderr };
}

const HOT_KEY: Workload = {
  recordsPerSecond: 1500,
  recordBytes: 1000,
  durationSeconds: 600,
  partitionKey: { strategy: "static", value: "tenant-42" },
  partitionKeyBytes: 9,
  arrivalNoise: "none",
};

describe("1. utilization and peaks exclude retries", () => {
  it("fails when the hot shard's peak includes waiting retries (1,500 rec/s offered must read 1.50×, not 4.4×)", () => {
    const r = simulate(HOT_KEY, provisioned(2));
    expect(r.maxShardWriteUtilization).toBeCloseTo(1.5, 9);
    expect(r.hotShard.peakRecordsPerSecond).toBe(1500);
    expect(r.hotShard.peakBytesPerSecond).toBe(1500 * 1009);
    // The attempted demand (new + retries) is reported separately.
    expect(r.maxShardAttemptedWriteUtilization).toBeGreaterThan(3);
    const hot = r.perShard.find((s) => s.shardId === r.hotShard.shardId)!;
    expect(hot.meanWriteUtilization).toBeCloseTo(1.5, 9);
  });

  it("fails when on-demand utilization includes retries", () => {
    // 8,000 × 1 KiB records/s against the initial 4 MiB/s / 4,000 records/s: new demand is 2.0× capacity.
    const r = simulate({ recordsPerSecond: 8000, recordBytes: 1000, partitionKeyBytes: 24, durationSeconds: 120, arrivalNoise: "none" }, onDemand);
    expect(r.writeThrottledRecords).toBeGreaterThan(0);
    expect(r.maxShardWriteUtilization).toBeCloseTo(2, 9);
    expect(r.hotShard.peakRecordsPerSecond).toBe(8000);
    expect(r.maxShardAttemptedWriteUtilization).toBeGreaterThan(2.5);
  });
});

describe("3. hot key infeasible only above one shard's limit", () => {
  const key850: Workload = { recordsPerSecond: 850, recordBytes: 100, partitionKey: { strategy: "static" }, durationSeconds: 600 };

  it("fails when a key at 0.85× the limit (above the 0.8 headroom) is called infeasible", () => {
    const s = size(key850);
    expect(s.feasible).toBe(true);
    expect(s.recommendedShards).toBe(1);
    expect(s.bottleneck).toBe("hot-key");
    expect(s.throttledFraction).toBeLessThanOrEqual(0.001);
    expect(s.advice.join(" ")).toMatch(/headroom target \(80\.0%\) cannot be met because of the hottest partition key/);
  });

  it("fails when a key above the limit is not infeasible (1.5×)", () => {
    const s = size({ ...HOT_KEY, arrivalNoise: "poisson" });
    expect(s.feasible).toBe(false);
    expect(s.bottleneck).toBe("hot-key");
  });

  it("fails when the on-demand cost of a hot key above the limit does not warn that on-demand cannot fix it", () => {
    const c = estimateCost(HOT_KEY, { mode: "on-demand" });
    expect(c.notes.join(" ")).toMatch(/on-demand does not fix a hot key/);
    expect(estimateCost({ ...HOT_KEY, recordsPerSecond: 100 }, { mode: "on-demand" }).notes.join(" ")).not.toMatch(/hot key/);
    const out = run(["cost", example("hot-key.json"), "--on-demand"]);
    expect(out.stdout).toMatch(/Note: on-demand does not fix a hot key/);
  });
});

describe("4/5. one binding-constraint rule for size and simulate", () => {
  it("fails when a light workload is bound by shared-read-calls (calls do not depend on shard count)", () => {
    const s = size({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 600 });
    expect(s.recommendedShards).toBe(1);
    // 100 records/s = 10% of the records limit; 13,600 B/s = 1.3% of the byte limit.
    expect(s.bottleneck).toBe("write-records");
  });

  it("fails when simulate names a different constraint than size at the recommended count", () => {
    for (const name of ["clickstream-uuid.json", "small-records.json"]) {
      const w = parseWorkload(JSON.parse(fs.readFileSync(example(name), "utf8")));
      const s = size(w);
      const r = simulate(w, provisioned(s.recommendedShards!));
      expect(r.bindingConstraint).toBe(s.bottleneck);
    }
  });

  it("fails when a run whose peak exceeded the limit (absorbed by burst) is reported as 'below every limit'", () => {
    const w = parseWorkload(JSON.parse(fs.readFileSync(example("clickstream-uuid.json"), "utf8")));
    const r = simulate(w, provisioned(9));
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.maxShardWriteUtilization).toBeGreaterThan(1);
    const text = renderSimulationReport(r, "x.json");
    expect(text).not.toMatch(/below every limit/);
    expect(text).toMatch(/absorbed by its burst capacity/);
    expect(text).toMatch(/closest limit: write bytes/);
  });
});

describe("6. aggregation advice only when the hot key fits the byte limit", () => {
  it("fails when KPL aggregation is suggested for a key that is also bytes-bound", () => {
    // 30,000 records/s × 100 B on one key: 30× the records limit AND ~3.9× the byte limit.
    const both = size({ recordsPerSecond: 30_000, recordBytes: 100, partitionKey: { strategy: "static" }, durationSeconds: 60 });
    expect(both.feasible).toBe(false);
    expect(both.advice.join(" ")).not.toMatch(/aggregation/i);
    // 2,000 records/s × 100 B: records-bound only (0.26 MiB/s): aggregation is the fix.
    const recs = size({ recordsPerSecond: 2000, recordBytes: 100, partitionKey: { strategy: "static" }, durationSeconds: 60 });
    expect(recs.advice.join(" ")).toMatch(/aggregation/i);
  });
});

describe("2. Firehose ingestion only when a Firehose reads the stream", () => {
  it("fails when a workload with firehose: false is billed for Firehose ingestion", () => {
    const w: Workload = { recordsPerSecond: 1000, recordBytes: 1000, firehose: false };
    const c = estimateCost(w, { mode: "provisioned", shards: 1 });
    expect(c.lines.some((l) => /Firehose/.test(l.item))).toBe(false);
    expect(estimateCost({ ...w, firehose: true }, { mode: "provisioned", shards: 1 }).lines.some((l) => /Firehose/.test(l.item))).toBe(true);
    // Default: true (this project's pipelines deliver through Firehose).
    expect(estimateCost({ recordsPerSecond: 1000, recordBytes: 1000 }, { mode: "on-demand" }).lines.some((l) => /Firehose/.test(l.item))).toBe(true);
  });

  it("fails when the CLI ignores the workload's firehose field, or parseWorkload accepts a non-boolean", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-fh-"));
    const file = path.join(dir, "w.json");
    fs.writeFileSync(file, JSON.stringify({ recordsPerSecond: 1000, recordBytes: 1000, firehose: false }));
    const out = run(["cost", file, "--shards", "2"]);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).not.toMatch(/Firehose/);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(() => parseWorkload({ recordsPerSecond: 1, recordBytes: 1, firehose: "no" })).toThrow(/firehose/);
  });
});

describe("7. one Firehose billing rule (per user record) for cost and firehose", () => {
  it("fails when cost.ts bills aggregated Kinesis records while firehose.ts bills user records", () => {
    const w: Workload = { recordsPerSecond: 2000, recordBytes: 200, producer: { aggregation: true, lingerMs: 1000 } };
    const c = estimateCost(w, { mode: "provisioned", shards: 1 });
    expect(c.kinesisRecordsPerSecond).toBeLessThan(w.recordsPerSecond); // aggregation is on
    const line = c.lines.find((l) => /Firehose/.test(l.item))!;
    const f = simulateFirehose(w, { source: "kinesis", bufferingSizeMiB: 5, bufferingIntervalSeconds: 300 });
    expect(line.quantity).toBeCloseTo(f.billedGbPerMonth, 9);
    // …and without aggregation both agree too.
    const plain = estimateCost({ ...w, producer: {} }, { mode: "provisioned", shards: 1 }).lines.find((l) => /Firehose/.test(l.item))!;
    expect(plain.quantity).toBeCloseTo(f.billedGbPerMonth, 9);
  });
});

describe("9. retry backoff, maxRecordSizeKiB, rejected records in the verdict", () => {
  const throttling: Workload = { recordsPerSecond: 1200, recordBytes: 900, durationSeconds: 120, arrivalNoise: "none", producer: { maxRetries: 3 } };

  it("fails when retryBackoffMs has no effect (a 60 s backoff must retry into the next burst, 100 ms must not)", () => {
    // One 20× burst second per minute (traffic.ts); retries 100 ms later land in a quiet second and mostly succeed,
    // retries 60 s later land in the next burst second and mostly fail again.
    const spiky: Workload = { recordsPerSecond: 300, recordBytes: 900, durationSeconds: 600, peakToAverage: 20, arrivalNoise: "none" };
    const fast = simulate({ ...spiky, producer: { maxRetries: 1, retryBackoffMs: 100 } }, provisioned(1));
    const slow = simulate({ ...spiky, producer: { maxRetries: 1, retryBackoffMs: 60_000 } }, provisioned(1));
    expect(fast).toEqual(simulate({ ...spiky, producer: { maxRetries: 1 } }, provisioned(1))); // default 100 ms
    expect(fast.writeThrottledRecords).toBeGreaterThan(0);
    expect(slow.writeThrottledRecords).toBeGreaterThan(fast.writeThrottledRecords * 1.2);
    // Conservation holds with delayed retries too, provisioned and on-demand.
    expect(slow.acceptedRecords + slow.writeThrottledRecords + slow.rejectedRecords).toBe(slow.offeredRecords);
    const od = simulate({ ...spiky, recordsPerSecond: 1000, producer: { maxRetries: 3, retryBackoffMs: 2000 } }, onDemand);
    expect(od.writeThrottledRecords).toBeGreaterThan(0);
    expect(od.acceptedRecords + od.writeThrottledRecords + od.rejectedRecords).toBe(od.offeredRecords);
  });

  it("fails when a retry whose backoff outlasts the run is not counted as throttled", () => {
    const r = simulate({ ...throttling, producer: { maxRetries: 1, retryBackoffMs: 600_000 } }, provisioned(1));
    const none = simulate({ ...throttling, producer: { maxRetries: 0 } }, provisioned(1));
    expect(r.writeThrottledRecords).toBe(none.writeThrottledRecords);
  });

  it("fails when maxRecordSizeKiB does not decide rejection", () => {
    const big: Workload = { recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 30, arrivalNoise: "none" };
    expect(simulate(big, provisioned(1)).rejectedRecords).toBe(30);
    const ok = simulate({ ...big, maxRecordSizeKiB: 4096 }, provisioned(1));
    expect(ok.rejectedRecords).toBe(0);
    expect(ok.acceptedRecords + ok.writeThrottledRecords).toBe(30); // 2 MiB records still exceed 1 MiB/s: some throttle
    expect(simulate({ ...big, maxRecordSizeKiB: 4096 }, onDemand).rejectedRecords).toBe(0);
    expect(size({ ...big, maxRecordSizeKiB: 4096 }).feasible).toBe(true);
    expect(() => parseWorkload({ ...big, maxRecordSizeKiB: 512 })).toThrow(/maxRecordSizeKiB/);
    expect(() => parseWorkload({ ...big, maxRecordSizeKiB: 10241 })).toThrow(/maxRecordSizeKiB/);
  });

  it("fails when a run that rejects every record prints 'Throttled 0.00%' as if fine", () => {
    const r = simulate({ recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 30 }, provisioned(1));
    const text = renderSimulationReport(r, "x.json");
    expect(text.split("\n")[0]).toMatch(/REJECTS 100\.00%/);
    expect(text.split("\n")[0]).toMatch(/nothing is written/);
  });
});

describe("10. size progress bar", () => {
  it("fails when size draws no progress bar with TTY stdout and stderr (and must draw none otherwise)", () => {
    const tty = run(["size", example("clickstream-uuid.json")], { ttyStderr: true, ttyStdout: true });
    expect(tty.code).toBe(EXIT_OK);
    expect(tty.stderr).toMatch(/sizing \[/);
    expect(tty.stdout).not.toMatch(/\r/);
    const piped = run(["size", example("clickstream-uuid.json")], { ttyStderr: true });
    expect(piped.stderr).toBe("");
  });
});

describe("11. robustness", () => {
  it("fails when --shards above the per-stream limit is an internal error (exit 1) instead of a usage error", () => {
    const max = KINESIS_LIMITS.maxShardsPerStream.value;
    const r = run(["simulate", example("hot-key.json"), "--shards", String(max + 1)]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(/at most 10,000 shards/);
    expect(r.stderr).not.toMatch(/RangeError|error:/);
    expect(run(["cost", example("hot-key.json"), "--shards", "100000000"]).code).toBe(EXIT_USAGE);
  });

  it("fails when --shards accepts non-decimal numerals (1e1, 0x10, 1.0)", () => {
    for (const bad of ["1e1", "0x10", "1.0", "+3", "0"]) {
      const r = run(["simulate", example("hot-key.json"), "--shards", bad]);
      expect(r.code).toBe(EXIT_USAGE);
    }
    expect(run(["simulate", example("hot-key.json"), "--shards", "10"]).code).toBe(EXIT_OK);
  });

  it("fails when a workload file starting with a UTF-8 BOM is rejected", () => {
    const text = fs.readFileSync(example("hot-key.json"), "utf8");
    const r = run(["simulate", "bom.json", "--shards", "2"], { readFile: () => `\ufeff${text}` });
    expect(r.code).toBe(EXIT_OK);
  });

  it("fails when timestamp keys are not processed identically in memory-bounded shard blocks", () => {
    const w: Workload = { recordsPerSecond: 20_000, recordBytes: 500, durationSeconds: 120, partitionKey: { strategy: "timestamp", resolutionMs: 3 } };
    const saved = TIMESTAMP_BLOCK.entryBudget;
    try {
      const whole = simulate(w, provisioned(50));
      TIMESTAMP_BLOCK.entryBudget = 100; // forces many blocks
      const blocks = simulate(w, provisioned(50));
      expect(blocks).toEqual(whole);
    } finally {
      TIMESTAMP_BLOCK.entryBudget = saved;
    }
  });

  it("fails when a 24 h × 1,000-shard run with 1 ms timestamp keys needs GBs (child's peak RSS must stay < 1 GiB)", () => {
    // Run in a child process: its peak RSS is measurable, and jest's VM context makes Math builtins ~50× slower.
    // Before the fix this run held ~55 M (second, shard, fraction) entries in JS arrays: ~3.8 GB peak RSS, 17 s.
    // After: ≈ 330 MB peak RSS, ≈ 11 s (shard blocks of at most TIMESTAMP_BLOCK.entryBudget entries).
    const script = `
      const { simulate } = require("./src/index");
      const r = simulate({ recordsPerSecond: 100000, recordBytes: 500, durationSeconds: 86400, arrivalNoise: "none",
        partitionKey: { strategy: "timestamp", resolutionMs: 1 } }, { capacity: { mode: "provisioned", shards: 1000 } });
      process.stdout.write(JSON.stringify({ offered: r.offeredRecords, maxRssKiB: process.resourceUsage().maxRSS }));`;
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: path.join(REPO, "stream-simulator"),
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.json") },
    });
    expect(child.stderr).toBe("");
    const out = JSON.parse(child.stdout) as { offered: number; maxRssKiB: number };
    expect(out.offered).toBeGreaterThan(8.6e9);
    expect(out.maxRssKiB * 1024).toBeLessThan(2 ** 30);
  });
});

describe("12. size output pluralization", () => {
  it("fails when the size report says '1 shards'", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-pl-"));
    const file = path.join(dir, "w.json");
    fs.writeFileSync(file, JSON.stringify({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 60 }));
    const out = run(["size", file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).not.toMatch(/\b1 shards\b/);
    expect(out.stdout).toMatch(/AWS FAQ formula\s+1 shard\b/);
  });
});
