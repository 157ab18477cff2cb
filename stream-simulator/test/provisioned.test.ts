import { simulate } from "../src/simulate";
import { TIMESTAMP_BLOCK } from "../src/timestamp-blocks";
import { size } from "../src/sizing";
import { parseWorkload } from "../src/workload";
import { KINESIS_LIMITS } from "../src/limits";
import { ShardMap, hashKeyOf } from "../src/routing";
import { keyModelOf, type FixedKeyModel } from "../src/keys";
import { resolveWorkload } from "../src/workload";
import { trafficShape } from "../src/traffic";
import type { Workload } from "../src/types";
import { HOT_KEY, onDemand, provisioned } from "./helpers";

const MiB = 1024 * 1024;
const LB = KINESIS_LIMITS.shardWriteBytesPerSecond.value;
const LR = KINESIS_LIMITS.shardWriteRecordsPerSecond.value;

describe("traffic shape", () => {
  it.each([1, 1.5, 2, 3, 7.5, 100])("has mean exactly 1 and max exactly peakToAverage = %d", (p) => {
    const m = trafficShape(3600, p).multipliers;
    let sum = 0;
    let max = 0;
    let min = Infinity;
    for (const x of m) {
      sum += x;
      max = Math.max(max, x);
      min = Math.min(min, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(sum / m.length).toBeCloseTo(1, 9);
    expect(max).toBeCloseTo(p, 9);
  });

  it("works when the run is shorter than one period and peak equals the duration", () => {
    const m = trafficShape(5, 5).multipliers;
    expect(Array.from(m).reduce((a, b) => a + b, 0)).toBeCloseTo(5, 9);
    expect(Math.max(...m)).toBe(5);
  });
});

describe("worked examples against AWS's documented per-shard limits", () => {
  // 988-byte payload + 36-byte partition key = 1 KiB per record.
  const oneKiB: Workload = { recordsPerSecond: 1000, recordBytes: 988, partitionKeyBytes: 36, durationSeconds: 600, arrivalNoise: "none" };

  it("one shard accepts 1,000 × 1 KiB records per second (1,024,000 B/s, within 1 MiB/s), nothing throttled", () => {
    const r = simulate(oneKiB, provisioned(1));
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.acceptedRecords).toBe(600_000);
    expect(r.maxShardWriteUtilization).toBeCloseTo(1, 9);
    expect(r.hotShard.peakBytesPerSecond).toBe(1000 * 1024);
    expect(r.maxShardWriteBytesUtilization).toBeCloseTo(1024000 / LB, 9);
    expect(r.hotShard.peakRecordsPerSecond).toBe(LR);
    expect(r.bottleneck).toBe("none");
  });

  it("at twice the rate (2,000 records/s) one shard still writes only 1,000/s: half is throttled (no retries)", () => {
    const r = simulate({ ...oneKiB, recordsPerSecond: 2000, producer: { maxRetries: 0 } }, provisioned(1));
    expect(r.offeredRecords).toBe(1_200_000);
    expect(r.acceptedRecords).toBe(600_000);
    expect(r.writeThrottledFraction).toBeCloseTo(0.5, 9);
    expect(r.maxShardWriteUtilization).toBeCloseTo(2, 9);
  });

  it("retries do not create capacity: with retries the shard still accepts 1,000 records/s, during the run and the retries' drain", () => {
    const r = simulate({ ...oneKiB, recordsPerSecond: 2000 }, provisioned(1));
    // Three retries 100, 200, 400 ms apart land in the next second each: the drain after the run is 3 seconds.
    expect(r.acceptedRecords).toBeGreaterThanOrEqual(600_000);
    expect(r.acceptedRecords).toBeLessThanOrEqual(603_000);
    expect(r.acceptedRecords + r.writeThrottledRecords).toBe(r.offeredRecords);
    // Half the new records are refused at their first attempt; most retries fail too, so most of those are lost.
    expect(r.firstAttemptThrottledFraction).toBeGreaterThan(0.5);
    expect(r.lostRecords).toBe(r.writeThrottledRecords);
  });

  it("partition-key bytes count against the 1 MiB/s limit: 1,000 × (1 KiB data + 36-byte key) overflows once the burst bucket drains", () => {
    const D = 1800;
    const r = simulate({ ...oneKiB, recordBytes: 1024, durationSeconds: D, producer: { maxRetries: 0 } }, provisioned(1));
    // 1,060,000 B/s offered vs 1,048,576 B/s: the 10 MiB bucket lasts ~918 s, then 11,424 B/s are throttled.
    expect(r.bottleneck).toBe("write-bytes");
    const availableBytes = KINESIS_LIMITS.writeBurstBytes.value + (D - 1) * LB;
    const expected = (D * 1000 * 1060 - availableBytes) / 1060;
    expect(Math.abs(r.writeThrottledRecords - expected) / expected).toBeLessThan(0.02);
  });

  it("small records hit the 1,000 records/s limit long before 1 MiB/s", () => {
    const r = simulate({ recordsPerSecond: 1500, recordBytes: 100, durationSeconds: 300, arrivalNoise: "none", producer: { maxRetries: 0 } }, provisioned(1));
    expect(r.bottleneck).toBe("write-records");
    expect(r.writeThrottledFraction).toBeCloseTo(1 / 3, 2);
  });

  it("KPL aggregation packs small records: 1,000 records/s of 512 B become ~10 Kinesis records/s (AWS's example in the KPL concepts page)", () => {
    const r = simulate(
      { recordsPerSecond: 1000, recordBytes: 512, partitionKeyBytes: 10, durationSeconds: 60, arrivalNoise: "none", producer: { aggregation: true } },
      provisioned(1),
    );
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.hotShard.peakRecordsPerSecond).toBeGreaterThanOrEqual(10);
    expect(r.hotShard.peakRecordsPerSecond).toBeLessThanOrEqual(12);
    // Bytes are never reduced: at least the user bytes are counted.
    expect(r.hotShard.peakBytesPerSecond).toBeGreaterThanOrEqual(1000 * 522);
  });

  it("aggregation never lifts the byte limit", () => {
    const r = simulate(
      { recordsPerSecond: 4000, recordBytes: 500, durationSeconds: 120, arrivalNoise: "none", producer: { aggregation: true, maxRetries: 0 } },
      provisioned(1),
    );
    expect(r.bottleneck).toBe("write-bytes");
    expect(r.writeThrottledFraction).toBeGreaterThan(0.4);
  });

  it("records larger than the 1 MiB maximum record size are rejected, not throttled", () => {
    const r = simulate({ recordsPerSecond: 1, recordBytes: MiB, durationSeconds: 10, arrivalNoise: "none" }, provisioned(2));
    expect(r.rejectedRecords).toBe(10);
    expect(r.acceptedRecords).toBe(0);
    expect(r.writeThrottledRecords).toBe(0);
  });

  it("maxRecordSizeKiB sets the maximum record size: at 4,096 KiB a 2 MiB record is written (or throttled), not rejected; it must be 1,024–10,240 KiB", () => {
    const big: Workload = { recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 30, arrivalNoise: "none" };
    expect(simulate(big, provisioned(1)).rejectedRecords).toBe(30);
    const ok = simulate({ ...big, maxRecordSizeKiB: 4096 }, provisioned(1));
    expect(ok.rejectedRecords).toBe(0);
    expect(ok.acceptedRecords + ok.writeThrottledRecords).toBe(30); // 2 MiB records still exceed 1 MiB/s: some throttle
    expect(simulate({ ...big, maxRecordSizeKiB: 4096 }, onDemand).rejectedRecords).toBe(0);
    expect(size({ ...big, maxRecordSizeKiB: 4096 }).feasible).toBe(true);
    expect(() => parseWorkload({ ...big, maxRecordSizeKiB: 512 })).toThrow(/maxRecordSizeKiB/);
    expect(() => parseWorkload({ ...big, maxRecordSizeKiB: 10241 })).toThrow(/maxRecordSizeKiB/);
  });

  it("the byte bucket absorbs a short burst above 1 MiB/s (token bucket, not a fixed window)", () => {
    // 1 s in every 60 at 5× the mean of 0.5 MiB/s = 2.5 MiB for one second, well inside the 10 MiB burst.
    const r = simulate({ recordsPerSecond: 500, recordBytes: 988, durationSeconds: 600, peakToAverage: 5, arrivalNoise: "none", producer: { aggregation: true, maxRetries: 0 } }, provisioned(1));
    expect(r.maxShardWriteUtilization).toBeGreaterThan(1);
    expect(r.writeThrottledRecords).toBe(0);
  });
});

