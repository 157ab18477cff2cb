import * as fc from "fast-check";
import { checkCapacity, formatCapacityVerdict, sizeMemoized, stableJson } from "../src/capacity-check";
import { simulate } from "../src/shards";
import { size } from "../src/sizing";
import { WorkloadValidationError, parseWorkload, resolveWorkload } from "../src/workload";
import { countAtLoad, headroomExemption } from "../src/headroom-exemption";
import { shardLoadOf, writeShapeOf } from "../src/aggregation";
import type { Workload } from "../src/types";
import { HOT_KEY } from "./helpers";

/** Bursty (3×), Zipf-skewed session keys, 2 KiB records: the agent-telemetry shape, 10 minutes. */
const BURSTY: Workload = {
  recordsPerSecond: 1200,
  recordBytes: 2048,
  durationSeconds: 600,
  peakToAverage: 3,
  partitionKey: { strategy: "entity", distinctKeys: 50_000, zipfExponent: 0.9 },
  consumers: { shared: 1, enhancedFanOut: 1 },
  seed: 7,
};
const SUBJECT = "Stream 'orders' (path app/Orders/Stream)";

describe("checkCapacity: provisioned uses the same pass rule as size", () => {
  const sizing = size(BURSTY);
  const n = sizing.recommendedShards as number;

  it("passes at size's recommendation and fails one shard below it, naming the smallest passing count", () => {
    expect(sizing.feasible).toBe(true);
    const at = checkCapacity(BURSTY, { mode: "provisioned", shards: n });
    expect(at.passes).toBe(true);
    expect(at.failures).toEqual([]);
    expect(at.smallestPassingShards).toBeUndefined();
    const below = checkCapacity(BURSTY, { mode: "provisioned", shards: n - 1 });
    expect(below.passes).toBe(false);
    expect(below.smallestPassingShards).toBe(n);
    expect(below.feasible).toBe(true);
  });

  it("reports the simulation's own figures (throttled fraction, hot shard and its load, binding constraint)", () => {
    const shards = Math.max(1, Math.floor(n / 3));
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards });
    const r = simulate(BURSTY, { capacity: { mode: "provisioned", shards } });
    expect(v.throttledFraction).toBe(r.writeThrottledFraction);
    expect(v.hotShard).toEqual(r.hotShard);
    expect(v.peakUtilization).toBe(r.maxShardWriteUtilization);
    expect(v.bindingConstraint).toBe(r.bindingConstraint);
    expect(v.failures.map((f) => f.kind)).toContain("headroom");
  });

  it("headroom: 1 checks throttling only", () => {
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards: n - 1 }, { headroom: 1 });
    expect(v.failures.some((f) => f.kind === "headroom")).toBe(false);
    expect(v.passes).toBe(v.throttledFraction <= 0.001);
  });

  it("formats a failure with the shard count, throttled fraction, hot shard, binding constraint and smallest passing count", () => {
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards: 2 });
    const message = formatCapacityVerdict(v, SUBJECT);
    expect(message).toContain(`${SUBJECT} does not sustain the declared workload with 2 provisioned shards`);
    expect(message).toContain("of records throttled");
    expect(message).toContain(`hot shard ${v.hotShard.shardId} peaks at ${(v.hotShard.peakBytesPerSecond / 1048576).toFixed(2)} MiB/s`);
    expect(message).toContain(`binding constraint: ${v.bindingConstraint}`);
    expect(message).toContain(`The smallest shard count that passes is ${n}`);
    expect(message).toContain(`StreamCapacity.provisioned(${n})`);
  });

  it("formats a pass on one line", () => {
    const message = formatCapacityVerdict(checkCapacity(BURSTY, { mode: "provisioned", shards: n }), SUBJECT);
    expect(message.startsWith(`${SUBJECT} sustains the declared workload with ${n} provisioned shards:`)).toBe(true);
    expect(message).not.toContain("\n");
  });
});

