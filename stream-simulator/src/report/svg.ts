import type { UtilizationHeatmap } from "../types";

/**
 * Per-shard × time write-utilization heatmap as a standalone SVG document.
 *
 * Rows are shards (one row for an on-demand stream), columns are time buckets, colour is the bucket's peak write
 * utilization in five distinct classes of blue below 100 % (ColorBrewer's 5-class "Blues"), amber where the load went
 * above 100 % of the per-second limit and the burst bucket absorbed it, and red where attempts were throttled. Large
 * streams are capped: at most `maxRows` rows (the busiest shards, in shard order, plus one aggregated row holding the
 * per-bucket maximum of all the others) and at most `maxColumns` columns (adjacent buckets merged by maximum).
 */

export interface HeatmapSvgOptions {
  readonly heatmap: UtilizationHeatmap;
  /** Shard id of heatmap row i (defaults to "shard i"). */
  readonly shardIds?: readonly string[];
  /** The hot shard, marked in red on its row label and outlined. */
  readonly hotShardId?: string;
  readonly title: string;
  /** Second line under the title (e.g. the verdict). */
  readonly subtitle?: string;
  /** @default 40 */
  readonly maxRows?: number;
  /** @default 120 */
  readonly maxColumns?: number;
}

/** One row of the drawn grid. */
export interface HeatmapRow {
  readonly label: string;
  /** Heatmap row indices this drawn row covers (one, or many for the aggregated row). */
  readonly shardIndices: readonly number[];
  readonly aggregated: boolean;
  readonly values: Float64Array;
  /** 1 where attempts were throttled in that column. */
  readonly throttled: Uint8Array;
  readonly peak: number;
}

export interface HeatmapLayout {
  readonly rows: readonly HeatmapRow[];
  readonly columns: number;
  /** Seconds one drawn column spans. */
  readonly columnSeconds: number;
  readonly totalShards: number;
  readonly note?: string;
}

/** Utilization at or above this is over the per-second limit (absorbed by the burst bucket unless throttled). */
export const THROTTLE_THRESHOLD = 1;
export const THROTTLE_COLOUR = "#d7191c";
export const ABSORBED_COLOUR = "#fdae61";
/** Classes below 100 % (ColorBrewer 5-class Blues): [upper bound, colour]. */
export const UTILIZATION_CLASSES: readonly (readonly [number, string])[] = [
  [0.2, "#eff3ff"],
  [0.4, "#bdd7e7"],
  [0.6, "#6baed6"],
  [0.8, "#3182bd"],
  [1, "#08519c"],
];

/** Reduces the heatmap to the rows and columns that will be drawn. */
export function layoutHeatmap(
  heatmap: UtilizationHeatmap,
  shardIds: readonly string[] | undefined,
  maxRows = 40,
  maxColumns = 120,
): HeatmapLayout {
  const { shards, buckets, values } = heatmap;
  const thr = heatmap.throttled;
  const merge = Math.max(1, Math.ceil(buckets / Math.max(1, maxColumns)));
  const columns = Math.ceil(buckets / merge);
  const rowValues = (s: number): { values: Float64Array; throttled: Uint8Array } => {
    const out = new Float64Array(columns);
    const t = new Uint8Array(columns);
    for (let b = 0; b < buckets; b++) {
      const v = values[s * buckets + b];
      const c = Math.floor(b / merge);
      if (v > out[c]) out[c] = v;
      if (thr[s * buckets + b]) t[c] = 1;
    }
    return { values: out, throttled: t };
  };
  const label = (s: number): string => shardIds?.[s] ?? `shard ${s}`;
  const peakOf = (v: Float64Array): number => v.reduce((m, x) => (x > m ? x : m), 0);

  const all: HeatmapRow[] = [];
  for (let s = 0; s < shards; s++) {
    const v = rowValues(s);
    all.push({ label: label(s), shardIndices: [s], aggregated: false, values: v.values, throttled: v.throttled, peak: peakOf(v.values) });
  }
  const limit = Math.max(2, maxRows);
  if (shards <= limit) {
    return { rows: all, columns, columnSeconds: heatmap.bucketSeconds * merge, totalShards: shards };
  }
  const shown = [...all]
    .sort((a, b) => b.peak - a.peak || a.shardIndices[0] - b.shardIndices[0])
    .slice(0, limit - 1)
    .sort((a, b) => a.shardIndices[0] - b.shardIndices[0]);
  const shownSet = new Set(shown.map((r) => r.shardIndices[0]));
  const rest = all.filter((r) => !shownSet.has(r.shardIndices[0]));
  const restValues = new Float64Array(columns);
  const restThrottled = new Uint8Array(columns);
  for (const r of rest) {
    for (let c = 0; c < columns; c++) {
      if (r.values[c] > restValues[c]) restValues[c] = r.values[c];
      if (r.throttled[c]) restThrottled[c] = 1;
    }
  }
  const aggregated: HeatmapRow = {
    label: `${rest.length.toLocaleString("en-US")} others (max)`,
    shardIndices: rest.map((r) => r.shardIndices[0]),
    aggregated: true,
    values: restValues,
    throttled: restThrottled,
    peak: peakOf(restValues),
  };
  return {
    rows: [...shown, aggregated],
    columns,
    columnSeconds: heatmap.bucketSeconds * merge,
    totalShards: shards,
    note: `Showing the ${shown.length} busiest of ${shards.toLocaleString("en-US")} shards (by peak utilization); the last row is the per-interval maximum of the other ${rest.length.toLocaleString("en-US")}.`,
  };
}