describe("routing of traffic to shards (real MD5 routing)", () => {
  it("uuid keys: each shard's share is its hash-range share, 1/N", () => {
    const n = 7;
    const r = simulate({ recordsPerSecond: 7000, recordBytes: 100, durationSeconds: 200 }, provisioned(n));
    for (const s of r.perShard) {
      expect(s.trafficShare).toBeCloseTo(1 / n, 12);
      expect(s.offeredRecords / r.offeredRecords).toBeCloseTo(1 / n, 2);
    }
  });

  it("a static key pins every record to the one shard its MD5 hash falls in", () => {
    const key = "device-42";
    const n = 8;
    const expected = ShardMap.even(n).indexForHashKey(hashKeyOf(key));
    const r = simulate({ recordsPerSecond: 2000, recordBytes: 100, durationSeconds: 60, partitionKey: { strategy: "static", value: key } }, provisioned(n));
    r.perShard.forEach((s, i) => expect(s.offeredRecords > 0).toBe(i === expected));
    expect(r.hotShard.shardId).toBe(ShardMap.even(n).ranges[expected].shardId);
    expect(r.bottleneck).toBe("hot-key");
    expect(r.writeThrottledFraction).toBeGreaterThan(0.4);
  });

  it("Zipf entity keys: the hottest key is detected and its shard is the hot shard", () => {
    const w: Workload = { recordsPerSecond: 5000, recordBytes: 200, durationSeconds: 60, partitionKey: { strategy: "entity", distinctKeys: 1000, zipfExponent: 1.2 } };
    const r = simulate(w, provisioned(16));
    expect(r.hotKey).toBeDefined();
    const hk = r.hotKey!;
    // Zipf(1.2) over 1,000 keys: rank 1 weight = 1 / Σ k^-1.2.
    let h = 0;
    for (let k = 1; k <= 1000; k++) h += Math.pow(k, -1.2);
    expect(hk.share).toBeCloseTo(1 / h, 9);
    // Entity keys are placed by key naming 0 (keys.ts): the model's hash key of the hottest key says where it lands.
    const model = keyModelOf(resolveWorkload(w), 0);
    expect(model.kind === "fixed" && model.topKeys[0].key).toBe(hk.key);
    const hotIndex = ShardMap.even(16).indexForHashKey((model as FixedKeyModel).topKeys[0].hashKey);
    expect(r.hotShard.shardId).toBe(ShardMap.even(16).ranges[hotIndex].shardId);
    expect(r.perShard[hotIndex].trafficShare).toBeGreaterThanOrEqual(hk.share);
  });

  it("a single hot key is limited to one shard however many shards exist", () => {
    const w: Workload = { recordsPerSecond: 3000, recordBytes: 100, durationSeconds: 60, partitionKey: { strategy: "entity", distinctKeys: 3, zipfExponent: 3 } };
    const few = simulate(w, provisioned(4));
    const many = simulate(w, provisioned(256));
    expect(few.hotKey!.peakUtilization).toBeGreaterThan(1);
    expect(many.writeThrottledFraction).toBeGreaterThan(0.3);
    expect(many.bottleneck).toBe("hot-key");
  });

  it("timestamp keys: each second's records share one key, so one shard takes a whole second's traffic", () => {
    const r = simulate(
      { recordsPerSecond: 500, recordBytes: 100, durationSeconds: 120, partitionKey: { strategy: "timestamp" }, arrivalNoise: "none" },
      { ...provisioned(10), heatmapBuckets: 120 },
    );
    const heat = r.heatmap!;
    for (let b = 0; b < heat.buckets; b++) {
      let busy = 0;
      for (let s = 0; s < heat.shards; s++) if (heat.values[s * heat.buckets + b] > 0) busy++;
      expect(busy).toBe(1);
    }
    expect(r.hotKey!.share).toBe(1);
  });
});

