/**
 * Benchmark of the simulator (run from the repository root with `npm run bench`).
 *
 *  (a) `simulate`: 24 hours, 1,000 provisioned shards, per-second aggregates.        target < 2 s
 *  (b) `replayTrace`: per-record producer replay of a ~1.5 M-record trace.           target ≥ 1 M records/s
 *  (c) the same workloads through a NAIVE per-record reference model written here: every record's partition key is
 *      hashed with MD5, looked up in the shard map, and counted in per-shard per-second counters (fixed one-second
 *      windows). For (a) the naive model runs a scaled-down window and is extrapolated linearly to 24 hours (the
 *      full run would take hours); the output says so.
 *  (d) `simulate` of 24 hours × 1,000 shards of 1 ms timestamp keys (100,000 records/s), in a child process so its
 *      peak RSS is its own: memory-bounded shard blocks.                                    target peak RSS < 1 GiB
 *  (e) `size` of workloads that need thousands of shards (uuid keys, and a million entity keys under 200 key namings),
 *      against the naive way to find the count in the same run: one `simulate` per shard count from 1 to the answer
 *      (timed at four counts and integrated, as (c) extrapolates).                   target < 25% of the naive scan
 *
 * Prints a table of figures and ratios, the Node version and CPU model, and peak RSS.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { KINESIS_LIMITS } from "../src/limits";
import { replayTrace, type TraceRecord } from "../src/reference/replay";
import { generateTrace } from "../src/reference/trace";
import { Rng } from "../src/random";
import { ShardMap } from "../src/routing";
import { simulate, size } from "../src/index";
import type { Workload } from "../src/types";

const WRITE_BYTES = KINESIS_LIMITS.shardWriteBytesPerSecond.value;
const WRITE_RECORDS = KINESIS_LIMITS.shardWriteRecordsPerSecond.value;

/** (a) 24 h at 1,000 shards: 600,000 records/s of 800 B with UUID keys, peaks 1.5× the average. */
export const SIMULATE_WORKLOAD: Workload = {
  recordsPerSecond: 600_000,
  recordBytes: 800,
  durationSeconds: 86_400,
  peakToAverage: 1.5,
  partitionKey: { strategy: "uuid" },
  partitionKeyBytes: 36,
  seed: 1,
};
export const SIMULATE_SHARDS = 1000;

/** (b) 50,000 records/s for 30 s of 1,000 B records keyed by 100,000 Zipf(0.6) session ids: 1.5 M records. */
export const REPLAY_WORKLOAD: Workload = {
  recordsPerSecond: 50_000,
  recordBytes: 1000,
  durationSeconds: 30,
  peakToAverage: 1,
  partitionKey: { strategy: "entity", distinctKeys: 100_000, zipfExponent: 0.6 },
  partitionKeyBytes: 12,
  seed: 3,
};
export const REPLAY_SHARDS = 64;

/** (d) 24 h at 1,000 shards of 1 ms timestamp keys: ~55 M (second, shard, fraction) entries if held at once. */
export const TIMESTAMP_WORKLOAD: Workload = {
  recordsPerSecond: 100_000,
  recordBytes: 500,
  durationSeconds: 86_400,
  arrivalNoise: "none",
  partitionKey: { strategy: "timestamp", resolutionMs: 1 },
};
export const TIMESTAMP_SHARDS = 1000;
export const TIMESTAMP_MAX_RSS_BYTES = 2 ** 30;

/** (e) Workloads needing about 1,000 shards: (a)'s traffic over an hour, and 1,000,000 Zipf(0.5) entity keys. */
export const SIZE_WORKLOADS: readonly { readonly name: string; readonly workload: Workload }[] = [
  { name: "uuid keys", workload: { ...SIMULATE_WORKLOAD, durationSeconds: 3600 } },
  {
    name: "1 M entity keys, Zipf 0.5",
    workload: { ...SIMULATE_WORKLOAD, durationSeconds: 3600, partitionKey: { strategy: "entity", distinctKeys: 1_000_000, zipfExponent: 0.5 } },
  },
];
export const SIZE_MAX_FRACTION_OF_NAIVE = 0.25;

/** Runs (d) in a child process (transpile-only, like this script) and returns its result and its own peak RSS. */
function timestampRun(): { offered: number; seconds: number; maxRssBytes: number } {
  const script = `
    const { simulate } = require("./src/index");
    const t0 = process.hrtime.bigint();
    const r = simulate(${JSON.stringify(TIMESTAMP_WORKLOAD)}, { capacity: { mode: "provisioned", shards: ${TIMESTAMP_SHARDS} } });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    process.stdout.write(JSON.stringify({ offered: r.offeredRecords, seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));`;
  const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
    cwd: path.resolve(__dirname, ".."),
    encoding: "utf8",
  });
  if (child.error || child.status !== 0) throw new Error(`(d) failed: ${child.error?.message ?? child.stderr}`);
  return JSON.parse(child.stdout) as { offered: number; seconds: number; maxRssBytes: number };
}

