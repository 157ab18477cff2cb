/**
 * Agreement of `stream-sim serve` + `stream-sim load` (real HTTP on 127.0.0.1, the real AWS SDK v3, kinesalite behind
 * the endpoint) with the simulator's prediction for the same workload, duration and shard count. The scenarios run
 * at once against one endpoint, a few seconds each, at modest rates.
 *
 * What is compared: the endpoint's first-attempt throttled fraction of a shard with the simulator's prediction for
 * the traffic the load generator actually sent to it, second by second ("predicted as sent", load/as-sent.ts). On a
 * busy machine the generator falls behind its schedule and sends the run's records later and more spread out, which
 * the workload's own prediction cannot know; the prediction as sent follows what the endpoint saw. Where the
 * generator kept pace, the two predictions are also checked against each other.
 *
 * Tolerance: observed within [predicted − r − 0.05, predicted + 0.05], where r = one second of the shard's record
 * refill (1,000) / the records offered to it. The endpoint's buckets refill continuously from full, the simulator's
 * once per second (write-limiter.ts and provisioned.ts share the rule, not the clock), so in the first second of a
 * run the endpoint can accept up to one second's refill more: in a run of a few seconds that start-up difference is
 * most of the gap, in a long run it vanishes. Under capacity: at most 0.5% throttled beyond the prediction. Shared
 * readers: the read rule's bounds over the seconds counted. Failed entries are logged, not retried ("log"): the
 * simulator rounds retry delays up to whole seconds (retries.ts), which a real producer retrying after 100 ms does
 * not do.
 */
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import * as http from "node:http";
import { runLoad, type LoadCommand } from "../src/load/command";
import type { LoadReport } from "../src/load/report";
import { KINESIS_LIMITS } from "../src/limits";
import { readLimitsOf, sharedReadShare } from "../src/read-limiter";
import { serve, type ServedEndpoint } from "../src/serve/server";
import { simulate } from "../src/simulate";
import type { Workload } from "../src/types";

let endpoint: ServedEndpoint;

/** Checks an observed first-attempt throttled fraction against the prediction (see the tolerance above). */
function expectAgreement(observed: number, predicted: number, offeredToShard: number): void {
  const startUp = KINESIS_LIMITS.shardWriteRecordsPerSecond.value / offeredToShard;
  expect(observed).toBeGreaterThanOrEqual(predicted - startUp - 0.05);
  expect(observed).toBeLessThanOrEqual(predicted + 0.05);
}

/** The prediction for what the run sent (provisioned streams always have one). */
function asSent(r: LoadReport): NonNullable<LoadReport["predicted"]["asSent"]> {
  expect(r.predicted.asSent).toBeDefined();
  const a = r.predicted.asSent!;
  // Every record offered and not rejected was sent once as a first attempt, on the shard it was counted for.
  expect(a.sentRecords).toBe(r.observed.offeredRecords - r.observed.rejectedRecords);
  a.perShard.forEach((s, i) => expect(s.sentRecords).toBe(r.observed.perShard[i].offeredRecords));
  return a;
}

/**
 * Where the generator kept to its schedule (sending ended within 10% of the run's duration), the prediction as sent
 * and the workload's prediction agree within the start-up term: the workload's model describes what was sent.
 */
function expectPredictionsAgreeWhenOnPace(r: LoadReport, shard: number): void {
  const a = asSent(r);
  if (a.sendingSeconds > r.durationSeconds * 1.1) return;
  const startUp = KINESIS_LIMITS.shardWriteRecordsPerSecond.value / r.observed.perShard[shard].offeredRecords;
  expect(Math.abs(a.perShard[shard].firstAttemptThrottledFraction - r.predicted.perShard[shard].firstAttemptThrottledFraction)).toBeLessThanOrEqual(startUp + 0.05);
}

function load(stream: string, workload: Workload, onFailure: LoadCommand["onFailure"] = "log"): Promise<LoadReport> {
  return runLoad(
    { workload, workloadFile: `${stream}.json`, stream, endpoint: endpoint.url, rateScale: 1, worker: { index: 0, count: 1 }, onFailure, concurrency: 8, keyNaming: 0 },
    { stderr: { write: () => true, isTTY: false }, resultsToTerminal: false },
  );
}

/** Polls per second of each shared reader: twice the shard's 5 calls/s alone, so demand exceeds the limit even when a busy machine slows the readers. */
const POLLS_PER_SECOND = 10;

/**
 * Two shared readers polling one shard `POLLS_PER_SECOND` times a second each, on a schedule (a call does not wait
 * for the previous answer, so a slow answer does not lower the demand): the calls sent after the first second, how
 * many were throttled, and the seconds from then to the last answer.
 */
