import { compareCosts, estimateCost, firehoseIngestionUsd, kinesisRecordShape, putPayloadUnits, roundUpTo } from "../src/cost";
import { US_EAST_1_PRICES, resolvePrices } from "../src/prices";
import type { CostLine, Workload } from "../src/types";

const GiB = 1024 ** 3;
const HOURS = 730;
const SECONDS = HOURS * 3600;

function lineOf(lines: readonly CostLine[], prefix: string): CostLine {
  const l = lines.find((x) => x.item.startsWith(prefix));
  if (!l) throw new Error(`no line '${prefix}' in ${lines.map((x) => x.item).join(", ")}`);
  return l;
}

describe("price table", () => {
  it("every price carries a source and an ISO date; the unconfirmed ones are marked", () => {
    for (const [k, v] of Object.entries(US_EAST_1_PRICES)) {
      if (k === "region" || k === "asOf") continue;
      expect(v).toMatchObject({ value: expect.any(Number), source: expect.stringMatching(/\S/), asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    expect(US_EAST_1_PRICES.firehoseTier1GbPrice.unconfirmed).toBe(true);
    expect(US_EAST_1_PRICES.shardHour.unconfirmed).toBeUndefined();
  });

  it("overrides by number or by full Price; unknown keys and negative prices are refused", () => {
    const p = resolvePrices({ shardHour: 0.02, onDemandGbIn: { value: 0.1, unit: "USD per GB", source: "quote", asOf: "2026-11-01" } });
    expect(p.shardHour).toMatchObject({ value: 0.02, source: "override", unit: US_EAST_1_PRICES.shardHour.unit });
    expect(p.onDemandGbIn.source).toBe("quote");
    expect(p.putPayloadUnitsPerMillion).toBe(US_EAST_1_PRICES.putPayloadUnitsPerMillion);
    expect(() => resolvePrices({ nope: 1 } as never)).toThrow(/unknown price/);
    expect(() => resolvePrices({ shardHour: -1 })).toThrow(RangeError);
  });
});

describe("billing rounding rules", () => {
  it("PUT payload units: 25 KB chunks per record (AWS: 5 KB → 1, 45 KB → 2, 1 MB → 40)", () => {
    expect(putPayloadUnits(5 * 1024)).toBe(1);
    expect(putPayloadUnits(45 * 1024)).toBe(2);
    expect(putPayloadUnits(1_000_000)).toBe(40);
    expect(putPayloadUnits(25 * 1024)).toBe(1);
    expect(putPayloadUnits(25 * 1024 + 1)).toBe(2);
    expect(putPayloadUnits(0)).toBe(1);
  });

  it("on-demand rounds each record up to 1 KB, Firehose to 5 KB", () => {
    expect(roundUpTo(1, 1024)).toBe(1024);
    expect(roundUpTo(1024, 1024)).toBe(1024);
    expect(roundUpTo(1025, 1024)).toBe(2048);
    expect(roundUpTo(100, 5120)).toBe(5120);
    expect(roundUpTo(5121, 5120)).toBe(10240);
  });

  it("Firehose ingestion is tiered", () => {
    const p = resolvePrices({ firehoseTier1SizeGb: 100, firehoseTier2SizeGb: 50 });
    // 100 GB × 0.029 + 50 GB × 0.025 + 30 GB × 0.020
    expect(firehoseIngestionUsd(180, p)).toBeCloseTo(100 * 0.029 + 50 * 0.025 + 30 * 0.02, 10);
    expect(firehoseIngestionUsd(40, p)).toBeCloseTo(40 * 0.029, 10);
  });
});

describe("estimateCost: provisioned, worked by hand from the documented rates", () => {
  const w: Workload = { recordsPerSecond: 1000, recordBytes: 5 * 1024 };

  it("1 shard for 730 h = $10.95; 1,000 records/s of 5 KB = 1 PUT unit each = 2,628 M units = $36.792", () => {
    const c = estimateCost(w, { mode: "provisioned", shards: 1 }, { firehose: false });
    expect(lineOf(c.lines, "Shard hours")).toMatchObject({ quantity: 730, unitPriceUsd: 0.015 });
    expect(lineOf(c.lines, "Shard hours").monthlyUsd).toBeCloseTo(10.95, 10);
    const put = lineOf(c.lines, "PUT payload units");
    expect(put.quantity).toBeCloseTo((1000 * SECONDS) / 1e6, 6); // 2,628 million
    expect(put.monthlyUsd).toBeCloseTo(36.792, 6);
    expect(c.totalMonthlyUsd).toBeCloseTo(10.95 + 36.792, 6);
    expect(c.lines.map((l) => l.item)).toEqual(["Shard hours", "PUT payload units"]); // 24 h retention: no extension
    expect(c.priceTableAsOf).toBe("2024-07-01");
  });

  it("45 KB records cost 2 PUT units each", () => {
    const c = estimateCost({ recordsPerSecond: 10, recordBytes: 45 * 1024 }, { mode: "provisioned", shards: 1 }, { firehose: false });
    expect(lineOf(c.lines, "PUT payload units").quantity).toBeCloseTo((2 * 10 * SECONDS) / 1e6, 9);
  });

  it("retention tiers: > 24 h adds $0.02 per shard-hour; > 7 days also bills GB-months beyond day 7", () => {
    const two = { mode: "provisioned" as const, shards: 2 };
    const c48 = estimateCost({ ...w, retentionHours: 48 }, two, { firehose: false });
    expect(lineOf(c48.lines, "Extended retention").monthlyUsd).toBeCloseTo(2 * 730 * 0.02, 10); // $29.20
    expect(c48.lines.some((l) => l.item.startsWith("Long-term"))).toBe(false);

    const c30d = estimateCost({ ...w, retentionHours: 720 }, two, { firehose: false });
    expect(lineOf(c30d.lines, "Extended retention").monthlyUsd).toBeCloseTo(29.2, 10);
    const gbBeyond7d = (1000 * 5 * 1024 * (720 - 168) * 3600) / GiB; // ≈ 9,476 GB stored older than 7 days
    expect(lineOf(c30d.lines, "Long-term retention").quantity).toBeCloseTo(gbBeyond7d, 6);
    expect(lineOf(c30d.lines, "Long-term retention").monthlyUsd).toBeCloseTo(gbBeyond7d * 0.023, 6);
  });

  it("enhanced fan-out: consumer-shard-hours and GB retrieved per consumer", () => {
    const c = estimateCost({ ...w, consumers: { enhancedFanOut: 2 } }, { mode: "provisioned", shards: 3 }, { firehose: false });
    expect(lineOf(c.lines, "Enhanced fan-out consumer-shard hours").monthlyUsd).toBeCloseTo(2 * 3 * 730 * 0.015, 10);
    expect(lineOf(c.lines, "Enhanced fan-out data retrieved").quantity).toBeCloseTo((2 * 1000 * 5 * 1024 * SECONDS) / GiB, 6);
  });

  it("KPL aggregation packs AWS's 1,000 × 512 B/s into ~10 Kinesis records/s and cuts PUT units ~50×", () => {
    const small: Workload = { recordsPerSecond: 1000, recordBytes: 512, partitionKey: { strategy: "static" } };
    const plain = estimateCost(small, { mode: "provisioned", shards: 1 }, { firehose: false });
    const agg = estimateCost({ ...small, producer: { aggregation: true, lingerMs: 1000 } }, { mode: "provisioned", shards: 1 }, { firehose: false });
    expect(agg.kinesisRecordsPerSecond).toBeGreaterThanOrEqual(10);
    expect(agg.kinesisRecordsPerSecond).toBeLessThan(11);
    expect(agg.kinesisRecordBytes).toBeLessThan(51_200);
    const ratio = lineOf(plain.lines, "PUT payload units").quantity / lineOf(agg.lines, "PUT payload units").quantity;
    expect(ratio).toBeGreaterThan(45);
    expect(ratio).toBeLessThan(51);
    // The shape agrees with the replay model's own packing (≈ 98 user records of 520 serialized bytes each).
    expect(kinesisRecordShape({ ...small, producer: { aggregation: true, lingerMs: 1000 } }, 1).userRecordsPerKinesisRecord).toBe(98);
  });

  it("linger limits aggregation: 100 ms at 1,000 records/s over 10 shards packs only ~10 records", () => {
    const s = kinesisRecordShape({ recordsPerSecond: 1000, recordBytes: 100, producer: { aggregation: true, lingerMs: 100 } }, 10);
    expect(s.userRecordsPerKinesisRecord).toBe(10);
  });
});

describe("estimateCost: on-demand", () => {
  it("stream-hours $29.20; data in rounded up to 1 KB per record; data out per shared consumer, unrounded", () => {
    const c = estimateCost({ recordsPerSecond: 1000, recordBytes: 100 }, { mode: "on-demand" }, { firehose: false });
    expect(lineOf(c.lines, "On-demand stream hours").monthlyUsd).toBeCloseTo(29.2, 10);
    const inGb = (1000 * SECONDS * 1024) / GiB; // ≈ 2,506 GB billed although only ≈ 245 GB were sent
    expect(lineOf(c.lines, "On-demand data in").quantity).toBeCloseTo(inGb, 6);
    expect(lineOf(c.lines, "On-demand data in").monthlyUsd).toBeCloseTo(inGb * 0.08, 6);
    const outGb = (1000 * 100 * SECONDS) / GiB;
    expect(lineOf(c.lines, "On-demand data out").monthlyUsd).toBeCloseTo(outGb * 0.04, 6);
  });

  it("retention: GB-months between 24 h and 7 days at $0.10, beyond 7 days at $0.023", () => {
    const c = estimateCost({ recordsPerSecond: 100, recordBytes: 1000, retentionHours: 240 }, { mode: "on-demand" }, { firehose: false });
    const perHourGb = (100 * 1000 * 3600) / GiB;
    expect(lineOf(c.lines, "On-demand extended retention").quantity).toBeCloseTo(perHourGb * (168 - 24), 9);
    expect(lineOf(c.lines, "On-demand long-term retention").quantity).toBeCloseTo(perHourGb * (240 - 168), 9);
  });
});

describe("Firehose, S3, KMS and options", () => {
  it("Firehose ingestion bills each record as at least 5 KB", () => {
    const c = estimateCost({ recordsPerSecond: 10, recordBytes: 100 }, { mode: "provisioned", shards: 1 });
    const gb = (10 * SECONDS * 5120) / GiB;
    expect(lineOf(c.lines, "Firehose ingestion").quantity).toBeCloseTo(gb, 9);
    expect(lineOf(c.lines, "Firehose ingestion").monthlyUsd).toBeCloseTo(gb * 0.029, 9);
    expect(c.notes.join(" ")).toMatch(/unconfirmed/);
  });

  it("Firehose ingestion is billed only when a Firehose reads the stream (workload firehose, default true)", () => {
    const w: Workload = { recordsPerSecond: 1000, recordBytes: 1000, firehose: false };
    const c = estimateCost(w, { mode: "provisioned", shards: 1 });
    expect(c.lines.some((l) => /Firehose/.test(l.item))).toBe(false);
    expect(estimateCost({ ...w, firehose: true }, { mode: "provisioned", shards: 1 }).lines.some((l) => /Firehose/.test(l.item))).toBe(true);
    // Default: true (this project's pipelines deliver through Firehose).
    expect(estimateCost({ recordsPerSecond: 1000, recordBytes: 1000 }, { mode: "on-demand" }).lines.some((l) => /Firehose/.test(l.item))).toBe(true);
  });

  it("S3 and KMS lines appear only when asked for", () => {
    const base = estimateCost({ recordsPerSecond: 1, recordBytes: 1 }, { mode: "provisioned", shards: 1 });
    expect(base.lines.some((l) => /S3|KMS/.test(l.item))).toBe(false);
    const c = estimateCost(
      { recordsPerSecond: 1, recordBytes: 1 },
      { mode: "provisioned", shards: 1 },
      { s3: { objectsPerMonth: 8760, storedGbMonth: 100 }, kmsCustomerManagedKeys: 1, kmsRequestsPerMonth: 100_000 },
    );
    expect(lineOf(c.lines, "S3 PUT requests").monthlyUsd).toBeCloseTo(8.76 * 0.005, 10);
    expect(lineOf(c.lines, "S3 Standard storage").monthlyUsd).toBeCloseTo(2.3, 10);
    expect(lineOf(c.lines, "KMS customer-managed keys").monthlyUsd).toBeCloseTo(1, 10);
    expect(lineOf(c.lines, "KMS requests").monthlyUsd).toBeCloseTo(0.3, 10);
  });

  it("hoursPerMonth scales hourly lines; a price override changes only its line", () => {
    const w = { recordsPerSecond: 1, recordBytes: 1 };
    const c = estimateCost(w, { mode: "provisioned", shards: 4 }, { hoursPerMonth: 720, prices: { shardHour: 0.02 }, firehose: false });
    expect(lineOf(c.lines, "Shard hours").monthlyUsd).toBeCloseTo(4 * 720 * 0.02, 10);
    expect(() => estimateCost(w, { mode: "provisioned", shards: 0 })).toThrow(RangeError);
  });

  it("total is the sum of its lines", () => {
    const c = estimateCost(
      { recordsPerSecond: 5000, recordBytes: 2000, retentionHours: 500, consumers: { shared: 2, enhancedFanOut: 1 } },
      { mode: "on-demand" },
      { kmsCustomerManagedKeys: 2 },
    );
    expect(c.totalMonthlyUsd).toBeCloseTo(c.lines.reduce((a, l) => a + l.monthlyUsd, 0), 9);
    for (const l of c.lines) expect(l.monthlyUsd).toBeCloseTo(l.quantity * l.unitPriceUsd, 6);
  });
});

describe("compareCosts", () => {
  it("steady small traffic is cheaper provisioned; the difference is reported", () => {
    const r = compareCosts({ recordsPerSecond: 100, recordBytes: 500 }, 1, { firehose: false });
    // provisioned: 10.95 + 262.8 M units × 0.014 = 14.63; on-demand: 29.20 + in + out
    expect(r.provisioned.totalMonthlyUsd).toBeCloseTo(10.95 + ((100 * SECONDS) / 1e6) * 0.014, 6);
    expect(r.cheaper).toBe("provisioned");
    expect(r.monthlySavingsUsd).toBeCloseTo(r.onDemand.totalMonthlyUsd - r.provisioned.totalMonthlyUsd, 9);
    expect(r.onDemand.capacity).toEqual({ mode: "on-demand" });
  });

  it("an over-provisioned stream for a trickle is cheaper on-demand", () => {
    const r = compareCosts({ recordsPerSecond: 1, recordBytes: 100 }, 50, { firehose: false });
    expect(r.cheaper).toBe("on-demand");
  });
});
