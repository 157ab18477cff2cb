import type { SynthCostItem, SynthCostReport } from "../terraform";
import { displayName, resourceLabel } from "../terraform";
import { PRINTED_NOTE, costLineRow, describeCapacity, formatUsdPerMonth, renderTable, wrap } from "./table";

/**
 * Reports of `stream-sim cost --synth`: the human tables (same cost table as `stream-sim cost`, preceded by the values
 * taken from the stack) and the JSON document. Pure functions from `costSynthStack` results to strings.
 */

/** Model notes printed under a table: those `stream-sim cost` prints, plus the price-region mismatch. */
const PRINTED_MODEL_NOTE = new RegExp(`${PRINTED_NOTE.source}|^prices are `);

function show(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function kindOf(item: SynthCostItem): string {
  if (item.kind === "kinesis-stream") return "Kinesis stream";
  if (item.source === "direct-put") return "Firehose (direct PUT)";
  if (item.source === "msk") return "Firehose (MSK source)";
  return "Firehose (stream outside the stack)";
}

function readersLine(item: SynthCostItem): string {
  const firehose =
    item.firehoseReaders.length > 0 ? `Firehose ${item.firehoseReaders.map((r) => `${displayName(r)} (${r.address})`).join(", ")}` : "no Firehose";
  const efo =
    item.efoConsumers.length > 0
      ? `enhanced fan-out consumer${item.efoConsumers.length === 1 ? "" : "s"} ${item.efoConsumers.map(displayName).join(", ")}`
      : "no enhanced fan-out consumer";
  return `Read by: ${firehose}; ${efo}`;
}

/** `from` with the item's own addresses shortened ("stream", "Firehose"): the heading lines name them in full. */
function shortFrom(item: SynthCostItem, from: string): string {
  let text = from.replace(`${item.resource.address}:`, item.kind === "kinesis-stream" ? "stream:" : "delivery stream:");
  for (const r of item.firehoseReaders) text = text.replace(`${r.address}:`, item.firehoseReaders.length === 1 ? "Firehose:" : `Firehose ${displayName(r)}:`);
  return text;
}

function renderItem(item: SynthCostItem): string {
  const out: string[] = [];
  out.push(`${kindOf(item)} ${displayName(item.resource)} — ${resourceLabel(item.resource)}`);
  if (item.kind === "kinesis-stream") out.push(readersLine(item));
  out.push("", "Taken from the stack (in place of the workload file's values):");
  out.push(
    renderTable(
      ["Field", "Stack", "Workload file", "From"],
      item.fromStack.map((v) => [v.field, show(v.value), show(v.workloadValue), shortFrom(item, v.from)]),
      ["left", "right", "right", "left"],
    ),
  );
  const title =
    item.capacity !== null
      ? `Monthly cost, ${describeCapacity(item.capacity)} (${item.cost.region}, prices as of ${item.cost.priceTableAsOf})`
      : `Monthly cost, delivery stream only (${item.cost.region}, prices as of ${item.cost.priceTableAsOf})`;
  const rows = item.cost.lines.map(costLineRow);
  rows.push(["Total", "", "", formatUsdPerMonth(item.cost.totalMonthlyUsd)]);
  out.push("", title, renderTable(["Item", "Quantity", "Unit price", "Monthly"], rows));
  for (const n of item.cost.notes.filter((x) => PRINTED_MODEL_NOTE.test(x))) out.push(wrap(`Note: ${n}.`, 100, "  "));
  for (const n of item.notes) out.push(wrap(`Stack: ${n}.`, 100, "  "));
  return out.join("\n");
}

/** Human report of `stream-sim cost --synth`. */
export function renderSynthCostReport(report: SynthCostReport, synthFile: string, workloadFile: string): string {
  const out = [`Monthly cost of the streams in ${synthFile} under ${workloadFile}`, ""];
  for (const item of report.items) out.push(renderItem(item), "");
  if (report.items.length > 1) {
    out.push(
      renderTable(
        ["Stream", "Kind", "Capacity", "Monthly cost"],
        report.items.map((i) => [displayName(i.resource), kindOf(i), i.capacity ? describeCapacity(i.capacity) : "—", formatUsdPerMonth(i.monthlyUsd)]),
        ["left", "left", "left", "right"],
      ),
      "",
    );
  }
  for (const n of report.notes) out.push(wrap(`Note: ${n}.`, 100, "  "));
  return `${out.join("\n").trimEnd()}\n`;
}

/** JSON document of `stream-sim cost --synth`. */
export interface SynthCostJson {
  readonly command: "cost";
  readonly synthFile: string;
  readonly workloadFile: string;
  /** One entry per costed stream: resource, capacity, the values taken from the stack, the costed workload, cost. */
  readonly streams: readonly SynthCostItem[];
  readonly notes: readonly string[];
}

export function synthCostToJson(report: SynthCostReport, synthFile: string, workloadFile: string): SynthCostJson {
  return { command: "cost", synthFile, workloadFile, streams: report.items, notes: report.notes };
}
