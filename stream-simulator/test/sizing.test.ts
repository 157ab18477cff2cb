import { faqFormulaShards, size, smallestPassing } from "../src/sizing";
import { simulate } from "../src/simulate";
import { checkCapacity } from "../src/capacity-check";
import { KINESIS_LIMITS } from "../src/limits";
import type { Workload } from "../src/types";
import { HOT_KEY, loadExample, provisioned } from "./helpers";

const MiB = 1024 * 1024;
const base = { durationSeconds: 600, seed: 3 } as const;

describe("faqFormulaShards: AWS's documented formula max(in_KiB/1024, out_KiB/2048)", () => {
  it("rounds the record size up to 1 KiB and multiplies outgoing by the consumers", () => {
    // 1,000 records/s of 2,560 B → 3 KiB each → 3,000 KiB/s in → 2.93 → 3 shards; 2 consumers → 6,000/2,048 = 2.93.
    expect(faqFormulaShards({ recordsPerSecond: 1000, recordBytes: 2560, consumers: { shared: 2 } })).toBe(3);
    // 5 consumers: 15,000 KiB/s out / 2,048 = 7.3 → 8 shards.
    expect(faqFormulaShards({ recordsPerSecond: 1000, recordBytes: 2560, consumers: { shared: 3, enhancedFanOut: 2 } })).toBe(8);
  });

  it("1,024 records/s of 1 KiB is exactly one shard; the formula ignores the 1,000 records/s limit", () => {
    expect(faqFormulaShards({ recordsPerSecond: 1024, recordBytes: 1024 })).toBe(1);
    expect(faqFormulaShards({ recordsPerSecond: 1025, recordBytes: 1024 })).toBe(2);
    expect(faqFormulaShards({ recordsPerSecond: 10_000, recordBytes: 100 })).toBe(10);
  });
});

describe("the limit question: the smallest count whose busiest shard fits every per-shard limit at the steady peak", () => {
  it("bytes: 40 records/s of 150,000 B (+36 B of key) = 5.72 MiB/s → 6 shards at 95.4% (5 would be 114.5%)", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000 });
    expect(r.questions.limit.shards).toBe(6);
    expect(r.questions.limit.constraint).toBe("write-bytes");
    expect(r.questions.limit.busiestShardLoad).toBeCloseTo((40 * 150_036) / 6 / MiB, 9);
    expect(r.questions.limit.explanation).toContain("(114.5% at 5)");
  });

  it("records: 5,000 records/s of 100 B → exactly 5 shards at 100% of 1,000 records/s", () => {
    const r = size({ ...base, recordsPerSecond: 5000, recordBytes: 100 });
    expect(r.questions.limit.shards).toBe(5);
    expect(r.questions.limit.constraint).toBe("write-records");
    expect(r.questions.limit.busiestShardLoad).toBeCloseTo(1, 12);
  });

  it("shared reads: 4 consumers of 2,000 records/s × 1,036 B each need 4 × 1.98 MiB/s; 2 MiB/s per shard → 4 shards", () => {
    const r = size({ ...base, recordsPerSecond: 2000, recordBytes: 1000, consumers: { shared: 4 } });
    expect(r.questions.limit.shards).toBe(4);
    expect(r.questions.limit.constraint).toBe("shared-read-bytes");
    expect(r.questions.limit.busiestShardLoad).toBeCloseTo((4 * 2000 * 1036) / 4 / (2 * MiB), 9);
  });

  it("the 10,000 records per GetRecords call: a consumer polling every 20 s reads 500 records/s per shard → 10 shards for 5,000 records/s", () => {
    const r = size({ ...base, recordsPerSecond: 5000, recordBytes: 100, consumers: { pollsPerSecond: 0.05 } });
    expect(r.questions.limit.shards).toBe(10);
    expect(r.questions.limit.busiestShardLoad).toBeCloseTo(1, 9);
    // Polling once a second, the same consumer reads 10,000 records per call: the writes bind (5 shards).
    expect(size({ ...base, recordsPerSecond: 5000, recordBytes: 100 }).questions.limit.shards).toBe(5);
  });

  it("is deterministic: arrival noise and the seed do not change it", () => {
    const w: Workload = { ...base, recordsPerSecond: 40, recordBytes: 150_000 };
    const answers = [1, 2, 3].flatMap((seed) => [size({ ...w, seed }), size({ ...w, seed, arrivalNoise: "none" })]).map((r) => r.questions.limit.shards);
    expect(new Set(answers)).toEqual(new Set([6]));
  });
});

