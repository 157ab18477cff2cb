/**
 * The generated parts of the simulator's README, and the command that writes them:
 * - the table of sizing examples (between the `sizing-table` markers): for each workload, the recommendation and the
 *   question that binds, the steady-state minimum (the `limit` answer), the `growth` and `throttle` answers, AWS's
 *   documentation formula, and first-attempt throttling at the recommendation and at the formula's shard count;
 * - every `$ npx stream-sim …` example: the block holds the command's real output, run in-process from the
 *   repository root (files a command writes, such as --svg, are kept in memory).
 * `test/readme.test.ts` fails when the README is not what this writes. The README also records a digest of what
 * its generated parts were computed from (`generatedDigest`): the simulator's sources, this script, the repository's
 * example files, and the generated parts themselves. Rendering is deterministic, so while the digest matches, the
 * README is what this would write; the test renders it again only when the digest differs.
 *
 *   npm run readme --workspace stream-simulator        # rewrites README.md
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { size } from "../src/sizing";
import { simulate } from "../src/simulate";
import { main, type CliIo } from "../src/cli";
import type { Workload } from "../src/types";

export interface SizingExample {
  readonly label: string;
  readonly workload: Workload;
}

const D = { durationSeconds: 600 } as const;

/** The workloads of the table: every key strategy, record sizes from 100 B to 2 MiB, readers, shapes, producers. */
export const SIZING_EXAMPLES: readonly SizingExample[] = [
  { label: "100 rec/s × 1 KB, uuid", workload: { ...D, recordsPerSecond: 100, recordBytes: 1000 } },
  { label: "2,000 rec/s × 1 KB, uuid", workload: { ...D, recordsPerSecond: 2000, recordBytes: 1000 } },
  { label: "5,000 rec/s × 100 B, uuid (records-bound)", workload: { ...D, recordsPerSecond: 5000, recordBytes: 100 } },
  { label: "5,000 rec/s × 100 B, KPL aggregation", workload: { ...D, recordsPerSecond: 5000, recordBytes: 100, producer: { aggregation: true } } },
  { label: "100,000 rec/s × 100 B, uuid", workload: { ...D, recordsPerSecond: 100_000, recordBytes: 100 } },
  { label: "40 rec/s × 150 KB, uuid", workload: { ...D, recordsPerSecond: 40, recordBytes: 150_000 } },
  { label: "40 rec/s × 200 KB, uuid", workload: { ...D, recordsPerSecond: 40, recordBytes: 200_000 } },
  { label: "10 rec/s × 500 KB, uuid", workload: { ...D, recordsPerSecond: 10, recordBytes: 500_000 } },
  { label: "5 rec/s × 2 MiB, 10 MiB record limit", workload: { ...D, recordsPerSecond: 5, recordBytes: 2 * 1048576, maxRecordSizeKiB: 10240 } },
  { label: "2,000 rec/s × 1 KB, bursts 3×", workload: { ...D, recordsPerSecond: 2000, recordBytes: 1000, peakToAverage: 3 } },
  { label: "3,000 rec/s × 1 KB, ramp to 2×", workload: { durationSeconds: 7200, recordsPerSecond: 3000, recordBytes: 1000, peakToAverage: 2, trafficShape: "ramp" } },
  { label: "3,000 rec/s × 1 KB, daily curve 2.5×", workload: { durationSeconds: 86_400, recordsPerSecond: 3000, recordBytes: 1000, peakToAverage: 2.5, trafficShape: "daily" } },
  { label: "2,000 rec/s × 1 KB, 4 shared readers", workload: { ...D, recordsPerSecond: 2000, recordBytes: 1000, consumers: { shared: 4 } } },
  { label: "5,000 rec/s × 100 B, a reader polling every 20 s", workload: { ...D, recordsPerSecond: 5000, recordBytes: 100, consumers: { pollsPerSecond: 0.05 } } },
  { label: "1,000 rec/s × 2 KB, 2 shared + 3 EFO readers", workload: { ...D, recordsPerSecond: 1000, recordBytes: 2000, consumers: { shared: 2, enhancedFanOut: 3 } } },
  {
    label: "2,500 rec/s × 600 B, 800 entity keys, Zipf 1.25",
    workload: { ...D, recordsPerSecond: 2500, recordBytes: 600, partitionKey: { strategy: "entity", distinctKeys: 800, zipfExponent: 1.25 } },
  },
  {
    label: "1,200 rec/s × 2 KB, 50,000 sessions, Zipf 0.9, bursts 3×",
    workload: { ...D, recordsPerSecond: 1200, recordBytes: 2048, peakToAverage: 3, partitionKey: { strategy: "entity", distinctKeys: 50_000, zipfExponent: 0.9 } },
  },
  {
    label: "20,000 rec/s × 500 B, 200,000 uniform entity keys",
    workload: { ...D, recordsPerSecond: 20_000, recordBytes: 500, partitionKey: { strategy: "entity", distinctKeys: 200_000 } },
  },
  { label: "850 rec/s × 100 B, one static key", workload: { ...D, recordsPerSecond: 850, recordBytes: 100, partitionKey: { strategy: "static" } } },
  { label: "1,500 rec/s × 1 KB, one static key", workload: { ...D, recordsPerSecond: 1500, recordBytes: 1000, partitionKey: { strategy: "static" } } },
  { label: "3,000 rec/s × 100 B, 10 ms timestamp keys", workload: { ...D, recordsPerSecond: 3000, recordBytes: 100, partitionKey: { strategy: "timestamp", resolutionMs: 10 } } },
  { label: "3,000 rec/s × 500 B, 1 s timestamp keys", workload: { ...D, recordsPerSecond: 3000, recordBytes: 500, partitionKey: { strategy: "timestamp" } } },
  { label: "100 rec/s × 100 B, 6 shared readers", workload: { ...D, recordsPerSecond: 100, recordBytes: 100, consumers: { shared: 6 } } },
];