describe("checkCapacity: a hot key above one shard's limit", () => {
  it("fails at any shard count and says no shard count helps, and what would", () => {
    for (const shards of [1, 4, 50]) {
      const v = checkCapacity(HOT_KEY, { mode: "provisioned", shards });
      expect(v.passes).toBe(false);
      expect(v.feasible).toBe(false);
      expect(v.smallestPassingShards).toBeNull();
      expect(v.bindingConstraint).toBe("hot-key");
    }
    const message = formatCapacityVerdict(checkCapacity(HOT_KEY, { mode: "provisioned", shards: 4 }), SUBJECT);
    expect(message).toContain("No provisioned shard count passes");
    expect(message).toContain('"tenant-42"');
    expect(message).toContain("no shard count helps");
    expect(message).toMatch(/What would help: .*suffix/);
  });

  it("fails on-demand too: each key is still capped at one shard's limit", () => {
    const v = checkCapacity(HOT_KEY, { mode: "on-demand" });
    expect(v.passes).toBe(false);
    expect(v.throttledFraction).toBeGreaterThan(0.2);
    expect(formatCapacityVerdict(v, SUBJECT)).toContain("On-demand capacity does NOT fix a hot key");
  });
});

describe("headroomExemption: the shards size and checkCapacity hold to the throttling target only", () => {
  // One static key, 400 records/s of 2 KiB at peak: 79.5% of the limit deterministically, ≈ 90% in its busiest second.
  const noisyKey: Workload = { recordsPerSecond: 200, recordBytes: 2048, peakToAverage: 2, partitionKey: { strategy: "static" }, durationSeconds: 600 };
  const resolved = (w: Workload) => resolveWorkload(parseWorkload(w));

  it("exempts the shard of a key whose own busiest second (arrival noise included) exceeds the headroom", () => {
    const r = simulate(noisyKey, { capacity: { mode: "provisioned", shards: 2 } });
    const e = headroomExemption(resolved(noisyKey), r, 0.8);
    expect(e.keys.map((k) => k.key)).toEqual(["static-key"]);
    const shard = r.perShard[e.keys[0].shard];
    // Alone on its shard, the key's own peak is that shard's simulated peak.
    expect(e.keys[0].peakUtilization).toBeCloseTo(shard.peakWriteUtilization, 6);
    expect(e.peakOutside).toBe(0);
  });

  it("exempts nothing without arrival noise (the key's peak is within the headroom) or for a key above the limit", () => {
    const quiet = { ...noisyKey, arrivalNoise: "none" as const };
    const r = simulate(quiet, { capacity: { mode: "provisioned", shards: 2 } });
    expect(headroomExemption(resolved(quiet), r, 0.8)).toEqual({ keys: [], allShards: false, peakOutside: r.maxShardWriteUtilization });
    const hot = simulate(HOT_KEY, { capacity: { mode: "provisioned", shards: 4 } });
    expect(headroomExemption(resolved(HOT_KEY), hot, 0.8).keys).toEqual([]);
  });

  it("countAtLoad inverts shardLoadOf, with and without aggregation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.boolean(), fc.double({ min: 0.01, max: 3, noNaN: true }), (bytes, aggregation, load) => {
        const ws = writeShapeOf(resolved({ recordsPerSecond: 1, recordBytes: bytes, producer: { aggregation } }));
        const c = countAtLoad(ws, load);
        expect(shardLoadOf(ws, c)).toBeLessThanOrEqual(load);
        expect(shardLoadOf(ws, c * (1 + 1e-6) + 1e-6)).toBeGreaterThan(load);
      }),
      { numRuns: 50 },
    );
  });

  it("checkCapacity agrees with size on such a key: passes at size's count, fails one shard fewer", () => {
    const skewed: Workload = {
      recordsPerSecond: 596,
      recordBytes: 2048,
      durationSeconds: 600,
      seed: 1,
      partitionKey: { strategy: "entity", distinctKeys: 3, zipfExponent: 1.55 },
    };
    for (const w of [noisyKey, skewed]) {
      const n = size(w).recommendedShards!;
      expect(n).toBeLessThanOrEqual(4);
      expect(checkCapacity(w, { mode: "provisioned", shards: n }).passes).toBe(true);
      if (n > 1) {
        const below = checkCapacity(w, { mode: "provisioned", shards: n - 1 });
        expect(below.passes).toBe(false);
        expect(below.smallestPassingShards).toBe(n);
      }
    }
    // The reviewed example: 2 shards sustain the noisy key (its shard is held to the throttling target only).
    expect(checkCapacity(noisyKey, { mode: "provisioned", shards: 2 }).passes).toBe(true);
  });
});

