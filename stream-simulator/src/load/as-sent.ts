/**
 * The simulator's prediction for the traffic a load run actually sent ("as sent"), beside its prediction for the
 * workload as declared.
 *
 * A load generator that cannot keep to its schedule (a busy machine, a slow endpoint, its own ceiling) sends the
 * run's records later and more spread out than the workload says, so the stream throttles fewer of them than the
 * workload's prediction; a stall followed by a catch-up sends them in clumps, which throttle more. Compared with the
 * workload's prediction alone, the endpoint's answers would then measure the generator, not the endpoint. So the
 * producer counts, per shard and per second of the run, the user records whose first attempt left in that second
 * (producer.ts), and the per-second engine (provisioned.ts: the model's own write rule, write-limiter.ts) runs over
 * exactly those counts — one single-shard run per shard, with no arrival noise, whose arrivals in second t are the
 * records sent in second t. Provisioned streams only: on-demand capacity is modelled for the stream as a whole.
 */
import { runProvisioned } from "../provisioned";
import { runConfigOf } from "../run-config";
import { resolveWorkload } from "../workload";
import type { Workload } from "../types";

export interface AsSentPrediction {
  /** User records whose first attempt was sent (all shards). */
  readonly sentRecords: number;
  /** Seconds from the run's start to the last first attempt sent (the workload's duration when the generator kept pace). */
  readonly sendingSeconds: number;
  readonly firstAttemptThrottledFraction: number;
  /** Throttled after the last retry (0 when failed entries are only logged). */
  readonly lostFraction: number;
  readonly perShard: readonly { readonly shardId: string; readonly sentRecords: number; readonly firstAttemptThrottledFraction: number }[];
}

/**
 * The prediction for what was sent: `sentBySecond[i][t]` user records first sent to shard i in second t. The
 * workload gives record and key sizes, aggregation, readers and the producer's retries (`maxRetries: 0` when failed
 * entries are only logged).
 */
export function predictAsSent(
  workload: Workload,
  shards: readonly { readonly shardId: string; readonly sentBySecond: readonly number[] }[],
  sendingSeconds: number,
): AsSentPrediction {
  let sent = 0;
  let first = 0;
  let lost = 0;
  const perShard = shards.map(({ shardId, sentBySecond }) => {
    const total = sentBySecond.reduce((a, b) => a + b, 0);
    if (total === 0) return { shardId, sentRecords: 0, firstAttemptThrottledFraction: 0 };
    const D = sentBySecond.length;
    const w = resolveWorkload({
      ...workload,
      recordsPerSecond: total / D,
      durationSeconds: D,
      peakToAverage: 1,
      trafficShape: "bursts",
      arrivalNoise: "none",
      partitionKey: { strategy: "uuid" },
    });
    const cfg = { ...runConfigOf(w), rates: Float64Array.from(sentBySecond) };
    const r = runProvisioned(cfg, 1);
    sent += r.offered[0];
    first += r.firstAttemptThrottled[0];
    lost += r.lost[0];
    return { shardId, sentRecords: r.offered[0], firstAttemptThrottledFraction: r.offered[0] > 0 ? r.firstAttemptThrottled[0] / r.offered[0] : 0 };
  });
  return {
    sentRecords: sent,
    sendingSeconds,
    firstAttemptThrottledFraction: sent > 0 ? first / sent : 0,
    lostFraction: sent > 0 ? lost / sent : 0,
    perShard,
  };
}
