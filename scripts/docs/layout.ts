/**
 * The project layout, generated from the repository's files: one line per directory for the README, and a map of
 * every file (its first doc-comment sentence, or what it is) for CONTRIBUTING.md.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * What each directory holds. A directory missing here is described by the files in it, so moving files needs no
 * edit here to stay true; an entry for a directory that does not exist is ignored.
 */
const DIRECTORIES: Record<string, string> = {
  ".": "the root package `cdktf-kinesis-pipeline`: package entry (index.ts), the example app (main.ts, cdktf.json), build and test configuration",
  ".ci": "the CI entry point",
  bench: "the synth and test-command benchmark (`npm run bench`)",
  bin: "the launcher of the package's command, `cdktf-kinesis-pipeline check-change` (testing/cli.ts)",
  config: "typed environments of the example app, with their declared workloads and environment-variable overrides",
  constructs: "the constructs, one per file, and the package's public exports (index.ts)",
  "constructs/bucket": "SecureBucket and its access-log bucket, hardening, lifecycle and names",
  "constructs/firehose": "FirehoseToS3: props, settings, role, processors, alarms and workload outputs",
  "constructs/stream": "EncryptedStream: capacity, encryption and alarms",
  "constructs/pipeline": "StreamingPipeline, the composition of stream, delivery and bucket",
  "constructs/kms": "PipelineKey, the customer-managed KMS key",
  "constructs/iam": "IAM policy documents and every least-privilege action set",
  "constructs/validation": "synth-time rules: pure functions returning every problem of a construct's props",
  validation: "synth-time rules: pure functions returning every problem of a construct's props",
  iam: "IAM policy documents and every least-privilege action set",
  docs: "guides by reader: constructs and validation, security, sizing, deployment, benchmarks",
  "docs/api": "the API reference of both packages, generated from the TSDoc (`npm run docs`)",
  examples: "workload files for `stream-sim`, the consumer project, the local endpoint's examples and the README snippets",
  "examples/local-endpoint": "`stream-sim serve` as a local Kinesis endpoint: the commands, an SDK producer and an AWS config profile (the README's local-endpoint example)",
  "examples/consumer": "a complete cdktf project using the packed packages (the README's pipeline example and CI test)",
  "examples/snippets": "the README's short examples, one construct or task each",
  scripts: "npm script helpers: the package build (and its module-local built-ins), the cdktf CLI wrapper",
  "scripts/docs": "`npm run docs`: README includes, this layout map and the API reference",
  "scripts/docs/typedoc": "the API reference's entry points and typedoc options",
  stacks: "the example stacks `main.ts` builds",
  "stream-simulator": "the `stream-simulator` package and its `stream-sim` command line",
  "stream-simulator/bench": "the simulator's benchmark",
  "stream-simulator/bin": "the `stream-sim` launcher",
  "stream-simulator/src": "the capacity model: limits and prices, workload, key routing, the provisioned and on-demand engines, the sizing rule, cost, Firehose, the CLI",
  "stream-simulator/src/serve": "`stream-sim serve`: a local Kinesis endpoint on 127.0.0.1 that throttles like AWS, kinesalite behind it",
  "stream-simulator/src/load": "`stream-sim load`: drives an endpoint with a declared workload and compares what it observes with the prediction",
  "stream-simulator/src/reference": "the per-record reference replay the per-second engines are checked against",
  "stream-simulator/src/terraform": "`stream-simulator/terraform`: reading synthesized Terraform JSON, for `cost --synth` and the matchers",
  "stream-simulator/scripts": "`npm run readme --workspace stream-simulator`: the README's sizing table and command outputs",
  "stream-simulator/src/report": "output formats of the command line: tables, JSON, SVG, progress",
  "stream-simulator/test": "the simulator's tests",
  test: "tests of the constructs, validation rules, example stacks, packages and documentation",
  "test/baselines": "the example stacks as synthesized when the baselines were last refreshed, for the change-safety test (refresh at a release: UPDATE_CHANGE_BASELINES=1)",
  "test/helpers": "test stacks, fast-check arbitraries, assertions and the README snippets' stack",
  "test/terraform": "the offline terraform harness, its jest set-up and the CI preflight",
  "test/validation": "tests of the validation rules",
  testing: "the `cdktf-kinesis-pipeline/testing` entry point: jest matchers",
};

