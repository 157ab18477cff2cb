/**
 * The prediction "as sent" of `stream-sim load` (load/as-sent.ts): the per-second engine over the records a run
 * actually sent to each shard, second by second.
 */
import { predictAsSent } from "../src/load/as-sent";
import { loadReportOf, renderLoadReport } from "../src/load/report";
import type { ProducerStats } from "../src/load/producer";
import { simulate } from "../src/simulate";
import type { Workload } from "../src/types";

/** Failed entries logged, not retried (as the agreement tests run the load). */
const OVER: Workload = { recordsPerSecond: 2000, recordBytes: 200, durationSeconds: 4, arrivalNoise: "none", producer: { maxRetries: 0 } };

describe("predictAsSent", () => {
  it("for a run sent exactly on the workload's schedule, is the workload's own prediction", () => {
    const fromWorkload = simulate(OVER, { capacity: { mode: "provisioned", shards: 1 } });
    const a = predictAsSent(OVER, [{ shardId: "shardId-000000000000", sentBySecond: [2000, 2000, 2000, 2000] }], 4);
    expect(a.sentRecords).toBe(8000);
    expect(fromWorkload.firstAttemptThrottledFraction).toBeCloseTo(0.5, 12);
    expect(a.firstAttemptThrottledFraction).toBeCloseTo(fromWorkload.firstAttemptThrottledFraction, 12);
    expect(a.lostFraction).toBeCloseTo(a.firstAttemptThrottledFraction, 12);
  });

  it("spread out (a generator behind its schedule) predicts less throttling, clumped after a stall more", () => {
    const shard = "shardId-000000000000";
    const even = predictAsSent(OVER, [{ shardId: shard, sentBySecond: [2000, 2000, 2000, 2000] }], 4).firstAttemptThrottledFraction;
    const spread = predictAsSent(OVER, [{ shardId: shard, sentBySecond: [1600, 1600, 1600, 1600, 1600] }], 5).firstAttemptThrottledFraction;
    const clumped = predictAsSent(OVER, [{ shardId: shard, sentBySecond: [2000, 0, 4000, 2000] }], 4).firstAttemptThrottledFraction;
    // 1,000 records/s per shard: 5 × 1,000 of 8,000 accepted spread over 5 s; 1,000 + 0 + 1,000 + 1,000 clumped.
    expect(spread).toBeCloseTo(3000 / 8000, 12);
    expect(clumped).toBeCloseTo(5000 / 8000, 12);
    expect(spread).toBeLessThan(even);
    expect(clumped).toBeGreaterThan(even);
  });

  it("predicts each shard from its own seconds; a shard sent nothing predicts nothing", () => {
    const a = predictAsSent(
      OVER,
      [
        { shardId: "shardId-000000000000", sentBySecond: [500, 500] },
        { shardId: "shardId-000000000001", sentBySecond: [] },
        { shardId: "shardId-000000000002", sentBySecond: [3000, 3000] },
      ],
      2,
    );
    expect(a.perShard.map((s) => [s.sentRecords, s.firstAttemptThrottledFraction])).toEqual([
      [1000, 0],
      [0, 0],
      [6000, 4000 / 6000],
    ]);
    expect(a.firstAttemptThrottledFraction).toBeCloseTo(4000 / 7000, 12);
  });
});

describe("the load report's prediction as sent", () => {
  const stats = (sentBySecond: number[]): ProducerStats => {
    const sent = sentBySecond.reduce((x, y) => x + y, 0);
    return {
      offered: sent,
      rejected: 0,
      accepted: sent / 2,
      firstAttemptThrottled: sent / 2,
      lost: sent / 2,
      retried: 0,
      requests: sent / 500,
      requestErrors: 0,
      lastFirstAttemptSentMs: sentBySecond.length * 1000 - 500,
      perShard: [
        { shardId: "shardId-000000000000", acceptedUserRecords: sent / 2, acceptedKinesisRecords: sent / 2, acceptedBytes: 100 * sent, firstAttemptThrottled: sent / 2, throttleEvents: sent / 2, offeredUserRecords: sent, firstAttemptsSentBySecond: sentBySecond },
      ],
      latency: [1],
    };
  };
  const report = (sentBySecond: number[]) => {
    const s = stats(sentBySecond);
    const base = { workloadFile: "over.json", stream: "over", endpoint: "http://127.0.0.1:4567", worker: { index: 0, count: 1 }, durationSeconds: 4, rateScale: 1, onFailure: "log" as const, capacity: { mode: "provisioned" as const, shards: 1 } };
    const prediction = simulate(OVER, { capacity: base.capacity });
    const asSent = predictAsSent(OVER, [{ shardId: "shardId-000000000000", sentBySecond }], s.lastFirstAttemptSentMs / 1000);
    return renderLoadReport(loadReportOf(base, s, prediction, asSent));
  };

  it("is a column beside the workload's prediction", () => {
    const text = report([2000, 2000, 2000, 2000]);
    expect(text).toMatch(/observed\s+predicted\s+predicted as sent/);
    expect(text).toMatch(/first attempts throttled\s+50\.0%\s+50\.0%\s+50\.0%/);
    expect(text).not.toMatch(/fell behind/);
  });

  it("says so when the generator fell behind its schedule, and which figure to compare", () => {
    const text = report([1600, 1600, 1600, 1600, 1600]);
    expect(text).toContain("The load generator fell behind its schedule: it sent the 8,000 records over 4.5 s, not 4 s");
    expect(text).toContain('Compare the observed throttling with "predicted as sent"');
    expect(text).toMatch(/first attempts throttled\s+50\.0%\s+50\.0%\s+37\.5%/);
  });
});
