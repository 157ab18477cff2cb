import * as fc from "fast-check";
import { RetryQueue, acceptFraction, allNextSecond, retryDelaysSeconds } from "../src/retries";

describe("retry delays", () => {
  it("round the exponential backoff up to whole seconds, at least one", () => {
    expect([...retryDelaysSeconds(3, 100)]).toEqual([1, 1, 1]); // 100, 200, 400 ms: all next second
    expect([...retryDelaysSeconds(4, 1000)]).toEqual([1, 2, 4, 8]);
    expect([...retryDelaysSeconds(2, 1500)]).toEqual([2, 3]);
    expect(allNextSecond(retryDelaysSeconds(3, 100))).toBe(true);
    expect(allNextSecond(retryDelaysSeconds(3, 1000))).toBe(false);
  });
});

describe("acceptFraction: a second that can take only part of its attempts", () => {
  it("accepts floor(total · f), each retry level its floor share and new records the rest", () => {
    const pending = new Float64Array([100, 50, 0]); // waiting for retry 1 and retry 2
    const second = acceptFraction(0.5, 350, 200, 7, pending, 3, null);
    // levels: floor(100·0.5)=50 and floor(50·0.5)=25; new records get 175 − 75 = 100
    expect(second.accepted).toBe(175);
    // rejected move up one level: 50 from level 0 → level 1, 25 from level 1 → level 2, 100 new → level 0
    expect([...pending]).toEqual([100, 50, 25]);
    expect(second.finalFailures).toBe(0);
    expect(second.pendingTotal).toBe(175);
  });

  it("fails attempts for good past the last retry level, and at once without retries", () => {
    const pending = new Float64Array([0, 0, 40]);
    expect(acceptFraction(0.25, 40, 0, 0, pending, 3, null).finalFailures).toBe(30);
    const none = new Float64Array(1);
    const noRetries = acceptFraction(0.5, 10, 10, 0, none, 0, null);
    expect(noRetries).toEqual({ accepted: 5, finalFailures: 5, firstAttemptFailures: 5, pendingTotal: 0 });
  });

  it("queues rejected attempts whose retry waits longer than a second, and counts those due after the run as late", () => {
    const queue = new RetryQueue(retryDelaysSeconds(2, 2000), 10); // delays 2 s, 4 s
    const pending = new Float64Array(2);
    const second = acceptFraction(0.5, 100, 100, 7, pending, 2, queue);
    expect(second.accepted).toBe(50);
    expect(queue.waiting).toBe(50); // retry 1 due at 7 + 2 = 9, inside the 10-second run
    expect(second.pendingTotal).toBe(50);
    expect([...pending]).toEqual([0, 0]); // nothing in the next-second slots
    acceptFraction(0.5, 100, 100, 9, pending, 2, queue); // due at 11: after the run
    expect(queue.late).toBe(50);
  });

  it("conserves attempts: accepted + still waiting + failed for good = attempted (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 0, maxLength: 5 }),
        fc.integer({ min: 0, max: 5000 }),
        (f, levelCounts, newRecords) => {
          const levels = levelCounts.length;
          const pending = new Float64Array(Math.max(1, levels));
          levelCounts.forEach((n, a) => (pending[a] = n));
          const total = newRecords + levelCounts.reduce((a, b) => a + b, 0);
          const second = acceptFraction(f, total, newRecords, 0, pending, levels, null);
          expect(second.accepted).toBeLessThanOrEqual(Math.floor(total * f + 1e-9));
          expect(second.accepted + second.pendingTotal + second.finalFailures).toBe(total);
        },
      ),
    );
  });
});