async function readers(stream: string, seconds: number): Promise<{ calls: number; throttled: number; countedSeconds: number; sendingSeconds: number }> {
  const client = new KinesisClient({
    endpoint: endpoint.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }) }),
    maxAttempts: 1,
  });
  await client.send(new PutRecordsCommand({ StreamName: stream, Records: [{ PartitionKey: "k", Data: Buffer.from("x") }] }));
  const out = { calls: 0, throttled: 0 };
  let lastAnswerMs = 0;
  let lastSentMs = 0;
  const t0 = Date.now();
  const reader = async (): Promise<void> => {
    const it = (await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: "shardId-000000000000", ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    const calls: Promise<void>[] = [];
    for (let k = 1; Date.now() - t0 < seconds * 1000; k++) {
      lastSentMs = Date.now() - t0;
      const counted = lastSentMs >= 1000;
      calls.push(
        client.send(new GetRecordsCommand({ ShardIterator: it })).then(
          () => {
            if (counted) out.calls++;
          },
          (e: Error) => {
            if (e.name !== "ProvisionedThroughputExceededException") throw e;
            if (counted) {
              out.calls++;
              out.throttled++;
            }
          },
        ).finally(() => (lastAnswerMs = Date.now() - t0)),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (k * 1000) / POLLS_PER_SECOND - Date.now())));
    }
    await Promise.all(calls);
  };
  await Promise.all([reader(), reader()]);
  client.destroy();
  // Calls were counted from the end of the first second; every counted call reached the endpoint before its answer,
  // and the last was sent `sendingSeconds` after that.
  return { ...out, countedSeconds: lastAnswerMs / 1000 - 1, sendingSeconds: lastSentMs / 1000 - 1 };
}

const UNDER: Workload = { recordsPerSecond: 400, recordBytes: 1000, durationSeconds: 3, partitionKeyBytes: 36 };
const OVER_2X: Workload = { recordsPerSecond: 2000, recordBytes: 200, durationSeconds: 4, arrivalNoise: "none" };
const HOT_KEY: Workload = { recordsPerSecond: 2000, recordBytes: 100, durationSeconds: 4, partitionKey: { strategy: "entity", distinctKeys: 200, zipfExponent: 2 }, partitionKeyBytes: 12 };
const SMALL: Workload = { recordsPerSecond: 1500, recordBytes: 20, durationSeconds: 4, partitionKeyBytes: 36 };

let results: { under: LoadReport; over: LoadReport; hot: LoadReport; small: LoadReport; reads: Awaited<ReturnType<typeof readers>> };

beforeAll(async () => {
  endpoint = await serve({
    streams: [
      { name: "under", shards: 1 },
      { name: "over", shards: 1 },
      { name: "hot", shards: 4 },
      { name: "small", shards: 1 },
      { name: "reads", shards: 1 },
    ],
  });
  const [under, over, hot, small, reads] = await Promise.all([
    load("under", UNDER, "retry"),
    load("over", OVER_2X),
    load("hot", HOT_KEY),
    load("small", SMALL),
    readers("reads", 3),
  ]);
  results = { under, over, hot, small, reads };
  // Set SHOW_AGREEMENT=1 to print the measured figures.
  if (process.env.SHOW_AGREEMENT) for (const [k, v] of Object.entries(results)) console.log(k, JSON.stringify("observed" in v ? { o: v.observed.firstAttemptThrottledFraction, p: v.predicted.firstAttemptThrottledFraction, a: v.predicted.asSent, os: v.observed.perShard.map((s) => [s.offeredRecords, s.firstAttemptThrottledFraction]), ps: v.predicted.perShard.map((s) => [s.offeredRecords, s.firstAttemptThrottledFraction]) } : v));
});

afterAll(async () => {
  await endpoint?.close();
});

