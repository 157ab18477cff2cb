/**
 * Timestamp keys on a provisioned stream: every window key visits some shard for one window, so each shard sees a
 * sparse list of (second, fraction of that second's traffic) entries. They are built here, in bounded blocks of
 * shards, for the provisioned engine.
 */
import type { ShardMap } from "./routing";
import type { TimestampKeyModel } from "./keys";

/**
 * Memory bound of timestamp keys: at most this many (second, shard, fraction) entries are held at once. Sub-second
 * windows touch up to min(1000 / resolutionMs, shards) shards per second, so a long run (24 h × 1 ms windows on
 * 1,000 shards ≈ 55 M entries) is processed in blocks of consecutive shards, re-deriving each block's entries from
 * the (cheap, allocation-free) key placement: 8 M entries ≈ 96 MB of typed arrays. Exported for tests only.
 */
export const TIMESTAMP_BLOCK = { entryBudget: 8_000_000 };

export interface TimestampBlock {
  /** Shards [from, to). */
  readonly from: number;
  readonly to: number;
  /** Entries of shard from + j: [offsets[j], offsets[j + 1]); seconds ascending within a shard. */
  readonly offsets: Int32Array;
  readonly seconds: Int32Array;
  readonly fractions: Float64Array;
}

/** Scratch of `timestampBlocks`: one second's placements, and per shard the last second it was touched. */
class SecondPlacer {
  public readonly idx: Int32Array;
  public readonly frac: Float64Array;
  /** Per shard: the last second an entry was made for it (−1: none yet), and that entry's position. */
  public readonly lastT: Int32Array;
  public readonly lastPos: Int32Array;

  public constructor(
    private readonly model: TimestampKeyModel,
    private readonly map: ShardMap,
  ) {
    const K = model.maxKeysPerSecond;
    this.idx = new Int32Array(K);
    this.frac = new Float64Array(K);
    this.lastT = new Int32Array(map.shardCount);
    this.lastPos = new Int32Array(map.shardCount);
  }

  public reset(): void {
    this.lastT.fill(-1);
  }

  /** Places second t into `idx`/`frac`; returns the count. */
  public place(t: number): number {
    return this.model.placeSecond(this.map, t, this.idx, this.frac);
  }
}

/** Pass 1: entries (distinct seconds) per shard. */
function countTimestampEntries(p: SecondPlacer, D: number, perShard: Float64Array): void {
  p.reset();
  const idx = p.idx;
  const lastT = p.lastT;
  for (let t = 0; t < D; t++) {
    const k = p.place(t);
    for (let j = 0; j < k; j++) {
      const i = idx[j];
      if (lastT[i] !== t) {
        lastT[i] = t;
        perShard[i]++;
      }
    }
  }
}

/**
 * One block's pass: the entries of shards [from, to) by counting sort into `seconds`/`fractions`; a shard's fractions
 * within one second are summed in placement order (as `fillSecond` sums them).
 */
function fillTimestampBlock(p: SecondPlacer, D: number, from: number, to: number, fill: Int32Array, seconds: Int32Array, fractions: Float64Array): void {
  p.reset();
  const idx = p.idx;
  const frac = p.frac;
  const lastT = p.lastT;
  const lastPos = p.lastPos;
  for (let t = 0; t < D; t++) {
    const k = p.place(t);
    for (let j = 0; j < k; j++) {
      const i = idx[j];
      if (i < from || i >= to) continue;
      if (lastT[i] === t) fractions[lastPos[i]] += frac[j];
      else {
        const q = fill[i - from]++;
        lastT[i] = t;
        lastPos[i] = q;
        seconds[q] = t;
        fractions[q] = frac[j];
      }
    }
  }
}

/**
 * The (second, fraction) lists of timestamp keys grouped by shard, in blocks of consecutive shards holding at most
 * `budget` entries together (a single shard has at most one entry per second). Pass 1 counts each shard's entries;
 * each block then re-places every second and keeps its own shards' entries (counting sort).
 */
export function timestampBlocks(model: TimestampKeyModel, map: ShardMap, D: number, budget: number, each: (block: TimestampBlock) => void): void {
  const N = map.shardCount;
  const p = new SecondPlacer(model, map);
  const perShard = new Float64Array(N);
  countTimestampEntries(p, D, perShard);
  for (let from = 0; from < N; ) {
    let to = from;
    let size = 0;
    while (to < N && (to === from || size + perShard[to] <= budget)) size += perShard[to++];
    const offsets = new Int32Array(to - from + 1);
    for (let i = from; i < to; i++) offsets[i - from + 1] = offsets[i - from] + perShard[i];
    const seconds = new Int32Array(size);
    const fractions = new Float64Array(size);
    fillTimestampBlock(p, D, from, to, offsets.slice(0, to - from), seconds, fractions);
    each({ from, to, offsets, seconds, fractions });
    from = to;
  }
}
