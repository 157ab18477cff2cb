import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { terraformValidateDirectory } from "./terraform/harness";

/**
 * The packages as a user gets them. Runs README section 3 ("Use it in your own cdktf stack") from the README itself,
 * so the documentation cannot drift from what works:
 * 1. runs the README's `npm pack` lines in the repository, as a user would, with the tarballs written to a temp
 *    directory (prepack's incremental build leaves dist/, gitignored, which nothing in the repository runs);
 * 2. creates a project next to it and runs the README's install lines with `--offline`: the two tarballs as written;
 *    cdktf, constructs, @cdktf/provider-aws and typescript linked from this repository's node_modules (after checking
 *    their versions satisfy the README's specs), so nothing is downloaded;
 * 3. writes the README's tsconfig.json (strict, no skipLibCheck) and main.ts, runs `npx tsc` and `node main.js`;
 * 4. runs the offline `terraform validate` on the synthesized stack.
 */

const ROOT = path.resolve(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const USAGE_HEADING = "## 3. Use it in your own cdktf stack";
/** Packages the README installs from the registry; the test links the repository's copies instead. */
const LINKED_FROM_REPO = ["cdktf", "constructs", "@cdktf/provider-aws", "typescript"];

interface CodeBlock {
  readonly lang: string;
  readonly text: string;
}

function usageSection(): string {
  const start = README.indexOf(`\n${USAGE_HEADING}\n`);
  if (start < 0) throw new Error(`README.md has no "${USAGE_HEADING}" heading`);
  const end = README.indexOf("\n## ", start + USAGE_HEADING.length + 2);
  return README.slice(start, end < 0 ? undefined : end);
}

function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
}

/** Shell lines of a block: comments and blank lines dropped, split on whitespace (the README uses no quoting). */
function commands(block: CodeBlock): string[][] {
  return block.text
    .split("\n")
    .map((line) => line.replace(/\s#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/\s+/));
}

/** `name@range` → [name, range]; scoped names keep their leading "@". */
function splitSpec(spec: string): [string, string] {
  const at = spec.lastIndexOf("@");
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, ""];
}

/** The range forms the README uses: exact `x.y.z`, `^x.y.z`, `~x.y.z`. */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string) => v.split(".").map((n) => Number.parseInt(n, 10));
  const m = /^([\^~]?)(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`unsupported version range in README: ${range}`);
  const [op, base] = [m[1], parse(m[2])];
  const v = parse(version);
  const cmp = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  if (op === "") return cmp(v, base) === 0;
  if (cmp(v, base) < 0) return false;
  if (op === "~") return v[0] === base[0] && v[1] === base[1];
  if (base[0] > 0) return v[0] === base[0];
  return v[0] === 0 && (base[1] > 0 ? v[1] === base[1] : v[1] === 0 && v[2] === base[2]);
}

