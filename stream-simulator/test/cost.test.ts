import { compareCosts, estimateCost, firehoseIngestionUsd, kinesisRecordShape, putPayloadUnits, roundUpTo, s3DeliveryOf } from "../src/cost";
import { simulateFirehose } from "../src/firehose";
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
      if (k === "region" || k === "asOf" || k === "reviewedOn") continue;
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
    // Kinesis lines only: no Firehose, and the AWS-managed key (no KMS key charge).
    const c = estimateCost(w, { mode: "provisioned", shards: 1 }, { firehose: false, kmsCustomerManagedKeys: 0 });
    expect(lineOf(c.lines, "Shard hours")).toMatchObject({ quantity: 730, unitPriceUsd: 0.015 });
    expect(lineOf(c.lines, "Shard hours").monthlyUsd).toBeCloseTo(10.95, 10);
    const put = lineOf(c.lines, "PUT payload units");
    expect(put.quantity).toBeCloseTo((1000 * SECONDS) / 1e6, 6); // 2,628 million
    expect(put.monthlyUsd).toBeCloseTo(36.792, 6);
    expect(c.totalMonthlyUsd).toBeCloseTo(10.95 + 36.792, 6);
    expect(c.lines.map((l) => l.item)).toEqual(["Shard hours", "PUT payload units"]); // 24 h retention: no extension
    // The table's date is its oldest figure's (the unconfirmed 2015 Firehose tiers); this line's rates are 2024-07-01.
    expect(c.priceTableAsOf).toBe("2015-01-01");
    expect(US_EAST_1_PRICES.shardHour.asOf).toBe("2024-07-01");
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

  it("explicit S3 and KMS options override the figures derived from the workload", () => {
    const c = estimateCost(
      { recordsPerSecond: 1, recordBytes: 1 },
      { mode: "provisioned", shards: 1 },
      { s3: { objectsPerMonth: 8760, storedGbMonth: 100 }, kmsCustomerManagedKeys: 1, kmsRequestsPerMonth: 100_000 },
    );
    expect(lineOf(c.lines, "S3 PUT requests").monthlyUsd).toBeCloseTo(8.76 * 0.005, 10);
    expect(lineOf(c.lines, "S3 Standard storage").monthlyUsd).toBeCloseTo(2.3, 10);
    expect(lineOf(c.lines, "KMS customer-managed keys").monthlyUsd).toBeCloseTo(1, 10);
    expect(lineOf(c.lines, "KMS requests").monthlyUsd).toBeCloseTo(0.3, 10);
    // Exactly the given S3 lines, one of each; the explicit key count carries no "(stream …)" label.
    expect(c.lines.filter((l) => l.item.startsWith("S3 ")).map((l) => l.item)).toEqual(["S3 PUT requests", "S3 Standard storage"]);
    expect(c.lines.filter((l) => l.item.startsWith("KMS customer-managed keys")).map((l) => l.item)).toEqual(["KMS customer-managed keys"]);
    // Only the figure given: a storage-only override prints no PUT line; kmsCustomerManagedKeys 0 prints no KMS line.
    const storageOnly = estimateCost({ recordsPerSecond: 1, recordBytes: 1 }, { mode: "provisioned", shards: 1 }, { s3: { storedGbMonth: 10 }, kmsCustomerManagedKeys: 0 });
    expect(storageOnly.lines.filter((l) => /S3|KMS/.test(l.item)).map((l) => l.item)).toEqual(["S3 Standard storage"]);
    expect(storageOnly.s3Delivery).toBeUndefined();
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

describe("default S3 and KMS lines, derived from the workload's Firehose (worked by hand from the price table)", () => {
  const P = US_EAST_1_PRICES;
  const one = { mode: "provisioned" as const, shards: 1 };
  // 10 records/s × 1,000 B = 3,000,000 B per 300 s: below the 5 MiB buffer, so every flush is the 300 s interval.
  const trickle: Workload = { recordsPerSecond: 10, recordBytes: 1000 };

  it("the S3 and KMS rates come from the price table, with source and date", () => {
    expect(P.s3PutPer1000).toMatchObject({ value: 0.005, asOf: "2024-07-01", source: expect.stringMatching(/s3_bucket_test/) });
    expect(P.s3StandardGbMonth).toMatchObject({ value: 0.023, asOf: "2024-07-01", source: expect.stringMatching(/s3_bucket_test/) });
    expect(P.kmsKeyMonth).toMatchObject({ value: 1, source: expect.stringMatching(/kms_key_test/) });
    expect(P.kmsRequestsPer10000).toMatchObject({ value: 0.03, source: expect.stringMatching(/kms_key_test/) });
    expect(P.kmsRequestsPerStreamHour).toMatchObject({ value: 144, unconfirmed: true });
  });

  it("Firehose flushing every 300 s: 12 objects/hour = 8,760 objects/month × $0.005/1,000 = $0.0438", () => {
    const c = estimateCost(trickle, one);
    const put = lineOf(c.lines, "S3 PUT requests");
    expect(put.quantity).toBeCloseTo(8.76, 9); // thousand requests
    expect(put.unitPriceUsd).toBe(0.005);
    expect(put.monthlyUsd).toBeCloseTo(0.0438, 9);
    expect(c.s3Delivery?.objectsPerMonth).toBeCloseTo(8760, 6);
  });

  it("S3 Standard storage: delivered GZIP GB (ratio 0.25 assumed) × 24 h × 30 days / 730 h GB-months × $0.023", () => {
    const c = estimateCost(trickle, one);
    const deliveredGb = (10 * 1000 * SECONDS * 0.25) / GiB; // 6.1188 GB of GZIP objects a month
    const gbMonths = (deliveredGb * 24 * 30) / 730; // each month's delivery kept 30 of the month's 30.42 days
    const storage = lineOf(c.lines, "S3 Standard storage");
    expect(storage.item).toBe("S3 Standard storage (GZIP objects kept 30 days)");
    expect(storage.quantity).toBeCloseTo(gbMonths, 9);
    expect(storage.monthlyUsd).toBeCloseTo(gbMonths * 0.023, 9);
    expect(c.s3Delivery?.deliveredGbPerMonth).toBeCloseTo(deliveredGb, 9);
    expect(c.notes.join(" ")).toMatch(/GZIP ratio of 0\.25 .*samplePayloads/);
  });

  it("buffer size flushes: 1 MiB/s fills the 5 MiB buffer every 5 s = 720 objects/hour = 525,600/month = $2.628", () => {
    const c = estimateCost({ recordsPerSecond: 1024, recordBytes: 1024 }, one);
    expect(lineOf(c.lines, "S3 PUT requests").quantity).toBeCloseTo(525.6, 6);
    expect(lineOf(c.lines, "S3 PUT requests").monthlyUsd).toBeCloseTo(2.628, 6);
  });

  it("the workload's firehose settings drive the figures: buffering, compression, storage days", () => {
    // 60 s interval: 60 objects/hour = 43,800/month; UNCOMPRESSED: ratio 1; 7 days.
    const w: Workload = { ...trickle, firehose: { bufferingIntervalSeconds: 60, compression: "UNCOMPRESSED", s3StorageDays: 7 } };
    const c = estimateCost(w, one);
    expect(lineOf(c.lines, "S3 PUT requests").quantity).toBeCloseTo(43.8, 9);
    const gbMonths = ((10 * 1000 * SECONDS) / GiB) * ((24 * 7) / 730);
    expect(lineOf(c.lines, "S3 Standard storage").item).toBe("S3 Standard storage (UNCOMPRESSED objects kept 7 days)");
    expect(lineOf(c.lines, "S3 Standard storage").quantity).toBeCloseTo(gbMonths, 9);
    expect(c.notes.join(" ")).not.toMatch(/ratio/);
    // A 1 MiB buffer fills first at 1 MiB/s: one object a second.
    const small = estimateCost({ recordsPerSecond: 1024, recordBytes: 1024, firehose: { bufferingSizeMiB: 1 } }, one);
    expect(lineOf(small.lines, "S3 PUT requests").quantity).toBeCloseTo(SECONDS / 1000, 6);
    // s3StorageDays 0: nothing stored.
    expect(lineOf(estimateCost({ ...trickle, firehose: { s3StorageDays: 0 } }, one).lines, "S3 Standard storage").monthlyUsd).toBe(0);
  });

  it("the objects and bytes are simulateFirehose's (Kinesis source), measured GZIP ratio included", () => {
    const w: Workload = { recordsPerSecond: 200, recordBytes: 600, peakToAverage: 2, samplePayloads: ['{"event":"click","page":"/home","user":"u-1"}\n'] };
    const f = simulateFirehose(w, { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, compression: "GZIP", source: "kinesis" });
    const d = s3DeliveryOf(w);
    expect(f.compressionRatioMeasured).toBe(true);
    expect(d.objectsPerMonth).toBeCloseTo(f.objectsPerHour * HOURS, 6);
    expect(d.deliveredGbPerMonth).toBeCloseTo((f.objectsPerHour * HOURS * f.meanObjectBytes) / GiB, 9);
    expect(d.compressionRatio).toBe(f.compressionRatio);
    expect(estimateCost(w, one).notes.join(" ")).not.toMatch(/ratio of/);
  });

  it("intervals under 60 s use multipart upload: the model has no figure for parts, so a note says the PUT cost is a lower bound", () => {
    const c = estimateCost({ ...trickle, firehose: { bufferingIntervalSeconds: 30 } }, one);
    expect(lineOf(c.lines, "S3 PUT requests").quantity).toBeCloseTo(87.6, 9); // 120 objects/hour, one request each
    expect(c.s3Delivery?.multipartUpload).toBe(true);
    expect(c.notes.join(" ")).toMatch(/multipart uploads.*lower bound/);
    expect(estimateCost({ ...trickle, firehose: { bufferingIntervalSeconds: 60 } }, one).notes.join(" ")).not.toMatch(/multipart/);
  });

  it("KMS: 2 customer-managed keys (stream + S3 bucket) = $2, plus 144 requests per stream-hour × 730 h × $0.03/10,000", () => {
    const c = estimateCost(trickle, one);
    const keys = lineOf(c.lines, "KMS customer-managed keys");
    expect(keys).toMatchObject({ item: "KMS customer-managed keys (stream + S3 bucket)", quantity: 2, unitPriceUsd: 1, monthlyUsd: 2 });
    const requests = lineOf(c.lines, "KMS requests");
    expect(requests.quantity).toBeCloseTo((144 * 730) / 10_000, 9); // 10.512 × 10,000 requests
    expect(requests.monthlyUsd).toBeCloseTo(0.31536, 9);
    expect(c.notes.join(" ")).toMatch(/KMS request count is an estimate .*UNCONFIRMED/);
  });

  it("the whole default breakdown adds up by hand", () => {
    const c = estimateCost(trickle, one);
    const firehoseGb = (10 * 5120 * SECONDS) / GiB;
    const storageGbMonths = ((10 * 1000 * SECONDS * 0.25) / GiB) * ((24 * 30) / 730);
    const expected =
      10.95 + // 1 shard × 730 h × $0.015
      ((10 * SECONDS) / 1e6) * 0.014 + // one PUT payload unit per record
      firehoseGb * 0.029 +
      8.76 * 0.005 +
      storageGbMonths * 0.023 +
      2 * 1 +
      2 * 2 * 1 + // two keys, each past its first two yearly rotations: +$1 per rotation
      ((144 * 730) / 10_000) * 0.03;
    expect(c.totalMonthlyUsd).toBeCloseTo(expected, 9);
    expect(c.lines.map((l) => l.item.replace(/ \(.*$/, ""))).toEqual([
      "Shard hours",
      "PUT payload units",
      "Firehose ingestion",
      "S3 PUT requests",
      "S3 Standard storage",
      "KMS customer-managed keys",
      "KMS rotated key material",
      "KMS requests",
    ]);
  });

  it("firehose: false has no Firehose or S3 lines and no bucket key: one KMS key, the stream's", () => {
    for (const c of [estimateCost({ ...trickle, firehose: false }, one), estimateCost(trickle, { mode: "on-demand" }, { firehose: false })]) {
      expect(c.lines.some((l) => /Firehose|S3/.test(l.item))).toBe(false);
      expect(lineOf(c.lines, "KMS customer-managed keys")).toMatchObject({ item: "KMS customer-managed keys (stream)", quantity: 1, monthlyUsd: 1 });
      expect(lineOf(c.lines, "KMS requests").quantity).toBeCloseTo(10.512, 9);
      expect(c.s3Delivery).toBeUndefined();
    }
  });

  it("options.firehose: true on a firehose: false workload prices a default delivery stream", () => {
    const c = estimateCost({ ...trickle, firehose: false }, one, { firehose: true });
    expect(lineOf(c.lines, "S3 PUT requests").quantity).toBeCloseTo(8.76, 9);
    expect(lineOf(c.lines, "KMS customer-managed keys").quantity).toBe(2);
  });

  it("kmsCustomerManagedKeys overrides the default: 0 (the AWS-managed key) drops the KMS lines, 3 prices 3 keys", () => {
    expect(estimateCost(trickle, one, { kmsCustomerManagedKeys: 0 }).lines.some((l) => /KMS/.test(l.item))).toBe(false);
    const three = estimateCost(trickle, one, { kmsCustomerManagedKeys: 3, kmsRequestsPerMonth: 20_000 });
    expect(lineOf(three.lines, "KMS customer-managed keys").monthlyUsd).toBe(3);
    expect(lineOf(three.lines, "KMS requests").monthlyUsd).toBeCloseTo(0.06, 12);
    expect(three.notes.join(" ")).not.toMatch(/KMS request count/);
  });

  it("S3 and KMS lines are the same for provisioned and on-demand; hoursPerMonth scales them", () => {
    const r = compareCosts(trickle, 1);
    const pick = (c: { lines: readonly CostLine[] }) => c.lines.filter((l) => /^(S3|KMS)/.test(l.item));
    expect(pick(r.provisioned)).toEqual(pick(r.onDemand));
    const c720 = estimateCost(trickle, one, { hoursPerMonth: 720 });
    expect(lineOf(c720.lines, "S3 PUT requests").quantity).toBeCloseTo(8.64, 9); // 12 × 720
    expect(lineOf(c720.lines, "S3 Standard storage").quantity).toBeCloseTo(((10 * 1000 * 720 * 3600 * 0.25) / GiB) * ((24 * 30) / 730), 9);
    expect(lineOf(c720.lines, "KMS customer-managed keys").quantity).toBeCloseTo((2 * 720) / 730, 12);
  });

  it("price overrides apply to the S3 and KMS lines", () => {
    const c = estimateCost(trickle, one, { prices: { s3PutPer1000: 0.01, s3StandardGbMonth: 0.02, kmsKeyMonth: 2 } });
    expect(lineOf(c.lines, "S3 PUT requests").monthlyUsd).toBeCloseTo(0.0876, 9);
    expect(lineOf(c.lines, "S3 Standard storage").unitPriceUsd).toBe(0.02);
    expect(lineOf(c.lines, "KMS customer-managed keys").monthlyUsd).toBe(4);
  });
});

describe("compareCosts", () => {
  it("steady small traffic is cheaper provisioned; the difference is reported", () => {
    const r = compareCosts({ recordsPerSecond: 100, recordBytes: 500 }, 1, { firehose: false, kmsCustomerManagedKeys: 0 });
    // provisioned: 10.95 + 262.8 M units × 0.014 = 14.63; on-demand: 29.20 + in + out
    expect(r.provisioned.totalMonthlyUsd).toBeCloseTo(10.95 + ((100 * SECONDS) / 1e6) * 0.014, 6);
    expect(r.cheapest).toBe("provisioned");
    const next = Math.min(r.onDemand.totalMonthlyUsd, r.onDemandAdvantage.totalMonthlyUsd);
    expect(r.monthlySavingsUsd).toBeCloseTo(next - r.provisioned.totalMonthlyUsd, 9);
    expect(r.onDemand.capacity).toEqual({ mode: "on-demand" });
    expect(r.onDemandAdvantage.capacity).toEqual({ mode: "on-demand", tier: "advantage" });
  });

  it("an over-provisioned stream for a trickle is cheaper on-demand (Standard: Advantage's region-wide minimum dwarfs it)", () => {
    const r = compareCosts({ recordsPerSecond: 1, recordBytes: 100 }, 50, { firehose: false });
    expect(r.cheapest).toBe("on-demand");
  });
});

describe("On-demand Advantage", () => {
  const big: Workload = { recordsPerSecond: 40_000, recordBytes: 1000, firehose: false };

  it("has no stream-hour fee and no enhanced fan-out charge, and its per-GB rates are 60% below Standard's", () => {
    const w: Workload = { ...big, consumers: { shared: 1, enhancedFanOut: 2 } };
    const standard = estimateCost(w, { mode: "on-demand" }, { kmsCustomerManagedKeys: 0 });
    const advantage = estimateCost(w, { mode: "on-demand", tier: "advantage" }, { kmsCustomerManagedKeys: 0 });
    expect(standard.lines.some((l) => l.item === "On-demand stream hours")).toBe(true);
    expect(advantage.lines.some((l) => /stream hours/.test(l.item))).toBe(false);
    const efo = lineOf(advantage.lines, "On-demand Advantage enhanced fan-out data retrieved");
    expect(efo.monthlyUsd).toBe(0);
    const inS = lineOf(standard.lines, "On-demand data in");
    const inA = lineOf(advantage.lines, "On-demand Advantage data in");
    expect(inA.quantity).toBeCloseTo(inS.quantity, 9);
    expect(inA.unitPriceUsd).toBeCloseTo(0.4 * inS.unitPriceUsd, 12);
    expect(US_EAST_1_PRICES.advantageGbIn.unconfirmed).toBe(true);
    expect(advantage.notes.join(" ")).toMatch(/at least 60% below On-demand Standard/);
  });

  it("bills the region-wide minimum of 25 MB/s ingest and retrieval: a small stream pays the shortfall", () => {
    const small = estimateCost({ recordsPerSecond: 100, recordBytes: 1000, firehose: false }, { mode: "on-demand", tier: "advantage" }, { kmsCustomerManagedKeys: 0 });
    const minGb = (25 * 1048576 * SECONDS) / GiB;
    const billedIn = (100 * 1024 * SECONDS) / GiB;
    const shortIn = lineOf(small.lines, "On-demand Advantage minimum ingest shortfall");
    expect(shortIn.quantity).toBeCloseTo(minGb - billedIn, 6);
    expect(small.notes.join(" ")).toMatch(/at least 25 MB\/s of ingest and of retrieval per region/);
    // 40,000 records/s of 1 KB is 39 MiB/s: above the minimum, no shortfall.
    expect(estimateCost(big, { mode: "on-demand", tier: "advantage" }).lines.some((l) => /shortfall/.test(l.item))).toBe(false);
  });
});

describe("2026 price lines", () => {
  const one = { mode: "provisioned", shards: 1 } as const;
  it("KMS key rotation: each of a key's first two rotations adds a key-month", () => {
    const w: Workload = { recordsPerSecond: 10, recordBytes: 1000 };
    const rot = (n: number) => estimateCost(w, one, { kmsKeyRotations: n }).lines.find((l) => /rotated key material/.test(l.item));
    expect(rot(0)).toBeUndefined();
    expect(rot(1)!.monthlyUsd).toBe(2); // two keys (stream + bucket)
    expect(rot(2)!.monthlyUsd).toBe(4);
    expect(rot(5)!.monthlyUsd).toBe(4); // later rotations are free
  });

  it("long-term retention retrieval is priced when given, and mentioned when retention is long", () => {
    const w: Workload = { recordsPerSecond: 10, recordBytes: 1000, retentionHours: 720, firehose: false };
    expect(estimateCost(w, one).notes.join(" ")).toMatch(/reading data older than 7 days costs \$0\.021\/GB/);
    expect(lineOf(estimateCost(w, one, { longTermRetrievalGbPerMonth: 100 }).lines, "Long-term retention retrieval").monthlyUsd).toBeCloseTo(2.1, 12);
  });

  it("Firehose format conversion and dynamic partitioning (per GB, per 1,000 objects, per JQ hour)", () => {
    const base: Workload = { recordsPerSecond: 100, recordBytes: 1000, firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60 } };
    const conv = estimateCost({ ...base, firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, formatConversion: true } }, one);
    const gb = (100 * 5120 * SECONDS) / GiB;
    expect(lineOf(conv.lines, "Firehose format conversion").quantity).toBeCloseTo(gb, 9);
    expect(lineOf(conv.lines, "Firehose format conversion").unitPriceUsd).toBe(US_EAST_1_PRICES.firehoseFormatConversionGb.value);
    const dp = estimateCost(
      { ...base, firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, dynamicPartitioning: { activePartitions: 10, jqProcessingHoursPerMonth: 5 } } },
      one,
    );
    expect(lineOf(dp.lines, "Firehose dynamic partitioning (data delivered)").quantity).toBeCloseTo((100 * 1000 * SECONDS) / GiB, 9);
    const objects = lineOf(dp.lines, "Firehose dynamic partitioning (objects delivered)");
    expect(objects.quantity).toBeCloseTo(lineOf(dp.lines, "S3 PUT requests").quantity, 9);
    // 10 partitions flush 10 × as many objects as one buffer would.
    expect(objects.quantity).toBeGreaterThan(9 * lineOf(estimateCost(base, one).lines, "S3 PUT requests").quantity);
    expect(lineOf(dp.lines, "Firehose dynamic partitioning JQ processing").monthlyUsd).toBeCloseTo(5 * 0.07, 12);
  });

  it("records above the maximum record size are rejected: nothing is ingested, delivered or stored", () => {
    const c = estimateCost({ recordsPerSecond: 10, recordBytes: 2 * 1048576 }, one);
    expect(c.lines.filter((l) => /PUT payload|Firehose|S3/.test(l.item)).every((l) => l.monthlyUsd === 0)).toBe(true);
    expect(c.notes.join(" ")).toMatch(/rejects 100% of them/);
  });
});
