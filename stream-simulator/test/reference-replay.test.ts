import { createHash } from "node:crypto";
import fc from "fast-check";
import { KINESIS_LIMITS } from "../src/limits";
import { replayTrace, type TraceRecord } from "../src/reference/replay";
import { generateTrace } from "../src/reference/trace";
import { ShardMap } from "../src/routing";

const L = KINESIS_LIMITS;
const MAX_REQ_RECORDS = L.putRecordsMaxRecords.value;
const BURST_RECORDS = L.writeBurstRecords.value;
const RECORDS_PER_MS = L.shardWriteRecordsPerSecond.value / 1000;

/** n records at time t with keys key-0…key-(n−1). */
function burst(n: number, t: number, bytes: number, keyPrefix = "key-"): TraceRecord[] {
  return Array.from({ length: n }, (_, i) => ({ timeMs: t, partitionKey: `${keyPrefix}${i}`, bytes }));
}

/** Steady rate on one key for `seconds`, evenly spaced. */
function steady(perSecond: number, seconds: number, bytes: number, keys = ["k"]): TraceRecord[] {
  const out: TraceRecord[] = [];
  for (let s = 0; s < seconds; s++) {
    for (let j = 0; j < perSecond; j++) {
      out.push({ timeMs: s * 1000 + Math.floor((j * 1000) / perSecond), partitionKey: keys[j % keys.length], bytes });
    }
  }
  return out;
}

describe("collection into PutRecords requests", () => {
  it("501 records ⇒ 2 requests: one full at 500, the last one at the linger deadline", () => {
    const r = replayTrace(burst(MAX_REQ_RECORDS + 1, 0, 10), { shards: 4, producer: { lingerMs: 100 } });
    expect(r.putRecordsRequests).toBe(2);
    expect(r.accepted).toBe(MAX_REQ_RECORDS + 1);
    expect(r.latencyMs.p50).toBe(0);
    expect(r.latencyMs.max).toBe(100);
  });

  it("caps a request at 10 MiB of data + partition keys", () => {
    const pk = "p-00"; // 4 bytes
    const recordBytes = 1024 * 1024 - pk.length; // each record is exactly 1 MiB with its key
    const perRequest = L.putRecordsMaxBytes.value / (1024 * 1024);
    const n = perRequest + 1;
    const trace = Array.from({ length: n }, (_, i) => ({ timeMs: 0, partitionKey: `p-${String(i).padStart(2, "0")}`, bytes: recordBytes }));
    // Each record on its own shard so no byte bucket runs dry.
    const map = ShardMap.even(64);
    const shards = new Set(trace.map((t) => map.indexFor(t.partitionKey)));
    expect(shards.size).toBeGreaterThan(1);
    const r = replayTrace(trace, { shards: map, producer: { lingerMs: 10 } });
    expect(r.putRecordsRequests).toBe(2);
    expect(r.bytesWritten + r.throttled * 1024 * 1024).toBe(n * 1024 * 1024);
  });

  it("respects a smaller configured batch size", () => {
    const r = replayTrace(burst(100, 0, 10), { shards: 4, producer: { maxBatchRecords: 30, lingerMs: 5 } });
    expect(r.putRecordsRequests).toBe(4); // 30 + 30 + 30 sent full, 10 at the deadline
  });

  it("linger: a partial batch leaves when its oldest record has waited lingerMs", () => {
    const trace: TraceRecord[] = [
      { timeMs: 0, partitionKey: "a", bytes: 1 },
      { timeMs: 10, partitionKey: "b", bytes: 1 },
      { timeMs: 20, partitionKey: "c", bytes: 1 },
      { timeMs: 200, partitionKey: "d", bytes: 1 },
    ];
    const r = replayTrace(trace, { shards: 1, producer: { lingerMs: 50 } });
    expect(r.putRecordsRequests).toBe(2); // at t=50 (a,b,c) and t=250 (d)
    // latencies 50, 40, 30, 50 ⇒ p50 = 40, max = 50, mean = 42.5
    expect(r.latencyMs).toEqual({ p50: 40, p99: 50, max: 50, mean: 42.5 });
  });

  it("lingerMs 0 sends every record on its own", () => {
    const r = replayTrace(burst(5, 0, 1).map((x, i) => ({ ...x, timeMs: i })), { shards: 1, producer: { lingerMs: 0 } });
    expect(r.putRecordsRequests).toBe(5);
    expect(r.latencyMs.max).toBe(0);
  });

  it("refuses a trace whose time goes backwards", () => {
    expect(() =>
      replayTrace(
        [
          { timeMs: 5, partitionKey: "a", bytes: 1 },
          { timeMs: 4, partitionKey: "a", bytes: 1 },
        ],
        { shards: 1 },
      ),
    ).toThrow(/must not decrease/);
  });
});

