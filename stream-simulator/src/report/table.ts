import { KINESIS_LIMITS } from "../limits";
import type { Bottleneck, CostBreakdown, CostLine, SimulationResult, SizingResult, StreamCapacitySpec } from "../types";

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
    case "efo-read-bytes":
      return `enhanced fan-out read bytes (${formatMiBps(k.efoBytesPerSecondPerConsumerShard.value)} per consumer per shard)`;
    case "on-demand-scaling":
      return "on-demand scaling (traffic more than doubling its previous peak)";
    case "none":
      return "nothing (no write throttling, no read lag)";
  }
}

export function describeCapacity(capacity: StreamCapacitySpec): string {
  return capacity.mode === "on-demand" ? "on-demand" : `${capacity.shards} shard${capacity.shards === 1 ? "" : "s"}`;
}

/** "3 shards: throttles 0.00% — bound by write bytes (1.000 MiB/s per shard)". */
export function verdictLine(capacity: StreamCapacitySpec, throttledFraction: number, bottleneck: Bottleneck): string {
  return `${describeCapacity(capacity)}: throttles ${formatPercent(throttledFraction)} — bound by ${describeBottleneck(bottleneck)}`;
}

/**
 * The verdict line of a simulation: throttling, rejection, and what bound it. When nothing was throttled it names the
 * limit closest to its ceiling (`bindingConstraint`, the rule `size` uses), and when the busiest shard's peak went
 * above its per-second limit without throttling it says the burst capacity absorbed it — never "below every limit".
 */
export function simulationVerdict(result: SimulationResult): string {
  const head = `${describeCapacity(result.capacity)}: throttles ${formatPercent(result.writeThrottledFraction)}`;
  const rejected =
    result.rejectedRecords > 0 && result.offeredRecords > 0
      ? `, REJECTS ${formatPercent(result.rejectedRecords / result.offeredRecords)} (records above the stream's maximum record size)`
      : "";
  if (result.rejectedRecords > 0 && result.rejectedRecords >= result.offeredRecords) {
    return `${head}${rejected} — nothing is written; raise maxRecordSizeKiB or split records`;
  }
  if (result.bottleneck !== "none") return `${head}${rejected} — bound by ${describeBottleneck(result.bottleneck)}`;
  const binding = result.bindingConstraint ?? "none";
  if (binding === "none") return `${head}${rejected} — nothing written`;
  const burst =
    result.maxShardWriteUtilization > 1
      ? `; the busiest shard peaked at ${formatPercent(result.maxShardWriteUtilization, 1)} of its per-second limit, absorbed by its burst capacity`
      : "";
  return `${head}${rejected} — not throttled; closest limit: ${describeBottleneck(binding)}${burst}`;
}

/** One cost line as a table row: item, quantity with unit, unit price, monthly. */
export function costLineRow(l: CostLine): string[] {
  return [l.item, `${formatNumber(l.quantity, l.quantity % 1 === 0 ? 0 : 2)} ${l.unit}`, `$${l.unitPriceUsd}`, formatUsdPerMonth(l.monthlyUsd)];
}

/** Notes of a cost estimate worth printing under its table: hot keys, S3 and KMS assumptions. */
export const PRINTED_NOTE = /^(on-demand does not fix|S3 |KMS )/;

/** Monthly cost breakdown as a table with a total row. */
export function renderCostBreakdown(cost: CostBreakdown): string {
  const rows = cost.lines.map(costLineRow);
  rows.push(["Total", "", "", formatUsdPerMonth(cost.totalMonthlyUsd)]);
  const title = `Monthly cost, ${describeCapacity(cost.capacity)} (${cost.region}, prices as of ${cost.priceTableAsOf})`;
  const notes = (cost as { notes?: readonly string[] }).notes ?? [];
  const noteLines = notes.filter((n) => PRINTED_NOTE.test(n)).map((n) => wrap(`Note: ${n}.`, 100, "  "));
  return [`${title}\n${renderTable(["Item", "Quantity", "Unit price", "Monthly"], rows)}`, ...noteLines].join("\n");
}

