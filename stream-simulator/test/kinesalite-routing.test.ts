/**
 * Routing checked against a real peer: kinesalite 3.3.3 started in-process on loopback.
 * kinesalite's CreateStream split and PutRecords shard choice are written to pass against real AWS (its test suite runs against AWS with REMOTE=1).
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type Shard,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HASH_KEY_SPACE, MAX_HASH_KEY, ShardMap, parseExplicitHashKey } from "../src/routing";

// kinesalite ships no types; it returns a plain Node HTTP server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require("kinesalite") as (opts: Record<string, unknown>) => Server;

const SHARD_COUNTS = [1, 2, 3, 4, 5, 7, 10, 16, 100];

let server: Server;
let client: KinesisClient;

beforeAll(async () => {
  server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  client = new KinesisClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function createActiveStream(name: string, shardCount: number): Promise<Shard[]> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const shards: Shard[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      token ? new ListShardsCommand({ NextToken: token }) : new ListShardsCommand({ StreamName: name }),
    );
    shards.push(...(page.Shards ?? []));
    token = page.NextToken;
  } while (token);
  return shards;
}

/** Deterministic key set: ASCII, Cyrillic, CJK, emoji (astral), mixed scripts and 256-character keys. */
function testKeys(): string[] {
  const keys: string[] = [];
  for (let i = 0; i < 120; i++) keys.push(`user-${i}`, `order#${i * 7919}`);
  const cyrillic = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
  const cjk = "数据流分片路由测试東京大阪한국어";
  const emoji = ["\u{1F600}", "\u{1F680}", "\u{1F44D}\u{1F3FD}", "\u{1F1FA}\u{1F1F8}", "\u{1F9D1}\u200D\u{1F4BB}"];
  for (let i = 0; i < 60; i++) {
    keys.push(`${cyrillic.slice(i % 20, (i % 20) + 5)}-${i}`);
    keys.push(`${cjk.slice(i % 10, (i % 10) + 4)}${i}`);
    keys.push(`${emoji[i % emoji.length]}${i}${emoji[(i + 2) % emoji.length]}`);
    keys.push(`mix-${i}-Ω-é-${cjk[i % cjk.length]}-${emoji[i % emoji.length]}`);
  }
  // 256 characters is the PartitionKey maximum (counted in UTF-16 units, as kinesalite and AWS's model do).
  keys.push("k".repeat(256), "ж".repeat(256), "数".repeat(256), "\u{1F600}".repeat(128), `${"x".repeat(255)}1`);
  keys.push("a", "abc", " ", "0", "Z");
  return keys;
}

describe("routing agrees with kinesalite (in-process, 127.0.0.1)", () => {
  const keys = testKeys();

  it.each(SHARD_COUNTS)("N=%i: ListShards ranges equal ShardMap.even(N) and every PutRecords ShardId matches", async (n) => {
    const name = `routing-${n}`;
    const shards = await createActiveStream(name, n);
    const map = ShardMap.even(n);

    expect(shards).toHaveLength(n);
    expect(
      shards.map((s) => [s.ShardId, BigInt(s.HashKeyRange!.StartingHashKey!), BigInt(s.HashKeyRange!.EndingHashKey!)]),
    ).toEqual(map.ranges.map((r) => [r.shardId, r.startingHashKey, r.endingHashKey]));

    const entries: PutRecordsRequestEntry[] = keys.map((k) => ({ PartitionKey: k, Data: Buffer.from("x") }));
    const ehks = new Set<bigint>([0n, MAX_HASH_KEY]);
    for (const r of map.ranges) ehks.add(r.startingHashKey).add(r.endingHashKey);
    for (const e of ehks) entries.push({ PartitionKey: "ehk", ExplicitHashKey: e.toString(), Data: Buffer.from("y") });

    let checked = 0;
    const hit = new Set<string>();
    for (let i = 0; i < entries.length; i += 500) {
      const batch = entries.slice(i, i + 500);
      const res = await client.send(new PutRecordsCommand({ StreamName: name, Records: batch }));
      expect(res.FailedRecordCount ?? 0).toBe(0);
      expect(res.Records).toHaveLength(batch.length);
      const actual = res.Records!.map((r) => r.ShardId);
      const expected = batch.map((e) => map.shardIdFor(e.PartitionKey!, e.ExplicitHashKey));
      expect(actual).toEqual(expected);
      for (const id of actual) hit.add(id!);
      checked += batch.length;
    }
    expect(checked).toBe(keys.length + ehks.size);
    // Every shard received records (at least its own boundary ExplicitHashKeys).
    expect(hit.size).toBe(n);
  });

  it("an ExplicitHashKey of 2^128 is refused with InvalidArgumentException by kinesalite and by the simulator", async () => {
    const name = "routing-out-of-range";
    await createActiveStream(name, 2);
    const tooBig = HASH_KEY_SPACE.toString();

    await expect(
      client.send(new PutRecordCommand({ StreamName: name, PartitionKey: "k", ExplicitHashKey: tooBig, Data: Buffer.from("z") })),
    ).rejects.toMatchObject({ name: "InvalidArgumentException", message: expect.stringMatching(/\[0, 2\^128-1\]/) });
    await expect(
      client.send(
        new PutRecordsCommand({
          StreamName: name,
          Records: [
            { PartitionKey: "k", Data: Buffer.from("z") },
            { PartitionKey: "k", ExplicitHashKey: tooBig, Data: Buffer.from("z") },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidArgumentException" });

    expect(() => parseExplicitHashKey(tooBig)).toThrow(/ExplicitHashKey must be in the range: \[0, 2\^128-1\]/);
    expect(() => ShardMap.even(2).shardIdFor("k", tooBig)).toThrow(RangeError);
  });
});
