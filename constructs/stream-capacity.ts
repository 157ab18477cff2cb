/** Kinesis capacity modes, as `stream_mode_details.stream_mode` spells them. */
export type StreamMode = "PROVISIONED" | "ON_DEMAND";

/**
 * How a stream gets its throughput: on-demand (AWS scales shards) or provisioned (a fixed shard count).
 *
 * A class with factory methods rather than a bare enum so that the invalid combination "on-demand with a shard
 * count" cannot be written, and so that later factories (e.g. `StreamCapacity.forWorkload(...)`, sizing the shard
 * count from a simulated workload) can be added without a breaking change: the constructor is protected, so
 * subclasses may add such factories while `mode` / `shardCount` stay the only fields the stream reads.
 */
export class StreamCapacity {
  /**
   * On-demand capacity: no shard count, throughput scales with traffic (billed per GB and per stream-hour).
   * The default for `EncryptedStream`, because a wrong shard count is the most common cause of throttling and
   * over-spend, and on-demand needs no capacity planning (see aws-facts.md §2.6 for its scaling limits).
   */
  public static onDemand(): StreamCapacity {
    return new StreamCapacity("ON_DEMAND", undefined);
  }

  /**
   * Provisioned capacity with a fixed number of shards (1 MiB/s and 1,000 records/s of writes per shard).
   * Validated at synth time as an integer from 1 to `KINESIS_LIMITS.maxShardsPerStream`.
   */
  public static provisioned(shardCount: number): StreamCapacity {
    return new StreamCapacity("PROVISIONED", shardCount);
  }

  protected constructor(
    /** The capacity mode. */
    public readonly mode: StreamMode,
    /** Shard count for `PROVISIONED`; undefined for `ON_DEMAND`. */
    public readonly shardCount: number | undefined,
  ) {}
}