function pct(x: number): string {
  return `${(x * 100).toFixed(x !== 0 && x < 0.001 ? 4 : x < 0.1 ? 3 : 1)}%`;
}

/** One row of the table (also used by the test to check single rows). */
export function sizingRow(example: SizingExample): string {
  const r = size(example.workload);
  const q = r.questions;
  const n = (x: number | null): string => (x === null ? "none" : x.toLocaleString("en-US"));
  const atFormula = simulate({ ...example.workload, durationSeconds: 3600 }, { capacity: { mode: "provisioned", shards: r.faqFormulaShards } });
  const rec = r.recommendedShards === null ? `none (${r.bottleneck})` : `${n(r.recommendedShards)} (${r.binding})`;
  return `| ${example.label} | ${rec} | ${n(q.limit.shards)} | ${n(q.growth.shards)} | ${n(q.throttle.shards)} | ${n(r.faqFormulaShards)} | ${
    r.recommendedShards === null ? "—" : pct(r.firstAttemptThrottledFraction)
  } | ${pct(atFormula.firstAttemptThrottledFraction)} |`;
}

/** The whole table, Markdown. */
export function sizingTable(examples: readonly SizingExample[] = SIZING_EXAMPLES): string {
  return [
    "| Workload | Recommendation (binds) | Steady-state minimum (`limit`) | `growth` | `throttle` | AWS formula | First attempts throttled at the recommendation | … at the formula's count |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...examples.map(sizingRow),
  ].join("\n");
}

export const README = path.join(__dirname, "..", "README.md");
const REPO = path.join(__dirname, "..", "..");
const START = "<!-- sizing-table:start (generated by scripts/readme.ts; do not edit) -->";
const END = "<!-- sizing-table:end -->";
const PROMPT = "$ npx stream-sim ";

/** Runs a `stream-sim` command line in-process from the repository root; returns what it printed (stdout, then stderr). */
export function runExample(commandLine: string): string {
  const argv = commandLine.trim().split(/\s+/);
  let out = "";
  const io: CliIo = {
    stdout: { write: (c: string) => (out += c), isTTY: false },
    stderr: { write: (c: string) => (out += c), isTTY: false, columns: 80 },
    readFile: (p) => fs.readFileSync(path.resolve(REPO, p), "utf8"),
    writeFile: () => undefined,
    checkWritable: () => undefined,
  };
  main(argv, io);
  return out.trimEnd();
}

const DIGEST_LINE = /^<!-- generated-from: sha256:([0-9a-f]{64}) \(npm run readme --workspace stream-simulator\) -->$/m;

/** Every file a rendering reads: the simulator's sources, this script, the example files the README's commands name. */
function renderingInputs(text: string): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.name !== "node_modules")
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const src = walk(path.join(__dirname, "..", "src")).filter((f) => f.endsWith(".ts"));
  const named = new Set((text.match(/^\$ npx stream-sim [^\n]*/gm) ?? []).flatMap((line) => line.match(/examples\/[^\s]+\.json/g) ?? []));
  const examples = [...named].map((file) => path.join(REPO, file));
  return [...src, __filename, ...examples].sort();
}

/** The generated parts of `text`: the sizing table and every `$ npx stream-sim …` block with its output. */
function generatedParts(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  const blocks = text.match(/```console\n\$ npx stream-sim [^\n]*\n[\s\S]*?```/g) ?? [];
  return [a >= 0 && b > a ? text.slice(a, b) : "", ...blocks].join("\n");
}

/** Digest of the rendering's inputs and of `text`'s generated parts (what the README records). */
export function generatedDigest(text: string): string {
  const hash = createHash("sha256");
  for (const file of renderingInputs(text)) {
    hash.update(`${path.relative(REPO, file).split(path.sep).join("/")}\0`).update(fs.readFileSync(file)).update("\0");
  }
  return hash.update(generatedParts(text)).digest("hex");
}

/** The digest the README records, or undefined. */
export function recordedDigest(text: string): string | undefined {
  return DIGEST_LINE.exec(text)?.[1];
}

/** `text` with its generated parts rendered and the digest recorded (the digest line is the README's last line). */
export function writeReadme(text: string): string {
  const rendered = renderReadme(text).replace(/\n*<!-- generated-from: [^\n]* -->\n?$/, "\n");
  return `${rendered.trimEnd()}\n\n<!-- generated-from: sha256:${generatedDigest(rendered)} (npm run readme --workspace stream-simulator) -->\n`;
}

/** `text` with the sizing table and every `$ npx stream-sim …` block regenerated. */
export function renderReadme(text: string): string {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`the README has no ${START} … ${END} markers`);
  let out = `${text.slice(0, a + START.length)}\n${sizingTable()}\n${text.slice(b)}`;
  out = out.replace(/```console\n(\$ npx stream-sim [^\n]*)\n[\s\S]*?```/g, (_m, command: string) => {
    return `\`\`\`console\n${command}\n${runExample(command.slice(PROMPT.length))}\n\`\`\``;
  });
  return out;
}

if (require.main === module) {
  fs.writeFileSync(README, writeReadme(fs.readFileSync(README, "utf8")));
  process.stdout.write(`${README} regenerated.\n`);
}
