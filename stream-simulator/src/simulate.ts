/**
 * `simulate`: the entry point of the per-second models. It validates the workload and the options, builds the run's
 * `RunConfig` once, runs the engine for the capacity (provisioned.ts or on-demand.ts — engines never import each
 * other or this module), and turns what the engine measured into a `SimulationResult`, classifying what limits the
 * stream with what-limits.ts (the one home of that rule).
 */
import { KINESIS_LIMITS } from "./limits";
import { keyModelOf, KEY_NAMINGS } from "./keys";
import { hotKeyPeakUtilization } from "./aggregation";
import { parseWorkload, resolveWorkload, type ResolvedWorkload } from "./workload";
import { runConfigOf, type EngineResult, type RunConfig } from "./run-config";
import { runProvisioned } from "./provisioned";
import { runOnDemand, type OnDemandStart } from "./on-demand";
import { bindingOf, bottleneckOf, type ConstraintLoads } from "./what-limits";
import type { OnDemandPhases, ShardFigures, SimulationResult, StreamCapacitySpec, UtilizationHeatmap, Workload } from "./types";

export interface SimulateOptions {
  readonly capacity: StreamCapacitySpec;
  /** Time buckets of the utilization heatmap; omitted ⇒ no heatmap. */
  readonly heatmapBuckets?: number;
  /** Called with the fraction of the run simulated so far (0…1). */
  readonly onProgress?: (fraction: number) => void;
  /**
   * Entity keys: which key naming places the keys (0 … KEY_NAMINGS − 1; keys.ts). Real key names are unknown, so
   * `size` looks at every naming; a single simulation shows one of them. @default 0
   */
  readonly keyNaming?: number;
}

/** Options the sizing's own runs add (not public: the write bucket is an assumption changed only in limits.ts). */
export interface InternalRunOptions {
  /** Replaces the write buckets' burst capacity (the sensitivity of the throttle question to it). */
  readonly writeBurst?: { readonly bytes: number; readonly records: number };
  /** Replaces the on-demand stream's start (the steady state of an established stream). */
  readonly onDemandStart?: Omit<OnDemandStart, "tier">;
  /** Runs a window of the traffic shape instead of the whole run (`RunConfigOptions.window`). */
  readonly window?: { readonly start: number; readonly seconds: number };
}

/** Simulates a workload against a stream's capacity. Validates the workload first (throws WorkloadValidationError). */
export function simulate(workload: Workload, options: SimulateOptions): SimulationResult {
  const w = resolveWorkload(parseWorkload(workload));
  checkOptions(options);
  return simulateResolved(w, options);
}

function checkOptions(options: SimulateOptions): void {
  const cap = options.capacity as StreamCapacitySpec | undefined;
  const max = KINESIS_LIMITS.maxShardsPerStream.value;
  const okCapacity =
    cap !== undefined &&
    ((cap.mode === "provisioned" && Number.isInteger(cap.shards) && cap.shards >= 1 && cap.shards <= max) ||
      (cap.mode === "on-demand" && (cap.tier === undefined || cap.tier === "standard" || cap.tier === "advantage")));
  if (!okCapacity) {
    throw new RangeError(
      `capacity must be { mode: "on-demand", tier?: "standard" | "advantage" } or { mode: "provisioned", shards: 1…${max} }, got ${JSON.stringify(cap)}`,
    );
  }
  if (options.heatmapBuckets !== undefined && (!Number.isInteger(options.heatmapBuckets) || options.heatmapBuckets < 1)) {
    throw new RangeError(`heatmapBuckets must be a positive integer, got ${options.heatmapBuckets}`);
  }
  const n = options.keyNaming;
  if (n !== undefined && !(Number.isInteger(n) && n >= 0 && n < KEY_NAMINGS)) {
    throw new RangeError(`keyNaming must be an integer from 0 to ${KEY_NAMINGS - 1}, got ${n}`);
  }
}