describe("record size cap (data + partition key) and invalid records", () => {
  const cap = L.defaultMaxRecordBytes.value;

  it("rejects a record one byte over the stream's maximum, accepts one exactly at it", () => {
    const r = replayTrace(
      [
        { timeMs: 0, partitionKey: "ab", bytes: cap - 2 },
        { timeMs: 0, partitionKey: "ab", bytes: cap - 1 },
        { timeMs: 0, partitionKey: "жж", bytes: cap - 3 }, // "жж" is 4 UTF-8 bytes
      ],
      { shards: 2 },
    );
    expect(r.offered).toBe(3);
    expect(r.accepted).toBe(1);
    expect(r.rejected).toBe(2);
  });

  it("a stream configured for 10 MiB records accepts a 2 MiB record; beyond the ceiling is refused", () => {
    const r = replayTrace([{ timeMs: 0, partitionKey: "k", bytes: 2 * cap }], {
      shards: 1,
      maxRecordBytes: L.maxRecordBytesCeiling.value,
    });
    expect(r.accepted).toBe(1);
    expect(() => replayTrace([], { shards: 1, maxRecordBytes: L.maxRecordBytesCeiling.value + 1 })).toThrow(RangeError);
    expect(() => replayTrace([], { shards: 1, maxRecordBytes: cap - 1 })).toThrow(RangeError);
  });

  it("rejects empty and over-long partition keys and invalid ExplicitHashKeys; routes valid ones by the EHK", () => {
    const r = replayTrace(
      [
        { timeMs: 0, partitionKey: "", bytes: 1 },
        { timeMs: 0, partitionKey: "x".repeat(L.partitionKeyMaxLength.value + 1), bytes: 1 },
        { timeMs: 0, partitionKey: "x", bytes: 1, explicitHashKey: (1n << 128n).toString() },
        { timeMs: 0, partitionKey: "x", bytes: 1, explicitHashKey: "007" },
        { timeMs: 0, partitionKey: "x", bytes: 1, explicitHashKey: "0" },
        { timeMs: 0, partitionKey: "x", bytes: 1, explicitHashKey: ((1n << 128n) - 1n).toString() },
      ],
      { shards: 2 },
    );
    expect(r.rejected).toBe(4);
    expect(r.perShard.map((s) => s.acceptedRecords)).toEqual([1, 1]);
  });

  it("validates producer settings against the limits", () => {
    expect(() => replayTrace([], { shards: 1, producer: { maxBatchRecords: MAX_REQ_RECORDS + 1 } })).toThrow(RangeError);
    expect(() => replayTrace([], { shards: 1, producer: { maxBatchBytes: L.putRecordsMaxBytes.value + 1 } })).toThrow(RangeError);
    expect(() => replayTrace([], { shards: 1, producer: { lingerMs: -1 } })).toThrow(RangeError);
  });
});