/** Lines that do not depend on the stream's capacity (Firehose, S3, KMS), as priced in `cost`. */
export function capacityIndependentLines(cost: CostBreakdown): CostLine[] {
  return cost.lines.filter((l) => /^(Firehose|S3|KMS)/.test(l.item));
}

/** Provisioned and on-demand side by side. */
export function renderCostComparison(provisioned: CostBreakdown | null, onDemand: CostBreakdown): string {
  const rows: string[][] = [];
  if (provisioned) rows.push([`provisioned, ${describeCapacity(provisioned.capacity)}`, formatUsdPerMonth(provisioned.totalMonthlyUsd)]);
  else rows.push(["provisioned", "n/a (infeasible)"]);
  rows.push(["on-demand", formatUsdPerMonth(onDemand.totalMonthlyUsd)]);
  return renderTable(["Capacity", "Monthly cost"], rows);
}

/** Human report of `stream-sim size`. */
export function renderSizeReport(result: SizingResult, source: string): string {
  const out: string[] = [];
  if (result.feasible && result.recommendedShards !== null) {
    out.push(
      `Recommendation for ${source}: ${verdictLine(
        { mode: "provisioned", shards: result.recommendedShards },
        result.throttledFraction,
        result.bottleneck,
      )}`,
    );
  } else {
    out.push(
      `Recommendation for ${source}: INFEASIBLE — no shard count meets the target; throttles ${formatPercent(
        result.throttledFraction,
      )} at the largest count tried — bound by ${describeBottleneck(result.bottleneck)}`,
    );
  }
  out.push("");
  out.push(
    renderKeyValues([
      ["Recommended shards", result.recommendedShards === null ? "none (infeasible)" : formatNumber(result.recommendedShards)],
      ["AWS FAQ formula", `${formatNumber(result.faqFormulaShards)} shard${result.faqFormulaShards === 1 ? "" : "s"}`],
      ["Throttled records", formatPercent(result.throttledFraction)],
      ["Peak shard utilization", formatPercent(result.peakShardUtilization, 1)],
      ["Bottleneck", describeBottleneck(result.bottleneck)],
    ]),
  );
  out.push("");
  out.push(renderCostComparison(result.cost.provisioned, result.cost.onDemand));
  const shared = capacityIndependentLines(result.cost.onDemand);
  if (shared.length > 0) {
    out.push("", "Both totals include (same for either capacity; full breakdown: stream-sim cost):");
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
      ["Write-throttled records", `${formatNumber(result.writeThrottledRecords)} (${formatPercent(result.writeThrottledFraction)})`],
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
      ["Max iterator age", `${formatNumber(result.maxIteratorAgeSeconds, 1)} s`],
      ["Bottleneck", describeBottleneck(result.bottleneck)],
      ...(result.bindingConstraint !== undefined
        ? [["Binding constraint", describeBottleneck(result.bindingConstraint)] as const]
        : []),
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
        ["Shard", "Traffic", "Offered", "Throttled", "Peak util", "Mean util", "Peak MiB/s", "Peak records/s"],
        busiest.map((s) => [
          s.shardId,
          formatPercent(s.trafficShare, 1),
          formatNumber(s.offeredRecords),
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

/** Human report of `stream-sim cost`. */
export function renderCostReport(breakdowns: readonly CostBreakdown[], source: string): string {
  const out = [`Monthly cost of ${source}`, ""];
  for (const b of breakdowns) out.push(renderCostBreakdown(b), "");
  if (breakdowns.length === 2) {
    const [a, b] = breakdowns;
    out.push(renderTable(["Capacity", "Monthly cost"], breakdowns.map((c) => [describeCapacity(c.capacity), formatUsdPerMonth(c.totalMonthlyUsd)])));
    const cheaper = a.totalMonthlyUsd <= b.totalMonthlyUsd ? a : b;
    const dearer = cheaper === a ? b : a;
    out.push(
      "",
      `Verdict: ${describeCapacity(cheaper.capacity)} is cheaper by ${formatUsdPerMonth(dearer.totalMonthlyUsd - cheaper.totalMonthlyUsd)}.`,
    );
  }
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
