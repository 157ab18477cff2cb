/**
 * Benchmark of the local endpoint and the load generator on loopback (run from the repository root with
 * `npm run bench`):
 *
 *  (f) `stream-sim serve` in this process, 64 provisioned shards (64,000 records/s and 64 MiB/s of limits, so they do
 *      not bind), driven by `stream-sim load` in another process (the launcher, as a user runs it) offering more
 *      than either can do: the endpoint's sustained PutRecords throughput, records/s and MiB/s accepted, counted by
 *      the endpoint over the seconds the load ran.
 *  (g) the load generator's own ceiling: the same load against a sink in this process that answers every PutRecords
 *      at once with success and stores nothing (the instrument for the generator alone, not an endpoint).
 *
 * Each side is offered more than it takes, so a run lasts as long as the side measured needs. Prints a table of
 * figures and the endpoint's throughput as a share of the generator's ceiling.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { AddressInfo } from "node:net";
import { ShardMap } from "../src/routing";
import { serve } from "../src/serve/server";
import type { Workload } from "../src/types";

const BIN = path.resolve(__dirname, "../bin/stream-sim.js");
const SHARDS = 64;
const SECONDS = 4;
const workload = (recordsPerSecond: number): Workload => ({ recordsPerSecond, recordBytes: 1000, durationSeconds: SECONDS, partitionKey: { strategy: "uuid" }, partitionKeyBytes: 36, arrivalNoise: "none" });
/** Each offers more than the side measured takes (measured on 2 CPUs: the endpoint ≈6,000 records/s, the generator ≈50,000), so the run lasts as long as that side needs. */
const GENERATOR_WORKLOAD = workload(100_000);
const ENDPOINT_WORKLOAD = workload(15_000);
const MiB = 1024 * 1024;

interface LoadRun {
  readonly seconds: number;
  readonly offered: number;
  readonly accepted: number;
  readonly acceptedBytes: number;
}

/** Runs `stream-sim load` as a child process against `url`; its wall time and JSON report. */
function load(url: string, workloadFile: string): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "load", workloadFile, "--endpoint", url, "--stream", "bench", "--json", "--concurrency", "16", "--on-failure", "log"], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench", AWS_REGION: "us-east-1" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`stream-sim load exited ${code}: ${err}`));
      const r = JSON.parse(out) as { observed: { offeredRecords: number; acceptedRecords: number; perShard: { acceptedMiBPerSecond: number }[] }; durationSeconds: number };
      const acceptedBytes = r.observed.perShard.reduce((n, s) => n + s.acceptedMiBPerSecond * r.durationSeconds * MiB, 0);
      resolve({ seconds: (performance.now() - started) / 1000, offered: r.observed.offeredRecords, accepted: r.observed.acceptedRecords, acceptedBytes });
    });
  });
}

/** A sink that answers the calls `stream-sim load` makes — DescribeStreamSummary, ListShards, PutRecords (all accepted) — and keeps nothing. */
function sink(): Promise<{ url: string; close: () => Promise<void> }> {
  const map = ShardMap.even(SHARDS);
  const shards = map.ranges.map((r) => ({
    ShardId: r.shardId,
    HashKeyRange: { StartingHashKey: r.startingHashKey.toString(), EndingHashKey: r.endingHashKey.toString() },
    SequenceNumberRange: { StartingSequenceNumber: "1" },
  }));
  let sequence = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "").split(".").pop();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { Records?: { PartitionKey: string; ExplicitHashKey?: string }[] };
      let reply: unknown;
      if (target === "DescribeStreamSummary") reply = { StreamDescriptionSummary: { StreamName: "bench", StreamStatus: "ACTIVE", StreamModeDetails: { StreamMode: "PROVISIONED" }, OpenShardCount: SHARDS } };
      else if (target === "ListShards") reply = { Shards: shards };
      else if (target === "PutRecords") reply = { FailedRecordCount: 0, Records: (body.Records ?? []).map((r) => ({ ShardId: map.shardIdFor(r.PartitionKey, r.ExplicitHashKey), SequenceNumber: String(++sequence) })) };
      else reply = undefined;
      const text = JSON.stringify(reply ?? { __type: "UnknownOperationException", message: target });
      res.writeHead(reply === undefined ? 400 : 200, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-bench-"));
  const generatorFile = path.join(dir, "generator.json");
  const endpointFile = path.join(dir, "endpoint.json");
  fs.writeFileSync(generatorFile, JSON.stringify(GENERATOR_WORKLOAD));
  fs.writeFileSync(endpointFile, JSON.stringify(ENDPOINT_WORKLOAD));
  try {
    // (g) the generator against the sink.
    const s = await sink();
    const ceiling = await load(s.url, generatorFile);
    await s.close();
    // (f) the endpoint, driven by the same generator.
    const endpoint = await serve({ streams: [{ name: "bench", shards: SHARDS }] });
    const driven = await load(endpoint.url, endpointFile);
    let accepted = 0;
    let acceptedBytes = 0;
    for (const c of endpoint.counters().get("bench")!.values()) {
      accepted += c.acceptedRecords;
      acceptedBytes += c.acceptedBytes;
    }
    await endpoint.close();
    const rate = (n: number, seconds: number): string => Math.round(n / seconds).toLocaleString("en-US");
    const mib = (bytes: number, seconds: number): string => (bytes / MiB / seconds).toFixed(1);
    const rows = [
      ["", "offered/s", "records/s", "MiB/s", "records", "wall s"],
      ["(g) load generator alone (sink that accepts at once)", GENERATOR_WORKLOAD.recordsPerSecond.toLocaleString("en-US"), rate(ceiling.accepted, ceiling.seconds), mib(ceiling.acceptedBytes, ceiling.seconds), ceiling.accepted.toLocaleString("en-US"), ceiling.seconds.toFixed(1)],
      ["(f) stream-sim serve, 64 shards (accepted, endpoint's count)", ENDPOINT_WORKLOAD.recordsPerSecond.toLocaleString("en-US"), rate(accepted, driven.seconds), mib(acceptedBytes, driven.seconds), accepted.toLocaleString("en-US"), driven.seconds.toFixed(1)],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    console.log(`Loopback, one stream-sim load process (concurrency 16), records of 1,000 B for ${SECONDS} s of schedule; records/s over the load's wall time, start-up included (what it sent late, it sent when it could).`);
    console.log(rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n"));
    console.log(`Endpoint / generator ceiling: ${(accepted / driven.seconds / (ceiling.accepted / ceiling.seconds)).toFixed(2)} (the endpoint and the generator share ${os.cpus().length} CPUs).`);
    if (accepted !== driven.accepted) throw new Error(`the endpoint counted ${accepted} accepted records, the generator ${driven.accepted}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
