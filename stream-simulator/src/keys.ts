import { ShardMap, hashKeyOf } from "./routing";
import { Rng, normalQuantile } from "./random";
import { WORKLOAD_DEFAULTS, type ResolvedWorkload } from "./workload";

/**
 * How a workload's partition keys spread over the hash-key space of a stream's shards (`ShardMap`, the CreateStream
 * layout and Kinesis's routing by hash key):
 * - uuid: a fresh random key per record, i.e. uniform over the hash space ⇒ a shard's share = its hash-range share;
 * - static: one key ⇒ one shard gets everything (its MD5 hash key places it);
 * - entity: N keys with uniform or Zipf weights (rank k ∝ 1/k^s). Where each key lands depends on its real name,
 *   which the declaration does not give, so the model places keys by a KEY NAMING: naming j gives the key of rank k
 *   the hash key of a seeded 32-bit hash of (j, k) (MD5 output is uniform, so every naming is as likely as the user's
 *   real one). `KEY_NAMINGS` independent namings let sizing ask for a shard count that holds whatever the real names
 *   are (sizing.ts); the seed plays no part in them. The 5,000 heaviest keys are placed one by one, the rest by their
 *   first two moments (each shard's mean share of the tail plus the normal spread that placing that many keys
 *   uniformly gives): beyond the 5,000th, a key of a Zipf set carries a negligible share (with 50,000 keys and
 *   exponent 0.9, under 0.003% of the traffic each), and so many of them sum to a normal spread per shard;
 * - timestamp: every record of one resolution window shares one key (the window start as ISO-8601), so in any second
 *   the traffic sits on the shard(s) of that second's window key(s). Windows ≥ 1 s are MD5-hashed; for sub-second
 *   windows each window is placed with a fast seeded 32-bit hash instead (statistically the same uniform placement as
 *   MD5, at bounded cost).
 */

/**
 * Entity keys placed one by one; the rest (the tail of the weights) by their first two moments. Measured: 20,000
 * instead gave the same recommendation for every workload of the simulator README's table, at 4× the placement
 * work per key naming.
 */
export const EXACT_KEY_LIMIT = 5_000;
/** Heaviest keys kept individually (for per-key caps in on-demand mode and hot-key reports). */
const TOP_KEYS = 1000;
/** Fixed epoch for timestamp keys (the simulated run starts here). */
export const TIMESTAMP_EPOCH_MS = Date.UTC(2025, 0, 1);
/** Independent key namings of entity keys that sizing evaluates (see the module comment). */
export const KEY_NAMINGS = 200;

export interface KeyWeight {
  readonly key: string;
  /** Fraction of all traffic this key carries. */
  readonly share: number;
  readonly hashKey: bigint;
}

/**
 * Per-shard shares of `n` evenly split shards: the traffic's, and (per shard index) its heaviest single key's. Read
 * only: entity models return the same object for the same count.
 */
export interface EvenShares {
  readonly shares: Float64Array;
  /** The share of shard `index`'s heaviest key (0 when it holds no single measurable key). */
  heaviestKey(index: number): number;
}