/** Files that describe themselves nowhere. */
const FILES: Record<string, string> = {
  LICENSE: "Apache License 2.0",
  "docs/dashboard.svg": "the pipeline dashboard's layout, drawn from the example stack's synthesized dashboard (`npm run docs`)",
  "stream-simulator/LICENSE": "Apache License 2.0",
  "examples/local-endpoint/aws-config.ini": "an AWS config profile whose Kinesis calls go to the local endpoint (`endpoint_url` of a services section)",
  ".gitignore": "files never committed: dependencies, build and synth output, terraform state",
  "package-lock.json": "the locked dependency tree of both packages",
  "cdktf.json": "the example app for the cdktf CLI (`npm run synth`)",
  "examples/consumer/cdktf.json": "the app for the cdktf CLI: the synth script",
  "examples/consumer/tsconfig.json": "strict TypeScript, the library's declarations checked too",
  "scripts/docs/typedoc/tsconfig.json": "the program typedoc reads: the packages' declarations",
  "scripts/docs/typedoc/typedoc.json": "typedoc options: Markdown output into docs/api/",
  "tsconfig.json": "strict TypeScript for the whole repository; the package names mapped to their sources",
};

/** Paths left out of the map: generated files listed by their directory's line, and snapshots. */
const SKIPPED = [/(^|\/)__snapshots__\//, /^docs\/api\/.+/, /^test\/baselines\/.+/];

/** Files of the repository: tracked, plus new ones not ignored (so a file shows up before it is committed). */
export function repositoryFiles(root: string): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && fs.existsSync(path.join(root, file)))
    .sort();
}

/** The first sentence of a comment's text, without its parenthesised asides. */
function firstSentence(text: string): string {
  const paragraph = text.trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ");
  const sentence = /^(.*?[.!?])(\s|$)/.exec(paragraph)?.[1] ?? paragraph;
  return sentence
    .replace(/ \([^)]*\)?/g, "")
    .replace(/[.:;,]$/, "")
    .trim();
}

