import type { Workload } from "stream-simulator";
import type { WorkloadCapacityOptions } from "./capacity-options";
import { sizeForWorkload, type CapacitySizing } from "./workload-sizing";

export type { WorkloadCapacityMode, WorkloadCapacityOptions } from "./capacity-options";
export type { CapacitySizing, CapacityCostEstimate } from "./workload-sizing";

/** Kinesis capacity modes, as `stream_mode_details.stream_mode` spells them. */
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

/**
 * How a stream gets its throughput: on-demand (AWS scales shards) or provisioned (a fixed shard count).
 *
 * A class with factory methods rather than a bare enum so that the invalid combination "on-demand with a shard
 * count" cannot be written. The constructor is protected; `mode` / `shardCount` stay the only fields the stream
 * needs, and `sizing` is set only by `forWorkload`.
 */
export class StreamCapacity {
  /**
   * On-demand capacity: no shard count, throughput scales with traffic (billed per GB and per stream-hour).
   * The default for `EncryptedStream`, because a wrong shard count is the most common cause of throttling and
   * over-spend, and on-demand needs no capacity planning (its scaling limits:
   * https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html).
   */
  public static onDemand(): StreamCapacity {
    return new StreamCapacity("ON_DEMAND", undefined);
  }

  /**
   * Provisioned capacity with a fixed number of shards (1 MiB/s and 1,000 records/s of writes per shard).
   * Validated at synth time as an integer from 1 to `KINESIS_LIMITS.maxShardsPerStream`; with a stream `workload`,
   * also checked to sustain it.
   */
  public static provisioned(shardCount: number): StreamCapacity {
    return new StreamCapacity("PROVISIONED", shardCount);
  }

  /**
   * Capacity sized from a declared workload by the stream-simulator at synth: the smallest shard count for which the
   * sizing rule's three questions hold — `limit` (the busiest shard fits every per-shard limit at the steady peak),
   * `growth` (its mean load at peak within `headroom`) and `throttle` (at most `targetThrottledFraction` of first
   * attempts throttled, nothing lost) — robust to where the real key names hash; or on-demand, per `options.mode`.
   * Never throws: an invalid workload or one no capacity sustains becomes a synth
   * problem of the stream using this capacity, under that stream's construct path. The reasoning is on `sizing`.
   * Deterministic (the simulator is seeded) and memoized by the workload's value, so re-synthesizing is cheap.
   */
  public static forWorkload(workload: Workload, options: WorkloadCapacityOptions = {}): StreamCapacity {
    const sizing = sizeForWorkload(workload, options);
    const shards = sizing.verdict?.capacity.mode === "provisioned" ? sizing.verdict.capacity.shards : undefined;
    const mode: StreamMode = sizing.verdict?.capacity.mode === "on-demand" ? "ON_DEMAND" : "PROVISIONED";
    return new StreamCapacity(mode, shards, sizing);
  }

  protected constructor(
    /** The capacity mode. */
    public readonly mode: StreamMode,
    /** Shard count for `PROVISIONED`; undefined for `ON_DEMAND` (and for a `forWorkload` no capacity sustains). */
    public readonly shardCount: number | undefined,
    /** The sizing reasoning; set only by `forWorkload`. */
    public readonly sizing?: CapacitySizing,
  ) {}
}