describe("utilization and peaks count new records; retries are reported separately", () => {
  it("peak utilization counts new records only: a static key offered 1,500 records/s reads 1.50×, and the attempted demand with retries is reported separately", () => {
    const r = simulate(HOT_KEY, provisioned(2));
    expect(r.maxShardWriteUtilization).toBeCloseTo(1.5, 9);
    expect(r.hotShard.peakRecordsPerSecond).toBe(1500);
    expect(r.hotShard.peakBytesPerSecond).toBe(1500 * 1009);
    // The attempted demand (new + retries) is reported separately.
    expect(r.maxShardAttemptedWriteUtilization).toBeGreaterThan(3);
    const hot = r.perShard.find((s) => s.shardId === r.hotShard.shardId)!;
    expect(hot.meanWriteUtilization).toBeCloseTo(1.5, 9);
  });
});

describe("producer retries and backoff", () => {
  const throttling: Workload = { recordsPerSecond: 1200, recordBytes: 900, durationSeconds: 120, arrivalNoise: "none", producer: { maxRetries: 3 } };

  it("retryBackoffMs decides when a throttled record is retried: 100 ms (the default) lands in a quiet second, 60 s in the next burst; records are conserved", () => {
    // One 20× burst second per minute (traffic.ts); retries 100 ms later land in a quiet second and mostly succeed,
    // retries 60 s later land in the next burst second and mostly fail again.
    const spiky: Workload = { recordsPerSecond: 300, recordBytes: 900, durationSeconds: 600, peakToAverage: 20, arrivalNoise: "none" };
    const fast = simulate({ ...spiky, producer: { maxRetries: 1, retryBackoffMs: 100 } }, provisioned(1));
    const slow = simulate({ ...spiky, producer: { maxRetries: 1, retryBackoffMs: 60_000 } }, provisioned(1));
    expect(fast).toEqual(simulate({ ...spiky, producer: { maxRetries: 1 } }, provisioned(1))); // default 100 ms
    expect(fast.writeThrottledRecords).toBeGreaterThan(0);
    expect(slow.writeThrottledRecords).toBeGreaterThan(fast.writeThrottledRecords * 1.2);
    // Conservation holds with delayed retries too, provisioned and on-demand.
    expect(slow.acceptedRecords + slow.writeThrottledRecords + slow.rejectedRecords).toBe(slow.offeredRecords);
    const od = simulate({ ...spiky, recordsPerSecond: 1000, producer: { maxRetries: 3, retryBackoffMs: 2000 } }, onDemand);
    expect(od.writeThrottledRecords).toBeGreaterThan(0);
    expect(od.acceptedRecords + od.writeThrottledRecords + od.rejectedRecords).toBe(od.offeredRecords);
  });

  it("a retry whose backoff outlasts the run is still made after the last arrival: nothing is lost that a retry saves", () => {
    const r = simulate({ ...throttling, producer: { maxRetries: 1, retryBackoffMs: 600_000 } }, provisioned(1));
    const none = simulate({ ...throttling, producer: { maxRetries: 0 } }, provisioned(1));
    expect(none.lostRecords).toBeGreaterThan(0);
    expect(r.firstAttemptThrottledRecords).toBe(none.firstAttemptThrottledRecords);
    // The 600 s retries land in the 600 s drain, when no new records compete: every one is accepted.
    expect(r.lostRecords).toBe(0);
    expect(r.acceptedRecords).toBe(r.offeredRecords);
  });
});

