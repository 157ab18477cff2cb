import { KINESIS_LIMITS } from "../src/limits";
import { ShardReadLimiter, readLimitsOf, sharedReadShare } from "../src/read-limiter";

/** The shared (GetRecords) read rule on an explicit millisecond clock. */
describe("ShardReadLimiter", () => {
  const L = KINESIS_LIMITS;
  const MiB = 1024 * 1024;

  it("admits 5 calls in a burst, then 5 per second", () => {
    const r = new ShardReadLimiter(readLimitsOf(), 0);
    const admitted = [0, 0, 0, 0, 0, 0].map(() => r.admit(0));
    expect(admitted).toEqual(["ok", "ok", "ok", "ok", "ok", "calls"]);
    expect(r.admit(199)).toBe("calls");
    expect(r.admit(200)).toBe("ok");
    let ok = 0;
    for (let t = 1000; t < 11_000; t += 50) if (r.admit(t) === "ok") ok++;
    expect(ok).toBeGreaterThanOrEqual(L.shardGetRecordsPerSecond.value * 10 - 1);
    expect(ok).toBeLessThanOrEqual(L.shardGetRecordsPerSecond.value * 10 + 5);
  });

  it("a 10 MiB response throttles the shard's calls for exactly the documented 5 seconds; 2 MiB for 1 second", () => {
    const r = new ShardReadLimiter(readLimitsOf(), 0);
    expect(r.admit(0)).toBe("ok");
    r.charge(L.getRecordsMaxBytes.value, 0);
    expect(r.msUntilAdmitted(0)).toBe(L.getRecordsMaxResponseThrottleSeconds.value * 1000);
    expect(r.admit(4999)).toBe("bytes");
    expect(r.admit(5000)).toBe("ok");
    r.charge(2 * MiB, 5000);
    expect(r.admit(5999)).toBe("bytes");
    expect(r.admit(6000)).toBe("ok");
  });

  it("sustains at most 2 MiB/s of reads, whatever the calls return", () => {
    const r = new ShardReadLimiter(readLimitsOf(), 0);
    let bytes = 0;
    for (let t = 0; t < 20_000; t += 10) {
      if (r.admit(t) === "ok") {
        r.charge(700 * 1024, t);
        bytes += 700 * 1024;
      }
    }
    expect(bytes / 20).toBeLessThanOrEqual(L.shardReadBytesPerSecond.value * 1.05);
    expect(bytes / 20).toBeGreaterThan(L.shardReadBytesPerSecond.value * 0.9);
  });

  it("refuses time going backwards", () => {
    const r = new ShardReadLimiter(readLimitsOf(), 100);
    expect(() => r.admit(99)).toThrow(/backwards/);
  });
});

describe("sharedReadShare (the per-second engines' read rule)", () => {
  it("splits the calls limit and the bandwidth between the shared consumers", () => {
    const limits = readLimitsOf();
    const two = sharedReadShare(limits, 2, 2, 1000);
    expect(two.callsAdmitted).toBe(2);
    expect(two.callsThrottledFraction).toBe(0);
    expect(two.perConsumerBytesPerSecond).toBe(limits.bytesPerSecond / 2);
    const eight = sharedReadShare(limits, 4, 8, 1000);
    expect(eight.callsAdmitted).toBe(limits.callsPerSecond);
    expect(eight.callsThrottledFraction).toBeCloseTo(1 - 5 / 8, 12);
    // Tiny records: 10,000 records per call binds before the bandwidth.
    const tiny = sharedReadShare(limits, 1, 1, 10);
    expect(tiny.perConsumerBytesPerSecond).toBe(limits.maxRecordsPerCall * 10);
    expect(sharedReadShare(limits, 0, 0, 10).perConsumerBytesPerSecond).toBe(Infinity);
  });
});