/** The colour of a cell: its utilization class, amber above the limit when absorbed, red when throttled. */
export function utilizationColour(u: number, throttled = false): string {
  if (throttled) return THROTTLE_COLOUR;
  if (!(u < THROTTLE_THRESHOLD)) return ABSORBED_COLOUR;
  for (const [upper, colour] of UTILIZATION_CLASSES) if (u < upper) return colour;
  return UTILIZATION_CLASSES[UTILIZATION_CLASSES.length - 1][1];
}

/** "0:00", "1:30" (h:mm) for long runs, "2:05" (m:ss) for runs under two hours' worth of ticks, "40s" for short. */
export function formatTimeTick(seconds: number, totalSeconds: number): string {
  const s = Math.round(seconds);
  if (totalSeconds >= 2 * 3600) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}`;
  if (totalSeconds >= 120) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return `${s}s`;
}

/** 1 → "1 s", 90 → "90 s", 720 → "12 min", 7200 → "2 h". */
export function formatSpan(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function timeAxisTitle(totalSeconds: number): string {
  if (totalSeconds >= 2 * 3600) return "time since start (h:mm)";
  if (totalSeconds >= 120) return "time since start (m:ss)";
  return "time since start (seconds)";
}

/** A "nice" tick step (1, 2, 5 × 10^k seconds or whole minutes/hours) giving about `target` ticks. */
function tickStep(totalSeconds: number, target: number): number {
  const raw = totalSeconds / target;
  const candidates = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return candidates.find((c) => c >= raw) ?? Math.ceil(raw / 86400) * 86400;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();

/** Renders the heatmap SVG document. */
export function renderHeatmapSvg(options: HeatmapSvgOptions): string {
  const layout = layoutHeatmap(options.heatmap, options.shardIds, options.maxRows ?? 40, options.maxColumns ?? 120);
  const onDemand = options.heatmap.relativeTo === "on-demand-capacity";
  const totalSeconds = options.heatmap.buckets * options.heatmap.bucketSeconds;
  const rows = layout.rows;

  const labelWidth = (Math.max(...rows.map((r) => r.label.length)) + 2) * 6.7 + 30;
  const left = Math.round(labelWidth);
  const plotWidth = 840;
  const top = options.subtitle ? 64 : 46;
  const cellH = Math.max(8, Math.min(22, Math.floor(520 / rows.length)));
  const cellW = plotWidth / layout.columns;
  const plotHeight = cellH * rows.length;
  const legendTop = top + plotHeight + 58;
  const noteTop = legendTop + 52;
  const width = left + plotWidth + 24;
  const height = noteTop + (layout.note ? 18 : 0) + 8;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(
      height,
    )}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(options.title)}</title>`);
  out.push(`<rect class="background" x="0" y="0" width="${fmt(width)}" height="${fmt(height)}" fill="#ffffff"/>`);
  out.push(`<text class="title" x="${left}" y="22" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`);
  if (options.subtitle) {
    out.push(`<text class="subtitle" x="${left}" y="42" font-size="12" fill="#333">${escapeXml(options.subtitle)}</text>`);
  }

  // Cells.
  out.push(`<g class="cells" shape-rendering="crispEdges">`);
  rows.forEach((row, r) => {
    const y = top + r * cellH;
    for (let c = 0; c < layout.columns; c++) {
      const x = left + c * cellW;
      out.push(
        `<rect class="cell${row.throttled[c] ? " throttled" : row.values[c] >= THROTTLE_THRESHOLD ? " absorbed" : ""}" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(cellW + 0.02)}" height="${cellH}" fill="${utilizationColour(
          row.values[c],
          row.throttled[c] === 1,
        )}"/>`,
      );
    }
  });
  out.push(`</g>`);

  // Row labels (y axis) and hot-shard marker.
  out.push(`<g class="y-axis" font-family="DejaVu Sans Mono, Menlo, monospace" font-size="${cellH >= 11 ? 11 : Math.max(7, cellH - 1)}">`);
  rows.forEach((row, r) => {
    if (cellH < 9 && r % 2 === 1 && !isHot(row, options.hotShardId) && !row.aggregated) return;
    const y = top + r * cellH + cellH / 2 + 4;
    const hot = isHot(row, options.hotShardId);
    const peak = `${Math.round(row.peak * 100)}%`;
    out.push(
      `<text class="${hot ? "shard-label hot" : "shard-label"}" x="${left - 6}" y="${fmt(y)}" text-anchor="end"${
        hot ? ` fill="${THROTTLE_COLOUR}" font-weight="bold"` : row.aggregated ? ` font-style="italic"` : ""
      }>${hot ? "▶ " : ""}${escapeXml(row.label)}<title>${escapeXml(row.label)}: peak ${peak}</title></text>`,
    );
  });
  out.push(`</g>`);
  rows.forEach((row, r) => {
    if (onDemand || !isHot(row, options.hotShardId)) return;
    out.push(
      `<rect class="hot-marker" x="${left - 1}" y="${top + r * cellH - 1}" width="${plotWidth + 2}" height="${cellH + 2}" fill="none" stroke="#000" stroke-width="2"/>`,
    );
  });
  out.push(
    `<text class="axis-title" x="12" y="${fmt(top + plotHeight / 2)}" transform="rotate(-90 12 ${fmt(
      top + plotHeight / 2,
    )})" text-anchor="middle" fill="#333">${onDemand ? "stream" : "shard"}</text>`,
  );

  // Time axis.
  const axisY = top + plotHeight;
  out.push(`<g class="x-axis" font-size="11" fill="#333">`);
  out.push(`<line x1="${left}" y1="${axisY}" x2="${left + plotWidth}" y2="${axisY}" stroke="#333"/>`);
  const step = tickStep(totalSeconds, 8);
  for (let t = 0; t <= totalSeconds + 1e-9; t += step) {
    const x = left + (t / totalSeconds) * plotWidth;
    out.push(`<line x1="${fmt(x)}" y1="${axisY}" x2="${fmt(x)}" y2="${axisY + 5}" stroke="#333"/>`);
    out.push(`<text class="time-label" x="${fmt(x)}" y="${axisY + 18}" text-anchor="middle">${formatTimeTick(t, totalSeconds)}</text>`);
  }
  out.push(
    `<text class="axis-title" x="${left + plotWidth / 2}" y="${axisY + 36}" text-anchor="middle">${timeAxisTitle(
      totalSeconds,
    )}; one column = ${formatSpan(layout.columnSeconds)}</text>`,
  );
  out.push(`</g>`);

  // Legend: the five classes below 100 %, then absorbed and throttled.
  const swatch = 56;
  const limitText = onDemand ? "100% = the stream's on-demand capacity that second" : "100% = one shard's per-second limit";
  out.push(`<g class="legend" font-size="11" fill="#333">`);
  out.push(
    `<text x="${left}" y="${legendTop - 6}" font-weight="bold">peak 1-second write utilization per column (bytes or records, whichever is higher; ${limitText})</text>`,
  );
  let lower = 0;
  UTILIZATION_CLASSES.forEach(([upper, colour], i) => {
    const x = left + i * swatch;
    out.push(`<rect class="legend-swatch" x="${x}" y="${legendTop}" width="${swatch}" height="14" fill="${colour}" stroke="#999"/>`);
    out.push(`<text class="legend-label" x="${x + swatch / 2}" y="${legendTop + 28}" text-anchor="middle">${Math.round(lower * 100)}–${Math.round(upper * 100)}%</text>`);
    lower = upper;
  });
  const absorbedX = left + UTILIZATION_CLASSES.length * swatch + 20;
  out.push(`<rect class="legend-swatch absorbed" x="${absorbedX}" y="${legendTop}" width="${swatch}" height="14" fill="${ABSORBED_COLOUR}" stroke="#999"/>`);
  out.push(`<text class="legend-label" x="${absorbedX + swatch / 2}" y="${legendTop + 28}" text-anchor="middle">≥100%, absorbed</text>`);
  const throttledX = absorbedX + swatch + 40;
  out.push(`<rect class="legend-swatch throttle" x="${throttledX}" y="${legendTop}" width="${swatch}" height="14" fill="${THROTTLE_COLOUR}" stroke="#999"/>`);
  out.push(
    `<text class="legend-label" x="${throttledX + swatch / 2}" y="${legendTop + 28}" text-anchor="middle" fill="${THROTTLE_COLOUR}" font-weight="bold">throttled</text>`,
  );
  if (options.hotShardId && !onDemand) {
    out.push(`<text class="legend-label" x="${throttledX + swatch + 24}" y="${legendTop + 11}">▶ / black outline: hot shard ${escapeXml(options.hotShardId)}</text>`);
  }
  out.push(`</g>`);
  if (layout.note) out.push(`<text class="note" x="${left}" y="${noteTop}" font-size="11" fill="#555">${escapeXml(layout.note)}</text>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

function isHot(row: HeatmapRow, hotShardId: string | undefined): boolean {
  return hotShardId !== undefined && !row.aggregated && row.label === hotShardId;
}