describe("timestamp keys in memory-bounded shard blocks", () => {
  it("processing timestamp keys in shard blocks gives exactly the same result as in one block", () => {
    const w: Workload = { recordsPerSecond: 20_000, recordBytes: 500, durationSeconds: 120, partitionKey: { strategy: "timestamp", resolutionMs: 3 } };
    const saved = TIMESTAMP_BLOCK.entryBudget;
    try {
      const whole = simulate(w, provisioned(50));
      TIMESTAMP_BLOCK.entryBudget = 100; // forces many blocks
      const blocks = simulate(w, provisioned(50));
      expect(blocks).toEqual(whole);
    } finally {
      TIMESTAMP_BLOCK.entryBudget = saved;
    }
  });

  it("1,000 shards of 1 ms timestamp keys at 100,000 records/s (the benchmark's shape, 60 s): every record is offered and accounted for, in blocks or not", () => {
    // The 24 h run of this workload, with its peak RSS target (< 1 GiB), is in the simulator benchmark (bench/run.ts, (d)).
    const w: Workload = { recordsPerSecond: 100_000, recordBytes: 500, durationSeconds: 60, arrivalNoise: "none", partitionKey: { strategy: "timestamp", resolutionMs: 1 } };
    const r = simulate(w, provisioned(1000));
    expect(r.offeredRecords).toBe(6_000_000);
    expect(r.acceptedRecords + r.writeThrottledRecords + r.rejectedRecords).toBe(r.offeredRecords);
    const saved = TIMESTAMP_BLOCK.entryBudget;
    try {
      TIMESTAMP_BLOCK.entryBudget = 10_000; // forces many blocks, as the 24 h run does
      expect(simulate(w, provisioned(1000))).toEqual(r);
    } finally {
      TIMESTAMP_BLOCK.entryBudget = saved;
    }
  });
});

