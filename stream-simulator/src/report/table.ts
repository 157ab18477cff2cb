import { KINESIS_LIMITS } from "../limits";
import type { Bottleneck, CapacityOption, CostBreakdown, CostLine, SimulationResult, SizingResult, StreamCapacitySpec } from "../types";

/**
 * Human-readable reports: aligned text tables with units and one plain-language verdict line per command.
 * Pure functions from results to strings; nothing here computes a model figure.
 */

const MiB = 1024 * 1024;

/** Column alignment of a text table. */
export type Align = "left" | "right";

/** Renders rows as an aligned text table: header, a dashed rule, then rows. Numbers are usually right-aligned. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const cell = (text: string, c: number): string =>
    (align?.[c] ?? (c === 0 ? "left" : "right")) === "right" ? text.padStart(widths[c]) : text.padEnd(widths[c]);
  const line = (r: readonly string[]): string =>
    widths
      .map((_, c) => cell(r[c] ?? "", c))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Two-column "label  value" list (no header). */
export function renderKeyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

/** 1234567.8 → "1,234,568"; keeps `decimals` digits when given. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Bytes per second in MiB/s with enough digits to be meaningful for small streams. */
export function formatMiBps(bytesPerSecond: number): string {
  const mib = bytesPerSecond / MiB;
  return `${formatNumber(mib, mib >= 100 ? 1 : mib >= 1 ? 2 : 3)} MiB/s`;
}

export function formatRecordsPerSecond(recordsPerSecond: number): string {
  return `${formatNumber(recordsPerSecond, recordsPerSecond < 10 && recordsPerSecond % 1 !== 0 ? 2 : 0)} records/s`;
}

/** US dollars, two decimals. */
export function formatUsd(usd: number): string {
  return `$${formatNumber(usd, 2)}`;
}

export function formatUsdPerMonth(usd: number): string {
  return `${formatUsd(usd)}/month`;
}

/** A fraction as a percentage: 0.0123 → "1.23%". */
export function formatPercent(fraction: number, decimals = 2): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** A seconds count as "1h 05m", "3m 20s" or "42s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Plain-language description of a bottleneck, with the limit it refers to (read from the limits table). */
export function describeBottleneck(bottleneck: Bottleneck): string {
  const k = KINESIS_LIMITS;
  switch (bottleneck) {
    case "write-bytes":
      return `write bytes (${formatMiBps(k.shardWriteBytesPerSecond.value)} per shard)`;
    case "write-records":
      return `write records (${formatRecordsPerSecond(k.shardWriteRecordsPerSecond.value)} per shard)`;
    case "hot-key":
      return "a hot partition key (one key always lands on one shard, however many shards there are)";
    case "shared-read-bytes":
      return `shared read bytes (${formatMiBps(k.shardReadBytesPerSecond.value)} per shard, split among shared consumers)`;
    case "shared-read-calls":
      return `GetRecords calls (${k.shardGetRecordsPerSecond.value}/s per shard, shared by all shared consumers)`;
    case "shared-read-records":
      return `shared read records (${formatNumber(k.getRecordsMaxRecords.value)} per GetRecords call)`;
    case "efo-read-bytes":
      return `enhanced fan-out read bytes (${formatMiBps(k.efoBytesPerSecondPerConsumerShard.value)} per consumer per shard)`;
    case "efo-consumers":
      return `enhanced fan-out consumers (${k.maxEfoConsumersPerStream.value} per stream; ${k.maxEfoConsumersPerStreamAdvantage.value} with On-demand Advantage)`;
    case "record-size":
      return "the record size (above the stream's maximum record size: rejected)";
    case "on-demand-scaling":
      return "on-demand scaling (traffic more than doubling its previous peak)";
    case "none":
      return "nothing (no write throttling, no read lag)";
  }
}

export function describeCapacity(capacity: StreamCapacitySpec): string {
  if (capacity.mode === "on-demand") return capacity.tier === "advantage" ? "On-demand Advantage" : "on-demand";
  return `${capacity.shards} shard${capacity.shards === 1 ? "" : "s"}`;
}

/** A unit price with as many decimals as it needs (at most 6 significant digits): $0.015, $0.000014, $0.032. */
export function formatUnitPrice(usd: number): string {
  if (usd === 0) return "$0";
  const digits = Math.min(10, Math.max(2, 5 - Math.floor(Math.log10(Math.abs(usd)))));
  return `$${usd.toFixed(digits).replace(/0+$/, "").replace(/\.$/, "")}`;
}

