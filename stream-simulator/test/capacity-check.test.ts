import * as fc from "fast-check";
import { checkCapacity, formatCapacityVerdict, sizeMemoized, stableJson } from "../src/capacity-check";
import { simulate } from "../src/simulate";
import { size } from "../src/sizing";
import { WorkloadValidationError } from "../src/workload";
import type { Workload } from "../src/types";
import { HOT_KEY } from "./helpers";
import { KEY_NAMINGS } from "../src/keys";
import { NAMING_QUANTILE } from "../src/capacity-rule";

const NEEDED = Math.ceil(NAMING_QUANTILE * KEY_NAMINGS);

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
const MiB = 1024 * 1024;

describe("checkCapacity: provisioned applies the sizing rule at the shard count given", () => {
  const sizing = size(BURSTY);
  const n = sizing.recommendedShards as number;

  it("passes at size's recommendation and fails one shard below it, naming the smallest passing count", () => {
    expect(sizing.feasible).toBe(true);
    const at = checkCapacity(BURSTY, { mode: "provisioned", shards: n });
    expect(at.passes).toBe(true);
    expect(at.failures).toEqual([]);
    expect(at.smallestPassingShards).toBeUndefined();
    expect(at.questions!.keyNamings).toEqual({ holdsFor: expect.any(Number), namings: KEY_NAMINGS, needed: NEEDED });
    expect(at.questions!.keyNamings!.holdsFor).toBeGreaterThanOrEqual(NEEDED);
    const below = checkCapacity(BURSTY, { mode: "provisioned", shards: n - 1 });
    expect(below.passes).toBe(false);
    expect(below.smallestPassingShards).toBe(n);
    expect(below.feasible).toBe(true);
  });

  it("reports each question, and the figures of the simulation of naming 0's peak hour", () => {
    const shards = Math.max(1, Math.floor(n / 3));
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards });
    const q = v.questions!;
    expect(q.limit.holds).toBe(false);
    expect(q.limit.busiestShardLoad).toBeGreaterThan(1);
    expect(v.failures[0].kind).toBe("limit");
    expect(v.failures[0].message).toMatch(/^the busiest shard needs [\d.]+% of its (write-bytes|hot-key) limit at the steady peak \(90th percentile over 200 key namings\)$/);
    expect(KEY_NAMINGS).toBe(200);
    // Growth is not asked while the limits fail. The 10-second bursts above the limit are partly absorbed by the
    // shards' burst buckets, so the throttle question is answered from the simulation on its own.
    expect(v.failures.map((f) => f.kind)).not.toContain("growth");
    const run = simulate({ ...BURSTY, durationSeconds: 3600 }, { capacity: { mode: "provisioned", shards }, keyNaming: q.throttle.keyNaming });
    // The verdict's figures are that run's (the first of the throttle question's peak hours: the workload's own seed).
    expect(v.lostRecords).toBe(run.lostRecords);
    expect(v.firstAttemptThrottledFraction).toBe(run.firstAttemptThrottledFraction);
  });

  it("headroom: 1 asks only the limit and throttle questions", () => {
    const at1 = size(BURSTY, { headroom: 1 }).recommendedShards!;
    expect(at1).toBeLessThan(n);
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards: at1 }, { headroom: 1 });
    expect(v.passes).toBe(true);
    expect(checkCapacity(BURSTY, { mode: "provisioned", shards: at1 }).failures.map((f) => f.kind)).toEqual(["growth"]);
  });

  it("formats a failure with every failed question, the hot shard, the binding constraint and the smallest passing count", () => {
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards: 2 });
    const message = formatCapacityVerdict(v, SUBJECT);
    expect(message).toContain(`${SUBJECT} does not sustain the declared workload with 2 provisioned shards:`);
    expect(message).toContain("limit fails (busiest shard");
    expect(message).toContain("of first attempts throttled (target ≤ 0.100%)");
    expect(message).toContain(`hot shard ${v.hotShard.shardId} peaks at ${(v.hotShard.peakBytesPerSecond / MiB).toFixed(2)} MiB/s`);
    expect(message).toContain(`binding constraint: ${v.bindingConstraint}`);
    expect(message).toContain(`The smallest shard count that passes is ${n}`);
    expect(message).toContain(`StreamCapacity.provisioned(${n})`);
  });

  it("formats a pass on one line, with the three questions", () => {
    const message = formatCapacityVerdict(checkCapacity(BURSTY, { mode: "provisioned", shards: n }), SUBJECT);
    expect(message.startsWith(`${SUBJECT} sustains the declared workload with ${n} provisioned shards: limit holds`)).toBe(true);
    expect(message).toMatch(new RegExp(`growth holds .* throttle holds .* holds for \\d+ of ${KEY_NAMINGS} key namings \\(${NEEDED} needed\\)`));
    expect(message).not.toContain("\n");
  });
});

