/**
 * The README's "Test your producer against real limits locally", run as written (examples/local-endpoint/):
 * - try-it.sh line by line: `npx stream-sim serve` as a child process (the launcher, as after `npm ci`), then
 *   `stream-sim load`, the AWS CLI and the `AWS_ENDPOINT_URL_KINESIS` setting against it, then the stop;
 * - aws-config.ini: the shared config file's `endpoint_url` with the AWS CLI;
 * - producer.ts: the SDK snippet's client (endpoint from the environment) and its retry of failed entries.
 * The endpoint listens on a free port: the files' 4567 is replaced by it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ShardMap } from "stream-simulator";

const ROOT = path.resolve(__dirname, "..");
const DIR = path.join(ROOT, "examples/local-endpoint");
const BIN = path.join(ROOT, "stream-simulator/bin/stream-sim.js");
const DOC_URL = "http://127.0.0.1:4567";
/** The stream's two shards; the producer test writes to the one the load's hot key (hot-key.json) does not use. */
const MAP = ShardMap.even(2);
const HOT_KEY = (JSON.parse(fs.readFileSync(path.join(ROOT, "examples/hot-key.json"), "utf8")) as { partitionKey: { value: string } }).partitionKey.value;
const PRODUCER_KEY = ["tenant-1", "tenant-2", "tenant-3", "tenant-4"].find((k) => MAP.shardIdFor(k) !== MAP.shardIdFor(HOT_KEY))!;