describe("stream-sim serve agrees with the simulator (driven by stream-sim load and the AWS SDK, 127.0.0.1)", () => {
  it("under capacity: nothing throttled, as predicted", () => {
    const r = results.under;
    expect(r.predicted.firstAttemptThrottledFraction).toBe(0);
    expect(r.observed.offeredRecords).toBeGreaterThan(900);
    expect(r.observed.firstAttemptThrottledFraction).toBeLessThanOrEqual(asSent(r).firstAttemptThrottledFraction + 0.005);
    expect(r.observed.lostRecords).toBe(0);
    expect(r.observed.acceptedRecords).toBe(r.observed.offeredRecords);
  });

  it("2× over one shard's record limit: first attempts throttled as predicted (toward 50% once the 1-second burst is spent)", () => {
    const r = results.over;
    expect(r.predicted.firstAttemptThrottledFraction).toBeGreaterThan(0.3);
    expectAgreement(r.observed.firstAttemptThrottledFraction, asSent(r).firstAttemptThrottledFraction, r.observed.offeredRecords);
    expectPredictionsAgreeWhenOnPace(r, 0);
    // Without retries a throttled record is lost.
    expect(r.observed.lostRecords).toBe(r.observed.firstAttemptThrottledRecords);
  });

  it("a hot key on a 4-shard stream: only its shard throttles, by the predicted fraction", () => {
    const r = results.hot;
    const hot = r.predicted.perShard.reduce((a, s, i) => (s.offeredRecords > r.predicted.perShard[a].offeredRecords ? i : a), 0);
    r.observed.perShard.forEach((s, i) => {
      if (i === hot) return;
      expect(s.firstAttemptThrottledFraction).toBeLessThanOrEqual(asSent(r).perShard[i].firstAttemptThrottledFraction + 0.01);
      expect(r.predicted.perShard[i].firstAttemptThrottledFraction).toBe(0);
    });
    const observedHot = r.observed.perShard[hot];
    expect(observedHot.offeredRecords).toBeGreaterThan(0.5 * r.observed.offeredRecords);
    expect(r.predicted.perShard[hot].firstAttemptThrottledFraction).toBeGreaterThan(0.1);
    expectAgreement(observedHot.firstAttemptThrottledFraction, asSent(r).perShard[hot].firstAttemptThrottledFraction, observedHot.offeredRecords);
    expectPredictionsAgreeWhenOnPace(r, hot);
    // Keys land where the simulator places them: each shard's share of the offered records within 3 points.
    r.observed.perShard.forEach((s, i) => {
      expect(Math.abs(s.offeredRecords / r.observed.offeredRecords - r.predicted.perShard[i].offeredRecords / r.predicted.offeredRecords)).toBeLessThanOrEqual(0.03);
    });
  });

  it("records-bound small records (1,500 × 20 B on one shard, 3% of its bytes): the record limit throttles as predicted", () => {
    const r = results.small;
    expect(r.observed.perShard[0].acceptedMiBPerSecond).toBeLessThan(0.1);
    expect(r.predicted.firstAttemptThrottledFraction).toBeGreaterThan(0.1);
    expectAgreement(r.observed.firstAttemptThrottledFraction, asSent(r).firstAttemptThrottledFraction, r.observed.offeredRecords);
    expectPredictionsAgreeWhenOnPace(r, 0);
  });

  it("two shared readers polling 10 times a second each: three quarters of their GetRecords calls throttled, as the read rule predicts", () => {
    const predicted = sharedReadShare(readLimitsOf(), 2, 2 * POLLS_PER_SECOND, 100).callsThrottledFraction;
    expect(predicted).toBeCloseTo(0.75, 12);
    const sim = simulate({ recordsPerSecond: 10, recordBytes: 100, durationSeconds: 60, consumers: { shared: 2, pollsPerSecond: POLLS_PER_SECOND } }, { capacity: { mode: "provisioned", shards: 1 } });
    expect(1 - 1 / sim.sharedReadCallsUtilization!).toBeCloseTo(predicted, 12);
    // The endpoint admits what the rule allows over the counted seconds — 5 calls/s plus at most the bucket's one
    // second of calls carried in — and throttles the rest (one call of slack for the two clocks), yet admits at least
    // 80% of 5 calls/s while they were sending (a busy machine's stalls leave some refill unasked). Stated as bounds,
    // so it holds however far a busy machine leaves the readers behind their schedule.
    const { calls, throttled, countedSeconds, sendingSeconds } = results.reads;
    const perSecond = readLimitsOf().callsPerSecond;
    const allowed = perSecond * countedSeconds + perSecond;
    expect(calls).toBeGreaterThan(allowed);
    expect(calls - throttled).toBeLessThanOrEqual(allowed + 1);
    expect(calls - throttled).toBeGreaterThanOrEqual(Math.floor(0.8 * perSecond * sendingSeconds));
  });

  it("the endpoint's own counts match what the producers observed", async () => {
    const counted = endpoint.counters().get("over")!.get("shardId-000000000000")!;
    expect(counted.acceptedRecords).toBe(results.over.observed.acceptedRecords);
    expect(counted.throttledRecords).toBe(results.over.observed.firstAttemptThrottledRecords);
    const client = new KinesisClient({ endpoint: endpoint.url, region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" }, requestHandler: new NodeHttpHandler() });
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: "hot" }));
    expect(d.StreamDescriptionSummary?.OpenShardCount).toBe(4);
    client.destroy();
  });
});
