/**
 * The deterministic half of the sizing rule: every shard's load at the STEADY peak rate (the traffic shape's peak,
 * `recordsPerSecond × peakToAverage`, with no arrival noise), for a shard count and a key naming: the busiest
 * shard's load, which the `limit` question (capacity-rule.ts) compares with the per-shard limits and the `growth`
 * question with the headroom.
 *
 * A shard's load is the largest of its constraint loads (what-limits.ts `constraintLoadsOf`: write bytes incl.
 * partition keys, write records after aggregation, shared reads, enhanced fan-out reads). A shard is DOMINATED by its
 * heaviest key when that key alone carries at least (1 − GROWTH_MATERIALITY) of the shard's load: more shards can then
 * lower its load by at most GROWTH_MATERIALITY (they only move the other keys away). The throttle question leaves such
 * shards' throttling out of what more shards can fix.
 */
import { keyModelOf, type EvenShares, type KeyModel } from "./keys";
import { kinesisRecordsFor, writeShapeOf, type WriteShape } from "./aggregation";
import { readerDemandOf, type ReaderDemand } from "./run-config";
import { constraintLoadsOf, heaviestOf, withHotKey } from "./what-limits";
import type { ResolvedWorkload } from "./workload";
import type { Bottleneck } from "./types";

/**
 * More shards lowering a load by less than this fraction is not material: a shard its key dominates (see the module
 * comment), and the growth question's test of doubling the shard count (capacity-rule.ts).
 */
export const GROWTH_MATERIALITY = 0.1;

/** What the steady-state questions need of a workload, computed once. */
export interface SteadyContext {
  readonly workload: ResolvedWorkload;
  readonly shape: WriteShape;
  readonly readers: ReaderDemand;
  /** User records per second at the traffic shape's peak. */
  readonly peakRate: number;
  /** The load (max over constraints) of `count` user records per second on one shard. */
  load(count: number): { readonly load: number; readonly constraint: Bottleneck };
}

export function steadyContextOf(w: ResolvedWorkload): SteadyContext {
  const shape = writeShapeOf(w);
  const readers = readerDemandOf(w, shape);
  // Without aggregation every constraint is proportional to the count: one coefficient and one constraint.
  const perRecord = shape.recordsPerAggregate <= 1 ? heaviestOf(constraintLoadsOf(shape, readers, 1)) : undefined;
  return {
    workload: w,
    shape,
    readers,
    peakRate: w.recordsPerSecond * w.peakToAverage,
    load: perRecord
      ? (count) => (count > 0 ? { load: count * perRecord.load, constraint: perRecord.constraint } : { load: 0, constraint: "none" })
      : (count) => heaviestOf(constraintLoadsOf(shape, readers, count)),
  };
}

/** The steady state of one shard count under one key naming. */
export interface SteadyState {
  readonly shards: number;
  /** The busiest shard: its index, load, binding constraint, and the load of its heaviest single key alone. */
  readonly busiest: { readonly index: number; readonly load: number; readonly constraint: Bottleneck; readonly keyLoad: number };
  /** Every shard fits every per-shard limit (load ≤ 1). */
  readonly fitsLimits: boolean;
}

/** Which shards their heaviest key dominates, for one shard count and naming (`dominanceOf`). */
export interface Dominance {
  /** Per shard: dominated by its heaviest key (see the module comment). */
  readonly dominated: Uint8Array;
  /** Per shard: its heaviest key's load over the shard's load (0 for an empty shard). */
  readonly keyFraction: Float64Array;
}

/** Per-shard traffic shares and heaviest-key shares of `n` shards (timestamp keys: the spread and one window). */
function sharesOf(model: KeyModel, n: number): EvenShares {
  if (model.kind === "fixed") return model.evenShares(n);
  // Timestamp keys: on average every shard gets 1/n of the traffic, but the shard holding the current window key
  // gets that key's whole share of the second while it lasts (collisions of windows are noise: the throttle question).
  const shares = new Float64Array(n).fill(1 / n);
  const win = model.hotKeyShareOfSecond;
  if (win >= 1 - GROWTH_MATERIALITY) {
    // Windows of about a second or longer: whichever shard holds the window carries (nearly) the whole second.
    shares.fill(win);
    return { shares, heaviestKey: () => win };
  }
  if (win > shares[0]) shares[0] = win;
  return { shares, heaviestKey: (i) => (i === 0 ? win : 0) };
}

/** The steady state of `ctx` on `n` shards with key naming `naming` (small: sizing keeps thousands of them). */
export function steadyStateOf(ctx: SteadyContext, n: number, naming: number): SteadyState {
  const model = keyModelOf(ctx.workload, naming);
  const { shares, heaviestKey } = sharesOf(model, n);
  const peak = ctx.peakRate;
  let busiest = 0;
  for (let i = 1; i < n; i++) if (shares[i] > shares[busiest]) busiest = i;
  const top = ctx.load(peak * shares[busiest]);
  const busiestKey = heaviestKey(busiest);
  const topKey = busiestKey > 0 ? ctx.load(peak * busiestKey).load : 0;
  return {
    shards: n,
    busiest: { index: busiest, load: top.load, constraint: withHotKey(top.constraint, top.load, topKey), keyLoad: topKey },
    fitsLimits: top.load <= 1 + 1e-12,
  };
}

/** Which shards of `n` under naming `naming` their heaviest key dominates (computed when a throttle run needs it). */
export function dominanceOf(ctx: SteadyContext, n: number, naming: number): Dominance {
  const { shares, heaviestKey } = sharesOf(keyModelOf(ctx.workload, naming), n);
  const peak = ctx.peakRate;
  const dominated = new Uint8Array(n);
  const keyFraction = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = shares[i];
    const key = s > 0 ? heaviestKey(i) : 0;
    if (key <= 0) continue;
    const load = ctx.load(peak * s).load;
    const k = ctx.load(peak * key).load;
    keyFraction[i] = load > 0 ? k / load : 0;
    if (k >= (1 - GROWTH_MATERIALITY) * load) dominated[i] = 1;
  }
  return { dominated, keyFraction };
}

/** The whole stream's load at the steady peak as if on one shard: a lower bound on shards (no shard below average). */
export function totalLoad(ctx: SteadyContext): number {
  return ctx.load(ctx.peakRate).load;
}

/** Kinesis records per second of the whole stream at the steady peak (for reports). */
export function peakKinesisRecords(ctx: SteadyContext): number {
  return kinesisRecordsFor(ctx.shape, ctx.peakRate);
}
