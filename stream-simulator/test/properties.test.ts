import fc from "fast-check";
import { simulate } from "../src/shards";
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
