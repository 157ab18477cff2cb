import type { Bottleneck } from "./types";

/** The figures of one simulated capacity that `bindingOf` compares. */
export interface BindingInputs {
  /** Peak write utilization of the busiest shard (max of bytes and records). */
  readonly maxShardWriteUtilization: number;
  readonly maxShardWriteBytesUtilization?: number;
  readonly maxShardWriteRecordsUtilization?: number;
  readonly maxSharedReadUtilization?: number;
}

/**
 * Which limit is closest to its ceiling at a simulated capacity — the ONE rule `size` (its `bottleneck`) and
 * `simulate` (its `bindingConstraint`) share, so both name the same constraint at the same shard count.
 *
 * Compared on one scale, each figure as a fraction of its own per-shard limit (none is divided by a headroom):
 * write bytes (1 MiB/s), write records (1,000/s, after aggregation), shared read bytes (2 MiB/s split by the shared
 * consumers). GetRecords calls are NOT a candidate: every shard has the same 5 calls/s, so the call rate does not
 * depend on the shard count and can only make a workload infeasible (size reports it as such).
 * A write limit is reported as "hot-key" when the hottest single key's peak load is at least half the busiest shard's.
 * "none" only when nothing was written.
 */
export function bindingOf(
  r: BindingInputs,
  sharedConsumers: number,
  hotKey: { readonly peakUtilization: number } | undefined,
): Bottleneck {
  const candidates: Array<[Bottleneck, number]> = [
    ["write-bytes", r.maxShardWriteBytesUtilization ?? 0],
    ["write-records", r.maxShardWriteRecordsUtilization ?? 0],
    ["shared-read-bytes", sharedConsumers > 0 ? (r.maxSharedReadUtilization ?? 0) : 0],
  ];
  let top = candidates[0];
  for (const c of candidates) if (c[1] > top[1]) top = c;
  if (!(top[1] > 0)) return "none";
  if ((top[0] === "write-bytes" || top[0] === "write-records") && hotKey !== undefined && hotKey.peakUtilization >= 0.5 * r.maxShardWriteUtilization) {
    return "hot-key";
  }
  return top[0];
}
