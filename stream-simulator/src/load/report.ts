/**
 * The report of `stream-sim load`: what the run observed at the stream — per shard, first-attempt and final
 * throttling, lost records, latency — next to what the simulator predicts for the same workload, duration, rate and
 * capacity (`simulate`). `--json` prints the same document.
 */
import type { SimulationResult, StreamCapacitySpec } from "../types";
import type { AsSentPrediction } from "./as-sent";
import { percentile, type ProducerStats } from "./producer";

export interface LoadReport {
  readonly command: "load";
  readonly workloadFile: string;
  readonly stream: string;
  /** The endpoint URL, or "AWS" for the default endpoint of the region. */
  readonly endpoint: string;
  readonly worker: { readonly index: number; readonly count: number };
  readonly durationSeconds: number;
  readonly rateScale: number;
  readonly onFailure: "retry" | "log";
  readonly capacity: StreamCapacitySpec;
  readonly observed: {
    readonly offeredRecords: number;
    readonly rejectedRecords: number;
    readonly acceptedRecords: number;
    readonly firstAttemptThrottledRecords: number;
    readonly firstAttemptThrottledFraction: number;
    readonly lostRecords: number;
    readonly lostFraction: number;
    readonly retriedRecords: number;
    readonly putRecordsRequests: number;
    readonly requestErrors: number;
    readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
    readonly perShard: readonly {
      readonly shardId: string;
      readonly offeredRecords: number;
      readonly acceptedRecordsPerSecond: number;
      readonly acceptedKinesisRecordsPerSecond: number;
      readonly acceptedMiBPerSecond: number;
      readonly firstAttemptThrottledFraction: number;
    }[];
  };
  /** The simulator's prediction for the whole load (all workers together). */
  readonly predicted: {
    readonly offeredRecords: number;
    readonly firstAttemptThrottledFraction: number;
    readonly lostFraction: number;
    readonly perShard: readonly { readonly shardId: string; readonly offeredRecords: number; readonly firstAttemptThrottledFraction: number; readonly peakWriteUtilization: number }[];
    /**
     * The prediction for the traffic the run actually sent, second by second and shard by shard (as-sent.ts):
     * what the endpoint should match when the generator could not keep to the workload's schedule. Provisioned
     * streams only.
     */
    readonly asSent?: AsSentPrediction;
  };
}

const frac = (a: number, b: number): number => (b > 0 ? a / b : 0);