describe("checkCapacity: on-demand", () => {
  it("passes a steady workload within the initial 4 MiB/s", () => {
    const v = checkCapacity({ recordsPerSecond: 1000, recordBytes: 1000, durationSeconds: 600 }, { mode: "on-demand" });
    expect(v.passes).toBe(true);
    expect(v.hotShard.shardId).toBe("on-demand");
  });

  it("fails a burst above twice the new stream's capacity, naming on-demand scaling and the provisioned alternative", () => {
    const v = checkCapacity(BURSTY, { mode: "on-demand" });
    const r = simulate(BURSTY, { capacity: { mode: "on-demand" } });
    expect(v.throttledFraction).toBe(r.writeThrottledFraction);
    // 3.6 MiB/s bursts to 7.3 MiB/s; a 10-minute run never reaches the 15-minute scaling window.
    expect(v.passes).toBe(false);
    expect(v.bottleneck).toBe("on-demand-scaling");
    expect(v.smallestPassingShards).toBe(size(BURSTY).recommendedShards);
    expect(formatCapacityVerdict(v, SUBJECT)).toContain("A new on-demand stream accepts 4 MiB/s");
  });
});

describe("checkCapacity: other failures and inputs", () => {
  it("fails when shared consumers poll more than 5 GetRecords/s per shard", () => {
    const v = checkCapacity({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 120, consumers: { shared: 6 } }, { mode: "provisioned", shards: 2 });
    expect(v.failures.map((f) => f.kind)).toContain("shared-read-calls");
    expect(v.feasible).toBe(false);
  });

  it("throws WorkloadValidationError for an invalid workload and RangeError for invalid options", () => {
    expect(() => checkCapacity({ recordsPerSecond: -1, recordBytes: 10 }, { mode: "on-demand" })).toThrow(WorkloadValidationError);
    expect(() => checkCapacity(BURSTY, { mode: "on-demand" }, { headroom: 0 })).toThrow(RangeError);
    expect(() => checkCapacity(BURSTY, { mode: "on-demand" }, { targetThrottledFraction: 1 })).toThrow(RangeError);
  });

  it("memoizes by value: the same inputs in another key order give the same (frozen) verdict", () => {
    const a = checkCapacity(BURSTY, { mode: "provisioned", shards: 3 });
    const reordered = JSON.parse(stableJson(BURSTY)) as Workload;
    expect(checkCapacity(reordered, { shards: 3, mode: "provisioned" })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(sizeMemoized(BURSTY)).toBe(sizeMemoized(reordered));
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });
});

describe("checkCapacity agrees with size on varied workloads (property)", () => {
  it("a feasible recommendation passes, one shard fewer fails; an infeasible workload fails at every count with feasible = false", () => {
    const workloadArb: fc.Arbitrary<Workload> = fc.record({
      recordsPerSecond: fc.integer({ min: 50, max: 6000 }),
      recordBytes: fc.integer({ min: 50, max: 8000 }),
      durationSeconds: fc.integer({ min: 60, max: 240 }),
      peakToAverage: fc.double({ min: 1, max: 4, noNaN: true }),
      partitionKey: fc.oneof(
        fc.constant({ strategy: "uuid" } as const),
        fc.record({ strategy: fc.constant("entity" as const), distinctKeys: fc.integer({ min: 20, max: 5000 }), zipfExponent: fc.double({ min: 0, max: 1.2, noNaN: true }) }),
      ),
      consumers: fc.record({ shared: fc.integer({ min: 0, max: 3 }) }),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(workloadArb, (w) => {
        const s = size(w);
        if (s.recommendedShards !== null) {
          expect(checkCapacity(w, { mode: "provisioned", shards: s.recommendedShards }).passes).toBe(true);
          if (s.recommendedShards > 1) {
            const below = checkCapacity(w, { mode: "provisioned", shards: s.recommendedShards - 1 });
            expect(below.passes).toBe(false);
            expect(below.smallestPassingShards).toBe(s.recommendedShards);
          }
        } else {
          const v = checkCapacity(w, { mode: "provisioned", shards: s.faqFormulaShards });
          expect(v.passes).toBe(false);
          expect(v.feasible).toBe(false);
        }
      }),
      { numRuns: 12, seed: 20261122 },
    );
  });
});