interface NaiveResult {
  readonly records: number;
  readonly throttled: number;
}

/** Naive reference: per record, MD5 → shard → per-shard counters for the current second (fixed window). */
export function naiveCount(records: Iterable<TraceRecord>, shardCount: number): NaiveResult {
  const map = ShardMap.even(shardCount);
  const bytes = new Float64Array(shardCount);
  const count = new Float64Array(shardCount);
  let second = -1;
  let n = 0;
  let throttled = 0;
  for (const r of records) {
    const s = Math.floor(r.timeMs / 1000);
    if (s !== second) {
      bytes.fill(0);
      count.fill(0);
      second = s;
    }
    const shard = map.indexFor(r.partitionKey);
    const size = r.bytes + Buffer.byteLength(r.partitionKey, "utf8");
    if (bytes[shard] + size > WRITE_BYTES || count[shard] + 1 > WRITE_RECORDS) throttled++;
    else {
      bytes[shard] += size;
      count[shard] += 1;
    }
    n++;
  }
  return { records: n, throttled };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Naive per-record generator for workload (a): `seconds` seconds at the workload's average rate, UUID keys. */
function* naiveUuidRecords(w: Workload, seconds: number): Generator<TraceRecord> {
  const rng = new Rng(w.seed ?? 1);
  const perSecond = Math.round(w.recordsPerSecond);
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < perSecond; i++) {
      let key = "";
      for (let j = 0; j < 16; j++) {
        key += HEX[rng.int(256)];
        if (j === 3 || j === 5 || j === 7 || j === 9) key += "-";
      }
      yield { timeMs: s * 1000 + (i * 1000) / perSecond, partitionKey: key, bytes: w.recordBytes };
    }
  }
}

function time<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

const fmt = (n: number, d = 2): string => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

function table(headers: string[], rows: string[][]): string {
  const w = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]) : x.padStart(w[c]))).join("  ");
  return [line(headers), w.map((x) => "-".repeat(x)).join("  "), ...rows.map(line)].join("\n");
}