export function loadReportOf(
  base: Omit<LoadReport, "command" | "observed" | "predicted">,
  stats: ProducerStats,
  prediction: SimulationResult,
  asSent: AsSentPrediction | undefined,
): LoadReport {
  const D = base.durationSeconds;
  const MiB = 1024 * 1024;
  const hist = stats.latency;
  return {
    command: "load",
    ...base,
    observed: {
      offeredRecords: stats.offered,
      rejectedRecords: stats.rejected,
      acceptedRecords: stats.accepted,
      firstAttemptThrottledRecords: stats.firstAttemptThrottled,
      firstAttemptThrottledFraction: frac(stats.firstAttemptThrottled, stats.offered - stats.rejected),
      lostRecords: stats.lost,
      lostFraction: frac(stats.lost, stats.offered - stats.rejected),
      retriedRecords: stats.retried,
      putRecordsRequests: stats.requests,
      requestErrors: stats.requestErrors,
      latencyMs: { p50: percentile(hist, 0.5), p90: percentile(hist, 0.9), p99: percentile(hist, 0.99), max: hist.length > 0 ? hist.length - 1 : 0 },
      perShard: stats.perShard.map((s) => ({
        shardId: s.shardId,
        offeredRecords: s.offeredUserRecords,
        acceptedRecordsPerSecond: s.acceptedUserRecords / D,
        acceptedKinesisRecordsPerSecond: s.acceptedKinesisRecords / D,
        acceptedMiBPerSecond: s.acceptedBytes / D / MiB,
        firstAttemptThrottledFraction: frac(s.firstAttemptThrottled, s.offeredUserRecords),
      })),
    },
    predicted: {
      offeredRecords: prediction.offeredRecords,
      firstAttemptThrottledFraction: prediction.firstAttemptThrottledFraction,
      lostFraction: prediction.writeThrottledFraction,
      perShard: prediction.perShard.map((s) => ({
        shardId: s.shardId,
        offeredRecords: s.offeredRecords,
        firstAttemptThrottledFraction: frac(s.firstAttemptThrottledRecords, s.offeredRecords),
        peakWriteUtilization: s.peakWriteUtilization,
      })),
      ...(asSent !== undefined ? { asSent } : {}),
    },
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 3 : 1)}%`;
const num = (x: number, d = 0): string => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}

/**
 * A line when the generator fell behind the workload's schedule (its first attempts went on past the run's duration
 * by more than a tenth): then "predicted as sent" is the figure the endpoint should match.
 */
function behind(r: LoadReport): string[] {
  const a = r.predicted.asSent;
  if (a === undefined || a.sendingSeconds <= r.durationSeconds * 1.1) return [];
  return [
    `The load generator fell behind its schedule: it sent the ${num(a.sentRecords)} records over ${a.sendingSeconds.toFixed(1)} s, not ${r.durationSeconds} s ` +
      `(≈${num(a.sentRecords / a.sendingSeconds)} records/s here). Compare the observed throttling with "predicted as sent".`,
  ];
}

export function renderLoadReport(r: LoadReport): string {
  const o = r.observed;
  const p = r.predicted;
  const a = p.asSent;
  const cap = r.capacity.mode === "provisioned" ? `${r.capacity.shards} provisioned shard${r.capacity.shards === 1 ? "" : "s"}` : "on-demand";
  const worker = r.worker.count > 1 ? `, worker ${r.worker.index}/${r.worker.count} (observed: this worker; predicted: all ${r.worker.count})` : "";
  const lines = [
    `stream-sim load ${r.workloadFile} → stream ${r.stream} at ${r.endpoint} (${cap}), ${r.durationSeconds} s, rate × ${r.rateScale}${worker}`,
    `Failed entries: ${r.onFailure === "retry" ? "retried with backoff" : "logged, not retried"}.`,
    ...behind(r),
    "",
    table([
      ["", "observed", "predicted", ...(a ? ["predicted as sent"] : [])],
      ["user records offered", num(o.offeredRecords), num(p.offeredRecords), ...(a ? [num(a.sentRecords)] : [])],
      ["first attempts throttled", pct(o.firstAttemptThrottledFraction), pct(p.firstAttemptThrottledFraction), ...(a ? [pct(a.firstAttemptThrottledFraction)] : [])],
      ["lost (throttled after the last retry)", `${pct(o.lostFraction)} (${num(o.lostRecords)})`, pct(p.lostFraction), ...(a ? [pct(a.lostFraction)] : [])],
      ["rejected (larger than the record size limit)", num(o.rejectedRecords), "", ...(a ? [""] : [])],
      ["PutRecords requests (failed requests)", `${num(o.putRecordsRequests)} (${num(o.requestErrors)})`, "", ...(a ? [""] : [])],
      ["latency p50 / p90 / p99 / max, ms", `${o.latencyMs.p50} / ${o.latencyMs.p90} / ${o.latencyMs.p99} / ${o.latencyMs.max}`, "", ...(a ? [""] : [])],
    ]),
    "",
    "Per shard (observed: accepted per second of the run; predicted: the simulation of the same load):",
    table([
      ["shard", "offered", "rec/s", "Kinesis rec/s", "MiB/s", "1st attempts throttled", "predicted offered", "predicted throttled"],
      ...o.perShard.map((s, i) => {
        const q = p.perShard.length === o.perShard.length ? p.perShard[i] : undefined;
        return [
          s.shardId,
          num(s.offeredRecords),
          num(s.acceptedRecordsPerSecond, 1),
          num(s.acceptedKinesisRecordsPerSecond, 1),
          num(s.acceptedMiBPerSecond, 3),
          pct(s.firstAttemptThrottledFraction),
          q ? num(q.offeredRecords) : "—",
          q ? pct(q.firstAttemptThrottledFraction) : "—",
        ];
      }),
    ]),
  ];
  if (p.perShard.length !== o.perShard.length) lines.push(`(the prediction models the on-demand stream as one capacity: ${pct(p.firstAttemptThrottledFraction)} of first attempts throttled)`);
  return `${lines.join("\n")}\n`;
}