describe("throttling and retries against the per-shard token buckets", () => {
  // One shard, a burst of BURST + 500 records at t=0: the record bucket (BURST tokens) admits BURST of them.
  const n = BURST_RECORDS + 500;
  const trace = burst(n, 0, 10);

  it("without retries the excess is throttled and counted per shard", () => {
    const r = replayTrace(trace, { shards: 1, producer: { maxRetries: 0 } });
    expect(r.accepted).toBe(BURST_RECORDS);
    expect(r.throttled).toBe(500);
    expect(r.retried).toBe(0);
    expect(r.perShard[0]).toMatchObject({ acceptedRecords: BURST_RECORDS, throttledRecords: 500, throttleEvents: 500 });
  });

  it("exponential backoff retries recover a short burst (hand-computed schedule)", () => {
    const backoff = 100;
    const r = replayTrace(trace, { shards: 1, producer: { maxRetries: 3, retryBackoffMs: backoff } });
    // t=0: 500 throttled. t=100: +100 tokens ⇒ 100 accepted, 400 retried at t=300 (+200 tokens) ⇒ 200 accepted,
    // 200 retried at t=700 (+400 tokens) ⇒ all accepted.
    const t1 = backoff * RECORDS_PER_MS;
    const t2 = 2 * backoff * RECORDS_PER_MS;
    expect(t1 + t2).toBeLessThan(500);
    expect(r.accepted).toBe(n);
    expect(r.throttled).toBe(0);
    expect(r.retried).toBe(500 + (500 - t1) + (500 - t1 - t2));
    expect(r.latencyMs.max).toBe(backoff + 2 * backoff + 4 * backoff);
  });

  it("a sustained overload is still throttled after retries", () => {
    const r = replayTrace(steady(2 * L.shardWriteRecordsPerSecond.value, 5, 10), { shards: 1 });
    expect(r.throttled).toBeGreaterThan(0);
    expect(r.accepted).toBeLessThanOrEqual(BURST_RECORDS + 6 * L.shardWriteRecordsPerSecond.value);
  });

  it("the byte bucket throttles large records: 12 × 1 MiB on one shard, no retries", () => {
    const trace = Array.from({ length: 12 }, (_, i) => ({ timeMs: 0, partitionKey: `k-${String(i).padStart(6, "0")}`, bytes: 1024 * 1024 - 8 }));
    const r = replayTrace(trace, { shards: 1, producer: { maxRetries: 0, lingerMs: 10 } });
    expect(r.accepted).toBe(L.writeBurstBytes.value / (1024 * 1024));
    expect(r.throttled).toBe(12 - r.accepted);
  });
});

/** A real encoding of a KPL AggregatedRecord (aggregation-format.md) to check the simulator's size arithmetic. */
function encodeAggregate(records: { key: string; data: Buffer }[]): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const field = (tag: number, payload: Buffer): Buffer => Buffer.concat([Buffer.from([tag, ...varint(payload.length)]), payload]);
  const keys: string[] = [];
  const parts: Buffer[] = [];
  const recs: Buffer[] = [];
  for (const r of records) {
    let idx = keys.indexOf(r.key);
    if (idx < 0) idx = keys.push(r.key) - 1;
    const inner = Buffer.concat([Buffer.from([0x08, ...varint(idx)]), field(0x1a, r.data)]);
    recs.push(field(0x1a, inner));
  }
  for (const k of keys) parts.push(field(0x0a, Buffer.from(k, "utf8")));
  const proto = Buffer.concat([...parts, ...recs]);
  const md5 = createHash("md5").update(proto).digest();
  return Buffer.concat([Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), proto, md5]);
}

