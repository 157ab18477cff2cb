import fc from "fast-check";
import { simulate } from "../src/simulate";
import { size } from "../src/sizing";
import type { PartitionKeyStrategy, Workload } from "../src/types";

const keyArb: fc.Arbitrary<PartitionKeyStrategy> = fc.oneof(
  fc.constant({ strategy: "uuid" } as const),
  fc.constant({ strategy: "static" } as const),
  fc.record({ strategy: fc.constant("entity" as const), distinctKeys: fc.integer({ min: 1, max: 500 }), zipfExponent: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ strategy: fc.constant("timestamp" as const), resolutionMs: fc.integer({ min: 100, max: 5000 }) }),
);

const workloadArb: fc.Arbitrary<Workload> = fc.record({
  recordsPerSecond: fc.double({ min: 1, max: 20_000, noNaN: true }),
  recordBytes: fc.integer({ min: 1, max: 1_100_000 }),
  durationSeconds: fc.integer({ min: 10, max: 120 }),
  peakToAverage: fc.double({ min: 1, max: 8, noNaN: true }),
  partitionKey: keyArb,
  partitionKeyBytes: fc.integer({ min: 1, max: 256 }),
  consumers: fc.record({ shared: fc.integer({ min: 0, max: 6 }), enhancedFanOut: fc.integer({ min: 0, max: 3 }) }),
  producer: fc.record({ aggregation: fc.boolean(), maxRetries: fc.integer({ min: 0, max: 4 }) }),
  seed: fc.integer({ min: 0, max: 1000 }),
  arrivalNoise: fc.constantFrom("poisson" as const, "none" as const),
});

const capacityArb = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((shards) => ({ mode: "provisioned" as const, shards })),
  fc.constant({ mode: "on-demand" as const }),
);