/** The one constraint a simulation names: what throttled or lagged, else the limit closest to its ceiling. */
export function limitingConstraint(result: SimulationResult): { readonly constraint: Bottleneck; readonly throttled: boolean } {
  if (result.bottleneck !== "none") return { constraint: result.bottleneck, throttled: true };
  return { constraint: result.bindingConstraint ?? "none", throttled: false };
}

/**
 * The verdict line of a simulation: throttling, rejection, and what bound it. When nothing was throttled it names the
 * limit closest to its ceiling (`bindingConstraint`, the rule `size` uses), and when the busiest shard's peak went
 * above its per-second limit without throttling it says the burst capacity absorbed it — never "below every limit".
 */
export function simulationVerdict(result: SimulationResult): string {
  const head =
    `${describeCapacity(result.capacity)}: ${formatPercent(result.firstAttemptThrottledFraction)} of first attempts throttled, ` +
    `${formatPercent(result.writeThrottledFraction)} lost after retries`;
  const rejected =
    result.rejectedRecords > 0 && result.offeredRecords > 0
      ? `, REJECTS ${formatPercent(result.rejectedRecords / result.offeredRecords)} (records above the stream's maximum record size)`
      : "";
  if (result.rejectedRecords > 0 && result.rejectedRecords >= result.offeredRecords) {
    return `${head}${rejected} — nothing is written; raise maxRecordSizeKiB or split records`;
  }
  const limiting = limitingConstraint(result);
  if (limiting.throttled) return `${head}${rejected} — bound by ${describeBottleneck(limiting.constraint)}`;
  const binding = limiting.constraint;
  if (binding === "none") return `${head}${rejected} — nothing written`;
  const burst =
    result.maxShardWriteUtilization > 1
      ? `; the busiest shard peaked at ${formatPercent(result.maxShardWriteUtilization, 1)} of its per-second limit, absorbed by its burst capacity`
      : "";
  return `${head}${rejected} — not throttled; closest limit: ${describeBottleneck(binding)}${burst}`;
}

/** One cost line as a table row: item, quantity with unit, unit price, monthly. */
export function costLineRow(l: CostLine): string[] {
  return [l.item, `${formatNumber(l.quantity, l.quantity % 1 === 0 ? 0 : 2)} ${l.unit}`, formatUnitPrice(l.unitPriceUsd), formatUsdPerMonth(l.monthlyUsd)];
}

/** Notes of a cost estimate worth printing under its table: hot keys, S3 and KMS assumptions. */
export const PRINTED_NOTE = /^(on-demand does not fix|S3 |KMS |every record|On-demand Advantage|reading data older)/;

/** Monthly cost breakdown as a table with a total row. */
export function renderCostBreakdown(cost: CostBreakdown): string {
  const rows = cost.lines.map(costLineRow);
  rows.push(["Total", "", "", formatUsdPerMonth(cost.totalMonthlyUsd)]);
  const title = `Monthly cost, ${describeCapacity(cost.capacity)} (${cost.region} list prices; oldest figure dated ${cost.priceTableAsOf})`;
  const notes = (cost as { notes?: readonly string[] }).notes ?? [];
  const noteLines = notes.filter((n) => PRINTED_NOTE.test(n)).map((n) => wrap(`Note: ${n}.`, 100, "  "));
  return [`${title}\n${renderTable(["Item", "Quantity", "Unit price", "Monthly"], rows)}`, ...noteLines].join("\n");
}

/** Lines that do not depend on the stream's capacity (Firehose, S3, KMS), as priced in `cost`. */
export function capacityIndependentLines(cost: CostBreakdown): CostLine[] {
  return cost.lines.filter((l) => /^(Firehose|S3|KMS)/.test(l.item));
}

const MODE_NAMES: Record<CapacityOption["mode"], string> = {
  provisioned: "provisioned",
  "on-demand": "On-demand Standard",
  "on-demand-advantage": "On-demand Advantage",
};

/** The three capacity modes side by side: monthly cost and whether the workload throttles there. */
export function renderCapacityOptions(options: readonly CapacityOption[], provisionedShards: number | null, cheapest: CapacityOption["mode"] | null): string {
  const rows = options.map((o) => [
    o.mode === "provisioned" && provisionedShards !== null ? `provisioned, ${provisionedShards.toLocaleString("en-US")} shard${provisionedShards === 1 ? "" : "s"}` : MODE_NAMES[o.mode],
    o.monthlyUsd === null ? "n/a (no count passes)" : formatUsdPerMonth(o.monthlyUsd),
    o.throttles ? "yes" : "no",
  ]);
  const notes = options.map((o) => wrap(`- ${o.note}.`, 100, "  "));
  const verdict = cheapest === null ? "Every mode throttles this workload beyond the target." : `Cheapest that does not throttle: ${MODE_NAMES[cheapest]}.`;
  return [renderTable(["Capacity", "Monthly cost", "Throttles"], rows), ...notes, verdict].join("\n");
}