describe("checkCapacity: a key the shard count cannot fix", () => {
  it("a key above one shard's limit fails at any count: no shard count helps, and what would", () => {
    for (const shards of [1, 4, 50]) {
      const v = checkCapacity(HOT_KEY, { mode: "provisioned", shards });
      expect(v.passes).toBe(false);
      expect(v.feasible).toBe(false);
      expect(v.smallestPassingShards).toBeNull();
      expect(v.failures.map((f) => f.kind)).toEqual(["hot-key"]);
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
    expect(v.onDemand!.steadyState.firstAttemptThrottledFraction).toBeGreaterThan(0.2);
    expect(formatCapacityVerdict(v, SUBJECT)).toContain("On-demand capacity does NOT fix a hot key");
  });

  it("a key at 85% of a shard passes on one shard, with a note that it caps growth", () => {
    const v = checkCapacity({ recordsPerSecond: 850, recordBytes: 100, partitionKey: { strategy: "static" }, durationSeconds: 600 }, { mode: "provisioned", shards: 1 });
    expect(v.passes).toBe(true);
    expect(v.questions!.growth.limitedByKey!.maxGrowth).toBeCloseTo(1 / 0.85, 9);
    expect(formatCapacityVerdict(v, SUBJECT)).toMatch(/one key caps growth at 1\.18×.*Notes: Growth headroom is limited by one key \(static-key, 85\.0% of a shard at peak\)/);
  });
});

describe("checkCapacity: on-demand — the steady state decides, the cold start is reported", () => {
  // 6 MiB/s steady: above a new stream's 4 MiB/s, well within an established stream's capacity.
  const steady6: Workload = { recordsPerSecond: 6 * 1024, recordBytes: 1024 - 36, durationSeconds: 1800 };

  it("a steady 6 MiB/s passes (its steady state throttles nothing); a new stream's cold start throttles for 15 minutes", () => {
    const v = checkCapacity(steady6, { mode: "on-demand" });
    expect(v.passes).toBe(true);
    const od = v.onDemand!;
    expect(od.steadyState).toEqual({ firstAttemptThrottledFraction: 0, lostRecords: 0 });
    expect(od.coldStart.initialCapacityBytesPerSecond).toBe(4 * MiB);
    // The stream takes 15 minutes to double to 8 MiB/s (until then a third of the 6 MiB/s is refused each second),
    // then a few seconds more for the retries it left behind.
    expect(od.coldStart.seconds).toBeGreaterThanOrEqual(900);
    expect(od.coldStart.seconds).toBeLessThan(960);
    expect(od.coldStart.passes).toBe(false);
    expect(od.coldStart.firstAttemptThrottledFraction).toBeGreaterThan(0.3);
    expect(v.advice.join(" ")).toMatch(/^Cold start: a stream starting at 4\.0 MiB\/s throttles [\d.]+% of first attempts during its first 1[56] min/);
    expect(formatCapacityVerdict(v, SUBJECT)).toMatch(/sustains the declared workload with on-demand capacity: steady state 0\.0% of first attempts throttled .*cold start [\d.]+% of first attempts throttled for 1[56] min/);
  });

  it("an established stream (previous peak 6 MiB/s) has no cold start", () => {
    const v = checkCapacity({ ...steady6, onDemand: { previousPeakMiBPerSecond: 6 } }, { mode: "on-demand" });
    expect(v.passes).toBe(true);
    expect(v.onDemand!.coldStart).toMatchObject({ seconds: 0, passes: true, initialCapacityBytesPerSecond: 12 * MiB });
  });

  it("warm throughput applies to On-demand Advantage only", () => {
    const warm: Workload = { ...steady6, onDemand: { warmThroughputMiBPerSecond: 8 } };
    const advantage = checkCapacity(warm, { mode: "on-demand", tier: "advantage" });
    expect(advantage.onDemand!.coldStart.passes).toBe(true);
    expect(advantage.onDemand!.coldStart.initialCapacityBytesPerSecond).toBe(8 * MiB);
    const standard = checkCapacity(warm, { mode: "on-demand" });
    expect(standard.onDemand!.coldStart.passes).toBe(false);
    expect(standard.advice).toContain("Warm throughput needs On-demand Advantage: this On-demand Standard verdict ignores it.");
  });

  it("a ramp that never more than doubles within 15 minutes has no throttling cold start", () => {
    const v = checkCapacity({ recordsPerSecond: 4 * 1024, recordBytes: 1024 - 36, durationSeconds: 7200, trafficShape: "ramp", peakToAverage: 2 }, { mode: "on-demand" });
    expect(v.passes).toBe(true);
    expect(v.onDemand!.coldStart.firstAttemptThrottledFraction).toBeLessThanOrEqual(0.001);
  });

  it("fails when the tier cannot register the enhanced fan-out consumers", () => {
    const w: Workload = { recordsPerSecond: 100, recordBytes: 1000, durationSeconds: 120, consumers: { enhancedFanOut: 30 } };
    expect(checkCapacity(w, { mode: "on-demand" }).failures.map((f) => f.kind)).toEqual(["efo-consumers"]);
    expect(checkCapacity(w, { mode: "on-demand", tier: "advantage" }).passes).toBe(true);
  });
});

describe("checkCapacity: other failures and inputs", () => {
  it("fails when shared consumers poll more than 5 GetRecords/s per shard", () => {
    const v = checkCapacity({ recordsPerSecond: 100, recordBytes: 100, durationSeconds: 120, consumers: { shared: 6 } }, { mode: "provisioned", shards: 2 });
    expect(v.failures.map((f) => f.kind)).toContain("shared-read-calls");
    expect(v.feasible).toBe(false);
  });

  it("throws WorkloadValidationError for an invalid workload and RangeError for invalid options or capacity", () => {
    expect(() => checkCapacity({ recordsPerSecond: -1, recordBytes: 10 }, { mode: "on-demand" })).toThrow(WorkloadValidationError);
    expect(() => checkCapacity(BURSTY, { mode: "on-demand" }, { headroom: 0 })).toThrow(RangeError);
    expect(() => checkCapacity(BURSTY, { mode: "on-demand" }, { targetThrottledFraction: 1 })).toThrow(RangeError);
    expect(() => checkCapacity(BURSTY, { mode: "provisioned", shards: 0 })).toThrow(RangeError);
    expect(() => checkCapacity(BURSTY, { mode: "on-demand", tier: "gold" as never })).toThrow(RangeError);
  });

  it("memoizes by value: the same inputs in another key order give the same (frozen) verdict", () => {
    const a = checkCapacity(BURSTY, { mode: "provisioned", shards: 3 });
    const reordered = JSON.parse(stableJson(BURSTY)) as Workload;
    expect(checkCapacity(reordered, { shards: 3, mode: "provisioned" })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.questions)).toBe(true);
    expect(sizeMemoized(BURSTY)).toBe(sizeMemoized(reordered));
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });

  it("reports the simulated figures of the capacity it checks: the peak hour under the quantile key naming", () => {
    const v = checkCapacity(BURSTY, { mode: "provisioned", shards: 5 });
    const naming = v.questions!.throttle.keyNaming;
    const r = simulate({ ...BURSTY, durationSeconds: 3600 }, { capacity: { mode: "provisioned", shards: 5 }, keyNaming: naming });
    expect(v.hotShard).toEqual(r.hotShard);
    expect(v.firstAttemptThrottledFraction).toBe(r.firstAttemptThrottledFraction);
    expect(v.bindingConstraint).toBe(r.bindingConstraint);
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