/** Shell lines of try-it.sh: comments dropped, split on whitespace (the script uses no quoting). */
const lines = fs
  .readFileSync(path.join(DIR, "try-it.sh"), "utf8")
  .split("\n")
  .map((line) => line.replace(/\s#.*$/, "").trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (asynchronously: the producer test and the endpoint share this process's loop). */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c) => (stdout += c));
    p.stderr.on("data", (c) => (stderr += c));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npx stream-sim …` runs the package's launcher: here directly with node (what npx resolves it to). */
const stripNpx = (words: string[]): [string, string[]] => (words[0] === "npx" && words[1] === "stream-sim" ? [process.execPath, [BIN, ...words.slice(2)]] : [words[0], words.slice(1)]);

let env: NodeJS.ProcessEnv;
let url: string;
let server: ChildProcessWithoutNullStreams;
let serverErr = "";
const withUrl = (words: string[]): string[] => words.map((w) => w.replace(DOC_URL, url));

beforeAll(async () => {
  // 1. export AWS_…: the credentials and region every later line sees.
  const exported = /^export (.+)$/.exec(lines[0]);
  expect(exported).not.toBeNull();
  env = { ...process.env, AWS_PAGER: "", AWS_MAX_ATTEMPTS: "1" };
  for (const assignment of exported![1].split(/\s+/)) {
    const [name, value] = assignment.split("=");
    env[name] = value;
  }
  // 2. serve in the background, on a free port; ready when it prints its URL.
  const serveWords = lines[1].replace(/&$/, "").trim().split(/\s+/);
  expect(serveWords.slice(0, 3)).toEqual(["npx", "stream-sim", "serve"]);
  const [command, args] = stripNpx(serveWords.map((w) => (w === "4567" ? "0" : w)));
  server = spawn(command, args, { cwd: ROOT, env });
  server.stderr.on("data", (c) => (serverErr += c));
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (c) => {
      out += c;
      const m = /Kinesis endpoint at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on("close", (code) => reject(new Error(`stream-sim serve exited ${code} before it was ready: ${serverErr}`)));
  });
});

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
});

describe("examples/local-endpoint: stream-sim serve as a local Kinesis endpoint", () => {
  it("try-it.sh: serve, then load a hot key (only its shard throttles), the AWS CLI and AWS_ENDPOINT_URL_KINESIS; the stop prints what each shard served", async () => {
    expect(lines).toHaveLength(6);
    // 3. load: the hot-key workload on the 2-shard stream.
    const load = await run(...stripNpx(withUrl(lines[2].split(/\s+/))), env);
    if (load.code !== 0) throw new Error(`stream-sim load exited ${load.code}: ${load.stderr}`);
    const shardRows = load.stdout.split("\n").filter((l) => l.startsWith("shardId-"));
    expect(shardRows).toHaveLength(2);
    const throttled = shardRows.map((row) => Number(/([\d.]+)%\s+\S+\s+\S+$/.exec(row)?.[1]));
    // One key: one shard carries 1,500 records/s against its 1,000 and throttles; the other sees nothing.
    expect(throttled.filter((t) => t > 10)).toHaveLength(1);
    expect(throttled.filter((t) => t === 0)).toHaveLength(1);
    // 4. the AWS CLI with --endpoint-url, 5. with the endpoint from the environment.
    // The three AWS CLI commands are independent: run together (each spends ≈0.7 s starting Python).
    const [assignment, ...describe] = withUrl(lines[4].split(/\s+/));
    const [name, value] = assignment.split("=");
    expect(name).toBe("AWS_ENDPOINT_URL_KINESIS");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "local-endpoint-"));
    try {
      const config = path.join(tmp, "config");
      fs.writeFileSync(config, fs.readFileSync(path.join(DIR, "aws-config.ini"), "utf8").replace(DOC_URL, url));
      const [put, summary, viaProfile] = await Promise.all([
        run("aws", ["--output", "json", ...withUrl(lines[3].split(/\s+/)).slice(1)], env),
        run(describe[0], ["--output", "json", ...describe.slice(1)], { ...env, [name]: value }),
        run("aws", ["--output", "json", "kinesis", "describe-stream-summary", "--stream-name", "orders"], {
          ...env,
          AWS_CONFIG_FILE: config,
          AWS_PROFILE: "local",
          AWS_DEFAULT_REGION: "",
        }),
      ]);
      expect(put.stderr).toBe("");
      expect(JSON.parse(put.stdout)).toMatchObject({ ShardId: expect.stringMatching(/^shardId-/), SequenceNumber: expect.any(String) });
      expect(summary.stderr).toBe("");
      expect(JSON.parse(summary.stdout).StreamDescriptionSummary).toMatchObject({ StreamName: "orders", OpenShardCount: 2 });
      expect(viaProfile.stderr).toBe("");
      expect(JSON.parse(viaProfile.stdout).StreamDescriptionSummary).toMatchObject({ StreamName: "orders", StreamModeDetails: { StreamMode: "PROVISIONED" } });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("producer.ts: the SDK client takes the endpoint from AWS_ENDPOINT_URL_KINESIS, and putAll retries what a full shard failed until none is left", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_KINESIS: url });
    try {
      const { kinesis, putAll } = require(path.join(DIR, "producer.ts")) as typeof import("../examples/local-endpoint/producer");
      // 1,500 records for one key at once: one shard's 1,000-record bucket fails the rest on the first attempt.
      const batch = (b: number) => Array.from({ length: 500 }, (_, i) => ({ PartitionKey: PRODUCER_KEY, Data: Buffer.from(`${b}-${i}`) }));
      const left = await Promise.all([0, 1, 2].map((b) => putAll("orders", batch(b))));
      expect(left.map((l) => l.length)).toEqual([0, 0, 0]);
      kinesis.destroy();
    } finally {
      process.env = saved;
    }
  });

  it("kill %1: serve stops on SIGTERM, exit code 0, and prints what each shard accepted and throttled", async () => {
    expect(lines[5]).toBe("kill %1");
    const closed = new Promise<number | null>((resolve) => server.on("close", resolve));
    server.kill("SIGTERM");
    expect(await closed).toBe(0);
    expect(serverErr).toContain("stream-sim serve: stopped (SIGTERM). Served:");
    const served = new Map([...serverErr.matchAll(/orders (shardId-\d+): (\d+) records accepted, (\d+) throttled/g)].map((m) => [m[1], { accepted: Number(m[2]), throttled: Number(m[3]) }]));
    // The hot key's shard throttled the load; the producer's shard throttled its first attempts, and its retries got
    // all 1,500 records (and the CLI's, if its key lands there) through.
    expect(served.get(MAP.shardIdFor(HOT_KEY))!.throttled).toBeGreaterThan(0);
    const producerShard = served.get(MAP.shardIdFor(PRODUCER_KEY))!;
    expect(producerShard.throttled).toBeGreaterThan(0);
    expect(producerShard.accepted).toBeGreaterThanOrEqual(1500);
  });
});