function main(): void {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`stream-simulator bench — Node ${process.version}, ${cpu} (${os.cpus().length} logical CPUs), ${os.platform()} ${os.arch()}`);
  console.log("Figures are wall times on this machine; the ratios compare runs made in the same process, one after the other.");
  console.log("");

  // (a) optimized simulate, 24 h × 1,000 shards, per second. One warm-up run at 1 h so JIT compilation is not timed.
  simulate({ ...SIMULATE_WORKLOAD, durationSeconds: 3600 }, { capacity: { mode: "provisioned", shards: SIMULATE_SHARDS } });
  const a = time(() => simulate(SIMULATE_WORKLOAD, { capacity: { mode: "provisioned", shards: SIMULATE_SHARDS } }));
  const aSecondShards = (SIMULATE_WORKLOAD.durationSeconds ?? 0) * SIMULATE_SHARDS;
  console.log(
    `(a) simulate: ${fmt(a.value.offeredRecords, 0)} records over ${fmt(aSecondShards, 0)} shard-seconds in ${fmt(a.seconds, 3)} s; ` +
      `throttled ${fmt(a.value.writeThrottledFraction * 100, 4)}%, max shard utilization ${fmt(a.value.maxShardWriteUtilization * 100, 1)}%`,
  );

  // (b) optimized replayTrace on a ~1.5 M-record trace.
  const gen = time(() => generateTrace(REPLAY_WORKLOAD));
  const trace = gen.value;
  replayTrace(trace.slice(0, 100_000), { shards: REPLAY_SHARDS }); // warm-up
  const b = time(() => replayTrace(trace, { shards: REPLAY_SHARDS }));
  const bRate = trace.length / b.seconds;
  console.log(
    `(b) replayTrace: ${fmt(trace.length, 0)} records (generated in ${fmt(gen.seconds, 2)} s) replayed in ${fmt(b.seconds, 3)} s; ` +
      `throttled ${fmt((b.value.throttled / b.value.offered) * 100, 4)}%, ${fmt(b.value.putRecordsRequests, 0)} PutRecords requests`,
  );

  // (c) naive per-record reference: (b)'s trace in full; (a) on a scaled-down window, extrapolated.
  const cb = time(() => naiveCount(trace, REPLAY_SHARDS));
  const naiveWindowSeconds = 5;
  const ca = time(() => naiveCount(naiveUuidRecords(SIMULATE_WORKLOAD, naiveWindowSeconds), SIMULATE_SHARDS));
  const aScale = (SIMULATE_WORKLOAD.durationSeconds ?? 0) / naiveWindowSeconds;
  const caExtrapolated = ca.seconds * aScale;
  console.log(
    `(c) naive (a): ${fmt(ca.value.records, 0)} records (${naiveWindowSeconds} simulated seconds) in ${fmt(ca.seconds, 2)} s ` +
      `= ${fmt(ca.value.records / ca.seconds / 1e6, 2)} M records/s; EXTRAPOLATED ×${fmt(aScale, 0)} to 24 h: ${fmt(caExtrapolated, 0)} s (${fmt(caExtrapolated / 3600, 1)} h)`,
  );
  console.log(
    `(c) naive (b): ${fmt(cb.value.records, 0)} records in ${fmt(cb.seconds, 3)} s; fixed-window throttled ${fmt((cb.value.throttled / cb.value.records) * 100, 4)}%`,
  );

  // (d) timestamp keys, 24 h × 1,000 shards, in a child process (its peak RSS alone).
  const d = timestampRun();
  const dExpected = TIMESTAMP_WORKLOAD.recordsPerSecond * (TIMESTAMP_WORKLOAD.durationSeconds ?? 0);
  const dOk = d.maxRssBytes < TIMESTAMP_MAX_RSS_BYTES && d.offered === dExpected;
  console.log(
    `(d) simulate, 1 ms timestamp keys: ${fmt(d.offered, 0)} records (expected ${fmt(dExpected, 0)}) over ` +
      `${fmt((TIMESTAMP_WORKLOAD.durationSeconds ?? 0) * TIMESTAMP_SHARDS, 0)} shard-seconds in ${fmt(d.seconds, 2)} s; ` +
      `child peak RSS ${fmt(d.maxRssBytes / 2 ** 20, 0)} MiB`,
  );

  // (e) size of large workloads against the naive scan (one simulate per shard count from 1 to the answer).
  const e = SIZE_WORKLOADS.map(({ name, workload }) => {
    const sized = time(() => size(workload));
    const n = sized.value.recommendedShards ?? 1;
    // Trapezoid over t(0) = 0 and t at n/4, n/2, 3n/4 and n: the scan's total time.
    const points = [0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(f * n)));
    const times = points.map((k) => time(() => simulate(workload, { capacity: { mode: "provisioned", shards: k } })).seconds);
    let naive = 0;
    let prevK = 0;
    let prevT = 0;
    points.forEach((k, i) => {
      naive += ((k - prevK) * (prevT + times[i])) / 2;
      prevK = k;
      prevT = times[i];
    });
    console.log(
      `(e) size, ${name}: ${fmt(n, 0)} shards (${sized.value.binding} binds) in ${fmt(sized.seconds, 2)} s; ` +
        `naive scan of ${fmt(n, 0)} simulations ≈ ${fmt(naive, 1)} s (EXTRAPOLATED from ${points.length} timed counts)`,
    );
    return { name, n, seconds: sized.seconds, baseline: naive };
  });
  console.log("");

  console.log(
    table(
      ["Benchmark", "Optimized", "Naive per-record", "Speed-up (naive/optimized)", "Target", "Met"],
      [
        [
          "(a) simulate 24 h × 1,000 shards, per second",
          `${fmt(a.seconds, 3)} s`,
          `${fmt(caExtrapolated, 0)} s (extrapolated)`,
          `${fmt(caExtrapolated / a.seconds, 0)}×`,
          "< 2 s",
          a.seconds < 2 ? "yes" : "NO",
        ],
        [
          `(b) replayTrace, ${fmt(trace.length / 1e6, 2)} M records`,
          `${fmt(b.seconds, 3)} s = ${fmt(bRate / 1e6, 2)} M rec/s`,
          `${fmt(cb.seconds, 3)} s = ${fmt(trace.length / cb.seconds / 1e6, 2)} M rec/s`,
          `${fmt(cb.seconds / b.seconds, 2)}×`,
          "≥ 1 M rec/s",
          bRate >= 1e6 ? "yes" : "NO",
        ],
        [
          "(d) simulate 24 h × 1,000 shards, 1 ms timestamp keys",
          `${fmt(d.seconds, 2)} s, ${fmt(d.maxRssBytes / 2 ** 20, 0)} MiB peak RSS`,
          "(not run: ~3.8 GB held at once)",
          "-",
          "peak RSS < 1 GiB, all records",
          dOk ? "yes" : "NO",
        ],
        ...e.map((x) => [
          `(e) size, ${x.name} (${fmt(x.n, 0)} shards)`,
          `${fmt(x.seconds, 2)} s`,
          `${fmt(x.baseline, 1)} s (extrapolated scan)`,
          `${fmt(x.baseline / x.seconds, 1)}×`,
          `< ${fmt(SIZE_MAX_FRACTION_OF_NAIVE * 100, 0)}% of the scan`,
          x.seconds < SIZE_MAX_FRACTION_OF_NAIVE * x.baseline ? "yes" : "NO",
        ]),
      ],
    ),
  );
  console.log("");
  console.log("Notes: optimized/naive wall-time ratios: (a) " + `${fmt(a.seconds / caExtrapolated, 6)}, (b) ${fmt(b.seconds / cb.seconds, 3)}.`);
  console.log(
    "The naive model is simpler than replayTrace (no batching, linger, retries or token buckets), so (b)'s ratio compares a full producer model against hashing + counting alone.",
  );
  const rss = process.resourceUsage().maxRSS; // kilobytes
  console.log(`Peak RSS: ${fmt(rss / 1024, 0)} MiB`);
}

if (require.main === module) main();
