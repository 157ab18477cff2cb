import { KINESIS_LIMITS } from "../src/limits";
import { costToJson, simulationToJson, sizeToJson, stringifyReport } from "../src/report/json";
import { createProgressBar, renderBar } from "../src/report/progress";
import { ABSORBED_COLOUR, THROTTLE_COLOUR, UTILIZATION_CLASSES, layoutHeatmap, renderHeatmapSvg, utilizationColour } from "../src/report/svg";
import {
  describeBottleneck,
  formatMiBps,
  formatPercent,
  formatUnitPrice,
  formatUsdPerMonth,
  renderCostReport,
  renderSimulationReport,
  renderSizeReport,
  renderTable,
} from "../src/report/table";
import { simulate } from "../src/simulate";
import { size } from "../src/sizing";
import type { Bottleneck, CapacityOption, CostBreakdown, SimulationResult, UtilizationHeatmap } from "../src/types";
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

function heatmapOf(
  shards: number,
  buckets: number,
  value: (shard: number, bucket: number) => number,
  bucketSeconds = 60,
  throttledAt: (shard: number, bucket: number) => boolean = () => false,
): UtilizationHeatmap {
  const values = new Float32Array(shards * buckets);
  const throttled = new Uint8Array(shards * buckets);
  for (let s = 0; s < shards; s++) {
    for (let b = 0; b < buckets; b++) {
      values[s * buckets + b] = value(s, b);
      throttled[s * buckets + b] = throttledAt(s, b) ? 1 : 0;
    }
  }
  return { shards, buckets, bucketSeconds, values, throttled, relativeTo: "shard-limit" };
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
    firstAttemptThrottledRecords: i === 1 ? 2 * throttled : 0,
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
    bindingConstraint: "write-records",
    perShard,
    firstAttemptThrottledRecords: 2 * throttled,
    firstAttemptThrottledFraction: (2 * throttled) / offered,
    lostRecords: throttled,
    throttledSeconds: throttled > 0 ? 3 : 0,
    absorbedShardSeconds: 0,
    keyNaming: 0,
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
      "shared-read-records",
      "shared-read-calls",
      "efo-read-bytes",
      "efo-consumers",
      "record-size",
      "on-demand-scaling",
      "none",
    ];
    for (const b of all) expect(describeBottleneck(b).length).toBeGreaterThan(5);
    expect(describeBottleneck("write-records")).toContain(KINESIS_LIMITS.shardWriteRecordsPerSecond.value.toLocaleString("en-US"));
    expect(describeBottleneck("write-bytes")).toContain(formatMiBps(KINESIS_LIMITS.shardWriteBytesPerSecond.value));
  });

  it("rounds unit prices to what they need", () => {
    expect(formatUnitPrice(0.015)).toBe("$0.015");
    expect(formatUnitPrice(0.08 * 0.4)).toBe("$0.032");
    expect(formatUnitPrice(0.014 / 1e6)).toBe("$0.000000014");
    expect(formatUnitPrice(1)).toBe("$1");
    expect(formatUnitPrice(0)).toBe("$0");
  });

  it("size report: the recommendation and its binding question first, the three answers, what it depends on, the three modes", () => {
    const r = size({ recordsPerSecond: 40, recordBytes: 150_000, durationSeconds: 600 });
    const text = renderSizeReport(r, "w.json");
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      `Recommendation for w.json: 8 shards, set by the growth question — bound by ${describeBottleneck("write-bytes")}; ` +
        `${formatPercent(r.firstAttemptThrottledFraction, 3)} of first attempts throttled, 0 records lost`,
    );
    expect(text).toMatch(/^limit\s+6\s+busiest shard 95\.4% of write-bytes/m);
    expect(text).toMatch(/^growth\s+8\s+busiest shard 71\.5% \(headroom 80%\)/m);
    expect(text).toMatch(/^throttle\s+7\s+/m);
    expect(text).toMatch(/^AWS formula\s+6\s+/m);
    expect(text).toContain("What the answer depends on:");
    expect(text).toMatch(/^provisioned, 8 shards\s+\$[\d,.]+\/month\s+no$/m);
    expect(text).toMatch(/^On-demand Standard\s+\$[\d,.]+\/month\s+yes$/m);
    expect(text).toMatch(/^On-demand Advantage\s+\$[\d,.]+\/month\s+yes$/m);
    expect(text).toContain("Cheapest that does not throttle: provisioned.");
    // No raw floating-point noise in unit prices.
    expect(text).not.toMatch(/\$\d+\.\d{9,}/);
  });

  it("size report: an infeasible workload says so, and records above the maximum size 'reject 100%'", () => {
    const hot = renderSizeReport(size({ recordsPerSecond: 1500, recordBytes: 1000, partitionKey: { strategy: "static" }, durationSeconds: 60 }), "w.json");
    expect(hot.split("\n")[0]).toBe(`Recommendation for w.json: INFEASIBLE — no shard count meets the rule — bound by ${describeBottleneck("hot-key")}`);
    expect(hot).toMatch(/^limit\s+none\s+/m);
    const big = renderSizeReport(size({ recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 60 }), "w.json");
    expect(big.split("\n")[0]).toContain("the stream rejects 100% of the records");
  });

  it("size report: a growth answer above the headroom because of one key says so, and how much growth is left", () => {
    const text = renderSizeReport(size({ recordsPerSecond: 850, recordBytes: 100, partitionKey: { strategy: "static" }, durationSeconds: 600 }), "w.json");
    expect(text).toMatch(/^growth\s+1\s+one key holds a shard at 85\.0% \(above the 80% headroom; at most 1\.18× growth\)/m);
  });

  it("simulation report: first-attempt and lost records, one limiting constraint, the busiest shards first", () => {
    const text = renderSimulationReport(simulationOf(30, 70), "w.json", 5);
    expect(text).toMatch(/First-attempt throttled\s+140 \(/);
    expect(text).toMatch(/Lost after retries\s+70 \(/);
    expect(text).toMatch(/^Limited by\s+write records/m);
    expect(text).not.toMatch(/Binding constraint/);
    expect(text.split("\n")[0]).toContain("bound by write records");
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
    expect(text).toMatch(/^Closest limit\s+write bytes .*\(nothing throttled\)$/m);
    expect(text).toMatch(/^Bursts absorbed\s+[\d,]+ shard-seconds above the per-second limit, no throttling$/m);
  });

  it("simulation report of on-demand: its start, cold start and steady state", () => {
    const r = simulate({ recordsPerSecond: 6 * 1024, recordBytes: 988, durationSeconds: 1800 }, { capacity: { mode: "on-demand" } });
    const text = renderSimulationReport(r, "x.json");
    expect(text).toMatch(/^On-demand start\s+4\.00 MiB\/s of capacity \(Standard\)$/m);
    expect(text).toMatch(/^Cold start\s+1[56]m \d\ds: [\d,]+ first attempts throttled, [\d,]+ lost$/m);
    expect(text).toMatch(/^Steady state\s+0 first attempts throttled, 0 lost$/m);
  });

  it("simulation report: a run that rejects every record says REJECTS 100.00% and that nothing is written", () => {
    const r = simulate({ recordsPerSecond: 1, recordBytes: 2 * 1024 * 1024, durationSeconds: 30 }, provisioned(1));
    const text = renderSimulationReport(r, "x.json");
    expect(text.split("\n")[0]).toMatch(/REJECTS 100\.00%/);
    expect(text.split("\n")[0]).toMatch(/nothing is written/);
  });

  it("cost report shows each breakdown and, with a comparison, the three modes, what throttles and the cheapest that does not", () => {
    const options: CapacityOption[] = [
      { mode: "provisioned", monthlyUsd: 50, throttles: false, note: "provisioned: 3 shards pass" },
      { mode: "on-demand", monthlyUsd: 40, throttles: true, note: "On-demand Standard: the cold start throttles" },
      { mode: "on-demand-advantage", monthlyUsd: 3000, throttles: false, note: "On-demand Advantage: passes, cold start included" },
    ];
    const text = renderCostReport([costOf("provisioned", 50), costOf("on-demand", 40)], "w.json", { options, provisionedShards: 3, cheapest: "provisioned" });
    expect(text).toContain("Total");
    expect(text).toMatch(/^provisioned, 3 shards\s+\$50\.00\/month\s+no$/m);
    expect(text).toMatch(/^On-demand Standard\s+\$40\.00\/month\s+yes$/m);
    expect(text).toContain("Cheapest that does not throttle: provisioned.");
  });
});

