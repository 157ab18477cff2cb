import fc from "fast-check";
import { KINESIS_LIMITS } from "../src/limits";
import { TokenBucket } from "../src/token-bucket";

describe("TokenBucket (explicit time, no clock)", () => {
  it("starts full, drains, and refills at the stated rate", () => {
    const b = new TokenBucket(1000, 1000);
    expect(b.available(0)).toBe(1000);
    expect(b.tryTake(1000, 0)).toBe(true);
    expect(b.tryTake(1, 0)).toBe(false);
    expect(b.available(250)).toBe(250);
    expect(b.tryTake(250, 250)).toBe(true);
    expect(b.available(250)).toBe(0);
  });

  it("never exceeds its capacity however long it idles", () => {
    const b = new TokenBucket(10, 5, 0, 0);
    expect(b.available(1_000_000)).toBe(10);
  });

  it("a refused take consumes nothing", () => {
    const b = new TokenBucket(100, 10);
    expect(b.tryTake(101, 0)).toBe(false);
    expect(b.available(0)).toBe(100);
  });

  it("reports when enough tokens will be there, and Infinity beyond the capacity", () => {
    const b = new TokenBucket(100, 50, 0, 0);
    expect(b.msUntil(25, 0)).toBe(500);
    expect(b.msUntil(25, 500)).toBe(0);
    expect(b.msUntil(101, 500)).toBe(Infinity);
    expect(new TokenBucket(5, 0, 0, 0).msUntil(1, 0)).toBe(Infinity);
  });

  it("refuses time going backwards and invalid parameters", () => {
    const b = new TokenBucket(1, 1, 100);
    expect(() => b.available(99)).toThrow(/backwards/);
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, -1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 1, 0, 2)).toThrow(RangeError);
  });

  it("a shard's write buckets from the limits table admit exactly one second of records after a full burst", () => {
    const recs = new TokenBucket(KINESIS_LIMITS.writeBurstRecords.value, KINESIS_LIMITS.shardWriteRecordsPerSecond.value);
    let accepted = 0;
    // 6,000 records offered 2 per ms over 3 s against burst 1,000 + 1,000/s.
    for (let t = 0; t < 3000; t++) for (let k = 0; k < 2; k++) if (recs.tryTake(1, t)) accepted++;
    expect(accepted).toBe(KINESIS_LIMITS.writeBurstRecords.value + 2999);
  });

  it("property: tokens granted over any schedule never exceed initial + rate × elapsed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2_000 })), { maxLength: 200 }),
        (capacity, rate, ops) => {
          const b = new TokenBucket(capacity, rate);
          let t = 0;
          let granted = 0;
          for (const [dt, amount] of ops) {
            t += dt;
            if (b.tryTake(amount, t)) granted += amount;
            expect(b.available(t)).toBeGreaterThanOrEqual(0);
            expect(b.available(t)).toBeLessThanOrEqual(capacity);
          }
          expect(granted).toBeLessThanOrEqual(capacity + (rate * t) / 1000 + 1e-6);
        },
      ),
    );
  });
});
