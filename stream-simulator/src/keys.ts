import { ShardMap, hashKeyOf } from "./routing";
import { Rng } from "./random";
import { WORKLOAD_DEFAULTS, type ResolvedWorkload } from "./workload";

/**
 * How a workload's partition keys spread over the hash-key space, computed with Kinesis's real MD5 routing
 * (`ShardMap`, aws-facts §1.1/§1.3):
 * - uuid: a fresh random key per record, i.e. uniform over the hash space ⇒ a shard's share = its hash-range share;
 * - static: one key ⇒ one shard gets everything;
 * - entity: N keys with uniform or Zipf weights (rank k ∝ 1/k^s); each key is MD5-hashed and its weight added to its
 *   shard. Exact for N ≤ 100,000; beyond that the 50,000 heaviest keys are hashed exactly and 50,000 keys sampled from
 *   the tail (seeded) each carry an equal part of the tail's weight;
 * - timestamp: every record of one resolution window shares one key (the window start as ISO-8601), so in any second
 *   the traffic sits on the shard(s) of that second's window key(s). Windows ≥ 1 s are MD5-hashed; for sub-second
 *   windows each window is placed with a fast seeded 32-bit hash instead (statistically the same uniform placement as
 *   MD5, at bounded cost).
 */

/** Keys hashed exactly before sampling starts. */
export const EXACT_KEY_LIMIT = 100_000;
const HEAD_KEYS = 50_000;
const TAIL_SAMPLES = 50_000;
/** Heaviest keys kept individually (for per-key caps in on-demand mode and hot-key reports). */
const TOP_KEYS = 1000;
/** Fixed epoch for timestamp keys (the simulated run starts here). */
const TIMESTAMP_EPOCH_MS = Date.UTC(2025, 0, 1);

export interface KeyWeight {
  readonly key: string;
  /** Fraction of all traffic this key carries. */
  readonly share: number;
  readonly hashKey: bigint;
}

/** Keys with fixed weights (uuid, static, entity). */
export interface FixedKeyModel {
  readonly kind: "fixed";
  /** Heaviest keys, heaviest first (empty for uuid: no key carries a measurable share). */
  readonly topKeys: readonly KeyWeight[];
  /** Share of traffic on each shard of `map`. */
  sharesFor(map: ShardMap): Float64Array;
  /** Description of the hottest key. */
  readonly hotKey: { readonly key: string; readonly share: number } | null;
}

/** Keys that change with time (timestamp). */
export interface TimestampKeyModel {
  readonly kind: "timestamp";
  readonly resolutionMs: number;
  /** Largest share of one second's traffic any single key carries. */
  readonly hotKeyShareOfSecond: number;
  /** Adds second `t`'s traffic fractions to `out` (indexed by shard of `map`). */
  fillSecond(map: ShardMap, t: number, out: Float64Array): void;
  /**
   * Second `t`'s window keys as (shard of `map`, fraction) pairs, in the order `fillSecond` adds them (a shard may
   * repeat), written to `shard`/`fraction` (each at least `maxKeysPerSecond` long) without allocating; returns the count.
   */
  placeSecond(map: ShardMap, t: number, shard: Int32Array, fraction: Float64Array): number;
  /** Most window keys one second can touch. */
  readonly maxKeysPerSecond: number;
  /** Window keys active in second `t` with their fractions of that second's traffic. */
  keysOfSecond(t: number): Array<{ key: string; fraction: number }>;
  readonly hotKey: { readonly key: string; readonly share: number };
}

export type KeyModel = FixedKeyModel | TimestampKeyModel;

function zipfTailSum(from: number, to: number, s: number): number {
  // Σ_{k=from..to} k^-s ≈ ∫_{from-0.5}^{to+0.5} x^-s dx (midpoint rule; accurate for the smooth tail).
  const a = from - 0.5;
  const b = to + 0.5;
  if (s === 0) return to - from + 1;
  if (Math.abs(s - 1) < 1e-12) return Math.log(b / a);
  return (Math.pow(b, 1 - s) - Math.pow(a, 1 - s)) / (1 - s);
}