describe("JSON reports", () => {
  it("size JSON carries every result field: the three questions, what it depends on, and the three monthly totals", () => {
    const r = size({ recordsPerSecond: 1500, recordBytes: 1000, partitionKey: { strategy: "static" }, durationSeconds: 60 });
    const doc = JSON.parse(stringifyReport(sizeToJson(r, "hot.json")));
    expect(doc).toMatchObject({
      command: "size",
      recommendedShards: null,
      feasible: false,
      binding: null,
      questions: { limit: { shards: null }, growth: { shards: null }, throttle: { shards: null } },
      cost: { provisionedMonthlyUsd: null, onDemandMonthlyUsd: r.cost.onDemand.totalMonthlyUsd, onDemandAdvantageMonthlyUsd: r.cost.onDemandAdvantage.totalMonthlyUsd },
    });
    expect(doc.dependsOn.length).toBeGreaterThan(0);
    expect(doc.cost.options).toHaveLength(3);
  });

  it("simulation JSON keeps every result field but replaces the heatmap values with its dimensions", () => {
    const sim = simulationOf(3, 10);
    const parsed = JSON.parse(stringifyReport(simulationToJson(sim, "w.json", "out.svg")));
    expect(parsed.heatmap).toEqual({ shards: 3, buckets: 4, bucketSeconds: 60, throttledCells: 0 });
    expect(parsed.firstAttemptThrottledRecords).toBe(20);
    expect(parsed.writeThrottledRecords).toBe(10);
    expect(parsed.perShard).toHaveLength(3);
    expect(parsed.svgFile).toBe("out.svg");
  });

  it("stringifies typed arrays as arrays and non-finite numbers as null", () => {
    const parsed = JSON.parse(stringifyReport({ a: new Float32Array([0.5, 1]), b: Infinity, c: 10n }));
    expect(parsed).toEqual({ a: [0.5, 1], b: null, c: "10" });
  });

  it("cost JSON has null for the capacities not asked for", () => {
    expect(costToJson({ provisioned: costOf("provisioned", 5), onDemand: null, onDemandAdvantage: null }, "w.json")).toMatchObject({
      provisionedMonthlyUsd: 5,
      onDemandMonthlyUsd: null,
      onDemandAdvantageMonthlyUsd: null,
    });
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
  it("is a well-formed SVG with one cell per shard × bucket, axes, a legend and the hot shard marked; absorbed bursts apart from throttled ones", () => {
    // Shard 2 goes above its limit in buckets 5–9; only buckets 8 and 9 throttled (the burst bucket ran out).
    const hm = heatmapOf(4, 10, (s, b) => (s === 2 && b >= 5 ? 1.2 : 0.1 * s), 60, (s, b) => s === 2 && b >= 8);
    const svg = renderHeatmapSvg({ heatmap: hm, shardIds: ids(4), hotShardId: ids(4)[2], title: "T & <title>" });
    expect(checkWellFormed(svg)).toBe("svg");
    expect(svg.match(/class="cell[ "]/g)).toHaveLength(40);
    expect(svg.match(new RegExp(`class="cell throttled"[^>]*fill="${THROTTLE_COLOUR}"`, "g"))).toHaveLength(2);
    expect(svg.match(new RegExp(`class="cell absorbed"[^>]*fill="${ABSORBED_COLOUR}"`, "g"))).toHaveLength(3);
    expect(svg).toContain("T &amp; &lt;title&gt;");
    for (const id of ids(4)) expect(svg).toContain(id);
    expect(svg).toMatch(/class="shard-label hot"[^>]*>▶ shardId-000000000002/);
    expect(svg).toContain('class="hot-marker"');
    expect(svg).toContain('class="legend"');
    for (const label of ["0–20%", "80–100%", "≥100%, absorbed", "throttled"]) expect(svg).toContain(`>${label}<`);
    expect(svg).toContain("100% = one shard's per-second limit");
    expect(svg.match(/class="time-label"/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it("colour scale: five distinct classes below 100%, darker as utilization grows; amber absorbed, red throttled", () => {
    const lum = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    const classes = [0.1, 0.3, 0.5, 0.7, 0.9].map((u) => utilizationColour(u));
    expect(new Set(classes).size).toBe(5);
    expect(classes).toEqual(UTILIZATION_CLASSES.map(([, c]) => c));
    // Neighbouring classes differ by at least 60 in summed RGB: they can be told apart.
    for (let i = 1; i < classes.length; i++) expect(lum(classes[i - 1]) - lum(classes[i])).toBeGreaterThan(60);
    expect(utilizationColour(0.999)).toBe(classes[4]);
    expect(utilizationColour(1)).toBe(ABSORBED_COLOUR);
    expect(utilizationColour(7)).toBe(ABSORBED_COLOUR);
    expect(utilizationColour(0.5, true)).toBe(THROTTLE_COLOUR);
  });

  it("labels an on-demand run as the stream against its capacity, without a hot-shard marker", () => {
    const r = simulate({ recordsPerSecond: 6 * 1024, recordBytes: 988, durationSeconds: 1800 }, { capacity: { mode: "on-demand" }, heatmapBuckets: 60 });
    const svg = renderHeatmapSvg({ heatmap: r.heatmap!, shardIds: ["on-demand"], hotShardId: "on-demand", title: "od" });
    expect(checkWellFormed(svg)).toBe("svg");
    expect(svg).toContain("100% = the stream's on-demand capacity that second");
    expect(svg).toMatch(/>stream<\/text>/);
    expect(svg).not.toContain('class="hot-marker"');
    // The cold start's first 15 minutes throttle; the rest does not.
    const throttled = svg.match(/class="cell throttled"/g)!.length;
    expect(throttled).toBeGreaterThanOrEqual(30);
    expect(throttled).toBeLessThanOrEqual(32);
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
    expect(svg.match(/class="cell[ "]/g)).toHaveLength(40 * 120);
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