describe("the growth question: the busiest shard's mean load at the steady peak within the headroom", () => {
  it("40 × 150 KB: 5.72 MiB/s / 0.8 → 8 shards at 71.5%; the recommendation, bound by growth", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000 });
    expect(r.questions.growth.shards).toBe(8);
    expect(r.questions.growth.busiestShardLoad).toBeCloseTo((40 * 150_036) / 8 / MiB, 9);
    expect(r.recommendedShards).toBe(8);
    expect(r.binding).toBe("growth");
    expect(r.bottleneck).toBe("write-bytes");
    expect(r.dependsOn.join(" ")).toContain("The headroom 80.0%: growth needs 8 shards; the limits alone need 6 shards.");
  });

  it("100,000 records/s of 100 B: 125 shards (100 fit the limits, 125 keep every shard at 80%)", () => {
    const r = size({ ...base, recordsPerSecond: 100_000, recordBytes: 100 });
    expect(r.questions.limit.shards).toBe(100);
    expect(r.questions.growth.shards).toBe(125);
    expect(r.recommendedShards).toBe(125);
    expect(r.advice.join(" ")).toMatch(/KPL aggregation would cut the shard count/);
  });

  it("stops where one key dominates its shard and says how much growth the stream can take: a static key at 85% → 1 shard, at most 1.18×", () => {
    const r = size({ ...base, recordsPerSecond: 850, recordBytes: 100, partitionKey: { strategy: "static" } });
    expect(r.recommendedShards).toBe(1);
    expect(r.bottleneck).toBe("hot-key");
    const key = r.questions.growth.limitedByKey!;
    expect(key.key).toBe("static-key");
    expect(key.keyLoad).toBeCloseTo(0.85, 12);
    expect(key.maxGrowth).toBeCloseTo(1 / 0.85, 12);
    expect(r.questions.growth.explanation).toContain(
      "growth headroom is limited by one key: static-key alone is 85.0% of a shard at peak; the stream absorbs at most 1.18× growth whatever the shard count — split or salt the key",
    );
  });

  it("a Zipf key at 85% of a shard among 999 others: stops once doubling the shards would lower its shard by less than 10%, not after buying dozens of shards", () => {
    // Zipf(2) over 1,000 keys: the top key carries 1/Σk^-2 ≈ 60.8% of 1,398 records/s ≈ 850 records/s.
    const w: Workload = { ...base, recordsPerSecond: 1398, recordBytes: 100, partitionKey: { strategy: "entity", distinctKeys: 1000, zipfExponent: 2 } };
    const r = size(w);
    const cap = r.questions.growth.limitedByKey!;
    expect(cap.keyLoad).toBeCloseTo(0.85, 2);
    expect(cap.shardLoad).toBeGreaterThan(0.8);
    expect(cap.shardLoad).toBeLessThanOrEqual(1);
    // Growth stops with the limits (11 shards); the key's own noise then sets the count (throttle, 19), not dozens more.
    expect(r.questions.growth.shards).toBe(r.questions.limit.shards);
    expect(r.recommendedShards!).toBeLessThanOrEqual(20);
    // The rule's own test, restated: at twice the growth answer the busiest shard (90th percentile of the namings) is
    // at least 90% of its load at the answer.
    const n = r.questions.growth.shards!;
    const doubled = checkCapacity(w, { mode: "provisioned", shards: 2 * n }).questions!.growth.busiestShardLoad;
    expect(doubled).toBeGreaterThanOrEqual(0.9 * cap.shardLoad);
    expect(r.advice.join(" ")).toMatch(/Growth headroom is limited by one key \(entity-1, 85\.0% of a shard at peak\)/);
  });

  it("headroom 1 drops the question to the limits", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000 }, { headroom: 1 });
    expect(r.questions.growth.shards).toBe(r.questions.limit.shards);
  });
});