/** Human report of `stream-sim size`. */
export function renderSizeReport(result: SizingResult, source: string): string {
  const out: string[] = [];
  const q = result.questions;
  const rec = result.recommendedShards;
  if (result.feasible && rec !== null) {
    out.push(
      `Recommendation for ${source}: ${rec.toLocaleString("en-US")} shard${rec === 1 ? "" : "s"}, set by the ${result.binding} question — ` +
        `bound by ${describeBottleneck(result.bottleneck)}; ${formatPercent(result.firstAttemptThrottledFraction, 3)} of first attempts throttled, ` +
        `${formatNumber(result.lostRecords)} records lost`,
    );
  } else if (result.bottleneck === "record-size") {
    out.push(`Recommendation for ${source}: INFEASIBLE — the stream rejects 100% of the records (each is above its maximum record size); no shard count changes that`);
  } else {
    out.push(`Recommendation for ${source}: INFEASIBLE — no shard count meets the rule — bound by ${describeBottleneck(result.bottleneck)}`);
  }
  out.push("");
  const shards = (n: number | null): string => (n === null ? "none" : formatNumber(n));
  const growthFigure =
    q.growth.limitedByKey !== undefined
      ? `one key holds a shard at ${formatPercent(q.growth.limitedByKey.shardLoad, 1)} (above the ${formatPercent(q.growth.headroom, 0)} headroom; at most ${q.growth.limitedByKey.maxGrowth.toFixed(2)}× growth)`
      : `busiest shard ${formatPercent(q.growth.busiestShardLoad, 1)} (headroom ${formatPercent(q.growth.headroom, 0)})`;
  out.push(
    renderTable(
      ["Question", "Shards", "Figure at its answer", "Rule"],
      [
        ["limit", shards(q.limit.shards), `busiest shard ${formatPercent(q.limit.busiestShardLoad, 1)} of ${q.limit.constraint}`, "every per-shard limit at the steady peak"],
        ["growth", shards(q.growth.shards), growthFigure, "mean load at the steady peak within the headroom"],
        [
          "throttle",
          shards(q.throttle.shards),
          `${formatPercent(q.throttle.firstAttemptThrottledFraction, 3)} of first attempts, ${formatNumber(q.throttle.lostRecords)} lost`,
          `first attempts ≤ ${formatPercent(q.throttle.target, 2)} throttled, none lost (peak hour, noisy)`,
        ],
        ["AWS formula", formatNumber(result.faqFormulaShards), "max(in KiB/1024, out KiB/2048)", "for comparison"],
      ],
      ["left", "right", "left", "left"],
    ),
  );
  if (result.dependsOn.length > 0) {
    out.push("", "What the answer depends on:");
    for (const d of result.dependsOn) out.push(wrap(`- ${d}`, 100, "  "));
  }
  out.push("", renderCapacityOptions(result.cost.options, rec, result.cost.cheapest));
  const shared = capacityIndependentLines(result.cost.onDemand);
  if (shared.length > 0) {
    out.push("", "Every total includes (the same for each mode; full breakdown: stream-sim cost):");
    out.push(renderTable(["Item", "Quantity", "Unit price", "Monthly"], shared.map(costLineRow)));
  }
  if (result.explanation) out.push("", wrap(result.explanation, 100));
  if (result.advice.length > 0) {
    out.push("", "Advice:");
    for (const a of result.advice) out.push(wrap(`- ${a}`, 100, "  "));
  }
  return `${out.join("\n")}\n`;
}