/** Keys with fixed weights (uuid, static, entity). */
export interface FixedKeyModel {
  readonly kind: "fixed";
  /** Heaviest keys, heaviest first (empty for uuid: no key carries a measurable share). */
  readonly topKeys: readonly KeyWeight[];
  /** Share of traffic on each shard of `map`. */
  sharesFor(map: ShardMap): Float64Array;
  /**
   * Share of traffic on each of `n` evenly split shards (the CreateStream layout) and, per shard, the share of its
   * heaviest single key (0 for uuid), without building a `ShardMap`.
   */
  evenShares(n: number): EvenShares;
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

const keyModelCache = new WeakMap<object, Map<string, KeyModel>>();

/**
 * The key model of a workload under key naming `naming` (0 … KEY_NAMINGS − 1; entity keys only, ignored otherwise),
 * memoized per partition-key object, so sizing does not re-place keys.
 */
export function keyModelOf(w: ResolvedWorkload, naming = 0): KeyModel {
  if (!Number.isInteger(naming) || naming < 0) throw new RangeError(`naming must be an integer ≥ 0, got ${naming}`);
  const cacheKey = w.partitionKey as object;
  let byKey = keyModelCache.get(cacheKey);
  if (byKey === undefined) keyModelCache.set(cacheKey, (byKey = new Map()));
  // Timestamp keys depend on the seed (sub-second placement) and the duration; entity keys on the naming only.
  const k = w.partitionKey.strategy === "entity" ? `n${naming}` : `s${w.seed}/${w.durationSeconds}`;
  let model = byKey.get(k);
  if (model === undefined) byKey.set(k, (model = buildKeyModel(w, naming)));
  return model;
}

/** Shard of a 32-bit placement on `n` evenly split shards: exactly `ShardMap.even(n).indexForHashKey(u · 2^96)`. */
export function evenShardOf32(u32: number, n: number): number {
  return Math.floor((u32 * n) / 4294967296);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32-bit placement of the key of rank `rank` under naming `naming` (murmur3's finalizer, twice). */
export function namingPlacement32(naming: number, rank: number): number {
  const salt = fmix32((naming + 1) * 0x9e3779b1);
  return fmix32(Math.imul(rank, 0x9e3779b1) ^ salt ^ Math.imul((rank / 4294967296) | 0, 0x27d4eb2f));
}

function buildKeyModel(w: ResolvedWorkload, naming: number): KeyModel {
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
        evenShares(n) {
          // floor(2^128 / n) for every shard but the last, which takes the remainder (at most n − 1 hash keys more).
          const shares = new Float64Array(n).fill(1 / n);
          return { shares, heaviestKey: () => 0 };
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
        evenShares(n) {
          const shares = new Float64Array(n);
          const i = ShardMap.even(n).indexForHashKey(kw.hashKey);
          shares[i] = 1;
          return { shares, heaviestKey: (j) => (j === i ? 1 : 0) };
        },
      };
    }
    case "entity":
      return cachedEntityModel(pk.distinctKeys, pk.zipfExponent ?? 0, naming);
    default:
      return timestampModel(pk.resolutionMs ?? WORKLOAD_DEFAULTS.timestampResolutionMs, w.durationSeconds, w.seed);
  }
}

/**
 * The placements of `place` in ascending order, and the prefix sums of the keys' shares in that order (ties by rank):
 * an LSD radix sort in three passes of 11, 11 and 10 bits (sizing sorts every key naming's head: a comparison sort
 * cost ≈20× more). Its index arrays are scratch space shared by every call.
 */
function sortByPlacement(place: Uint32Array, shareOf: Float64Array): { sortedPlace: Uint32Array; prefix: Float64Array } {
  const n = place.length;
  if (radixScratch[0].length < n) radixScratch = [new Int32Array(n), new Int32Array(n)];
  const [a, b] = radixScratch;
  for (let i = 0; i < n; i++) a[i] = i;
  radixPass(place, a, b, radixCounts, 0, 0x7ff, n);
  radixPass(place, b, a, radixCounts, 11, 0x7ff, n);
  radixPass(place, a, b, radixCounts, 22, 0x3ff, n);
  const sortedPlace = new Uint32Array(n);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    sortedPlace[i] = place[b[i]];
    prefix[i + 1] = prefix[i] + shareOf[b[i]];
  }
  return { sortedPlace, prefix };
}
let radixScratch: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
const radixCounts = new Int32Array(2048);

/** One stable counting pass of `sortByPlacement`: `from` reordered into `to` by bits shift … shift + log2(mask + 1). */
function radixPass(place: Uint32Array, from: Int32Array, to: Int32Array, counts: Int32Array, shift: number, mask: number, n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(place[from[i]] >>> shift) & mask]++;
  let sum = 0;
  for (let d = 0; d <= mask; d++) {
    const c = counts[d];
    counts[d] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) {
    const k = from[i];
    to[counts[(place[k] >>> shift) & mask]++] = k;
  }
}

function entityKeyName(rank: number): string {
  return `entity-${rank}`;
}

