import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { consumerStackJson, withoutMetadata } from "./helpers/consumer-stack";

/**
 * The packages as a user gets them: examples/consumer/ (a small cdktf project) set up by its own install.sh, line by
 * line, in a copy of the project:
 * 1. the `npm pack` lines run in the repository as written, with the tarballs written into the copy;
 * 2. `npm install` runs offline: the tarballs as package.json names them; the registry packages linked from this
 *    repository's node_modules instead (after checking their versions satisfy package.json's specs), so nothing is
 *    downloaded;
 * 3. `npm run synth` (strict tsc, then the app) and `npm test` (the example's jest tests: a snapshot and a capacity
 *    check, against the installed packages) run as written;
 * 4. the synthesized stack is exactly the one the repository's sources synthesize (cdktf's metadata aside), which
 *    terraform.test.ts validates and plans in its batch: the package build changes nothing terraform would see.
 *
 * After an intended change of the example's synthesized stack, `UPDATE_EXAMPLE_SNAPSHOTS=1 npx jest
 * test/consumer-package.test.ts` runs its tests with `-u` and copies the new snapshot back into examples/consumer/.
 */

const ROOT = path.resolve(__dirname, "..");
const EXAMPLE = "examples/consumer";
const INSTALL_SCRIPT = path.join(ROOT, EXAMPLE, "install.sh");
const UPDATE_SNAPSHOTS = process.env.UPDATE_EXAMPLE_SNAPSHOTS === "1";

