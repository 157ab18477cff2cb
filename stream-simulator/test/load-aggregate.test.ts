import { Aggregate, type UserRecord } from "../src/load/aggregate";
import { KPL_EMPTY_AGGREGATE_BYTES } from "../src/kpl";
import { hashKeyOf } from "../src/routing";

/** aws-kinesis-agg's de-aggregator (awslabs/kinesis-aggregation node/), an independent reader of the KPL format. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const agg = require("aws-kinesis-agg") as {
  deaggregateSync(
    record: { data: string; partitionKey: string; explicitPartitionKey?: string; sequenceNumber: string },
    computeChecksums: boolean,
    cb: (err: Error | null, users?: { partitionKey: string; explicitPartitionKey?: string; data: string }[]) => void,
  ): void;
};

function deaggregate(data: Buffer, partitionKey: string): { partitionKey: string; explicitPartitionKey?: string; data: string }[] {
  let out: { partitionKey: string; explicitPartitionKey?: string; data: string }[] = [];
  agg.deaggregateSync({ data: data.toString("base64"), partitionKey, sequenceNumber: "1" }, true, (err, users) => {
    if (err) throw err;
    out = users ?? [];
  });
  return out;
}

describe("KPL aggregation (load generator)", () => {
  const users: UserRecord[] = Array.from({ length: 40 }, (_, i) => ({
    partitionKey: `session-${i % 7}`,
    ...(i % 10 === 3 ? { explicitHashKey: String(12345678901234567890n * BigInt(i)) } : {}),
    data: Buffer.from(`payload ${i} `.repeat(1 + (i % 5))),
  }));

  it("writes the real format: an independent de-aggregator reads back every user record, key and explicit hash key, checksum verified", () => {
    const a = new Aggregate(1024 * 1024);
    for (const u of users) expect(a.tryAdd(u)).toBe(true);
    const k = a.toKinesisRecord();
    expect(k.data.subarray(0, 4).toString("hex")).toBe("f3899ac2");
    const back = deaggregate(k.data, k.partitionKey);
    expect(back.map((b) => [b.partitionKey, Buffer.from(b.data, "base64").toString()])).toEqual(users.map((u) => [u.partitionKey, u.data.toString()]));
    // Records given an ExplicitHashKey carry it (the reader reports table entry 0 for records without the optional
    // field, protobuf's default: so only those with one are compared).
    const withEhk = users.flatMap((u, i) => (u.explicitHashKey === undefined ? [] : [[i, u.explicitHashKey]]));
    expect(withEhk.length).toBeGreaterThan(1);
    expect(withEhk.map(([i]) => [i, back[i as number].explicitPartitionKey])).toEqual(withEhk);
  });

  it("is sent as the KPL sends it: partition key 'a', the first user record's hash key as ExplicitHashKey, the size kpl.ts counts", () => {
    const a = new Aggregate(1024 * 1024);
    for (const u of users) a.tryAdd(u);
    const k = a.toKinesisRecord();
    expect(k.partitionKey).toBe("a");
    expect(k.explicitHashKey).toBe(hashKeyOf(users[0].partitionKey).toString());
    expect(k.data.length + Buffer.byteLength(k.partitionKey)).toBe(a.bytes);
  });

  it("closes at the maximum size, and a single user record goes out as itself", () => {
    const small = new Aggregate(KPL_EMPTY_AGGREGATE_BYTES + 200);
    let added = 0;
    while (small.tryAdd(users[added % users.length])) added++;
    expect(added).toBeGreaterThan(1);
    expect(small.bytes).toBeLessThanOrEqual(small.maxBytes);
    expect(small.toKinesisRecord().data.length + 1).toBe(small.bytes);
    const one = new Aggregate(51200);
    one.tryAdd(users[1]);
    expect(one.toKinesisRecord()).toBe(users[1]);
    expect(Aggregate.tooLargeAlone({ partitionKey: "k", data: Buffer.alloc(60_000) }, 51200)).toBe(true);
  });
});