const keyModelCache = new WeakMap<object, KeyModel>();

/** The key model of a workload (memoized per partition-key object, so sizing does not re-hash). */
export function keyModelOf(w: ResolvedWorkload): KeyModel {
  const cacheKey = w.partitionKey as object;
  const cached = keyModelCache.get(cacheKey);
  if (cached && (cached as { seed?: number }).seed === w.seed) return cached;
  const model = buildKeyModel(w);
  (model as { seed?: number }).seed = w.seed;
  keyModelCache.set(cacheKey, model);
  return model;
}

function buildKeyModel(w: ResolvedWorkload): KeyModel {
  const pk = w.partitionKey;
  switch (pk.strategy) {
    case "uuid":
      return {
        kind: "fixed",
        topKeys: [],
        hotKey: null,
        sharesFor(map) {
          // Each shard's share is exactly its fraction of the 2^128 hash space.
          const shares = new Float64Array(map.shardCount);
          const space = Number(1n << 64n) * Number(1n << 64n);
          for (const r of map.ranges) shares[r.index] = Number(r.endingHashKey - r.startingHashKey + 1n) / space;
          return shares;
        },
      };
    case "static": {
      const key = pk.value ?? WORKLOAD_DEFAULTS.staticKey;
      const kw: KeyWeight = { key, share: 1, hashKey: hashKeyOf(key) };
      return {
        kind: "fixed",
        topKeys: [kw],
        hotKey: { key, share: 1 },
        sharesFor(map) {
          const shares = new Float64Array(map.shardCount);
          shares[map.indexForHashKey(kw.hashKey)] = 1;
          return shares;
        },
      };
    }
    case "entity":
      return entityModel(pk.distinctKeys, pk.zipfExponent ?? 0, w.seed);
    default:
      return timestampModel(pk.resolutionMs ?? WORKLOAD_DEFAULTS.timestampResolutionMs, w.durationSeconds, w.seed);
  }
}

function entityKeyName(seed: number, rank: number): string {
  return `entity-${seed}-${rank}`;
}

function entityModel(n: number, s: number, seed: number): FixedKeyModel {
  const ranks: number[] = [];
  const weights: number[] = [];
  if (n <= EXACT_KEY_LIMIT) {
    for (let k = 1; k <= n; k++) {
      ranks.push(k);
      weights.push(s === 0 ? 1 : Math.pow(k, -s));
    }
  } else {
    for (let k = 1; k <= HEAD_KEYS; k++) {
      ranks.push(k);
      weights.push(s === 0 ? 1 : Math.pow(k, -s));
    }
    const tail = zipfTailSum(HEAD_KEYS + 1, n, s);
    const rng = new Rng(seed ^ 0x5eed);
    const each = tail / TAIL_SAMPLES;
    for (let j = 0; j < TAIL_SAMPLES; j++) {
      ranks.push(HEAD_KEYS + 1 + rng.int(n - HEAD_KEYS));
      weights.push(each);
    }
  }
  let total = 0;
  for (const x of weights) total += x;
  const hashes: bigint[] = ranks.map((r) => hashKeyOf(entityKeyName(seed, r)));
  const shareOf = weights.map((x) => x / total);
  const topCount = Math.min(TOP_KEYS, HEAD_KEYS, ranks.length);
  // Ranks are in weight order for the exact head (weights non-increasing in rank).
  const topKeys: KeyWeight[] = [];
  for (let i = 0; i < topCount; i++) topKeys.push({ key: entityKeyName(seed, ranks[i]), share: shareOf[i], hashKey: hashes[i] });
  return {
    kind: "fixed",
    topKeys,
    hotKey: { key: topKeys[0].key, share: topKeys[0].share },
    sharesFor(map) {
      const shares = new Float64Array(map.shardCount);
      for (let i = 0; i < hashes.length; i++) shares[map.indexForHashKey(hashes[i])] += shareOf[i];
      return shares;
    },
  };
}

