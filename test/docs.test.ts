/**
 * The documentation stays true: every README code block is a file a test runs or a command checked here; the
 * generated parts (included code, the layout, the API reference, the benchmark file) are current; links resolve.
 * `npm run docs` regenerates the first three, `npm run bench` the last.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BENCHMARKS_FILE, BENCH_REPORT_ENV, BENCH_SECTIONS, HASH_LINE, benchSourceHash } from "../bench/report";
import { apiSourceHash, recordedApiHash } from "../scripts/docs/api";
import { fileMap, readmeLayout, repositoryFiles } from "../scripts/docs/layout";
import { fencedBlocks, includesOf, renderIncludes, replaceSection } from "../scripts/docs/markdown";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");
const REGENERATE = "run `npm run docs` and commit the result";

/** Files the README may include, and the test that runs each. */
const EXECUTED_BY: readonly [RegExp, string][] = [
  [/^examples\/consumer\/(install\.sh|main\.ts|orders-stack\.ts|orders-stack\.test\.ts)$/, "test/consumer-package.test.ts"],
  [/^examples\/snippets\/[\w-]+\.ts$/, "test/readme-snippets.test.ts"],
  [/^examples\/local-endpoint\/(try-it\.sh|producer\.ts|aws-config\.ini)$/, "test/local-endpoint.test.ts"],
];

/** Shell lines of a block, comments dropped. */
const shellLines = (text: string): string[] =>
  text
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

describe("README code blocks", () => {
  const blocks = fencedBlocks(README);

  it("each is an include of a file a test runs, or the quick start", () => {
    const unchecked = blocks.filter((block) => {
      const include = /^<!-- include: (\S+) -->$/.exec(block.marker)?.[1];
      if (include === undefined) return !(block.language === "sh" && block.text.includes("npm ci && npm run synth"));
      return !EXECUTED_BY.some(([pattern, test]) => pattern.test(include) && fs.existsSync(path.join(ROOT, test)));
    });
    expect(unchecked).toEqual([]);
    expect(includesOf(README).length).toBeGreaterThanOrEqual(8);
  });

  it("the included code is the files' current content (" + REGENERATE + ")", () => {
    expect(renderIncludes(README, ROOT)).toBe(README);
  });

  it("the quick start is the two commands CI runs: install and synthesize, then the tests", () => {
    const quickStart = blocks.find((block) => block.language === "sh" && block.text.includes("npm run synth"))!;
    expect(shellLines(quickStart.text)).toEqual(["npm ci && npm run synth", "npm test"]);
    const scripts = JSON.parse(read("package.json")).scripts;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(["synth", "test"]));
    const ci = shellLines(read(".ci/run"));
    const npmCi = ci.findIndex((line) => /^npm ci\b/.test(line));
    expect(npmCi).toBeGreaterThanOrEqual(0);
    expect(ci.indexOf("npm test")).toBeGreaterThan(npmCi);
  });

  it("every stream-sim command it shows runs", () => {
    const commands = [...README.matchAll(/`npx stream-sim ([^`]+)`/g)].map((m) => m[1].split(/\s+/));
    expect(commands.length).toBeGreaterThan(0);
    for (const args of commands) {
      const result = spawnSync(process.execPath, [path.join(ROOT, "stream-simulator/bin/stream-sim.js"), ...args], {
        cwd: ROOT,
        encoding: "utf8",
      });
      expect({ args, status: result.status, stderr: result.stderr }).toEqual({ args, status: 0, stderr: "" });
    }
  });

  it("stays short: about 250 lines, the generated layout included", () => {
    expect(README.split("\n").length).toBeLessThanOrEqual(280);
  });
});

describe("generated documentation is current", () => {
  const files = repositoryFiles(ROOT);

  it("the README's layout section (" + REGENERATE + ")", () => {
    expect(replaceSection(README, "layout", readmeLayout(files))).toBe(README);
  });

  it("CONTRIBUTING.md's file map (" + REGENERATE + ")", () => {
    const contributing = read("CONTRIBUTING.md");
    expect(replaceSection(contributing, "file-map", fileMap(ROOT, files))).toBe(contributing);
  });

  it("the README's layout reaches every directory a newcomer needs in one hop", () => {
    const layout = README.slice(README.indexOf("<!-- layout:begin -->"), README.indexOf("<!-- layout:end -->"));
    const listed = [...layout.matchAll(/^- \[`([^`]+)`\]\(CONTRIBUTING\.md#/gm)].map((m) => m[1]);
    for (const dir of ["constructs/", "stacks/", "config/", "testing/", "docs/", "examples/", "stream-simulator/src/"]) {
      expect(listed).toContain(dir);
    }
    // The rule and IAM homes, wherever the constructs' layout puts them.
    for (const home of [/(^|\/)validation\/$/, /(^|\/)iam\/$/]) expect(listed.some((dir) => home.test(dir))).toBe(true);
    // Every folder of the constructs (a family folder included) is listed.
    const constructDirs = new Set(files.filter((f) => f.startsWith("constructs/")).map((f) => `${path.dirname(f)}/`));
    for (const dir of constructDirs) expect(listed).toContain(dir);
  });

  it("docs/dashboard.svg is the example stack's dashboard as it synthesizes (" + REGENERATE + ")", () => {
    const { DASHBOARD_SVG, exampleDashboardWidgets, renderDashboardSvg } = require("../scripts/docs/dashboard") as typeof import("../scripts/docs/dashboard");
    expect(read(DASHBOARD_SVG)).toBe(renderDashboardSvg(exampleDashboardWidgets()));
  });

  it("the API reference matches the packages' declarations (" + REGENERATE + ")", () => {
    // `npm test` builds the declarations first (its type check); run alone, jest needs them built.
    const { tscPath } = require("../scripts/tsc") as { tscPath: (root: string) => string };
    const tsc = tscPath(ROOT);
    const dry = spawnSync(process.execPath, [tsc, "-b", "tsconfig.build.json", "--dry", "--verbose"], { cwd: ROOT, encoding: "utf8" });
    expect(dry.stdout).not.toMatch(/out of date|would build|does not exist/i);
    expect(recordedApiHash(ROOT)).toBe(apiSourceHash(ROOT));
  });

  // `npm run bench` times this test command while it is writing docs/benchmarks.md (bench/report.ts marks its
  // children): there the file is being produced, so this one check is not asked of it.
  const producingBenchmarks = process.env[BENCH_REPORT_ENV] === "1";
  (producingBenchmarks ? it.skip : it)("docs/benchmarks.md was produced by the current benchmarks, one section each (run `npm run bench`)", () => {
    const text = read(BENCHMARKS_FILE);
    expect(HASH_LINE.exec(text)?.[1]).toBe(benchSourceHash(ROOT));
    const sections = [...text.matchAll(/^## (.+)\n\nExit status (\d+)\.\n\n```text\n([\s\S]*?)\n```$/gm)];
    expect(sections.map((m) => m[1])).toEqual(BENCH_SECTIONS.map((s) => s.title));
    for (const [, , , output] of sections) expect(output.split("\n").length).toBeGreaterThan(3);
    expect(text).not.toMatch(/load average/i);
  });
});

describe("links between the documents", () => {
  const documents = ["README.md", "CONTRIBUTING.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

  it.each(documents)("%s links only to files that exist", (file) => {
    const broken = [...read(file).matchAll(/\]\(([^)#\s]+)(#[^)\s]*)?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !fs.existsSync(path.join(ROOT, path.dirname(file), target)));
    expect(broken).toEqual([]);
  });
});
