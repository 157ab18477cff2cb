/**
 * Deterministic traces of a declared workload, one user record each, for the reference replay (replay.ts): tests and
 * the bench feed them to `replayTrace` and compare with the per-second engines. Every random choice uses the shared
 * seeded `Rng` (random.ts).
 */
import { KINESIS_LIMITS } from "../limits";
import { Rng } from "../random";
import type { PartitionKeyStrategy, Workload } from "../types";
import { WORKLOAD_DEFAULTS, resolveWorkload, type ResolvedWorkload } from "../workload";
import type { TraceRecord } from "./replay";

export interface GenerateTraceOptions {
  /** Overrides the workload's duration. */
  readonly durationSeconds?: number;
  /** Stops after this many records. */
  readonly maxRecords?: number;
  /** Overrides the workload's seed. */
  readonly seed?: number;
  /** Epoch milliseconds of trace time 0, used for timestamp keys. @default 2026-01-01T00:00:00Z */
  readonly epochMs?: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A random (version 4) UUID from `rng`. */
function uuidFrom(rng: Rng): string {
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const x = rng.nextUint32();
    b.push(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => HEX[x]);
  return `${h.slice(0, 4).join("")}-${h.slice(4, 6).join("")}-${h.slice(6, 8).join("")}-${h.slice(8, 10).join("")}-${h.slice(10).join("")}`;
}

/**
 * Records in second `s` of a run with average `avg` records/s and peak-to-average ratio `peak`: one second in every
 * `period = max(10, ceil(2·peak))` runs at `peak × avg`, the others at the rate that keeps the mean at `avg`.
 * The peak second's position inside each period is chosen from the seed.
 */
function secondRate(avg: number, peak: number, s: number, period: number, offset: number): number {
  if (peak <= 1) return avg;
  const f = 1 / period;
  const rest = (avg * (1 - f * peak)) / (1 - f);
  return s % period === offset ? avg * peak : rest;
}

/** Partition keys of a workload's strategy, one per record, drawn from `rng` (the trace's and the load generator's). */
export interface PartitionKeyPicker {
  /** The key of a record offered at `timeMs` (trace time). */
  pick(timeMs: number): string;
  /** Entity keys: the 0-based rank of the key `pick` returned last (rank 0 is the heaviest); −1 otherwise. */
  readonly lastRank: number;
}

/**
 * The key picker of a workload (uuid: a fresh random UUID per record; static: one key; entity: `distinctKeys` keys
 * of `partitionKeyBytes` characters drawn uniformly or Zipf(s); timestamp: the ISO time from `epochMs` truncated to
 * `resolutionMs`).
 */
export function partitionKeyPicker(w: ResolvedWorkload, rng: Rng, epochMs: number): PartitionKeyPicker {
  const epoch = epochMs;
  const strategy: PartitionKeyStrategy = w.partitionKey;
  const keyLen = Math.max(1, Math.min(w.partitionKeyBytes, KINESIS_LIMITS.partitionKeyMaxLength.value));
  let pickKey: (timeMs: number) => string;
  let lastRank = -1;
  switch (strategy.strategy) {
    case "uuid":
      pickKey = () => uuidFrom(rng);
      break;
    case "static": {
      const key = strategy.value ?? WORKLOAD_DEFAULTS.staticKey;
      pickKey = () => key;
      break;
    }
    case "entity": {
      const n = strategy.distinctKeys;
      const pool: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = `e${i}`;
        pool.push(id.length >= keyLen ? id : `e${String(i).padStart(keyLen - 1, "0")}`);
      }
      const s = strategy.zipfExponent ?? 0;
      if (s === 0) {
        pickKey = () => pool[(lastRank = rng.int(n))];
      } else {
        const cdf = new Float64Array(n);
        let acc = 0;
        for (let k = 0; k < n; k++) cdf[k] = acc += 1 / (k + 1) ** s;
        pickKey = () => {
          const x = rng.next() * acc;
          let lo = 0;
          let hi = n - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cdf[mid] > x) hi = mid;
            else lo = mid + 1;
          }
          lastRank = lo;
          return pool[lo];
        };
      }
      break;
    }
    case "timestamp": {
      const res = strategy.resolutionMs ?? WORKLOAD_DEFAULTS.timestampResolutionMs;
      let bucket = NaN;
      let key = "";
      pickKey = (timeMs) => {
        const b = Math.floor(timeMs / res) * res;
        if (b !== bucket) {
          bucket = b;
          key = new Date(epoch + b).toISOString();
        }
        return key;
      };
      break;
    }
  }

  return {
    pick: pickKey,
    get lastRank() {
      return lastRank;
    },
  };
}

/**
 * A deterministic trace of a declared workload: `recordsPerSecond` on average (peaks as `peakToAverage` says),
 * evenly spaced inside each second, each of `recordBytes` bytes, keyed by the workload's partition-key strategy
 * (uuid: fresh random UUID per record; static: one key; entity: `distinctKeys` keys of `partitionKeyBytes`
 * characters drawn uniformly or Zipf(s); timestamp: the ISO time truncated to `resolutionMs`). Same workload +
 * seed ⇒ same trace.
 */
export function generateTrace(workload: Workload, options: GenerateTraceOptions = {}): TraceRecord[] {
  const w = resolveWorkload(workload);
  const duration = options.durationSeconds ?? w.durationSeconds;
  const maxRecords = options.maxRecords ?? Infinity;
  const rng = new Rng((options.seed ?? w.seed) ^ 0x5eed);
  const epoch = options.epochMs ?? Date.UTC(2026, 0, 1);

  const keys = partitionKeyPicker(w, rng, epoch);
  const pickKey = (timeMs: number): string => keys.pick(timeMs);

  const out: TraceRecord[] = [];
  const peak = w.peakToAverage;
  const period = Math.max(10, Math.ceil(2 * peak));
  const offset = rng.int(period);
  let carry = 0;
  for (let sec = 0; sec < duration && out.length < maxRecords; sec++) {
    const exact = secondRate(w.recordsPerSecond, peak, sec, period, offset) + carry;
    const count = Math.floor(exact);
    carry = exact - count;
    for (let j = 0; j < count && out.length < maxRecords; j++) {
      const timeMs = sec * 1000 + Math.floor((j * 1000) / count);
      out.push({ timeMs, partitionKey: pickKey(timeMs), bytes: w.recordBytes });
    }
  }
  return out;
}