/**
 * Sub-second timestamp windows of second t placed on n shards: the same windows, fractions and seeded hash as
 * `fillSecond`'s sub-second branch, written to `shard`/`fraction` without allocating; returns the count.
 */
function placeSubSecondWindows(t: number, resolutionMs: number, seed: number, n: number, shard: Int32Array, fraction: Float64Array): number {
  const startMs = t * 1000;
  const endMs = startMs + 1000;
  const first = Math.floor(startMs / resolutionMs);
  const last = Math.floor((endMs - 1) / resolutionMs);
  let k = 0;
  for (let win = first; win <= last; win++) {
    const lo = win * resolutionMs;
    const hi = lo + resolutionMs;
    const a = lo > startMs ? lo : startMs;
    const b = hi < endMs ? hi : endMs;
    let h = Math.imul(win ^ 0x85ebca6b, 0xcc9e2d51) ^ seed;
    h = Math.imul(h ^ (h >>> 15), 0x1b873593);
    h ^= h >>> 13;
    // Non-negative and below n (≤ 10,000): truncation equals Math.floor.
    shard[k] = (((h >>> 0) / 4294967296) * n) | 0;
    fraction[k++] = (b - a) / 1000;
  }
  return k;
}

function timestampModel(resolutionMs: number, durationSeconds: number, seed: number): TimestampKeyModel {
  const keyOf = (window: number): string => new Date(TIMESTAMP_EPOCH_MS + window * resolutionMs).toISOString();
  const windowsOf = (t: number): Array<{ window: number; fraction: number }> => {
    const startMs = t * 1000;
    const endMs = startMs + 1000;
    const first = Math.floor(startMs / resolutionMs);
    const last = Math.floor((endMs - 1) / resolutionMs);
    const out: Array<{ window: number; fraction: number }> = [];
    for (let win = first; win <= last; win++) {
      const a = Math.max(startMs, win * resolutionMs);
      const b = Math.min(endMs, (win + 1) * resolutionMs);
      out.push({ window: win, fraction: (b - a) / 1000 });
    }
    return out;
  };
  const md5 = resolutionMs >= 1000;
  const hashCache = new Map<number, bigint>();
  const hashOfWindow = (win: number): bigint => {
    let h = hashCache.get(win);
    if (h === undefined) {
      h = hashKeyOf(keyOf(win));
      hashCache.set(win, h);
    }
    return h;
  };
  const hot = Math.min(1, resolutionMs / 1000);
  void durationSeconds;
  return {
    kind: "timestamp",
    resolutionMs,
    hotKeyShareOfSecond: hot,
    hotKey: { key: `${keyOf(0)} (one key per ${resolutionMs} ms window)`, share: hot },
    keysOfSecond(t) {
      return windowsOf(t).map((x) => ({ key: keyOf(x.window), fraction: x.fraction }));
    },
    maxKeysPerSecond: Math.ceil(1000 / resolutionMs) + 1,
    placeSecond(map, t, shard, fraction) {
      if (md5) {
        let k = 0;
        for (const x of windowsOf(t)) {
          shard[k] = map.indexForHashKey(hashOfWindow(x.window));
          fraction[k++] = x.fraction;
        }
        return k;
      }
      return placeSubSecondWindows(t, resolutionMs, seed, map.shardCount, shard, fraction);
    },
    fillSecond(map, t, out) {
      const n = map.shardCount;
      if (md5) {
        // Windows of ≥ 1 s: one or two window keys touch this second; each is MD5-hashed (cached per window).
        for (const x of windowsOf(t)) out[map.indexForHashKey(hashOfWindow(x.window))] += x.fraction;
        return;
      }
      for (const x of windowsOf(t)) {
        // Fast seeded placement: uniform like MD5 (see the module comment).
        let h = Math.imul(x.window ^ 0x85ebca6b, 0xcc9e2d51) ^ seed;
        h = Math.imul(h ^ (h >>> 15), 0x1b873593);
        h ^= h >>> 13;
        out[Math.floor(((h >>> 0) / 4294967296) * n)] += x.fraction;
      }
    },
  };
}