/** Shell lines of a script: comments and blank lines dropped, split on whitespace (install.sh uses no quoting). */
function commands(script: string): string[][] {
  return script
    .split("\n")
    .map((line) => line.replace(/\s#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(/\s+/));
}

/** The range forms the example's package.json uses: exact `x.y.z`, `^x.y.z`, `~x.y.z`. */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string) => v.split(".").map((n) => Number.parseInt(n, 10));
  const m = /^([\^~]?)(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`unsupported version range in the example's package.json: ${range}`);
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

/**
 * package.json with every registry dependency replaced by the repository's installed copy (a `file:` link), after
 * checking that copy's version satisfies the spec. The `file:` tarball dependencies stay as written.
 */
function linkRegistryDependencies(pkg: any): { pkg: any; linked: string[] } {
  const linked: string[] = [];
  const copy = JSON.parse(JSON.stringify(pkg));
  for (const field of ["dependencies", "devDependencies"]) {
    for (const [name, spec] of Object.entries(copy[field] as Record<string, string>)) {
      if (spec.startsWith("file:")) continue;
      const dir = path.join(ROOT, "node_modules", name);
      const { version } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      if (!satisfies(version, spec)) throw new Error(`${EXAMPLE} wants ${name}@${spec}, the repository has ${version}`);
      copy[field][name] = `file:${dir}`;
      linked.push(name);
    }
  }
  return { pkg: copy, linked };
}

describe(`${EXAMPLE}, set up by its install.sh against the packed packages`, () => {
  const steps = commands(fs.readFileSync(INSTALL_SCRIPT, "utf8"));
  let work: string;
  let project: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-package-"));
    project = path.join(work, "orders-infra");
    fs.mkdirSync(project);
    // The example's tracked files only (not a node_modules or dist/ someone left in the checkout).
    const files = run("git", ["ls-files", EXAMPLE], ROOT).split("\n").filter(Boolean);
    for (const file of files) {
      const target = path.join(project, path.relative(EXAMPLE, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), target);
    }
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("install.sh packs both packages into the example, then installs, synthesizes and tests it", () => {
    expect(steps.map((step) => step.slice(0, 2).join(" "))).toEqual([
      "npm pack",
      "npm pack",
      `cd ${EXAMPLE}`,
      "npm install",
      "npm run",
      "npm test",
    ]);
  });

  it("packs both packages, installs the tarballs into the strict TypeScript project, synthesizes and tests it, and synthesizes what the sources do", () => {
    const [packLibrary, packSimulator, , install, synth, test] = steps;

    // 1. npm pack, in the repository as a user would (prepack's incremental build leaves dist/, gitignored, as its
    //    cache; nothing in the repository runs it), into the copy of the example instead of the example itself.
    for (const [command, ...args] of [packLibrary, packSimulator]) {
      const destination = args.indexOf("--pack-destination");
      expect(args[destination + 1]).toBe(EXAMPLE);
      run(command, [...args.slice(0, destination), "--pack-destination", project, ...args.slice(destination + 2)], ROOT);
    }
    const tarballs = fs.readdirSync(project).filter((f) => f.endsWith(".tgz"));
    expect(tarballs.sort()).toEqual(["cdktf-kinesis-pipeline-0.1.0.tgz", "stream-simulator-0.1.0.tgz"]);

    // 2. npm install, offline: the tarballs as package.json names them, registry packages linked from the repository.
    const packageJson = path.join(project, "package.json");
    const declared = JSON.parse(fs.readFileSync(packageJson, "utf8"));
    expect(declared.dependencies).toMatchObject({
      "cdktf-kinesis-pipeline": `file:${tarballs[0]}`,
      "stream-simulator": `file:${tarballs[1]}`,
    });
    const { pkg, linked } = linkRegistryDependencies(declared);
    expect(linked).toEqual(expect.arrayContaining(["cdktf", "constructs", "@cdktf/provider-aws", "typescript", "jest"]));
    fs.writeFileSync(packageJson, JSON.stringify(pkg, null, 2));
    run(install[0], [...install.slice(1), "--offline"], project);

    // Both packages are the tarballs' copies in the project, real directories (not links into the repository), and
    // ship dist/ only: no TypeScript sources, tests or synth output.
    const lib = path.join(project, "node_modules", "cdktf-kinesis-pipeline");
    const sim = path.join(project, "node_modules", "stream-simulator");
    for (const dir of [lib, sim]) {
      expect(fs.lstatSync(dir).isSymbolicLink()).toBe(false);
      const files = packageFiles(dir);
      const stray = files.filter(
        (f) => !/^(package\.json|README\.md|LICENSE|bin\/(stream-sim|cdktf-kinesis-pipeline)\.js|dist\/.+\.(js|js\.map|d\.ts))$/.test(f)
      );
      expect(stray).toEqual([]);
      expect(files.filter((f) => /\.test\.|cdktf\.out/.test(f))).toEqual([]);
      // The packed JavaScript binds the built-ins it uses locally (scripts/local-built-ins.js): under the consumer's
      // jest the simulator's loops would otherwise run ≈40× slower.
      const firstLines = files.filter((f) => f.endsWith(".js") && f.startsWith("dist/")).map((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n")[0]);
      expect(firstLines.filter((line) => /= globalThis\.(Math|Object)\b/.test(line)).length).toBeGreaterThan(firstLines.length / 2);
      const installedPkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      const missing = entryFiles(installedPkg).filter((f) => !fs.existsSync(path.join(dir, f)));
      expect(missing).toEqual([]);
    }

    // 3. The synth and test lines as written. The tsconfig is strict and leaves skipLibCheck off, so the packages'
    //    .d.ts files are checked too; cdktf's CLI runs the same synth script (cdktf.json "app").
    const tsconfig = JSON.parse(fs.readFileSync(path.join(project, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true });
    expect(tsconfig.compilerOptions.skipLibCheck).toBeUndefined();
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(project, "cdktf.json"), "utf8"));
    expect(cdktfJson.app).toBe("npm run --silent synth");
    expect(synth).toEqual(["npm", "run", "synth"]);
    run(synth[0], synth.slice(1), project);
    // CI=true: jest fails on a snapshot missing from examples/consumer/__snapshots__ instead of writing it.
    run(test[0], UPDATE_SNAPSHOTS ? [...test.slice(1), "--", "-u"] : test.slice(1), project);
    if (UPDATE_SNAPSHOTS) {
      fs.cpSync(path.join(project, "__snapshots__"), path.join(ROOT, EXAMPLE, "__snapshots__"), { recursive: true });
    }

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
    // The terraform checks ship too (docs/offline-terraform.md); this repository runs them on the same stack.
    const terraformEntry = run(process.execPath, ["-p", `Object.keys(require("cdktf-kinesis-pipeline/testing/terraform")).sort().join(" ")`], project).trim();
    expect(terraformEntry.split(" ")).toEqual(expect.arrayContaining(["changeFindingsWithTerraform", "terraformPlanChangesAll", "terraformValidateAndPlanAll", "TerraformCheckError"]));
    // The simulator's command line runs from its tarball too (dist/, no TypeScript tooling).
    expect(run(path.join(project, "node_modules", ".bin", "stream-sim"), ["--help"], project)).toMatch(/stream-sim/);

    // 4. The synthesized stack: sized from its declared workload, the one terraform.test.ts validates and plans.
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(["orders"]);
    const stackDir = path.join(project, "cdktf.out", "stacks", "orders");
    // The library's command runs from its tarball (dist/): the stack is a safe change from itself.
    const checkChange = run(path.join(project, "node_modules", ".bin", "cdktf-kinesis-pipeline"), ["check-change", stackDir, stackDir], project);
    expect(checkChange).toBe(`check-change: applying ${stackDir} over ${stackDir}: no finding.\n`);
    const stack = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(stack.resource)).toEqual(
      expect.arrayContaining(["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream", "aws_s3_bucket", "aws_iam_role"])
    );
    // The stream is sized from its declared workload at synth, inside the consumer's process: the shard count comes
    // from the packaged simulator, and the reasoning is recorded as an output for reviewers.
    const streams = Object.values(stack.resource.aws_kinesis_stream as Record<string, { shard_count?: number }>);
    expect(streams).toHaveLength(1);
    const sizingOutputs = Object.entries(stack.output as Record<string, { value: { recommendation?: string } }>).filter(
      ([id]) => id.includes("CapacitySizing")
    );
    expect(sizingOutputs).toHaveLength(1);
    expect(sizingOutputs[0][1].value.recommendation).toMatch(new RegExp(`^${streams[0].shard_count} provisioned shards \\(sized by StreamCapacity.forWorkload`));
    // Every role a grant names is created in the stack.
    const roleNames = Object.values(stack.resource.aws_iam_role as Record<string, { name?: string }>).map((r) => r.name);
    expect(roleNames).toContain("orders-producer");
    // What terraform.test.ts validates and plans (the same stack from the repository's sources), the same JSON but
    // for the local backend cdktf's App adds with the project's absolute path.
    expect(stack.terraform.backend).toEqual({ local: { path: path.join(project, "terraform.orders.tfstate") } });
    delete stack.terraform.backend;
    expect(withoutMetadata(stack)).toEqual(consumerStackJson());
  });
});

describe("satisfies (the example's version specs)", () => {
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
