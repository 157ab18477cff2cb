/**
 * What limits a stream — decided here, once, for every model: the sizing questions (steady-state loads), `simulate`'s
 * `bindingConstraint` (the limit closest to its ceiling) and its `bottleneck` (what actually throttled or lagged).
 *
 * Every per-shard limit is compared on one scale, as a fraction of its own ceiling:
 * - write bytes: data + partition key (after aggregation) over 1 MiB/s;
 * - write records: Kinesis records (after aggregation) over 1,000/s;
 * - shared read bytes: what ONE shared consumer must read over what it can (2 MiB/s split by the shared consumers, and
 *   10 MiB per successful GetRecords call);
 * - shared read records: Kinesis records over what one consumer's successful calls return (10,000 records each);
 * - enhanced fan-out read bytes: over each EFO consumer's 2 MiB/s.
 * GetRecords calls are never "closest to the ceiling": every shard allows the same 5 calls/s, so the call rate does
 * not depend on the shard count and can only make a workload infeasible.
 */
import { KINESIS_LIMITS } from "./limits";
import { bytesFor, kinesisRecordsFor, type WriteShape } from "./aggregation";
import type { ReaderDemand } from "./run-config";
import type { Bottleneck } from "./types";

/** Each per-shard limit's use, as a fraction of that limit. */
export interface ConstraintLoads {
  readonly "write-bytes": number;
  readonly "write-records": number;
  readonly "shared-read-bytes": number;
  readonly "shared-read-records": number;
  readonly "efo-read-bytes": number;
}

/** The order ties are broken in (writes first: they throttle producers). */
const ORDER: readonly (keyof ConstraintLoads)[] = ["write-bytes", "write-records", "shared-read-bytes", "shared-read-records", "efo-read-bytes"];

/** A key carrying at least this share of its shard's load makes a write limit "hot-key". */
export const HOT_KEY_SHARE_OF_SHARD = 0.5;

/** The loads of `count` user records per second on one shard. */
export function constraintLoadsOf(shape: WriteShape, readers: ReaderDemand, count: number): ConstraintLoads {
  const L = KINESIS_LIMITS;
  const kr = kinesisRecordsFor(shape, count);
  const by = bytesFor(shape, count, kr);
  const S = readers.shared;
  const callsPerConsumer = S > 0 ? Math.min(readers.callsDemand, readers.callsLimit) / S : 0;
  return {
    "write-bytes": by / L.shardWriteBytesPerSecond.value,
    "write-records": kr / L.shardWriteRecordsPerSecond.value,
    "shared-read-bytes": S > 0 ? by / readers.perConsumerBytesPerSecond : 0,
    "shared-read-records": S > 0 ? kr / (callsPerConsumer * L.getRecordsMaxRecords.value) : 0,
    "efo-read-bytes": readers.efo > 0 ? by / readers.efoBytesPerSecond : 0,
  };
}

/** The largest load and its constraint ("none" when nothing is used). */
export function heaviestOf(loads: ConstraintLoads): { readonly constraint: Bottleneck; readonly load: number } {
  let top: keyof ConstraintLoads = ORDER[0];
  for (const k of ORDER) if (loads[k] > loads[top]) top = k;
  const load = loads[top];
  return load > 0 ? { constraint: top, load } : { constraint: "none", load: 0 };
}

/**
 * The binding constraint: the heaviest load, reported as "hot-key" when it is a write limit and the hottest single
 * key carries at least `HOT_KEY_SHARE_OF_SHARD` of that shard's load (`hotKeyLoad` on the same scale).
 */
export function bindingOf(loads: ConstraintLoads, hotKeyLoad: number | undefined): Bottleneck {
  const top = heaviestOf(loads);
  return withHotKey(top.constraint, top.load, hotKeyLoad);
}

/** A write constraint of a shard whose single heaviest key carries ≥ HOT_KEY_SHARE_OF_SHARD of its load is "hot-key". */
export function withHotKey(constraint: Bottleneck, load: number, keyLoad: number | undefined): Bottleneck {
  if ((constraint === "write-bytes" || constraint === "write-records") && keyLoad !== undefined && load > 0 && keyLoad >= HOT_KEY_SHARE_OF_SHARD * load) {
    return "hot-key";
  }
  return constraint;
}

/** What a simulated run observed, for `bottleneckOf`. */
export interface RunFacts {
  /** User-record attempts refused by the byte bucket, the record bucket, a single key's cap, on-demand capacity. */
  readonly throttledByBytes: number;
  readonly throttledByRecords: number;
  readonly throttledByKey: number;
  readonly throttledByScaling: number;
  /** The hottest key's own load exceeds one shard's write limit at the peak. */
  readonly hotKeyOverLimit: boolean;
  /** Shared consumers ask for more GetRecords calls than a shard allows. */
  readonly callsExceeded: boolean;
  /** Seconds in which shared readers (by bytes or by records per call) or EFO readers fell behind. */
  readonly sharedLagSeconds: number;
  readonly sharedLagByRecords: boolean;
  readonly efoLagSeconds: number;
  /** Records rejected as larger than the stream's maximum record size. */
  readonly rejectedRecords: number;
}

/** What actually limited a run: "none" when nothing was throttled, rejected or lagged. */
export function bottleneckOf(f: RunFacts): Bottleneck {
  if (f.rejectedRecords > 0) return "record-size";
  const writes = f.throttledByBytes + f.throttledByRecords + f.throttledByKey + f.throttledByScaling;
  if (writes > 0) {
    if (f.throttledByKey > 0 && f.throttledByKey >= f.throttledByScaling && f.throttledByKey >= f.throttledByBytes + f.throttledByRecords) return "hot-key";
    if (f.throttledByScaling > f.throttledByBytes + f.throttledByRecords) return "on-demand-scaling";
    if (f.hotKeyOverLimit) return "hot-key";
    return f.throttledByBytes >= f.throttledByRecords ? "write-bytes" : "write-records";
  }
  if (f.callsExceeded) return "shared-read-calls";
  if (f.sharedLagSeconds > 0) return f.sharedLagByRecords ? "shared-read-records" : "shared-read-bytes";
  if (f.efoLagSeconds > 0) return "efo-read-bytes";
  return "none";
}