describe("KPL aggregation", () => {
  it("an aggregate's size equals a real AggregatedRecord encoding (+ the outer partition key 'a')", () => {
    const keys = ["k0", "ключ", "\u{1F600}", "k3"];
    const trace: TraceRecord[] = Array.from({ length: 300 }, (_, i) => ({
      timeMs: 0,
      partitionKey: keys[i % keys.length],
      bytes: (i * 37) % 700,
    }));
    const r = replayTrace(trace, { shards: 1, producer: { aggregation: true, aggregationMaxBytes: 1024 * 1024, lingerMs: 10 } });
    const encoded = encodeAggregate(trace.map((t) => ({ key: t.partitionKey, data: Buffer.alloc(t.bytes) })));
    expect(r.kinesisRecordsWritten).toBe(1);
    expect(r.bytesWritten).toBe(encoded.length + 1);
  });

  it("reproduces the measured aws-kinesis-agg figure: 1,000 × 512 B over 7 keys ⇒ 520,048 bytes", () => {
    const trace = Array.from({ length: 1000 }, (_, i) => ({ timeMs: 0, partitionKey: `k${i % 7}`, bytes: 512 }));
    const r = replayTrace(trace, { shards: 1, producer: { aggregation: true, aggregationMaxBytes: 1024 * 1024, lingerMs: 10 } });
    expect(r.kinesisRecordsWritten).toBe(1);
    expect(r.bytesWritten - 1).toBe(520_048);
  });

  it("AWS's example: 1,000 records/s of 512 B on one shard aggregate into ~10 Kinesis records/s", () => {
    const seconds = 10;
    const r = replayTrace(steady(1000, seconds, 512, ["a", "b", "c"]), {
      shards: 1,
      producer: { aggregation: true, lingerMs: 1000 },
    });
    expect(r.accepted).toBe(1000 * seconds);
    const perSecond = r.kinesisRecordsWritten / seconds;
    expect(perSecond).toBeGreaterThanOrEqual(10);
    expect(perSecond).toBeLessThanOrEqual(11);
    // Every aggregate but the last is close to the 51,200-byte default maximum.
    expect(r.bytesWritten / r.kinesisRecordsWritten).toBeGreaterThan(45_000);
  });

  it("lifts the 1,000 records/s cap for small records", () => {
    const trace = steady(3000, 5, 100, ["a", "b", "c", "d"]);
    const plain = replayTrace(trace, { shards: 1 });
    const agg = replayTrace(trace, { shards: 1, producer: { aggregation: true } });
    expect(plain.throttled).toBeGreaterThan(trace.length / 4);
    expect(agg.throttled).toBe(0);
    expect(agg.accepted).toBe(trace.length);
    expect(agg.kinesisRecordsWritten).toBeLessThan(trace.length / 50);
  });

  it("never lifts the 1 MiB/s cap: 2 MiB/s of 512-byte records still throttles once the burst is spent", () => {
    const seconds = 30;
    const perSecond = 4 * 1024; // 4,096 × 512 B = 2 MiB/s
    const r = replayTrace(steady(perSecond, seconds, 512, ["a", "b"]), { shards: 1, producer: { aggregation: true } });
    expect(r.throttled).toBeGreaterThan(0);
    const maxBytes = L.writeBurstBytes.value + L.shardWriteBytesPerSecond.value * (seconds + 1);
    expect(r.bytesWritten).toBeLessThanOrEqual(maxBytes);
  });

  it("packs per predicted shard: every aggregate lands on the shard of all its user records", () => {
    const map = ShardMap.even(4);
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const trace = steady(400, 3, 50, keys);
    const r = replayTrace(trace, { shards: map, producer: { aggregation: true } });
    const expected = [0, 0, 0, 0];
    for (const t of trace) expected[map.indexFor(t.partitionKey)]++;
    expect(r.perShard.map((s) => s.acceptedRecords)).toEqual(expected);
  });
});

describe("invariants and determinism", () => {
  const record = fc.record({
    dt: fc.integer({ min: 0, max: 40 }),
    key: fc.constantFrom("a", "b", "c", "ж", "\u{1F600}", "k".repeat(256), ""),
    bytes: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 500_000, max: 1_100_000 })),
    ehk: fc.option(fc.constantFrom("0", "1", "170141183460469231731687303715884105728", "340282366920938463463374607431768211456"), {
      nil: undefined,
    }),
  });
  const opts = fc.record({
    shards: fc.integer({ min: 1, max: 5 }),
    aggregation: fc.boolean(),
    aggregationMaxBytes: fc.integer({ min: 200, max: 200_000 }),
    maxBatchRecords: fc.integer({ min: 1, max: 500 }),
    maxBatchBytes: fc.integer({ min: 1, max: 10 * 1024 * 1024 }),
    lingerMs: fc.integer({ min: 0, max: 300 }),
    maxRetries: fc.integer({ min: 0, max: 4 }),
    retryBackoffMs: fc.integer({ min: 0, max: 500 }),
  });

  it("accepted + throttled + rejected = offered, per-shard sums agree, Kinesis records ≤ accepted user records", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 400 }), opts, (recs, o) => {
        let t = 0;
        const trace: TraceRecord[] = recs.map((x) => {
          t += x.dt;
          return { timeMs: t, partitionKey: x.key, bytes: x.bytes, ...(x.ehk === undefined ? {} : { explicitHashKey: x.ehk }) };
        });
        const { shards, ...producer } = o;
        const r = replayTrace(trace, { shards, producer });
        expect(r.offered).toBe(trace.length);
        expect(r.accepted + r.throttled + r.rejected).toBe(r.offered);
        expect(r.perShard.reduce((a, s) => a + s.acceptedRecords, 0)).toBe(r.accepted);
        expect(r.perShard.reduce((a, s) => a + s.throttledRecords, 0)).toBe(r.throttled);
        expect(r.kinesisRecordsWritten).toBeLessThanOrEqual(r.accepted);
        if (o.maxRetries === 0) expect(r.retried).toBe(0);
        if (r.accepted > 0) expect(r.latencyMs.p50).toBeLessThanOrEqual(r.latencyMs.p99);
      }),
      { numRuns: 100 },
    );
  });

  it("same trace + options ⇒ identical result", () => {
    const w = { recordsPerSecond: 5000, recordBytes: 300, durationSeconds: 3, partitionKey: { strategy: "entity" as const, distinctKeys: 50, zipfExponent: 1.1 } };
    const a = replayTrace(generateTrace(w), { shards: 3, producer: { aggregation: true } });
    const b = replayTrace(generateTrace(w), { shards: 3, producer: { aggregation: true } });
    expect(a).toEqual(b);
  });
});