/** The naming-independent part of an entity key set: the head's shares and the tail's moments. */
interface EntityWeights {
  readonly head: number;
  readonly shareOf: Float64Array;
  readonly tailShare: number;
  readonly tailSecondMoment: number;
}
function entityWeights(n: number, s: number): EntityWeights {
  // The head: every key placed exactly (all of them up to EXACT_KEY_LIMIT).
  const head = Math.min(n, EXACT_KEY_LIMIT);
  const shareOf = new Float64Array(head);
  let headSum = 0;
  for (let k = 1; k <= head; k++) headSum += shareOf[k - 1] = s === 0 ? 1 : Math.pow(k, -s);
  // The tail (ranks head+1 … n), by its first two moments: each shard gets its mean share plus a normal term with the
  // variance uniform placement of the tail's keys gives, Σ w² · (1/N)(1 − 1/N) (seeded by the naming).
  const tailSum = head < n ? zipfTailSum(head + 1, n, s) : 0;
  const tailSquares = head < n ? zipfTailSum(head + 1, n, 2 * s) : 0;
  const total = headSum + tailSum;
  for (let i = 0; i < head; i++) shareOf[i] /= total;
  return { head, shareOf, tailShare: tailSum / total, tailSecondMoment: tailSquares / (total * total) };
}

/**
 * Entity models of the last key set asked for (distinct keys, exponent), per naming: a model depends on nothing else,
 * and sizing, checks and matchers ask for the same set many times, each from its own parse of the workload.
 */
let entityModels: { n: number; s: number; weights: EntityWeights; byNaming: Map<number, FixedKeyModel> } | null = null;

function cachedEntityModel(n: number, s: number, naming: number): FixedKeyModel {
  if (entityModels === null || entityModels.n !== n || entityModels.s !== s) {
    entityModels = { n, s, weights: entityWeights(n, s), byNaming: new Map() };
  }
  let model = entityModels.byNaming.get(naming);
  if (model === undefined) entityModels.byNaming.set(naming, (model = entityModel(entityModels.weights, naming)));
  return model;
}

/** Placements of the head being sorted (scratch space shared by every model). */
let placeScratch = new Uint32Array(0);

