import type { CostBreakdown, SimulationResult, SizingResult } from "../types";

/**
 * Machine-readable reports (`--json`). The shapes are documented in the simulator's README; fields are only ever
 * added, never renamed or removed.
 */

/** JSON document of `stream-sim size`. */
export interface SizeJson {
  readonly command: "size";
  readonly workloadFile: string;
  readonly recommendedShards: number | null;
  readonly feasible: boolean;
  readonly bottleneck: SizingResult["bottleneck"];
  readonly faqFormulaShards: number;
  readonly throttledFraction: number;
  readonly peakShardUtilization: number;
  readonly explanation: string;
  readonly advice: readonly string[];
  readonly cost: {
    /** Monthly cost at the recommendation; null when infeasible. */
    readonly provisionedMonthlyUsd: number | null;
    readonly onDemandMonthlyUsd: number;
    readonly provisioned: CostBreakdown | null;
    readonly onDemand: CostBreakdown;
  };
}

export function sizeToJson(result: SizingResult, workloadFile: string): SizeJson {
  return {
    command: "size",
    workloadFile,
    recommendedShards: result.recommendedShards,
    feasible: result.feasible,
    bottleneck: result.bottleneck,
    faqFormulaShards: result.faqFormulaShards,
    throttledFraction: result.throttledFraction,
    peakShardUtilization: result.peakShardUtilization,
    explanation: result.explanation,
    advice: result.advice,
    cost: {
      provisionedMonthlyUsd: result.cost.provisioned?.totalMonthlyUsd ?? null,
      onDemandMonthlyUsd: result.cost.onDemand.totalMonthlyUsd,
      provisioned: result.cost.provisioned,
      onDemand: result.cost.onDemand,
    },
  };
}

/** JSON document of `stream-sim simulate`: every SimulationResult field but the raw heatmap (summarised instead). */
export type SimulateJson = Omit<SimulationResult, "heatmap"> & {
  readonly command: "simulate";
  readonly workloadFile: string;
  readonly heatmap?: { readonly shards: number; readonly buckets: number; readonly bucketSeconds: number };
  /** Path of the SVG heatmap written with `--svg`. */
  readonly svgFile?: string;
};

export function simulationToJson(result: SimulationResult, workloadFile: string, svgFile?: string): SimulateJson {
  const { heatmap, ...rest } = result;
  return {
    command: "simulate",
    workloadFile,
    ...rest,
    ...(heatmap ? { heatmap: { shards: heatmap.shards, buckets: heatmap.buckets, bucketSeconds: heatmap.bucketSeconds } } : {}),
    ...(svgFile !== undefined ? { svgFile } : {}),
  };
}

/** JSON document of `stream-sim cost`. */
export interface CostJson {
  readonly command: "cost";
  readonly workloadFile: string;
  readonly provisionedMonthlyUsd: number | null;
  readonly onDemandMonthlyUsd: number | null;
  readonly provisioned: CostBreakdown | null;
  readonly onDemand: CostBreakdown | null;
  /** Set when the provisioned shard count came from `size` (no --shards given). */
  readonly sizedShards?: number | null;
}

export function costToJson(
  provisioned: CostBreakdown | null,
  onDemand: CostBreakdown | null,
  workloadFile: string,
  sizedShards?: number | null,
): CostJson {
  return {
    command: "cost",
    workloadFile,
    provisionedMonthlyUsd: provisioned?.totalMonthlyUsd ?? null,
    onDemandMonthlyUsd: onDemand?.totalMonthlyUsd ?? null,
    provisioned,
    onDemand,
    ...(sizedShards !== undefined ? { sizedShards } : {}),
  };
}

/** Stable pretty JSON: typed arrays become plain arrays, non-finite numbers become null, bigints strings. */
export function stringifyReport(value: unknown): string {
  return `${JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (typeof v === "number" && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    2,
  )}\n`;
}
