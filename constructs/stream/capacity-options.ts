/**
 * Options of `StreamCapacity.forWorkload`, in a file of their own so that their validation
 * (`validation/capacity-options.ts`) and the capacity class both read them without importing each other.
 */

/** The ways `StreamCapacity.forWorkload` can choose a capacity, in the order messages list them. */
export const WORKLOAD_CAPACITY_MODES = ["provisioned", "on-demand", "cheapest"] as const;

/**
 * How `StreamCapacity.forWorkload` chooses between provisioned shards and on-demand:
 * - `"provisioned"`: the smallest shard count the sizing rule passes (`size`: the largest of its `limit`, `growth` and
 *   `throttle` answers); infeasible workloads fail synth;
 * - `"on-demand"`: on-demand, judged by its steady state (an established stream that has carried this traffic: the
 *   per-key limit, readers, record size, enhanced fan-out consumers); fails synth when that throttles beyond the
 *   target. The cold start (a new stream starts at 4 MiB/s) is measured and, when it throttles, a synth warning;
 * - `"cheapest"`: whichever of the two PASSES and has the lower monthly cost estimate (`estimateCost` of the
 *   recommended shards vs on-demand in `onDemandTier`); on-demand also when no shard count passes but on-demand does.
 */
export type WorkloadCapacityMode = (typeof WORKLOAD_CAPACITY_MODES)[number];

/** The on-demand tiers an account can be billed under, in the order messages list them. */
export const ON_DEMAND_TIERS = ["standard", "advantage"] as const;

/** Options of `StreamCapacity.forWorkload`. */
export interface WorkloadCapacityOptions {
  /**
   * Largest acceptable fraction of records throttled at their FIRST attempt (what CloudWatch's
   * `WriteProvisionedThroughputExceeded` counts), in [0, 1); no record may be lost after the producer's retries.
   * @default 0.001
   */
  readonly targetThrottledFraction?: number;
  /**
   * Largest acceptable mean load of the busiest shard at the steady peak, in (0, 1] (provisioned only): the room left
   * for growth. A shard one partition key dominates is exempt (more shards cannot lower it; the sizing says so).
   * @default 0.8
   */
  readonly headroom?: number;
  /**
   * How to choose between provisioned and on-demand (see `WorkloadCapacityMode`). Provisioned by default: it is
   * deterministic (the same workload always synthesizes the same shard count, so a plan never flips the stream's mode
   * because a price or a cost estimate moved; mode switches are limited to 2 per 24 h), it holds the declared
   * headroom from the first second, and a new on-demand stream starts at 4 MiB/s, which bursty workloads exceed while
   * it scales. Choose `"cheapest"` to let cost decide, or `"on-demand"` for traffic you cannot declare well.
   * @default "provisioned"
   */
  readonly mode?: WorkloadCapacityMode;
  /**
   * The on-demand tier the AWS account is billed under: `"advantage"` (On-demand Advantage, an account-and-region
   * setting this library does not change) registers up to 50 enhanced fan-out consumers per stream instead of 20
   * and is priced with its rates and regional minimum. Used when on-demand is considered (`mode` "on-demand" or
   * "cheapest").
   * @default "standard"
   */
  readonly onDemandTier?: (typeof ON_DEMAND_TIERS)[number];
}