describe("simulator properties", () => {
  it("conserves records: accepted + throttled + rejected = offered, all non-negative integers", () => {
    fc.assert(
      fc.property(workloadArb, capacityArb, (w, capacity) => {
        const r = simulate(w, { capacity });
        expect(r.acceptedRecords + r.writeThrottledRecords + r.rejectedRecords).toBe(r.offeredRecords);
        for (const x of [r.acceptedRecords, r.writeThrottledRecords, r.rejectedRecords]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(x)).toBe(true);
        }
        const perShard = r.perShard.reduce((a, s) => a + s.offeredRecords, 0);
        expect(perShard).toBe(r.offeredRecords);
        expect(r.writeThrottledFraction).toBeGreaterThanOrEqual(0);
        expect(r.writeThrottledFraction).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it("more shards never increase throttling for uniform (uuid) keys without noise", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 50_000, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        (rps, bytes, pta, n, extra, aggregation) => {
          const w: Workload = { recordsPerSecond: rps, recordBytes: bytes, peakToAverage: pta, durationSeconds: 60, arrivalNoise: "none", producer: { aggregation } };
          const a = simulate(w, { capacity: { mode: "provisioned", shards: n } });
          const b = simulate(w, { capacity: { mode: "provisioned", shards: n + extra } });
          // Tolerance: integer rounding of per-shard counts (at most one record per shard-second).
          expect(b.writeThrottledRecords).toBeLessThanOrEqual(a.writeThrottledRecords + (n + extra) * 60 * 0.01 + 1e-9);
          expect(b.maxShardWriteUtilization).toBeLessThanOrEqual(a.maxShardWriteUtilization + 1e-9 + 1 / 1000);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("is deterministic by seed: same workload + seed ⇒ identical result objects", () => {
    fc.assert(
      fc.property(workloadArb, capacityArb, (w, capacity) => {
        const a = simulate(w, { capacity, heatmapBuckets: 5 });
        // A deep clone: a new partitionKey object misses the key-model cache, so the model is rebuilt from scratch.
        const b = simulate(JSON.parse(JSON.stringify(w)) as Workload, { capacity, heatmapBuckets: 5 });
        expect(b).toEqual(a);
      }),
      { numRuns: 30 },
    );
  });

  it("different seeds give different noise (Poisson arrivals)", () => {
    const w: Workload = { recordsPerSecond: 5000, recordBytes: 100, durationSeconds: 30 };
    const a = simulate({ ...w, seed: 1 }, { capacity: { mode: "provisioned", shards: 4 } });
    const b = simulate({ ...w, seed: 2 }, { capacity: { mode: "provisioned", shards: 4 } });
    expect(a.offeredRecords).not.toBe(b.offeredRecords);
    // …around the same mean: 150,000 records ± a few standard deviations (√150,000 ≈ 387).
    expect(Math.abs(a.offeredRecords - 150_000)).toBeLessThan(2000);
  });
});

describe("sizing properties", () => {
  const uuidArb = fc.record({
    recordsPerSecond: fc.double({ min: 50, max: 5000, noNaN: true }),
    recordBytes: fc.integer({ min: 20, max: 20_000 }),
    peakToAverage: fc.double({ min: 1, max: 4, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1000 }),
  });

  it("more traffic never needs fewer shards (uuid keys), and the recommendation is never below the limit question's answer", () => {
    fc.assert(
      fc.property(uuidArb, fc.double({ min: 1, max: 1.5, noNaN: true }), (w, factor) => {
        const a = size({ ...w, durationSeconds: 600 });
        const b = size({ ...w, durationSeconds: 600, recordsPerSecond: w.recordsPerSecond * factor });
        // Every workload of this domain fits well within 10,000 shards (at most ≈ 600 MiB/s at peak).
        expect(a.feasible && b.feasible).toBe(true);
        expect(b.recommendedShards!).toBeGreaterThanOrEqual(a.recommendedShards!);
        for (const r of [a, b]) {
          expect(r.recommendedShards!).toBeGreaterThanOrEqual(r.questions.limit.shards!);
          expect(r.recommendedShards!).toBeGreaterThanOrEqual(r.questions.growth.shards!);
        }
      }),
      { numRuns: 10, seed: 20261202 },
    );
  });

  /** Seeds 1–8 at 10 minutes, and seed 1 at 1 hour and 24 hours: all feasible or none, and within ±15% of each other. */
  const stableAnswers = (w: Workload, durations = true): (number | null)[] =>
    [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => ({ ...w, seed, durationSeconds: 600 })),
      ...(durations ? [{ ...w, seed: 1, durationSeconds: 3600 }, { ...w, seed: 1, durationSeconds: 86_400 }] : []),
    ].map((r) => size(r).recommendedShards);
  const expectStable = (answers: (number | null)[]): void => {
    const feasible = answers.filter((x): x is number => x !== null);
    expect(feasible.length === 0 || feasible.length === answers.length).toBe(true);
    if (feasible.length === 0) return;
    // Within ±15% of one centre: the largest at most 1.15/0.85 of the smallest.
    expect(Math.max(...feasible)).toBeLessThanOrEqual((1.15 / 0.85) * Math.min(...feasible));
  };

  it.each([
    ["the Zipf example: 2,500 records/s of 600 B over 800 keys, Zipf 1.25 (growth-bound)", { recordsPerSecond: 2500, recordBytes: 600, partitionKey: { strategy: "entity", distinctKeys: 800, zipfExponent: 1.25 } }],
    ["large records: 5 records/s of 2 MiB (throttle-bound: arrival noise decides)", { recordsPerSecond: 5, recordBytes: 2 * 1048576 - 64, maxRecordSizeKiB: 10240 }],
  ] as [string, Workload][])("is stable for %s: seeds 1–8 and durations from 10 minutes to 24 hours agree within ±15%", (_name, w) => {
    expectStable(stableAnswers(w));
  });

  it("is stable for any workload: seeds 1–8 agree within ±15% of each other (durations: the worked examples above)", () => {
    const arb = fc.integer({ min: 50, max: 1_000_000 }).chain((recordBytes) =>
      fc.record({
        recordBytes: fc.constant(recordBytes),
        // Up to about 6 MiB/s at the mean: tens of shards at most, so the property stays cheap to check.
        recordsPerSecond: fc.double({ min: 1, max: Math.max(2, Math.min(10_000, 6_000_000 / recordBytes)), noNaN: true }),
        peakToAverage: fc.double({ min: 1, max: 3, noNaN: true }),
        partitionKey: fc.oneof(
          fc.constant({ strategy: "uuid" } as const),
          fc.record({ strategy: fc.constant("entity" as const), distinctKeys: fc.integer({ min: 50, max: 5_000 }), zipfExponent: fc.double({ min: 0, max: 1.3, noNaN: true }) }),
        ),
      }),
    );
    fc.assert(
      fc.property(arb, (w) => expectStable(stableAnswers(w, false))),
      { numRuns: 3, seed: 20261202 },
    );
  });
});