function entityModel(weights: EntityWeights, naming: number): FixedKeyModel {
  const { head, shareOf, tailShare, tailSecondMoment } = weights;
  // The heaviest keys' placements are kept; the whole head's only in sorted form (a model lives on in the cache).
  const topPlace = new Uint32Array(Math.min(TOP_KEYS, head));
  for (let i = 0; i < topPlace.length; i++) topPlace[i] = namingPlacement32(naming, i + 1);
  // Ranks are in weight order (weights non-increasing in rank); built on first use (sizing's namings rarely need them).
  let topKeys: KeyWeight[] | null = null;
  const topKeysOf = (): KeyWeight[] => {
    if (topKeys === null) {
      topKeys = [];
      for (let i = 0; i < Math.min(TOP_KEYS, head); i++) {
        topKeys.push({ key: entityKeyName(i + 1), share: shareOf[i], hashKey: BigInt(topPlace[i]) << 96n });
      }
    }
    return topKeys;
  };
  // The head sorted by placement, with prefix sums of its shares: a shard's share is then one difference, found by
  // binary search of the shard's boundaries (O(N log head) per shard count instead of O(head)); built on first use.
  let byPlace: { place: Uint32Array; prefix: Float64Array } | null = null;
  const sortedHead = (): { place: Uint32Array; prefix: Float64Array } => {
    if (byPlace === null) {
      if (placeScratch.length < head) placeScratch = new Uint32Array(head);
      const place = placeScratch.subarray(0, head);
      for (let i = 0; i < head; i++) place[i] = namingPlacement32(naming, i + 1);
      const { sortedPlace, prefix } = sortByPlacement(place, shareOf);
      byPlace = { place: sortedPlace, prefix };
    }
    return byPlace;
  };
  /** Index in the sorted head of the first key whose 32-bit placement lies on shard ≥ j of N (evenShardOf32). */
  const firstOnShard = (sorted: Uint32Array, j: number, N: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (evenShardOf32(sorted[mid], N) < j) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Per shard count, computed once: sizing asks for the same counts under every naming, call after call.
  const evenCache = new Map<number, EvenShares>();
  const evenShares = (N: number): EvenShares => {
    let cached = evenCache.get(N);
    if (cached === undefined) evenCache.set(N, (cached = computeEvenShares(N)));
    return cached;
  };
  const computeEvenShares = (N: number): EvenShares => {
    const { place: sorted, prefix } = sortedHead();
    const shares = new Float64Array(N);
    const start = new Int32Array(N + 1);
    start[N] = head;
    for (let j = 0; j < N; j++) start[j] = firstOnShard(sorted, j, N);
    for (let j = 0; j < N; j++) shares[j] = start[j + 1] > start[j] ? prefix[start[j + 1]] - prefix[start[j]] : 0;
    if (tailShare > 0) addTail(shares, tailShare, tailSecondMoment, naming);
    // The heaviest key of shard j: its lowest rank (weights are non-increasing in rank), found by walking the ranks
    // from the top (about N tries for a shard of average share; the shard holds at least one key of the head).
    const heaviestKey = (j: number): number => {
      if (start[j + 1] === start[j]) return 0;
      for (let r = 0; r < head; r++) {
        const u = r < topPlace.length ? topPlace[r] : namingPlacement32(naming, r + 1);
        if (evenShardOf32(u, N) === j) return shareOf[r];
      }
      return 0;
    };
    return { shares, heaviestKey };
  };
  return {
    kind: "fixed",
    get topKeys() {
      return topKeysOf();
    },
    hotKey: { key: entityKeyName(1), share: shareOf[0] },
    sharesFor(map) {
      // A copy: the cached shares are shared by every caller.
      if (map.isEvenSplit) return evenShares(map.shardCount).shares.slice();
      const shares = new Float64Array(map.shardCount);
      for (let i = 0; i < head; i++) shares[map.indexForHashKey(BigInt(namingPlacement32(naming, i + 1)) << 96n)] += shareOf[i];
      if (tailShare > 0) {
        // Not an even split (tests only): the tail by each shard's fraction of the hash space.
        const space = Number(1n << 64n) * Number(1n << 64n);
        for (const r of map.ranges) shares[r.index] += tailShare * (Number(r.endingHashKey - r.startingHashKey + 1n) / space);
      }
      return shares;
    },
    evenShares,
  };
}

/**
 * Adds the tail of an entity key set to `shares` (N shards): tailShare / N each, plus √(Q · (1/N)(1 − 1/N)) · z with
 * z standard normal (seeded by the naming and N), recentred so the tail still sums to `tailShare`, never below 0.
 */
function addTail(shares: Float64Array, tailShare: number, secondMoment: number, naming: number): void {
  const N = shares.length;
  const mean = tailShare / N;
  const sd = Math.sqrt(secondMoment * (1 / N) * (1 - 1 / N));
  const rng = new Rng((0x7a11 + naming * 7919 + N * 104729) >>> 0);
  const z = new Float64Array(N);
  let zMean = 0;
  for (let i = 0; i < N; i++) zMean += z[i] = normalQuantile((rng.nextUint32() + 0.5) / 4294967296);
  zMean /= N;
  for (let i = 0; i < N; i++) shares[i] += Math.max(0, mean + sd * (z[i] - zMean));
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

/** Hash keys of timestamp windows (md5 models), for one resolution at a time. */
let windowHashes: { resolutionMs: number; byWindow: Map<number, bigint> } = { resolutionMs: 0, byWindow: new Map() };
const MAX_CACHED_WINDOW_HASHES = 200_000;

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
  // The MD5 of a window's key depends on the resolution and the window only: shared by every model (sizing builds one
  // per simulated hour).
  if (windowHashes.resolutionMs !== resolutionMs || windowHashes.byWindow.size > MAX_CACHED_WINDOW_HASHES) {
    windowHashes = { resolutionMs, byWindow: new Map() };
  }
  const hashCache = windowHashes.byWindow;
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