/** Human report of `stream-sim simulate`; per-shard table limited to the `topShards` busiest shards. */
export function renderSimulationReport(result: SimulationResult, source: string, topShards = 10): string {
  const out: string[] = [];
  out.push(`Simulation of ${source}: ${simulationVerdict(result)}`);
  out.push("");
  out.push(
    renderKeyValues([
      ["Duration", `${formatDuration(result.durationSeconds)} (${formatNumber(result.durationSeconds)} s)`],
      ["Offered records", formatNumber(result.offeredRecords)],
      ["Accepted records", formatNumber(result.acceptedRecords)],
      [
        "First-attempt throttled",
        `${formatNumber(result.firstAttemptThrottledRecords)} (${formatPercent(result.firstAttemptThrottledFraction, 3)}; CloudWatch WriteProvisionedThroughputExceeded)`,
      ],
      ["Lost after retries", `${formatNumber(result.lostRecords)} (${formatPercent(result.writeThrottledFraction, 3)})`],
      [
        "Rejected (too large)",
        result.rejectedRecords > 0 && result.offeredRecords > 0
          ? `${formatNumber(result.rejectedRecords)} (${formatPercent(result.rejectedRecords / result.offeredRecords)})`
          : formatNumber(result.rejectedRecords),
      ],
      ["Max shard write utilization", `${formatPercent(result.maxShardWriteUtilization, 1)} (new records offered${
        result.maxShardAttemptedWriteUtilization !== undefined && result.maxShardAttemptedWriteUtilization > result.maxShardWriteUtilization + 1e-9
          ? `; ${formatPercent(result.maxShardAttemptedWriteUtilization, 1)} with retries`
          : ""
      })`],
      [
        "Hot shard",
        `${result.hotShard.shardId}: ${formatMiBps(result.hotShard.peakBytesPerSecond)}, ${formatRecordsPerSecond(
          result.hotShard.peakRecordsPerSecond,
        )} at peak`,
      ],
      ["Read-throttled seconds", formatNumber(result.readThrottledSeconds)],
      ["Max iterator age", `${formatNumber(result.maxIteratorAgeSeconds, 1)} s (age of the last record read)`],
      limitingConstraint(result).throttled
        ? ["Limited by", describeBottleneck(limitingConstraint(result).constraint)]
        : ["Closest limit", `${describeBottleneck(limitingConstraint(result).constraint)} (nothing throttled)`],
      ...(result.onDemand
        ? ([
            [
              "On-demand start",
              `${formatMiBps(result.onDemand.initialCapacityBytesPerSecond)} of capacity (${result.onDemand.tier === "advantage" ? "Advantage" : "Standard"})`,
            ],
            [
              "Cold start",
              result.onDemand.coldStartSeconds === 0
                ? "none (capacity covers the peak from the start)"
                : `${formatDuration(result.onDemand.coldStartSeconds)}${result.onDemand.coldStartSeconds >= result.durationSeconds ? " (still scaling at the end of the run)" : ""}: ` +
                  `${formatNumber(result.onDemand.coldStart.firstAttemptThrottledRecords)} first attempts throttled, ${formatNumber(result.onDemand.coldStart.lostRecords)} lost`,
            ],
            [
              "Steady state",
              `${formatNumber(result.onDemand.steadyState.firstAttemptThrottledRecords)} first attempts throttled, ${formatNumber(result.onDemand.steadyState.lostRecords)} lost`,
            ],
          ] as const)
        : []),
      ...(result.absorbedShardSeconds > 0 ? [["Bursts absorbed", `${formatNumber(result.absorbedShardSeconds)} shard-seconds above the per-second limit, no throttling`] as const] : []),
    ]),
  );
  if (result.perShard.length > 0) {
    const busiest = [...result.perShard]
      .sort((a, b) => b.peakWriteUtilization - a.peakWriteUtilization || a.shardId.localeCompare(b.shardId))
      .slice(0, topShards);
    out.push("");
    out.push(
      result.perShard.length > busiest.length
        ? `Busiest ${busiest.length} of ${formatNumber(result.perShard.length)} shards (by peak write utilization):`
        : "Per shard:",
    );
    out.push(
      renderTable(
        ["Shard", "Traffic", "Offered", "1st-attempt thr.", "Lost", "Peak util", "Mean util", "Peak MiB/s", "Peak records/s"],
        busiest.map((s) => [
          s.shardId,
          formatPercent(s.trafficShare, 1),
          formatNumber(s.offeredRecords),
          formatNumber(s.firstAttemptThrottledRecords),
          formatNumber(s.throttledRecords),
          formatPercent(s.peakWriteUtilization, 1),
          formatPercent(s.meanWriteUtilization, 1),
          formatNumber(s.peakBytesPerSecond / MiB, 3),
          formatNumber(s.peakRecordsPerSecond),
        ]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

/** Human report of `stream-sim cost`: each breakdown, then (for several) the modes compared. */
export function renderCostReport(
  breakdowns: readonly CostBreakdown[],
  source: string,
  comparison?: { readonly options: readonly CapacityOption[]; readonly provisionedShards: number | null; readonly cheapest: CapacityOption["mode"] | null },
): string {
  const out = [`Monthly cost of ${source}`, ""];
  for (const b of breakdowns) out.push(renderCostBreakdown(b), "");
  if (comparison) out.push(renderCapacityOptions(comparison.options, comparison.provisionedShards, comparison.cheapest));
  return `${out.join("\n").trimEnd()}\n`;
}

/** Greedy word wrap; continuation lines get `indent`. */
export function wrap(text: string, width: number, indent = ""): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else line = line.length > 0 ? `${line} ${w}` : w;
  }
  if (line.length > 0) lines.push(line);
  return lines.join("\n");
}
