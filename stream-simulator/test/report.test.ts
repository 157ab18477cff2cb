import { KINESIS_LIMITS } from "../src/limits";
import { costToJson, simulationToJson, sizeToJson, stringifyReport } from "../src/report/json";
import { createProgressBar, renderBar } from "../src/report/progress";
import { THROTTLE_COLOUR, layoutHeatmap, renderHeatmapSvg, utilizationColour } from "../src/report/svg";
import {
  describeBottleneck,
  formatMiBps,
  formatPercent,
  formatUsdPerMonth,
  renderCostReport,
  renderSimulationReport,
  renderSizeReport,
  renderTable,
  verdictLine,
} from "../src/report/table";
import { simulate } from "../src/shards";
import type { Bottleneck, CostBreakdown, SimulationResult, SizingResult, UtilizationHeatmap } from "../src/types";
import { loadExample, provisioned } from "./helpers";

// ---------------------------------------------------------------------------------------------------------------
// Small helpers: a minimal XML well-formedness check and synthetic inputs.

/** Checks tags balance (ignoring self-closing ones) and returns the root element name. */
function checkWellFormed(xml: string): string {
  const stack: string[] = [];
  let root: string | undefined;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  const stripped = xml.replace(/<\?xml[^>]*\?>/, "");
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = tag.exec(stripped)) !== null) {
    const between = stripped.slice(consumed, m.index);
    if (between.includes("<")) throw new Error(`malformed markup near: ${between.slice(0, 60)}`);
    consumed = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (root === undefined) root = name;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name);
  }
  if (stripped.slice(consumed).includes("<")) throw new Error("trailing markup");
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(",")}`);
  if (root === undefined) throw new Error("no element");
  return root;
}

function heatmapOf(shards: number, buckets: number, value: (shard: number, bucket: number) => number, bucketSeconds = 60): UtilizationHeatmap {
  const values = new Float32Array(shards * buckets);
  for (let s = 0; s < shards; s++) for (let b = 0; b < buckets; b++) values[s * buckets + b] = value(s, b);
  return { shards, buckets, bucketSeconds, values };
}

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `shardId-${String(i).padStart(12, "0")}`);

function costOf(mode: "provisioned" | "on-demand", total: number): CostBreakdown {
  return {
    capacity: mode === "provisioned" ? { mode, shards: 3 } : { mode },
    lines: [{ item: "line", quantity: 2190, unit: "shard-hours", unitPriceUsd: 0.015, monthlyUsd: total }],
    totalMonthlyUsd: total,
    priceTableAsOf: "2024-07-01",
    region: "us-east-1",
  };
}

function simulationOf(shards: number, throttled: number): SimulationResult {
  const perShard = ids(shards).map((shardId, i) => ({
    shardId,
    trafficShare: 1 / shards,
    offeredRecords: 1000 + i,
    throttledRecords: i === 1 ? throttled : 0,
    peakWriteUtilization: i === 1 ? 1.3 : 0.4,
    meanWriteUtilization: 0.3,
    peakBytesPerSecond: 500_000,
    peakRecordsPerSecond: 700,
  }));
  const offered = perShard.reduce((a, s) => a + s.offeredRecords, 0);
  return {
    capacity: { mode: "provisioned", shards },
    durationSeconds: 3600,
    offeredRecords: offered,
    acceptedRecords: offered - throttled,
    writeThrottledRecords: throttled,
    writeThrottledFraction: throttled / offered,
    rejectedRecords: 0,
    maxShardWriteUtilization: 1.3,
    hotShard: { shardId: perShard[1].shardId, peakBytesPerSecond: 500_000, peakRecordsPerSecond: 700, peakWriteUtilization: 1.3 },
    readThrottledSeconds: 0,
    maxIteratorAgeSeconds: 1,
    bottleneck: "write-records",
    perShard,
    heatmap: heatmapOf(shards, 4, () => 0.5),
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe("text tables", () => {
  it("aligns every column: the first left-aligned, the others right-aligned, separated by two spaces", () => {
    const table = renderTable(["Item", "Value"], [
      ["a", "1"],
      ["longer item", "12,345"],
    ]);
    const lines = table.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^-+ {2}-+$/);
    // Right-aligned values end in the same column.
    expect(lines[2].length).toBe(lines[3].length);
    expect(lines[2].endsWith(" 1")).toBe(true);
    expect(lines[3].startsWith("longer item  ")).toBe(true);
  });

  it("formats units the way the reports promise", () => {
    expect(formatMiBps(1024 * 1024)).toBe("1.00 MiB/s");
    expect(formatMiBps(512 * 1024)).toBe("0.500 MiB/s");
    expect(formatPercent(0.012345)).toBe("1.23%");
    expect(formatUsdPerMonth(1234.5)).toBe("$1,234.50/month");
  });

  it("describes every bottleneck, quoting the per-shard limit from the limits table", () => {
    const all: Bottleneck[] = [
      "write-bytes",
      "write-records",
      "hot-key",
      "shared-read-bytes",
      "shared-read-calls",
      "efo-read-bytes",
      "on-demand-scaling",
      "none",
    ];
    for (const b of all) expect(describeBottleneck(b).length).toBeGreaterThan(5);
    expect(describeBottleneck("write-records")).toContain(KINESIS_LIMITS.shardWriteRecordsPerSecond.value.toLocaleString("en-US"));
    expect(describeBottleneck("write-bytes")).toContain(formatMiBps(KINESIS_LIMITS.shardWriteBytesPerSecond.value));
  });

  it("writes a plain-language verdict line", () => {
    expect(verdictLine({ mode: "provisioned", shards: 3 }, 0, "write-bytes")).toBe(
      `3 shards: throttles 0.00% — bound by ${describeBottleneck("write-bytes")}`,
    );
    expect(verdictLine({ mode: "on-demand" }, 0.5, "on-demand-scaling")).toMatch(/^on-demand: throttles 50\.00% — bound by on-demand/);
  });

  it("size report: verdict first, FAQ comparison, both costs, and INFEASIBLE when no shard count works", () => {
    const sizing: SizingResult = {
      recommendedShards: 5,
      feasible: true,
      bottleneck: "write-bytes",
      faqFormulaShards: 4,
      throttledFraction: 0,
      peakShardUtilization: 0.8,
      simulatedShards: 5,
      explanation: "Because.",
      advice: ["Aggregate records."],
      cost: { provisioned: costOf("provisioned", 54.75), onDemand: costOf("on-demand", 120) },
    };
    const text = renderSizeReport(sizing, "w.json");
    expect(text.split("\n")[0]).toContain("5 shards: throttles 0.00% — bound by write bytes");
    expect(text).toMatch(/AWS FAQ formula\s+4 shards/);
    expect(text).toContain("$54.75/month");
    expect(text).toContain("$120.00/month");
    expect(text).toContain("- Aggregate records.");
    const infeasible = renderSizeReport({ ...sizing, recommendedShards: null, feasible: false, bottleneck: "hot-key", cost: { provisioned: null, onDemand: costOf("on-demand", 120) } }, "w.json");
    expect(infeasible.split("\n")[0]).toContain("INFEASIBLE");
    expect(infeasible).toMatch(/Recommended shards\s+none \(infeasible\)/);
  });

  it("simulation report lists the busiest shards first and caps the per-shard table", () => {
    const text = renderSimulationReport(simulationOf(30, 70), "w.json", 5);
    expect(text).toContain("Busiest 5 of 30 shards");
    const rows = text.split("\n").filter((l) => l.startsWith("shardId-"));
    expect(rows).toHaveLength(5);
    expect(rows[0].startsWith("shardId-000000000001")).toBe(true);
    expect(text).toContain("130.0%");
  });

  it("simulation report: a peak above the limit absorbed by the burst capacity is not 'below every limit'; the closest limit is named", () => {
    const w = loadExample("clickstream-uuid.json");
    const r = simulate(w, provisioned(9));
    expect(r.writeThrottledRecords).toBe(0);
    expect(r.maxShardWriteUtilization).toBeGreaterThan(1);
    const text = renderSimulationReport(r, "x.json");
    expect(text).not.toMatch(/below every limit/);
    expect(text).toMatch(/absorbed by its burst capacity/);
    expect(text).toMatch(/closest limit: write bytes/);
  });

  it("simulation report: a run that rejects every record says REJECTS 100.00% and that nothing is written", () => {
    const r = simulate({ recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 30 }, provisioned(1));
    const text = renderSimulationReport(r, "x.json");
    expect(text.split("\n")[0]).toMatch(/REJECTS 100\.00%/);
    expect(text.split("\n")[0]).toMatch(/nothing is written/);
  });

  it("cost report shows both capacities and names the cheaper one", () => {
    const text = renderCostReport([costOf("provisioned", 50), costOf("on-demand", 80)], "w.json");
    expect(text).toContain("Total");
    expect(text).toContain("Verdict: 3 shards is cheaper by $30.00/month.");
  });
});

describe("JSON reports", () => {
  it("size JSON carries the recommendation and both monthly totals", () => {
    const doc = sizeToJson(
      {
        recommendedShards: null,
        feasible: false,
        bottleneck: "hot-key",
        faqFormulaShards: 2,
        throttledFraction: 0.3,
        peakShardUtilization: 1.4,
        simulatedShards: 2,
        explanation: "",
        advice: [],
        cost: { provisioned: null, onDemand: costOf("on-demand", 99) },
      },
      "hot.json",
    );
    expect(doc).toMatchObject({ recommendedShards: null, feasible: false, cost: { provisionedMonthlyUsd: null, onDemandMonthlyUsd: 99 } });
  });

  it("simulation JSON keeps every result field but replaces the heatmap values with its dimensions", () => {
    const sim = simulationOf(3, 10);
    const parsed = JSON.parse(stringifyReport(simulationToJson(sim, "w.json", "out.svg")));
    expect(parsed.heatmap).toEqual({ shards: 3, buckets: 4, bucketSeconds: 60 });
    expect(parsed.writeThrottledRecords).toBe(10);
    expect(parsed.perShard).toHaveLength(3);
    expect(parsed.svgFile).toBe("out.svg");
  });

  it("stringifies typed arrays as arrays and non-finite numbers as null", () => {
    const parsed = JSON.parse(stringifyReport({ a: new Float32Array([0.5, 1]), b: Infinity, c: 10n }));
    expect(parsed).toEqual({ a: [0.5, 1], b: null, c: "10" });
  });

  it("cost JSON has null for the capacity not asked for", () => {
    expect(costToJson(costOf("provisioned", 5), null, "w.json")).toMatchObject({ provisionedMonthlyUsd: 5, onDemandMonthlyUsd: null });
  });
});

describe("progress bar", () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, columns: 60, write: (c: string) => chunks.push(c) } };
  };

  it("never writes anything when stderr is not a terminal", () => {
    const { chunks, stream } = sink(false);
    const bar = createProgressBar(stream, { delayMs: 0 });
    for (let i = 0; i <= 100; i++) bar.update(i / 100);
    bar.done();
    expect(chunks).toEqual([]);
    expect(bar.drawn).toBe(false);
  });

  it("never writes anything when the results do not go to a terminal, even on a terminal stderr", () => {
    const { chunks, stream } = sink(true);
    const bar = createProgressBar(stream, { delayMs: 0, resultsToTerminal: false });
    for (let i = 0; i <= 100; i++) bar.update(i / 100);
    bar.done();
    expect(chunks).toEqual([]);
  });

  it("draws on a terminal once the delay has passed, at most once per percent, and clears the line at the end", () => {
    let t = 0;
    const { chunks, stream } = sink(true);
    const bar = createProgressBar(stream, { delayMs: 100, now: () => t, label: "simulating" });
    bar.update(0.1);
    expect(chunks).toHaveLength(0); // short runs stay silent
    t = 150;
    for (let i = 0; i < 1000; i++) bar.update(i / 1000);
    expect(chunks).toHaveLength(100);
    expect(chunks[chunks.length - 1]).toMatch(/^\rsimulating \[█+░*\] {2}99%$/);
    bar.done();
    expect(chunks[chunks.length - 1]).toMatch(/^\r +\r$/);
  });

  it("renders a bar proportional to the fraction and clamps out-of-range input", () => {
    const half = renderBar(0.5, 40);
    expect(half.length).toBeLessThanOrEqual(40);
    const filled = half.match(/█/g)!.length;
    expect(half.match(/░/g)!.length).toBe(filled);
    expect(half.endsWith(" 50%")).toBe(true);
    expect(renderBar(2, 40)).toContain("100%");
    expect(renderBar(-1, 40)).toMatch(/^\[░+\] {3}0%$/);
  });
});

describe("SVG heatmap", () => {
  it("is a well-formed SVG with one cell per shard × bucket, axes, a legend and the hot shard marked", () => {
    const hm = heatmapOf(4, 10, (s, b) => (s === 2 && b >= 5 ? 1.2 : 0.1 * s));
    const svg = renderHeatmapSvg({ heatmap: hm, shardIds: ids(4), hotShardId: ids(4)[2], title: "T & <title>" });
    expect(checkWellFormed(svg)).toBe("svg");
    expect(svg.match(/class="cell"/g)).toHaveLength(40);
    // Throttling cells are red, and only those.
    expect(svg.match(new RegExp(`class="cell"[^>]*fill="${THROTTLE_COLOUR}"`, "g"))).toHaveLength(5);
    expect(svg).toContain("T &amp; &lt;title&gt;");
    for (const id of ids(4)) expect(svg).toContain(id);
    expect(svg).toMatch(/class="shard-label hot"[^>]*>▶ shardId-000000000002/);
    expect(svg).toContain('class="hot-marker"');
    expect(svg).toContain('class="legend"');
    for (const label of ["0%", "50%", "100%", "≥100%"]) expect(svg).toContain(`>${label}`);
    expect(svg.match(/class="time-label"/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it("colour scale: darker as utilization grows, red from 100%", () => {
    const lum = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    expect(lum(utilizationColour(0))).toBeGreaterThan(lum(utilizationColour(0.5)));
    expect(lum(utilizationColour(0.5))).toBeGreaterThan(lum(utilizationColour(0.99)));
    expect(utilizationColour(0.999)).not.toBe(THROTTLE_COLOUR);
    expect(utilizationColour(1)).toBe(THROTTLE_COLOUR);
    expect(utilizationColour(7)).toBe(THROTTLE_COLOUR);
  });

  it("caps 1,000 shards to the busiest rows plus one aggregated row, keeping every peak visible", () => {
    const hm = heatmapOf(1000, 120, (s, b) => (s === 777 ? 1.5 : s % 100 === 0 ? 0.9 : ((s * 7 + b) % 50) / 100));
    const layout = layoutHeatmap(hm, ids(1000), 40, 120);
    expect(layout.rows).toHaveLength(40);
    const last = layout.rows[39];
    expect(last.aggregated).toBe(true);
    expect(last.shardIndices).toHaveLength(961);
    // The hot shard and the ten 90% shards are among the shown rows, in shard order.
    const shown = layout.rows.slice(0, 39).map((r) => r.shardIndices[0]);
    expect(shown).toContain(777);
    for (let s = 0; s < 1000; s += 100) expect(shown).toContain(s);
    expect([...shown].sort((a, b) => a - b)).toEqual(shown);
    // The aggregated row is the per-bucket maximum of the rest.
    expect(last.peak).toBeCloseTo(0.49, 5);
    expect(layout.note).toMatch(/39 busiest of 1,000 shards/);
    const svg = renderHeatmapSvg({ heatmap: hm, shardIds: ids(1000), hotShardId: ids(1000)[777], title: "big" });
    expect(checkWellFormed(svg)).toBe("svg");
    expect(svg.match(/class="cell"/g)).toHaveLength(40 * 120);
    expect(svg).toContain("961 others (max)");
  });

  it("merges time buckets by maximum when there are more buckets than columns, so a one-bucket spike survives", () => {
    const hm = heatmapOf(2, 3600, (s, b) => (s === 1 && b === 1234 ? 1.1 : 0.2), 1);
    const layout = layoutHeatmap(hm, undefined, 40, 120);
    expect(layout.columns).toBe(120);
    expect(layout.columnSeconds).toBe(30);
    expect(layout.rows[1].values[Math.floor(1234 / 30)]).toBeCloseTo(1.1, 5);
    expect(layout.rows[1].peak).toBeCloseTo(1.1, 5);
    expect(layout.rows[0].peak).toBeCloseTo(0.2, 5);
  });
});
