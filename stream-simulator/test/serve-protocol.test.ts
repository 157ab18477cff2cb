/**
 * `stream-sim serve` as unmodified clients see it: the AWS SDK for JavaScript v3 and the AWS CLI (whichever `aws` is
 * on the PATH, v1 or v2: .ci/run installs Debian's awscli when there is none) against the endpoint on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordCommand,
  PutRecordsCommand,
  UpdateShardCountCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { serve, type ServedEndpoint } from "../src/serve/server";
import { ShardMap } from "../src/routing";

let endpoint: ServedEndpoint;
/** An endpoint whose shards burst at most 1 MiB (`writeBurstBytes`), so a test empties a byte bucket with 1 MiB, not 10. */
let strict: ServedEndpoint;
let client: KinesisClient;
let strictClient: KinesisClient;

const clientOf = (e: ServedEndpoint): KinesisClient =>
  new KinesisClient({
    endpoint: e.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
const MiB = 1024 * 1024;

beforeAll(async () => {
  [endpoint, strict] = await Promise.all([
    serve({ streams: [{ name: "burst", shards: 2 }, { name: "reads", shards: 1 }, { name: "limits", shards: 1 }, { name: "od", onDemand: {} }] }),
    serve({ streams: [{ name: "big", shards: 1 }, { name: "cli", shards: 1 }], writeBurstBytes: MiB }),
  ]);
  client = clientOf(endpoint);
  strictClient = clientOf(strict);
});

afterAll(async () => {
  client?.destroy();
  strictClient?.destroy();
  await Promise.all([endpoint?.close(), strict?.close()]);
});

const entries = (n: number, key: (i: number) => string, bytes = 10) => Array.from({ length: n }, (_, i) => ({ PartitionKey: key(i), Data: Buffer.alloc(bytes, 1) }));

/** Empties a one-shard stream's write buckets on the strict endpoint: bytes (1 MiB requests), then records (500 tiny ones), each until refused. */
async function emptyBuckets(stream: string): Promise<void> {
  for (const [count, bytes] of [
    [10, 100 * 1024],
    [500, 1],
  ]) {
    for (let i = 0; i < 100; i++) {
      const r = await strictClient.send(new PutRecordsCommand({ StreamName: stream, Records: entries(count, (j) => `e${j}`, bytes) }));
      if ((r.FailedRecordCount ?? 0) > 0) break;
    }
  }
}

describe("stream-sim serve with the AWS SDK v3", () => {
  it("PutRecords fails entries in request order with AWS's ErrorCode and ErrorMessage once a shard's 1,000 records are spent; routing is ShardMap's", async () => {
    const map = ShardMap.even(2);
    const keys = Array.from({ length: 6000 }, (_, i) => `key-${i}`);
    const on0 = keys.filter((k) => map.shardIdFor(k) === "shardId-000000000000");
    const on1 = keys.filter((k) => map.shardIdFor(k) === "shardId-000000000001");
    // Five requests at once: 2,000 records for shard 0 (twice its bucket), 500 for shard 1.
    const batches = [0, 1, 2, 3, 4].map((b) => entries(500, (i) => (i % 5 === 0 ? on1[b * 100 + i / 5] : on0[b * 400 + i - Math.ceil(i / 5)])));
    const answers = await Promise.all(batches.map((Records) => client.send(new PutRecordsCommand({ StreamName: "burst", Records }))));
    let failed = 0;
    answers.forEach((a, b) => {
      expect(a.Records).toHaveLength(500);
      expect(a.FailedRecordCount).toBe(a.Records!.filter((r) => r.ErrorCode).length);
      a.Records!.forEach((r, i) => {
        const shard = map.shardIdFor(batches[b][i].PartitionKey);
        if (r.ErrorCode === undefined) expect(r.ShardId).toBe(shard);
        else {
          failed++;
          expect(shard).toBe("shardId-000000000000");
          expect(r).toEqual({ ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard shardId-000000000000 in stream burst under account 000000000000." });
        }
      });
    });
    // Shard 0 accepted its 1,000-record bucket and what refilled while the requests arrived; shard 1 everything.
    expect(failed).toBeGreaterThan(600);
    expect(failed).toBeLessThanOrEqual(1000);
  });

  it("with writeBurstBytes 1 MiB a shard takes 1 MiB at once, not 10; PutRecord on a spent byte bucket answers AWS's ProvisionedThroughputExceededException", async () => {
    const mib = () => strictClient.send(new PutRecordsCommand({ StreamName: "big", Records: entries(8, (j) => `b${j}`, 128 * 1024 - 2) }));
    expect((await mib()).FailedRecordCount).toBe(0);
    // Immediately again: only what refilled in the meantime (1 MiB/s) fits.
    expect((await mib()).FailedRecordCount).toBeGreaterThanOrEqual(6);
    await emptyBuckets("big");
    await expect(strictClient.send(new PutRecordCommand({ StreamName: "big", PartitionKey: "k", Data: Buffer.alloc(900 * 1024) }))).rejects.toMatchObject({
      name: "ProvisionedThroughputExceededException",
      message: "Rate exceeded for shard shardId-000000000000 in stream big under account 000000000000.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("rejects what AWS rejects at the request level: 501 records, a payload over 10 MiB, a record over 1 MiB with its key", async () => {
    await expect(client.send(new PutRecordsCommand({ StreamName: "limits", Records: entries(501, (i) => `k${i}`) }))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringMatching(/Member must have length less than or equal to 500/),
    });
    await expect(client.send(new PutRecordsCommand({ StreamName: "limits", Records: entries(11, (i) => `k${i}`, 1024 * 1024 - 10) }))).rejects.toMatchObject({
      name: "InvalidArgumentException",
      message: "Records size exceeds 10 MB limit",
    });
    await expect(client.send(new PutRecordCommand({ StreamName: "limits", PartitionKey: "key", Data: Buffer.alloc(1024 * 1024) }))).rejects.toMatchObject({
      name: "InvalidArgumentException",
      message: expect.stringMatching(/maximum record size of stream limits: 1048576 bytes/),
    });
  });

  it("on-demand: 4 shards, reported as ON_DEMAND, and one partition key capped at one shard's 1,000 records/s", async () => {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: "od" }));
    expect(d.StreamDescriptionSummary).toMatchObject({ OpenShardCount: 4, StreamModeDetails: { StreamMode: "ON_DEMAND" } });
    const r = await Promise.all([0, 1, 2, 3].map(() => client.send(new PutRecordsCommand({ StreamName: "od", Records: entries(500, () => "one-key") }))));
    const failed = r.reduce((n, x) => n + (x.FailedRecordCount ?? 0), 0);
    expect(failed).toBeGreaterThanOrEqual(900);
    expect(failed).toBeLessThanOrEqual(1000);
    await client.send(new CreateStreamCommand({ StreamName: "od2", StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
    expect((await client.send(new DescribeStreamSummaryCommand({ StreamName: "od2" }))).StreamDescriptionSummary?.StreamModeDetails?.StreamMode).toBe("ON_DEMAND");
  });

  it("answers an operation it does not implement with a clear error, never a silent success", async () => {
    await expect(client.send(new UpdateShardCountCommand({ StreamName: "limits", TargetShardCount: 2, ScalingType: "UNIFORM_SCALING" }))).rejects.toMatchObject({
      name: "UnknownOperationException",
      message: expect.stringMatching(/does not implement UpdateShardCount/),
    });
  });
});

describe("stream-sim serve with the AWS CLI", () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_DEFAULT_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "1", AWS_RETRY_MODE: "standard", AWS_PAGER: "" };
  /** Runs `aws kinesis …` against `at` asynchronously (the endpoints live in this process). */
  const aws = (at: ServedEndpoint, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const p = spawn("aws", ["--endpoint-url", at.url, "--output", "json", "kinesis", ...args], { env });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (c) => (stdout += c));
      p.stderr.on("data", (c) => (stderr += c));
      p.on("error", (error) => reject(new Error(`could not run the aws CLI (install Debian's awscli: .ci/run does): ${error.message}`)));
      p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  // Each aws command costs ≈0.7 s of CPU to start: independent commands run together, and none is spent on the
  // version (record data goes as fileb:// files, which v1 and v2 send alike).
  it("put-record, put-records and get-records work, and throttled answers are parsed as AWS's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stream-sim-cli-"));
    fs.writeFileSync(path.join(dir, "hello.bin"), "hello");
    // The CLI's own record on the strict endpoint, while 9 MiB and the record get-records looks for go to "reads"
    // (within its 10 MiB burst) and the strict shard is emptied.
    const [put] = await Promise.all([
      aws(strict, ["put-record", "--stream-name", "cli", "--partition-key", "k", "--data", `fileb://${path.join(dir, "hello.bin")}`]),
      (async () => {
        await client.send(new PutRecordCommand({ StreamName: "reads", PartitionKey: "k", Data: Buffer.from("hello") }));
        for (let i = 0; i < 9; i++) await client.send(new PutRecordsCommand({ StreamName: "reads", Records: entries(8, (j) => `r${j}`, 128 * 1024 - 2) }));
      })(),
      emptyBuckets("cli"),
    ]);
    // An aws CLI is on the PATH (install Debian's awscli: .ci/run does), and it talks to the endpoint.
    expect(put.stderr).toBe("");
    expect(put.stderr).toBe("");
    expect(JSON.parse(put.stdout)).toMatchObject({ ShardId: "shardId-000000000000" });
    // Keep the strict shard's buckets empty while the CLI writes: 100 records of 2 KiB every 40 ms at most (2,500
    // records/s, 2.5× the records refill; the 1,000 records/s that refill carry 2 MiB/s, twice the bytes refill, so
    // the byte bucket stays empty too; more only costs the test CPU).
    let draining = true;
    const inFlight = new Set<Promise<unknown>>();
    const drainer = (async () => {
      while (draining) {
        if (inFlight.size < 4) {
          const p = strictClient.send(new PutRecordsCommand({ StreamName: "cli", Records: entries(100, (i) => `d${i}`, 2048) }));
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
        }
        await new Promise((r) => setTimeout(r, 40));
      }
      await Promise.all(inFlight);
    })();
    fs.writeFileSync(path.join(dir, "records.json"), JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ PartitionKey: `p${i}`, Data: Buffer.from("x").toString("base64") }))));
    fs.writeFileSync(path.join(dir, "big.bin"), Buffer.alloc(200 * 1024, 7));
    const it = await client.send(new GetShardIteratorCommand({ StreamName: "reads", ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }));
    const [batch, throttled, got] = await Promise.all([
      aws(strict, ["put-records", "--stream-name", "cli", "--records", `file://${path.join(dir, "records.json")}`]),
      aws(strict, ["put-record", "--stream-name", "cli", "--partition-key", "k", "--data", `fileb://${path.join(dir, "big.bin")}`]),
      aws(endpoint, ["get-records", "--shard-iterator", it.ShardIterator!]),
    ]);
    draining = false;
    await drainer;
    fs.rmSync(dir, { recursive: true, force: true });
    const out = JSON.parse(batch.stdout) as { FailedRecordCount: number; Records: { ErrorCode?: string; ErrorMessage?: string }[] };
    const failed = out.Records.filter((r) => r.ErrorCode);
    expect(out.FailedRecordCount).toBe(failed.length);
    // Whether the CLI's batch finds the bucket empty depends on the machine's speed: every failed entry is checked.
    for (const f of failed) expect(f).toEqual({ ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard shardId-000000000000 in stream cli under account 000000000000." });
    expect(throttled.code).not.toBe(0);
    expect(throttled.stderr).toMatch(/An error occurred \(ProvisionedThroughputExceededException\) when calling the PutRecord operation.*: Rate exceeded for shard shardId-000000000000 in stream cli under account 000000000000\./);
    const doc = JSON.parse(got.stdout) as { Records: { PartitionKey: string; Data: string }[] };
    expect(doc.Records).toContainEqual(expect.objectContaining({ PartitionKey: "k", Data: Buffer.from("hello").toString("base64") }));
    // Everything written, in one call (under its 10 MiB and 10,000 records): 4.5 s of the shard's 2 MiB/s of reads.
    const bytes = doc.Records.reduce((n, r) => n + Buffer.byteLength(r.Data, "base64") + r.PartitionKey.length, 0);
    expect(doc.Records).toHaveLength(73);
    expect(bytes).toBeGreaterThan(9 * MiB - 100);
    expect(bytes).toBeLessThanOrEqual(10 * MiB);
    // Immediately again (an aws command starts in well under the 3.5 s the shard still owes): throttled.
    const again = await aws(endpoint, ["get-records", "--shard-iterator", it.ShardIterator!]);
    expect(again.stderr).toMatch(/\(ProvisionedThroughputExceededException\) when calling the GetRecords operation.*: Rate exceeded for Shard - 000000000000\/reads\/shardId-000000000000/);
  });
});