describe("the throttle question: first attempts throttled ≤ the target and nothing lost, over the noisy peak hour", () => {
  it("large records with no headroom: the noise of a few 150 KB records per shard-second binds above the limits", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000 }, { headroom: 1 });
    expect(r.questions.limit.shards).toBe(6);
    expect(r.questions.throttle.shards!).toBeGreaterThan(6);
    expect(r.binding).toBe("throttle");
    expect(r.questions.throttle.firstAttemptThrottledFraction).toBeLessThanOrEqual(0.001);
    expect(r.questions.throttle.lostRecords).toBe(0);
    // One shard fewer throttles more first attempts than the target in the same peak hour.
    const below = simulate({ ...base, recordsPerSecond: 40, recordBytes: 150_000, durationSeconds: 3600 }, provisioned(r.questions.throttle.shards! - 1));
    expect(below.firstAttemptThrottledFraction > 0.001 || below.lostRecords > 0).toBe(true);
  });

  it("without arrival noise the limits alone decide it", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000, arrivalNoise: "none" }, { headroom: 1 });
    expect(r.questions.throttle.shards).toBe(6);
    expect(r.recommendedShards).toBe(6);
  });

  it("--target applies to first attempts: with a producer that retries long enough to lose nothing, the target decides", () => {
    // Ten retries (100 ms doubling, ≈ 100 s in all): at 6 shards ≈ 0.04% of first attempts are throttled, none lost.
    const w: Workload = { ...base, recordsPerSecond: 40, recordBytes: 150_000, producer: { maxRetries: 10 } };
    const loose = size(w, { headroom: 1, targetThrottledFraction: 0.001 });
    const strict = size(w, { headroom: 1, targetThrottledFraction: 0.00001 });
    expect(loose.questions.throttle.shards).toBe(6);
    expect(loose.questions.throttle.firstAttemptThrottledFraction).toBeGreaterThan(0.00001);
    expect(strict.questions.throttle.shards).toBe(7);
    // With the default three retries inside a second, the same shard-seconds lose records: "none lost" decides at 7.
    expect(size({ ...w, producer: {} }, { headroom: 1, targetThrottledFraction: 0.001 }).questions.throttle.shards).toBe(7);
  });

  it("reports how much the unconfirmed write-bucket size drives it: with no burst allowance, 500 KB records need far more shards", () => {
    const r = size({ ...base, recordsPerSecond: 10, recordBytes: 500_000 });
    const s = r.questions.throttle.burstSensitivity!;
    expect(s.burstBytes).toBe(KINESIS_LIMITS.shardWriteBytesPerSecond.value);
    expect(s.firstAttemptThrottledFraction).toBeGreaterThan(0.01);
    // The search for the no-burst count stops at 10× the recommendation: beyond that it is "more than" that.
    expect(s.shards).toBeNull();
    expect(r.dependsOn.join(" ")).toMatch(
      new RegExp(`The write burst bucket \\(10 MiB and 1,000 records, unconfirmed\\): with no burst beyond one second's refill, .* the throttle question would need more than ${10 * r.recommendedShards!} shards\\.`),
    );
    // 2 MiB records do not fit one second's refill at all: the answer rests on the burst allowance entirely.
    const big = size({ ...base, recordsPerSecond: 5, recordBytes: 2 * MiB, maxRecordSizeKiB: 10240 });
    expect(big.questions.throttle.burstSensitivity).toMatchObject({ firstAttemptThrottledFraction: 1, shards: null });
    expect(big.dependsOn.join(" ")).toContain("the answer rests on the burst allowance entirely");
  });

  it("a key whose own noise loses records on its shard: no shard count helps, and the advice says what would", () => {
    const r = size({ ...base, recordsPerSecond: 990, recordBytes: 100, partitionKey: { strategy: "static" } });
    expect(r.feasible).toBe(false);
    expect(r.bottleneck).toBe("hot-key");
    expect(r.questions.throttle.limitedByKey).toBe(true);
    expect(r.questions.throttle.explanation).toMatch(/^No shard count helps: static-key's own traffic loses [\d,.]+ records? per peak hour after retries on its shard\.$/);
    expect(r.advice.join(" ")).toMatch(/spread the key .* or let producers retry longer/);
  });
});

