import type { UtilizationHeatmap } from "../types";

/**
 * Per-shard × time write-utilization heatmap as a standalone SVG document.
 *
 * Rows are shards, columns are time buckets, colour is the bucket's peak write utilization: a sequential blue scale
 * from 0 % to just under 100 %, and red for ≥ 100 % (at or over the shard limit: throttling). Large streams are
 * capped: at most `maxRows` rows (the busiest shards, in shard order, plus one aggregated row holding the per-bucket
 * maximum of all the others) and at most `maxColumns` columns (adjacent buckets merged by maximum).
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

/** Utilization at or above this is drawn as throttling. */
export const THROTTLE_THRESHOLD = 1;
export const THROTTLE_COLOUR = "#d7191c";

/** Reduces the heatmap to the rows and columns that will be drawn. */
export function layoutHeatmap(
  heatmap: UtilizationHeatmap,
  shardIds: readonly string[] | undefined,
  maxRows = 40,
  maxColumns = 120,
): HeatmapLayout {
  const { shards, buckets, values } = heatmap;
  const merge = Math.max(1, Math.ceil(buckets / Math.max(1, maxColumns)));
  const columns = Math.ceil(buckets / merge);
  const rowValues = (s: number): Float64Array => {
    const out = new Float64Array(columns);
    for (let b = 0; b < buckets; b++) {
      const v = values[s * buckets + b];
      const c = Math.floor(b / merge);
      if (v > out[c]) out[c] = v;
    }
    return out;
  };
  const label = (s: number): string => shardIds?.[s] ?? `shard ${s}`;
  const peakOf = (v: Float64Array): number => v.reduce((m, x) => (x > m ? x : m), 0);

  const all: HeatmapRow[] = [];
  for (let s = 0; s < shards; s++) {
    const v = rowValues(s);
    all.push({ label: label(s), shardIndices: [s], aggregated: false, values: v, peak: peakOf(v) });
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
  for (const r of rest) for (let c = 0; c < columns; c++) if (r.values[c] > restValues[c]) restValues[c] = r.values[c];
  const aggregated: HeatmapRow = {
    label: `${rest.length.toLocaleString("en-US")} others (max)`,
    shardIndices: rest.map((r) => r.shardIndices[0]),
    aggregated: true,
    values: restValues,
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

/** Sequential scale for 0 ≤ u < 1 (light to dark blue); red at or above the limit. */
export function utilizationColour(u: number): string {
  if (!(u < THROTTLE_THRESHOLD)) return THROTTLE_COLOUR;
  const stops: readonly (readonly [number, number, number])[] = [
    [247, 251, 255],
    [198, 219, 239],
    [107, 174, 214],
    [33, 113, 181],
    [8, 48, 107],
  ];
  const t = Math.max(0, u) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const f = t - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `#${c.map((x) => x.toString(16).padStart(2, "0")).join("")}`;
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
        `<rect class="cell" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(cellW + 0.02)}" height="${cellH}" fill="${utilizationColour(
          row.values[c],
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
    if (!isHot(row, options.hotShardId)) return;
    out.push(
      `<rect class="hot-marker" x="${left - 1}" y="${top + r * cellH - 1}" width="${plotWidth + 2}" height="${cellH + 2}" fill="none" stroke="#000" stroke-width="2"/>`,
    );
  });
  out.push(
    `<text class="axis-title" x="12" y="${fmt(top + plotHeight / 2)}" transform="rotate(-90 12 ${fmt(
      top + plotHeight / 2,
    )})" text-anchor="middle" fill="#333">shard</text>`,
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

  // Legend: gradient 0–100 % plus a separate red swatch for ≥ 100 %.
  const legendWidth = 300;
  const steps = 50;
  out.push(`<g class="legend" font-size="11" fill="#333">`);
  out.push(`<text x="${left}" y="${legendTop - 6}" font-weight="bold">peak 1-second write utilization per column (bytes or records, whichever is higher; 100% = one shard's limit)</text>`);
  for (let i = 0; i < steps; i++) {
    const u = i / steps;
    out.push(
      `<rect class="legend-swatch" x="${fmt(left + (i * legendWidth) / steps)}" y="${legendTop}" width="${fmt(
        legendWidth / steps + 0.5,
      )}" height="14" fill="${utilizationColour(u)}"/>`,
    );
  }
  out.push(`<rect x="${left}" y="${legendTop}" width="${legendWidth}" height="14" fill="none" stroke="#999"/>`);
  for (const u of [0, 0.25, 0.5, 0.75, 1]) {
    const x = left + u * legendWidth;
    out.push(`<line x1="${fmt(x)}" y1="${legendTop + 14}" x2="${fmt(x)}" y2="${legendTop + 18}" stroke="#333"/>`);
    out.push(`<text class="legend-label" x="${fmt(x)}" y="${legendTop + 30}" text-anchor="middle">${u * 100}%</text>`);
  }
  const swatchX = left + legendWidth + 30;
  out.push(`<rect class="legend-swatch throttle" x="${swatchX}" y="${legendTop}" width="40" height="14" fill="${THROTTLE_COLOUR}" stroke="#999"/>`);
  out.push(
    `<text class="legend-label" x="${swatchX + 48}" y="${legendTop + 11}" fill="${THROTTLE_COLOUR}" font-weight="bold">≥100% — over the per-second limit (throttles when burst runs out)</text>`,
  );
  if (options.hotShardId) {
    out.push(
      `<text class="legend-label" x="${swatchX}" y="${legendTop + 30}">▶ / black outline: hot shard ${escapeXml(options.hotShardId)}</text>`,
    );
  }
  out.push(`</g>`);
  if (layout.note) out.push(`<text class="note" x="${left}" y="${noteTop}" font-size="11" fill="#555">${escapeXml(layout.note)}</text>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

function isHot(row: HeatmapRow, hotShardId: string | undefined): boolean {
  return hotShardId !== undefined && !row.aggregated && row.label === hotShardId;
}
