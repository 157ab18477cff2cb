import { simulate } from "../src/simulate";
import { KINESIS_LIMITS } from "../src/limits";
import type { Workload } from "../src/types";
import { onDemand } from "./helpers";
const initialBytes = KINESIS_LIMITS.onDemandInitialWriteBytesPerSecond.value;
const windowS = KINESIS_LIMITS.onDemandScaleWindowSeconds.value;

describe("on-demand capacity", () => {
  // 1 KiB per record (1000 data + 24 key).
  const kib = (recordsPerSecond: number, extra: Partial<Workload> = {}): Workload => ({
    recordsPerSecond,
    recordBytes: 1000,
    partitionKeyBytes: 24,
    durationSeconds: 3600,
    arrivalNoise: "none",
    producer: { maxRetries: 0 },
    ...extra,
  });

  it("a new stream accepts 4,000 × 1 KiB records/s (within 4 MiB/s and 4,000 records/s) without throttling", () => {
    expect(initialBytes).toBe(4 * 1024 * 1024);
    const r = simulate(kib(4000), onDemand);
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.bottleneck).toBe("none");
  });

  it("5 MiB/s from the start throttles the excess for 15 minutes, then capacity doubles the observed peak", () => {
    const r = simulate(kib(5 * 1024), onDemand);
    // 5,120 records/s of 1 KiB: the initial 4,000 records/s (tighter than 4 MiB/s = 4,096 records) binds for the first
    // 900 s; from then on capacity is 2 × the accepted peak (8,000 records/s) and nothing more is throttled.
    const initialRecords = KINESIS_LIMITS.onDemandInitialWriteRecordsPerSecond.value;
    expect(r.writeThrottledRecords).toBe(windowS * (5 * 1024 - initialRecords));
    expect(r.bottleneck).toBe("on-demand-scaling");
  });

  it("traffic up to double the previous peak is absorbed; more than doubling within 15 minutes throttles", () => {
    // peak/average 2 with bursts: base level below 2 MiB/s, bursts under 4 MiB/s: fine.
    const ok = simulate(kib(1500, { peakToAverage: 2.5 }), onDemand);
    expect(ok.writeThrottledRecords).toBe(0);
    // A burst of 10× a 1 MiB/s average reaches 10 MiB/s in its first minute: more than 2× anything seen, throttled.
    const burst = simulate(kib(1024, { peakToAverage: 10 }), onDemand);
    expect(burst.writeThrottledRecords).toBeGreaterThan(0);
  });

  it("does NOT fix a hot key: one key is still limited to 1 MiB/s and 1,000 records/s", () => {
    const r = simulate(kib(2000, { partitionKey: { strategy: "static" } }), onDemand);
    expect(r.writeThrottledFraction).toBeCloseTo(0.5, 2);
    expect(r.bottleneck).toBe("hot-key");
    expect(r.hotKey!.peakUtilization).toBeCloseTo(2, 2);
  });

  it("uuid keys at 3 MiB/s are fine: no per-key cap applies", () => {
    const r = simulate(kib(3000), onDemand);
    expect(r.writeThrottledRecords).toBe(0);
  });

  it("conserves records with retries", () => {
    const r = simulate(kib(6000, { producer: { maxRetries: 3 }, arrivalNoise: "poisson" }), onDemand);
    expect(r.acceptedRecords + r.writeThrottledRecords + r.rejectedRecords).toBe(r.offeredRecords);
  });

  it("utilization counts new records only: 8,000 × 1 KiB records/s against the initial capacity reads 2.0×; retries are reported separately", () => {
    // 8,000 × 1 KiB records/s against the initial 4 MiB/s / 4,000 records/s: new demand is 2.0× capacity.
    const r = simulate({ recordsPerSecond: 8000, recordBytes: 1000, partitionKeyBytes: 24, durationSeconds: 120, arrivalNoise: "none" }, onDemand);
    expect(r.writeThrottledRecords).toBeGreaterThan(0);
    expect(r.maxShardWriteUtilization).toBeCloseTo(2, 9);
    expect(r.hotShard.peakRecordsPerSecond).toBe(8000);
    expect(r.maxShardAttemptedWriteUtilization).toBeGreaterThan(2.5);
  });
});