describe("the recommendation", () => {
  it("is the largest of the three answers, names which binds, and passes checkCapacity; one fewer shard fails it", () => {
    for (const w of [loadExample("agent-telemetry.json"), loadExample("clickstream-uuid.json"), loadExample("small-records.json")]) {
      const r = size(w);
      const q = r.questions;
      expect(r.recommendedShards).toBe(Math.max(q.limit.shards!, q.growth.shards!, q.throttle.shards!));
      expect(q[r.binding!].shards).toBe(r.recommendedShards);
      expect(checkCapacity(w, { mode: "provisioned", shards: r.recommendedShards! }).passes).toBe(true);
      if (r.recommendedShards! > 1) expect(checkCapacity(w, { mode: "provisioned", shards: r.recommendedShards! - 1 }).passes).toBe(false);
    }
  });

  it("entity keys: reports the spread over key namings and the namings it holds for", () => {
    const w: Workload = { ...base, recordsPerSecond: 2500, recordBytes: 600, partitionKey: { strategy: "entity", distinctKeys: 800, zipfExponent: 1.25 } };
    const r = size(w);
    const k = r.keyNamings!;
    expect(k.namings).toBe(200);
    expect(k.quantile).toBe(0.9);
    expect(k.holdsFor).toBeGreaterThanOrEqual(180);
    expect(k.minShards).toBeLessThan(k.maxShards);
    expect(r.recommendedShards!).toBeGreaterThanOrEqual(k.minShards);
    expect(r.recommendedShards!).toBeLessThanOrEqual(k.maxShards);
    expect(r.dependsOn.join(" ")).toContain(
      `Your real key names: depending on where they hash, ${k.minShards}–${k.maxShards} shards meet limit and growth (the luckiest 10% of 200 independent key namings need ${k.minShards} shards, 90% need at most ${k.maxShards} shards)`,
    );
    // uuid keys have no naming to depend on.
    expect(size({ ...base, recordsPerSecond: 2500, recordBytes: 600 }).keyNamings).toBeUndefined();
  });

  it("prices provisioned, On-demand Standard and On-demand Advantage side by side, saying which throttles and which is cheapest", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000 });
    expect(r.cost.options.map((o) => o.mode)).toEqual(["provisioned", "on-demand", "on-demand-advantage"]);
    const [prov, standard, advantage] = r.cost.options;
    expect(prov.monthlyUsd).toBe(r.cost.provisioned!.totalMonthlyUsd);
    expect(standard.monthlyUsd).toBe(r.cost.onDemand.totalMonthlyUsd);
    expect(advantage.monthlyUsd).toBe(r.cost.onDemandAdvantage.totalMonthlyUsd);
    // 5.7 MiB/s is above a new on-demand stream's 4 MiB/s: its cold start throttles, the steady state does not.
    expect(standard.throttles).toBe(true);
    expect(standard.note).toMatch(/the steady state passes; the cold start throttles [\d.]+% of first attempts/);
    expect(r.cost.cheapest).toBe("provisioned");
  });

  it("says what it depends on: the declared peak first", () => {
    const r = size({ ...base, recordsPerSecond: 40, recordBytes: 150_000, peakToAverage: 1.5 });
    expect(r.dependsOn[0]).toBe(
      "The declared peak: 60 records/s (recordsPerSecond × peakToAverage 1.5) of 150,036 bytes with the partition key, 8.59 shards' worth at its busiest limit; every answer scales with it.",
    );
  });

  it("AWS's formula under-provisions records-bound streams, and the advice says so", () => {
    const r = size({ ...base, recordsPerSecond: 5000, recordBytes: 100 });
    expect(r.faqFormulaShards).toBe(5);
    expect(r.recommendedShards!).toBeGreaterThan(5);
    expect(r.advice.join(" ")).toMatch(/AWS's formula \(5 shards\) would under-provision/);
  });
});