/** `simulate` of an already valid, resolved workload (the sizing's searches call this). */
export function simulateResolved(w: ResolvedWorkload, options: SimulateOptions & InternalRunOptions): SimulationResult {
  const cfg = runConfigOf(w, {
    ...(options.heatmapBuckets !== undefined ? { heatmapBuckets: options.heatmapBuckets } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.keyNaming !== undefined ? { keyNaming: options.keyNaming } : {}),
    ...(options.writeBurst ? { writeBurst: options.writeBurst } : {}),
    ...(options.window ? { window: options.window } : {}),
  });
  const cap = options.capacity;
  if (cap.mode === "provisioned") return resultOf(cfg, cap, runProvisioned(cfg, cap.shards), undefined);
  const tier = cap.tier ?? "standard";
  const MiB = 1024 * 1024;
  const declared = w.onDemand;
  const start: OnDemandStart = options.onDemandStart
    ? { tier, ...options.onDemandStart }
    : {
        tier,
        ...(declared.previousPeakMiBPerSecond !== undefined ? { previousPeakBytesPerSecond: declared.previousPeakMiBPerSecond * MiB } : {}),
        ...(declared.warmThroughputMiBPerSecond !== undefined ? { warmBytesPerSecond: declared.warmThroughputMiBPerSecond * MiB } : {}),
      };
  const r = runOnDemand(cfg, start);
  return resultOf(cfg, { mode: "on-demand", tier }, r, r.phases);
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

function resultOf(cfg: RunConfig, capacity: StreamCapacitySpec, r: EngineResult, phases: OnDemandPhases | undefined): SimulationResult {
  const w = cfg.workload;
  const D = cfg.durationSeconds;
  const N = r.shardIds.length;
  const model = keyModelOf(w, cfg.keyNaming);
  const hotKey = hotKeyPeakUtilization(w, model, cfg.shape);
  const totalOffered = sum(r.offered);
  const lost = sum(r.lost);
  const firstAttempt = sum(r.firstAttemptThrottled);
  let hot = 0;
  let maxAttempted = 0;
  const perShard: ShardFigures[] = [];
  for (let i = 0; i < N; i++) {
    if (r.peakUtilization[i] > r.peakUtilization[hot]) hot = i;
    if (r.peakAttemptedUtilization[i] > maxAttempted) maxAttempted = r.peakAttemptedUtilization[i];
    perShard.push({
      shardId: r.shardIds[i],
      trafficShare: r.trafficShare[i],
      offeredRecords: r.offered[i],
      throttledRecords: r.lost[i],
      firstAttemptThrottledRecords: r.firstAttemptThrottled[i],
      peakWriteUtilization: r.peakUtilization[i],
      meanWriteUtilization: r.sumUtilization[i] / D,
      peakBytesPerSecond: r.peakBytes[i],
      peakRecordsPerSecond: r.peakRecords[i],
    });
  }
  const L = KINESIS_LIMITS;
  const readers = cfg.readers;
  const peakBytes = r.maxBytesUtilization * L.shardWriteBytesPerSecond.value;
  const peakRecs = r.maxRecordsUtilization * L.shardWriteRecordsPerSecond.value;
  const callsPerConsumer = readers.shared > 0 ? Math.min(readers.callsDemand, readers.callsLimit) / readers.shared : 0;
  let binding;
  if (capacity.mode === "provisioned") {
    const loads: ConstraintLoads = {
      "write-bytes": r.maxBytesUtilization,
      "write-records": r.maxRecordsUtilization,
      "shared-read-bytes": readers.shared > 0 ? peakBytes / readers.perConsumerBytesPerSecond : 0,
      "shared-read-records": readers.shared > 0 ? peakRecs / (callsPerConsumer * L.getRecordsMaxRecords.value) : 0,
      "efo-read-bytes": readers.efo > 0 ? peakBytes / readers.efoBytesPerSecond : 0,
    };
    binding = bindingOf(loads, hotKey?.peakUtilization);
  } else {
    // On-demand has no shard count to size; the limit closest to its ceiling is the stream's capacity or a hot key.
    const peakUtil = r.peakUtilization[0];
    binding =
      hotKey !== undefined && hotKey.peakUtilization >= 0.5 * peakUtil && hotKey.peakUtilization > 0
        ? ("hot-key" as const)
        : peakUtil > 0
          ? ("on-demand-scaling" as const)
          : ("none" as const);
  }
  const bottleneck = bottleneckOf({
    throttledByBytes: r.throttledByBytes,
    throttledByRecords: r.throttledByRecords,
    throttledByKey: r.throttledByKey,
    throttledByScaling: r.throttledByScaling,
    hotKeyOverLimit: hotKey !== undefined && hotKey.peakUtilization > 1,
    callsExceeded: readers.shared > 0 && readers.callsDemand > readers.callsLimit,
    sharedLagSeconds: r.sharedLagSeconds,
    sharedLagByRecords: r.sharedLagByRecords,
    efoLagSeconds: r.efoLagSeconds,
    rejectedRecords: r.rejected,
  });
  const heatmap: UtilizationHeatmap | undefined =
    cfg.heatmap && r.heat && r.heatThrottled
      ? {
          shards: N,
          buckets: cfg.heatmap.buckets,
          bucketSeconds: cfg.heatmap.bucketSeconds,
          values: r.heat,
          throttled: r.heatThrottled,
          relativeTo: capacity.mode === "provisioned" ? "shard-limit" : "on-demand-capacity",
        }
      : undefined;
  return {
    capacity,
    durationSeconds: D,
    offeredRecords: totalOffered,
    acceptedRecords: r.accepted,
    writeThrottledRecords: lost,
    writeThrottledFraction: totalOffered > 0 ? lost / totalOffered : 0,
    rejectedRecords: r.rejected,
    maxShardWriteUtilization: r.peakUtilization[hot],
    hotShard: {
      shardId: r.shardIds[hot],
      peakBytesPerSecond: r.peakBytes[hot],
      peakRecordsPerSecond: r.peakRecords[hot],
      peakWriteUtilization: r.peakUtilization[hot],
    },
    readThrottledSeconds: Math.max(r.sharedLagSeconds, r.efoLagSeconds),
    maxIteratorAgeSeconds: r.maxIteratorAgeSeconds,
    bottleneck,
    perShard,
    maxShardWriteBytesUtilization: r.maxBytesUtilization,
    maxShardWriteRecordsUtilization: r.maxRecordsUtilization,
    maxSharedReadUtilization: r.maxSharedReadUtilization,
    sharedReadCallsUtilization: readers.callsDemand / readers.callsLimit,
    ...(hotKey !== undefined ? { hotKey } : {}),
    acceptedKinesisRecords: r.acceptedKinesisRecords,
    maxShardAttemptedWriteUtilization: maxAttempted,
    bindingConstraint: binding,
    firstAttemptThrottledRecords: firstAttempt,
    firstAttemptThrottledFraction: totalOffered > 0 ? firstAttempt / totalOffered : 0,
    lostRecords: lost,
    throttledSeconds: r.throttledSeconds,
    absorbedShardSeconds: r.absorbedShardSeconds,
    keyNaming: w.partitionKey.strategy === "entity" ? cfg.keyNaming : 0,
    ...(phases ? { onDemand: phases } : {}),
    ...(heatmap ? { heatmap } : {}),
  };
}
