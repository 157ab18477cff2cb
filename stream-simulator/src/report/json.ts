import type { CapacityOption, CostBreakdown, SimulationResult, SizingResult } from "../types";

/**
 * Machine-readable reports (`--json`). The shapes are documented in the simulator's README; fields are only ever
 * added, never renamed or removed.
 */

/** JSON document of `stream-sim size`: every `SizingResult` field, plus the monthly totals at the top of `cost`. */
export type SizeJson = Omit<SizingResult, "cost"> & {
  readonly command: "size";
  readonly workloadFile: string;
  readonly cost: SizingResult["cost"] & {
    /** Monthly cost at the recommendation; null when infeasible. */
    readonly provisionedMonthlyUsd: number | null;
    readonly onDemandMonthlyUsd: number;
    readonly onDemandAdvantageMonthlyUsd: number;
  };
};

export function sizeToJson(result: SizingResult, workloadFile: string): SizeJson {
  return {
    command: "size",
    workloadFile,
    ...result,
    cost: {
      provisionedMonthlyUsd: result.cost.provisioned?.totalMonthlyUsd ?? null,
      onDemandMonthlyUsd: result.cost.onDemand.totalMonthlyUsd,
      onDemandAdvantageMonthlyUsd: result.cost.onDemandAdvantage.totalMonthlyUsd,
      ...result.cost,
    },
  };
}

/** JSON document of `stream-sim simulate`: every SimulationResult field but the raw heatmap (summarised instead). */
export type SimulateJson = Omit<SimulationResult, "heatmap"> & {
  readonly command: "simulate";
  readonly workloadFile: string;
  readonly heatmap?: { readonly shards: number; readonly buckets: number; readonly bucketSeconds: number; readonly throttledCells: number };
  /** Path of the SVG heatmap written with `--svg`. */
  readonly svgFile?: string;
};

export function simulationToJson(result: SimulationResult, workloadFile: string, svgFile?: string): SimulateJson {
  const { heatmap, ...rest } = result;
  return {
    command: "simulate",
    workloadFile,
    ...rest,
    ...(heatmap
      ? {
          heatmap: {
            shards: heatmap.shards,
            buckets: heatmap.buckets,
            bucketSeconds: heatmap.bucketSeconds,
            throttledCells: heatmap.throttled.reduce((a, x) => a + x, 0),
          },
        }
      : {}),
    ...(svgFile !== undefined ? { svgFile } : {}),
  };
}

/** JSON document of `stream-sim cost`. */
export interface CostJson {
  readonly command: "cost";
  readonly workloadFile: string;
  readonly provisionedMonthlyUsd: number | null;
  readonly onDemandMonthlyUsd: number | null;
  readonly onDemandAdvantageMonthlyUsd: number | null;
  readonly provisioned: CostBreakdown | null;
  readonly onDemand: CostBreakdown | null;
  readonly onDemandAdvantage: CostBreakdown | null;
  /** Set when the provisioned shard count came from `size` (no --shards given). */
  readonly sizedShards?: number | null;
  /** The three modes compared (no capacity flag given): cost, whether each throttles, the cheapest that does not. */
  readonly options?: readonly CapacityOption[];
  readonly cheapest?: CapacityOption["mode"] | null;
}

export function costToJson(
  costs: { readonly provisioned: CostBreakdown | null; readonly onDemand: CostBreakdown | null; readonly onDemandAdvantage: CostBreakdown | null },
  workloadFile: string,
  sizedShards?: number | null,
  comparison?: { readonly options: readonly CapacityOption[]; readonly cheapest: CapacityOption["mode"] | null },
): CostJson {
  return {
    command: "cost",
    workloadFile,
    provisionedMonthlyUsd: costs.provisioned?.totalMonthlyUsd ?? null,
    onDemandMonthlyUsd: costs.onDemand?.totalMonthlyUsd ?? null,
    onDemandAdvantageMonthlyUsd: costs.onDemandAdvantage?.totalMonthlyUsd ?? null,
    provisioned: costs.provisioned,
    onDemand: costs.onDemand,
    onDemandAdvantage: costs.onDemandAdvantage,
    ...(sizedShards !== undefined ? { sizedShards } : {}),
    ...(comparison ? { options: comparison.options, cheapest: comparison.cheapest } : {}),
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