/** The first comment of a TypeScript or JavaScript file that is prose (not a type annotation or a lint directive). */
function firstComment(source: string): string | undefined {
  const comments = source.matchAll(/\/\*\*?([\s\S]*?)\*\/|((?:^[ \t]*\/\/.*\n?)+)/gm);
  for (const m of comments) {
    const text = (m[1] ?? m[2])
      .split("\n")
      .map((line) => line.replace(/^\s*(\*|\/\/)\s?/, ""))
      .join("\n")
      .trim();
    if (text === "" || /^(@type|eslint|#region|#endregion)/.test(text)) continue;
    return text;
  }
  return undefined;
}

/** One line about `file`, from its content. */
export function describeFile(root: string, file: string): string {
  if (FILES[file]) return FILES[file];
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const base = path.basename(file);
  if (base === "package.json") return `package \`${JSON.parse(text).name}\`: ${JSON.parse(text).description}`;
  if (file.endsWith(".md")) return (/^# (.+)$/m.exec(text)?.[1] ?? base).replace(/`/g, "");
  if (file.startsWith("examples/") && file.endsWith(".json")) {
    const w = JSON.parse(text);
    return `a workload for stream-sim: ${w.recordsPerSecond} records/s of ${w.recordBytes} B, ${w.partitionKey?.strategy ?? "uuid"} keys`;
  }
  if (/\.(ts|js)$/.test(file)) {
    const comment = firstComment(text.replace(/^#!.*\n/, ""));
    if (comment !== undefined) return firstSentence(comment);
    const suite = /\bdescribe\(\s*["'`](.+?)["'`]/.exec(text)?.[1];
    if (suite !== undefined) return `tests: ${suite}`;
  }
  if (/\.(sh|json)$/.test(file) || !base.includes(".")) {
    const comment = /^(?:#!.*\n)?\s*(?:#|\/\/) ?(.+)$/m.exec(text)?.[1];
    if (comment !== undefined && !comment.startsWith("!")) return firstSentence(comment);
  }
  throw new Error(`${file}: no description (add a first comment, or an entry in FILES of scripts/docs/layout.ts)`);
}

/** The directories shown, each with the files directly in it. */
function directories(files: readonly string[]): Map<string, string[]> {
  const dirs = new Map<string, string[]>();
  for (const file of files) {
    if (SKIPPED.some((pattern) => pattern.test(file))) continue;
    const dir = path.dirname(file);
    if (!dirs.has(dir)) dirs.set(dir, []);
    dirs.get(dir)!.push(file);
    // Parent directories appear even when they hold no file of their own.
    for (let parent = path.dirname(dir); parent !== "." && !dirs.has(parent); parent = path.dirname(parent)) {
      dirs.set(parent, []);
    }
  }
  if (files.some((file) => file.startsWith("docs/api/")) && !dirs.has("docs/api")) dirs.set("docs/api", []);
  return new Map([...dirs.entries()].sort(([a], [b]) => (a === "." ? -1 : b === "." ? 1 : a.localeCompare(b))));
}

const label = (dir: string): string => (dir === "." ? "(root)" : `${dir}/`);
/** GitHub's anchor for a heading `` `label` ``: lowercase, punctuation other than `-` and `_` dropped. */
const anchor = (dir: string): string => label(dir).toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");
const describeDirectory = (dir: string, files: readonly string[]): string =>
  DIRECTORIES[dir] ?? `${files.map((f) => path.basename(f)).join(", ") || "subdirectories only"}`;

/**
 * Top-level directories whose subdirectories the README lists too (those of constructs/ at any depth, the others'
 * one level down); the rest are listed after their parent in CONTRIBUTING.md.
 */
const EXPANDED = new Set(["constructs", "stream-simulator"]);
/** Contributors' directories (tests, benchmarks, build scripts, CI): CONTRIBUTING.md's file map lists them, not the README. */
const CONTRIBUTORS_ONLY = new Set([".ci", "bench", "bin", "scripts", "test", "stream-simulator/bench", "stream-simulator/bin", "stream-simulator/scripts", "stream-simulator/test"]);
const shownInReadme = (dir: string): boolean => {
  if (CONTRIBUTORS_ONLY.has(dir)) return false;
  const [top, ...rest] = dir.split("/");
  return rest.length === 0 || (EXPANDED.has(top) && (top === "constructs" || rest.length === 1));
};

/** The README's layout section: one line per directory, each linking to its files in CONTRIBUTING.md. */
export function readmeLayout(files: readonly string[]): string {
  return [...directories(files)]
    .filter(([dir]) => shownInReadme(dir))
    .map(([dir, inDir]) => `- [\`${label(dir)}\`](CONTRIBUTING.md#${anchor(dir)}) — ${describeDirectory(dir, inDir)}`)
    .join("\n");
}

/** CONTRIBUTING.md's file map: per directory, every file with one line about it. */
export function fileMap(root: string, files: readonly string[]): string {
  return [...directories(files)]
    .map(([dir, inDir]) => {
      const lines = inDir.map((file) => `- [\`${path.basename(file)}\`](${file}) — ${describeFile(root, file)}`);
      return [`### \`${label(dir)}\``, "", `${describeDirectory(dir, inDir)}.`, ...(lines.length ? ["", ...lines] : [])].join("\n");
    })
    .join("\n\n");
}