describe("infeasible whatever the shard count", () => {
  it("a hot key above one shard's limit, with what would help", () => {
    const r = size(HOT_KEY);
    expect(r.feasible).toBe(false);
    expect(r.recommendedShards).toBeNull();
    expect(r.bottleneck).toBe("hot-key");
    expect(r.explanation).toContain("the hottest partition key (tenant-42) carries 100.0% of the traffic, 1.50× one shard's write-records limit at peak".replace(/^t/, "T"));
    const advice = r.advice.join(" ");
    expect(advice).toMatch(/distinct keys/);
    expect(advice).toMatch(/KPL aggregation packs its small records/);
    expect(advice).toMatch(/On-demand capacity does NOT fix a hot key/);
    expect(r.cost.provisioned).toBeNull();
  });

  it("6 shared consumers polling once a second exceed 5 GetRecords/s per shard: use enhanced fan-out", () => {
    const r = size({ ...base, recordsPerSecond: 100, recordBytes: 100, consumers: { shared: 6 } });
    expect(r.feasible).toBe(false);
    expect(r.bottleneck).toBe("shared-read-calls");
    expect(r.advice.join(" ")).toMatch(/enhanced fan-out/);
  });

  it("records above the stream's maximum record size: the stream rejects 100% of them", () => {
    const r = size({ ...base, recordsPerSecond: 10, recordBytes: 2 * MiB });
    expect(r.feasible).toBe(false);
    expect(r.bottleneck).toBe("record-size");
    expect(r.explanation).toMatch(/rejects 100% of them/);
    // Nothing is priced as delivered: on-demand carries no data-in or Firehose line.
    expect(r.cost.onDemand.lines.filter((l) => /data in|Firehose|S3/.test(l.item)).every((l) => l.monthlyUsd === 0)).toBe(true);
  });

  it("more than 20 enhanced fan-out consumers: provisioned cannot register them; On-demand Advantage can (50)", () => {
    const r = size({ ...base, recordsPerSecond: 500, recordBytes: 1000, consumers: { enhancedFanOut: 25 } });
    expect(r.feasible).toBe(false);
    expect(r.bottleneck).toBe("efo-consumers");
    expect(r.cost.options.find((o) => o.mode === "on-demand")!.throttles).toBe(true);
    expect(r.cost.options.find((o) => o.mode === "on-demand-advantage")!.throttles).toBe(false);
    expect(r.cost.cheapest).toBe("on-demand-advantage");
  });

  it("honours maxShards, and rejects bad options", () => {
    const r = size({ ...base, recordsPerSecond: 20_000, recordBytes: 1000 }, { maxShards: 4 });
    expect(r.feasible).toBe(false);
    expect(() => size({ recordsPerSecond: 1, recordBytes: 1 }, { headroom: 0 })).toThrow(RangeError);
    expect(() => size({ recordsPerSecond: 1, recordBytes: 1 }, { targetThrottledFraction: 1 })).toThrow(RangeError);
    expect(() => size({ recordsPerSecond: 1, recordBytes: 1 }, { maxShards: 10_001 })).toThrow(RangeError);
  });
});

describe("smallestPassing", () => {
  it("finds the smallest passing count of a monotone check, looks just below the bisection, and stops on 'hopeless'", () => {
    const calls: number[] = [];
    expect(smallestPassing(1, 10_000, (n) => (calls.push(n), n >= 137))).toBe(137);
    expect(calls.length).toBeLessThan(40);
    // Not monotone: 42 passes, 43–44 fail, 45+ passes — the checks just below the bisection find 42.
    expect(smallestPassing(30, 100, (n) => n === 42 || n >= 45)).toBe(42);
    expect(smallestPassing(1, 50, () => false)).toBeNull();
    expect(smallestPassing(1, 50, (n) => (n < 3 ? false : "hopeless"))).toBeNull();
  });
});