describe("generateTrace", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const w = { recordsPerSecond: 200, recordBytes: 100, durationSeconds: 2, seed: 7 };
    expect(generateTrace(w)).toEqual(generateTrace(w));
    expect(generateTrace(w).map((r) => r.partitionKey)).not.toEqual(generateTrace({ ...w, seed: 8 }).map((r) => r.partitionKey));
  });

  it("produces recordsPerSecond × duration records in time order; uuid keys are distinct v4 UUIDs", () => {
    const t = generateTrace({ recordsPerSecond: 1000, recordBytes: 64, durationSeconds: 3 });
    expect(t).toHaveLength(3000);
    for (let i = 1; i < t.length; i++) expect(t[i].timeMs).toBeGreaterThanOrEqual(t[i - 1].timeMs);
    expect(new Set(t.map((r) => r.partitionKey)).size).toBe(3000);
    expect(t[0].partitionKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(t.every((r) => r.bytes === 64)).toBe(true);
  });

  it("static, entity (uniform and Zipf) and timestamp keys", () => {
    const base = { recordsPerSecond: 2000, recordBytes: 10, durationSeconds: 3 };
    expect(new Set(generateTrace({ ...base, partitionKey: { strategy: "static", value: "one" } }).map((r) => r.partitionKey))).toEqual(new Set(["one"]));

    const ent = generateTrace({ ...base, partitionKey: { strategy: "entity", distinctKeys: 20 }, partitionKeyBytes: 12 });
    const keys = new Set(ent.map((r) => r.partitionKey));
    expect(keys.size).toBe(20);
    expect([...keys].every((k) => k.length === 12)).toBe(true);

    const zipf = generateTrace({ ...base, partitionKey: { strategy: "entity", distinctKeys: 100, zipfExponent: 1 } });
    const counts = new Map<string, number>();
    for (const r of zipf) counts.set(r.partitionKey, (counts.get(r.partitionKey) ?? 0) + 1);
    const top = Math.max(...counts.values()) / zipf.length;
    let h = 0;
    for (let k = 1; k <= 100; k++) h += 1 / k;
    expect(top).toBeGreaterThan((1 / h) * 0.85); // rank-1 share 1/H(100) ≈ 0.193
    expect(top).toBeLessThan((1 / h) * 1.15);

    const ts = generateTrace({ ...base, partitionKey: { strategy: "timestamp" } });
    expect([...new Set(ts.map((r) => r.partitionKey))]).toEqual([
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:01.000Z",
      "2026-01-01T00:00:02.000Z",
    ]);
  });

  it("peakToAverage: the busiest second runs at peak × average while the mean is kept", () => {
    const t = generateTrace({ recordsPerSecond: 1000, recordBytes: 10, durationSeconds: 40, peakToAverage: 4 });
    const perSecond = new Array(40).fill(0);
    for (const r of t) perSecond[Math.floor(r.timeMs / 1000)]++;
    expect(Math.max(...perSecond)).toBe(4000);
    expect(t.length).toBeGreaterThanOrEqual(39_999);
    expect(t.length).toBeLessThanOrEqual(40_000);
  });

  it("maxRecords truncates", () => {
    expect(generateTrace({ recordsPerSecond: 1000, recordBytes: 1 }, { maxRecords: 123 })).toHaveLength(123);
  });
});