describe("reads", () => {
  it("more than 5 GetRecords calls/s per shard throttle reads in every second", () => {
    const r = simulate({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 30, consumers: { shared: 6 } }, provisioned(2));
    expect(r.readThrottledSeconds).toBe(30);
    expect(r.bottleneck).toBe("shared-read-calls");
    expect(r.sharedReadCallsUtilization).toBeCloseTo(6 / 5, 9);
  });

  it("three shared consumers of a shard written at 1 MiB/s lag behind (3 MiB/s > 2 MiB/s) and iterator age grows", () => {
    const r = simulate({ recordsPerSecond: 1000, recordBytes: 988, durationSeconds: 120, consumers: { shared: 3 }, arrivalNoise: "none" }, provisioned(1));
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.bottleneck).toBe("shared-read-bytes");
    expect(r.maxIteratorAgeSeconds).toBeGreaterThan(30);
    expect(r.maxSharedReadUtilization).toBeCloseTo((3 * 1024000) / KINESIS_LIMITS.shardReadBytesPerSecond.value, 6);
  });

  it("EFO consumers each get their own 2 MiB/s: three EFO consumers keep up", () => {
    const r = simulate({ recordsPerSecond: 1000, recordBytes: 988, durationSeconds: 120, consumers: { shared: 0, enhancedFanOut: 3 }, arrivalNoise: "none" }, provisioned(1));
    expect(r.readThrottledSeconds).toBe(0);
    expect(r.maxIteratorAgeSeconds).toBe(0);
  });
});

describe("result shape", () => {
  it("heatmap has shards × buckets cells holding each bucket's max utilization", () => {
    const r = simulate({ recordsPerSecond: 800, recordBytes: 500, durationSeconds: 100, peakToAverage: 2 }, { ...provisioned(3), heatmapBuckets: 10 });
    const h = r.heatmap!;
    expect(h.shards).toBe(3);
    expect(h.buckets).toBe(10);
    expect(h.bucketSeconds).toBe(10);
    expect(h.values).toHaveLength(30);
    for (let s = 0; s < 3; s++) {
      const row = Array.from(h.values.slice(s * 10, s * 10 + 10));
      expect(Math.max(...row)).toBeCloseTo(r.perShard[s].peakWriteUtilization, 5);
    }
  });

  it("reports progress up to 1", () => {
    const seen: number[] = [];
    simulate({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 50 }, { ...provisioned(40), onProgress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  });

  it("validates the workload and the capacity", () => {
    expect(() => simulate({ recordsPerSecond: -1, recordBytes: 1 }, provisioned(1))).toThrow(/recordsPerSecond/);
    expect(() => simulate({ recordsPerSecond: 1, recordBytes: 1 }, provisioned(0))).toThrow(RangeError);
    expect(() => simulate({ recordsPerSecond: 1, recordBytes: 1 }, { ...provisioned(1), heatmapBuckets: 0 })).toThrow(RangeError);
  });
});