const NPM_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  CI: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_loglevel: "error",
  // `npm pack` must run the packages' prepack (the build) even where the user's npm config says ignore-scripts.
  npm_config_ignore_scripts: "false",
};

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, env: NPM_ENV, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`\`${[command, ...args].join(" ")}\` in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Every file of an installed package, relative to its directory. */
function packageFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .sort();
}

/** The files `exports`, `main` and `types` point at, for every condition a consumer can use. */
function entryFiles(pkg: any): string[] {
  const files: string[] = [pkg.main, pkg.types];
  for (const target of Object.values(pkg.exports as Record<string, unknown>)) {
    if (typeof target === "string") files.push(target);
    else
      for (const [condition, file] of Object.entries(target as Record<string, string>))
        if (condition !== "@cdktf-kinesis-pipeline/source") files.push(file);
  }
  return files;
}

describe("README section 3, run as written against the packed packages", () => {
  const blocks = codeBlocks(usageSection());
  let work: string;
  let tarballDir: string;
  let project: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-package-"));
    tarballDir = path.join(work, "tarballs");
    project = path.join(work, "orders-infra");
    fs.mkdirSync(project);
    fs.mkdirSync(tarballDir);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("has the blocks the test runs: pack, install, tsconfig.json, main.ts, synth", () => {
    expect(blocks.map((b) => b.lang)).toEqual(["sh", "sh", "json", "ts", "sh"]);
  });

  it("packs both packages, installs the tarballs into a strict TypeScript project, synthesizes and validates it", () => {
    const [pack, install, tsconfig, mainTs, synth] = blocks;

    // 1. npm pack, in the repository as a user would (prepack's incremental build leaves dist/, gitignored, as its
    //    cache; nothing in the repository runs it). The tarballs go to a directory of this test's own.
    for (const [command, ...args] of commands(pack)) {
      expect(`${command} ${args[0]}`).toBe("npm pack");
      run(command, [...args, "--pack-destination", tarballDir], ROOT);
    }

    // 2. The install lines, in a new project: tarballs as written, registry packages linked from the repository.
    const tarballs = fs.readdirSync(tarballDir).filter((f) => f.endsWith(".tgz"));
    expect(tarballs.sort()).toEqual(["cdktf-kinesis-pipeline-0.1.0.tgz", "stream-simulator-0.1.0.tgz"]);
    for (const tarball of tarballs) fs.copyFileSync(path.join(tarballDir, tarball), path.join(project, tarball));
    const installed = new Set<string>();
    for (const [command, ...args] of commands(install)) {
      expect(command).toBe("npm");
      const resolved = args.map((arg) => {
        const [name, range] = splitSpec(arg);
        if (!LINKED_FROM_REPO.includes(name)) return arg;
        const dir = path.join(ROOT, "node_modules", name);
        const { version } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        if (!satisfies(version, range)) throw new Error(`README installs ${arg}, but the repository has ${name} ${version}`);
        installed.add(name);
        return dir;
      });
      run(command, args[0] === "install" ? [...resolved, "--offline"] : resolved, project);
    }
    expect([...installed].sort()).toEqual([...LINKED_FROM_REPO].sort());

    // Both packages are the tarballs' copies in the project, real directories (not links into the repository), and
    // ship dist/ only: no TypeScript sources, tests or synth output.
    const lib = path.join(project, "node_modules", "cdktf-kinesis-pipeline");
    const sim = path.join(project, "node_modules", "stream-simulator");
    for (const dir of [lib, sim]) {
      expect(fs.lstatSync(dir).isSymbolicLink()).toBe(false);
      const files = packageFiles(dir);
      const stray = files.filter(
        (f) => !/^(package\.json|README\.md|LICENSE|bin\/stream-sim\.js|dist\/.+\.(js|js\.map|d\.ts))$/.test(f)
      );
      expect(stray).toEqual([]);
      expect(files.filter((f) => /\.test\.|cdktf\.out/.test(f))).toEqual([]);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      const missing = entryFiles(pkg).filter((f) => !fs.existsSync(path.join(dir, f)));
      expect(missing).toEqual([]);
    }

    // 3. tsconfig.json and main.ts as written; then the synth block.
    fs.writeFileSync(path.join(project, "tsconfig.json"), tsconfig.text);
    expect(JSON.parse(tsconfig.text).compilerOptions).toMatchObject({ strict: true });
    expect(JSON.parse(tsconfig.text).compilerOptions.skipLibCheck).toBeUndefined();
    fs.writeFileSync(path.join(project, "main.ts"), mainTs.text);
    expect(mainTs.text).toMatch(/from "cdktf-kinesis-pipeline";/);
    expect(mainTs.text).toMatch(/new StreamingPipeline\(/);
    for (const [command, ...args] of commands(synth)) run(command, args, project);

    // The program ran against the installed packages, not the repository's sources.
    const resolvedFrom = run(
      process.execPath,
      [
        "-p",
        `const lib = require.resolve("cdktf-kinesis-pipeline");
         [lib, require.resolve("stream-simulator", { paths: [lib] })].join("\\n")`,
      ],
      project
    ).trim();
    expect(resolvedFrom.split("\n")).toEqual([path.join(lib, "dist", "index.js"), path.join(sim, "dist", "index.js")]);
    const testing = run(process.execPath, ["-p", `require.resolve("cdktf-kinesis-pipeline/testing")`], project).trim();
    expect(testing).toBe(path.join(lib, "dist", "testing", "index.js"));
    // The simulator's command line runs from its tarball too (dist/, no TypeScript tooling).
    expect(run(path.join(project, "node_modules", ".bin", "stream-sim"), ["--help"], project)).toMatch(/stream-sim/);

    // 4. The synthesized stack: the resources the README states, valid for terraform (offline mirror).
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(["orders"]);
    const stackDir = path.join(project, "cdktf.out", "stacks", "orders");
    const stack = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const resourceCount = Object.values(stack.resource as Record<string, object>).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0
    );
    const stated = /\((\d+) resources\)/.exec(synth.text);
    expect(stated).not.toBeNull();
    expect(resourceCount).toBe(Number(stated![1]));
    expect(Object.keys(stack.resource)).toEqual(
      expect.arrayContaining(["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream", "aws_s3_bucket"])
    );
    // The README's stream is sized from its declared workload at synth, inside the consumer's process: the shard
    // count comes from the packaged simulator, and the reasoning is recorded as an output for reviewers.
    const streams = Object.values(stack.resource.aws_kinesis_stream as Record<string, { shard_count?: number }>);
    expect(streams).toHaveLength(1);
    const sizingOutputs = Object.entries(stack.output as Record<string, { value: { recommendation?: string } }>).filter(
      ([id]) => id.includes("CapacitySizing")
    );
    expect(sizingOutputs).toHaveLength(1);
    expect(sizingOutputs[0][1].value.recommendation).toMatch(new RegExp(`^${streams[0].shard_count} provisioned shards \\(sized by StreamCapacity.forWorkload`));
    expect(() => terraformValidateDirectory(stackDir)).not.toThrow();
  });
});

describe("satisfies (the README's version specs)", () => {
  it.each([
    ["0.21.0", "0.21.0", true],
    ["0.21.1", "0.21.0", false],
    ["10.8.1", "^10.4.2", true],
    ["10.4.1", "^10.4.2", false],
    ["11.0.0", "^10.4.2", false],
    ["0.21.3", "^0.21.0", true],
    ["0.22.0", "^0.21.0", false],
    ["5.8.3", "~5.8.3", true],
    ["5.9.0", "~5.8.3", false],
  ])("%s satisfies %s: %s", (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });
});
