import { gzipSync } from "node:zlib";
import { estimateCost } from "../src/cost";
import { COMPRESSIBLE_GZIP_RATIO, simulateFirehose, UNDERFILLED_BUFFER_FRACTION } from "../src/firehose";
import { FIREHOSE_LIMITS } from "../src/limits";
import type { Workload } from "../src/types";

const MiB = 1024 * 1024;
const steady = (recordsPerSecond: number, recordBytes: number, extra: Partial<Workload> = {}): Workload => ({
  recordsPerSecond,
  recordBytes,
  durationSeconds: 3600,
  ...extra,
});

describe("buffering: whichever of size and interval comes first flushes", () => {
  it("flushes by size when the buffer fills before the interval", () => {
    // 1 MiB/s into a 5 MiB buffer with a 300 s interval: an object every 5 s.
    const r = simulateFirehose(steady(1024, 1024), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "direct-put" });
    expect(r.flushTrigger).toBe("size");
    expect(r.objectsPerHour).toBeCloseTo(720, 0);
    expect(r.meanObjectBytes).toBeCloseTo(5 * MiB, 0);
    expect(r.deliveryLatencySeconds.max).toBeCloseTo(5, 6);
    expect(r.deliveryLatencySeconds.mean).toBeCloseTo(2.5, 6);
  });

  it("flushes by interval when traffic is too thin to fill the buffer", () => {
    // 10 KiB/s, 60 s interval → 600 KiB objects, 60 per hour.
    const r = simulateFirehose(steady(10, 1024), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "direct-put" });
    expect(r.flushTrigger).toBe("interval");
    expect(r.objectsPerHour).toBeCloseTo(60, 0);
    expect(r.meanObjectBytesUncompressed).toBeCloseTo(60 * 10 * 1024, 0);
    expect(r.deliveryLatencySeconds.max).toBe(60);
    expect(r.warnings.join(" ")).toMatch(/tiny S3 objects/);
  });

  it("dynamic partitioning: each partition buffers alone, objects multiply, latency up to 1.5× the interval", () => {
    const opts = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, source: "kinesis" as const };
    const one = simulateFirehose(steady(1000, 1000), opts);
    const ten = simulateFirehose(steady(1000, 1000), { ...opts, dynamicPartitioning: { activePartitionKeys: 10 } });
    expect(ten.objectsPerHour).toBeCloseTo(10 * one.objectsPerHour, 6);
    expect(ten.meanObjectBytesUncompressed).toBeCloseTo(one.meanObjectBytesUncompressed / 10, 0);
    expect(ten.deliveryLatencySeconds.max).toBeCloseTo(60 * FIREHOSE_LIMITS.dynamicPartitioningDelayFactor.value, 6);
    expect(ten.activePartitions).toEqual({ count: 10, quota: 500, exceeded: false });
  });

  it("active partitions above the 500 quota are flagged", () => {
    const r = simulateFirehose(steady(1000, 1000), { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, source: "kinesis", dynamicPartitioning: { activePartitionKeys: 501 } });
    expect(r.activePartitions).toEqual({ count: 501, quota: FIREHOSE_LIMITS.activePartitionsDefault.value, exceeded: true });
    expect(r.warnings.join(" ")).toMatch(/activePartitionExceeded/);
  });

  it("rejects settings AWS rejects: dynamic partitioning below 64 MiB or 60 s, out-of-range hints", () => {
    const w = steady(10, 100);
    expect(() => simulateFirehose(w, { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "kinesis", dynamicPartitioning: { activePartitionKeys: 2 } })).toThrow(/at least 64/);
    expect(() => simulateFirehose(w, { bufferingSizeMiB: 64, bufferingIntervalSeconds: 0, source: "kinesis", dynamicPartitioning: { activePartitionKeys: 2 } })).toThrow(/at least 60/);
    expect(() => simulateFirehose(w, { bufferingSizeMiB: 129, bufferingIntervalSeconds: 60, source: "kinesis" })).toThrow(/bufferingSizeMiB/);
    expect(() => simulateFirehose(w, { bufferingSizeMiB: 5, bufferingIntervalSeconds: 901, source: "kinesis" })).toThrow(/bufferingIntervalSeconds/);
  });
});

describe("billing: each record rounded up to 5 KB", () => {
  it("a 1 KiB record is billed as 5 KiB; a 5,121-byte record as 10 KiB", () => {
    const secondsPerMonth = 730 * 3600;
    const GB = 1024 ** 3;
    const small = simulateFirehose(steady(100, 1024), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "direct-put" });
    expect(small.billedGbPerMonth).toBeCloseTo((100 * 5120 * secondsPerMonth) / GB, 6);
    expect(small.ingestedGbPerMonth).toBeCloseTo((100 * 1024 * secondsPerMonth) / GB, 6);
    expect(small.warnings.join(" ")).toMatch(/5 KB rounding/);
    const over = simulateFirehose(steady(100, 5121), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "direct-put" });
    expect(over.billedGbPerMonth).toBeCloseTo((100 * 10240 * secondsPerMonth) / GB, 6);
  });

  it("bills per user record, not per aggregated Kinesis record: estimateCost's Firehose line equals simulateFirehose's billed GB, with or without KPL aggregation", () => {
    const w: Workload = { recordsPerSecond: 2000, recordBytes: 200, producer: { aggregation: true, lingerMs: 1000 } };
    const c = estimateCost(w, { mode: "provisioned", shards: 1 });
    expect(c.kinesisRecordsPerSecond).toBeLessThan(w.recordsPerSecond); // aggregation is on
    const line = c.lines.find((l) => /Firehose/.test(l.item))!;
    const f = simulateFirehose(w, { source: "kinesis", bufferingSizeMiB: 5, bufferingIntervalSeconds: 300 });
    expect(line.quantity).toBeCloseTo(f.billedGbPerMonth, 9);
    // …and without aggregation both agree too.
    const plain = estimateCost({ ...w, producer: {} }, { mode: "provisioned", shards: 1 }).lines.find((l) => /Firehose/.test(l.item))!;
    expect(plain.quantity).toBeCloseTo(f.billedGbPerMonth, 9);
  });
});

describe("compression", () => {
  const samples = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, level: "info", msg: `request ${i % 7} served`, ms: (i * 37) % 500 }) + "\n");

  it("measures the GZIP ratio by compressing the sample payloads (deterministic)", () => {
    const w = steady(100, 80, { samplePayloads: samples });
    const r = simulateFirehose(w, { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "kinesis", compression: "GZIP" });
    const raw = Buffer.from(samples.join(""));
    expect(r.compressionRatioMeasured).toBe(true);
    expect(r.compressionRatio).toBeCloseTo(gzipSync(raw, { level: 6 }).length / raw.length, 12);
    expect(r.compressionRatio).toBeLessThan(0.5);
    expect(r.meanObjectBytes).toBeCloseTo(r.meanObjectBytesUncompressed * r.compressionRatio, 6);
    expect(simulateFirehose(w, { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "kinesis", compression: "GZIP" })).toEqual(r);
  });

  it("assumes a ratio without samples, and says so", () => {
    const r = simulateFirehose(steady(100, 80), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 300, source: "kinesis", compression: "GZIP" });
    expect(r.compressionRatioMeasured).toBe(false);
    expect(r.compressionRatio).toBeGreaterThan(0);
    expect(r.compressionRatio).toBeLessThan(1);
  });
});

describe("direct PUT quotas", () => {
  it("2 MiB/s fits us-east-1's 5 MiB/s but breaches the 1 MiB/s quota of a small-quota region", () => {
    const w = steady(2048, 1024);
    const opts = { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "direct-put" as const };
    const big = simulateFirehose(w, { ...opts, region: "us-east-1" });
    expect(big.quotaBreached).toBe(false);
    expect(big.directPutQuota!.bytesPerSecond.utilization).toBeCloseTo(0.4, 9);
    const small = simulateFirehose(w, { ...opts, region: "eu-central-1" });
    expect(small.quotaBreached).toBe(true);
    expect(small.directPutQuota!.bytesPerSecond.utilization).toBeCloseTo(2, 9);
    expect(small.directPutQuota!.bytesPerSecond.headroom).toBeLessThan(0);
    expect(small.warnings.join(" ")).toMatch(/eu-central-1 quota/);
  });

  it("counts PutRecordBatch requests from batching: 500 records or 4 MiB per request", () => {
    const opts = { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "direct-put" as const };
    // 100,000 small records/s → 200 requests/s of 500 records.
    expect(simulateFirehose(steady(100_000, 10), opts).directPutQuota!.requestsPerSecond.used).toBe(200);
    // 100 KiB records: 4 MiB / 100 KiB = 40 per request → 1,000 records/s → 25 requests/s.
    expect(simulateFirehose(steady(1000, 100 * 1024), opts).directPutQuota!.requestsPerSecond.used).toBe(25);
    // Peaks count: peakToAverage 2 doubles the peak records/s.
    expect(simulateFirehose(steady(1000, 10, { peakToAverage: 2 }), opts).directPutQuota!.recordsPerSecond.used).toBe(2000);
  });

  it("no quota applies with a Kinesis stream as source", () => {
    const r = simulateFirehose(steady(100_000, 1000), { bufferingSizeMiB: 128, bufferingIntervalSeconds: 60, source: "kinesis", region: "eu-central-1" });
    expect(r.directPutQuota).toBeNull();
    expect(r.quotaBreached).toBe(false);
  });

  it("records above Firehose's 1,000 KiB record limit are rejected", () => {
    const r = simulateFirehose(steady(1, FIREHOSE_LIMITS.maxRecordBytes.value + 1), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "kinesis" });
    expect(r.rejectedRecordsPerSecond).toBe(1);
    expect(r.objectsPerHour).toBe(0);
  });
});

describe("findings: every warning tagged with its kind", () => {
  it("findings carry the same messages as warnings, in order, and tag breaches apart from advice", () => {
    const r = simulateFirehose(steady(600_000, 10), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 30, source: "direct-put", region: "us-east-1" });
    expect(r.findings.map((f) => f.message)).toEqual(r.warnings);
    const kinds = r.findings.map((f) => f.kind);
    expect(kinds).toContain("direct-put-quota");
    expect(kinds).toContain("multipart-interval");
    expect(kinds).toContain("billing-rounding");
    expect(r.findings.find((f) => f.kind === "direct-put-quota")!.message).toMatch(/records\/s .* us-east-1 quota of 500000/);
  });

  it("flags uncompressed delivery only when the sample payloads are clearly compressible (GZIP ≤ COMPRESSIBLE_GZIP_RATIO)", () => {
    const samples = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, level: "info", msg: `request ${i % 7} served` }) + "\n");
    const opts = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 300, source: "kinesis" as const };
    const raw = Buffer.from(samples.join(""));
    const ratio = gzipSync(raw, { level: 6 }).length / raw.length;
    expect(ratio).toBeLessThanOrEqual(COMPRESSIBLE_GZIP_RATIO);
    const plain = simulateFirehose(steady(1000, 1000, { samplePayloads: samples }), { ...opts, compression: "UNCOMPRESSED" });
    const u = plain.findings.find((f) => f.kind === "uncompressed");
    expect(u?.message).toContain(`GZIP to ${(ratio * 100).toFixed(0)}%`);
    // GZIP delivery, or no samples to measure: nothing to say.
    expect(simulateFirehose(steady(1000, 1000, { samplePayloads: samples }), { ...opts, compression: "GZIP" }).findings.map((f) => f.kind)).not.toContain("uncompressed");
    expect(simulateFirehose(steady(1000, 1000), { ...opts, compression: "UNCOMPRESSED" }).findings.map((f) => f.kind)).not.toContain("uncompressed");
    // Random bytes (base64 of a pseudo-random stream) do not compress well: no finding.
    let x = 12345;
    const noisy = Array.from({ length: 50 }, () => Buffer.from(Array.from({ length: 300 }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) >> 16) & 255)).toString("base64"));
    expect(simulateFirehose(steady(1000, 1000, { samplePayloads: noisy }), { ...opts, compression: "UNCOMPRESSED" }).findings.map((f) => f.kind)).not.toContain("uncompressed");
  });

  it("flags a size hint that never binds: interval-flushed objects below UNDERFILLED_BUFFER_FRACTION of the buffer", () => {
    // 100 KiB/s for 60 s = 6,000 KiB per object in a 128 MiB buffer: 4.6%.
    const r = simulateFirehose(steady(100, 1024), { bufferingSizeMiB: 128, bufferingIntervalSeconds: 60, source: "kinesis", compression: "UNCOMPRESSED" });
    expect(r.sizeFlushFraction).toBe(0);
    expect(r.meanObjectBytesUncompressed).toBeLessThan(UNDERFILLED_BUFFER_FRACTION * 128 * MiB);
    expect(r.findings.find((f) => f.kind === "size-hint-unused")?.message).toMatch(/never binds.*up to 900/);
    // Same traffic into a 16 MiB buffer: 5.9 MiB is 37% of it, so the hint is close enough.
    const fit = simulateFirehose(steady(100, 1024), { bufferingSizeMiB: 16, bufferingIntervalSeconds: 60, source: "kinesis", compression: "UNCOMPRESSED" });
    expect(fit.findings.map((f) => f.kind)).not.toContain("size-hint-unused");
  });
});

describe("raised quotas (quotas option)", () => {
  it("an approved increase replaces the default field by field; the others keep the region's defaults", () => {
    const w = steady(600_000, 1);
    const opts = { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "direct-put" as const, region: "us-east-1" };
    expect(simulateFirehose(w, opts).quotaBreached).toBe(true);
    const raised = simulateFirehose(w, { ...opts, quotas: { directPutRecordsPerSecond: 1_000_000 } });
    expect(raised.quotaBreached).toBe(false);
    expect(raised.directPutQuota!.recordsPerSecond.quota).toBe(1_000_000);
    expect(raised.directPutQuota!.requestsPerSecond.quota).toBe(FIREHOSE_LIMITS.directPutRequestsPerSecondLargeRegions.value);
  });

  it("active partitions are checked against a raised partition quota", () => {
    const opts = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, source: "kinesis" as const, dynamicPartitioning: { activePartitionKeys: 800 } };
    expect(simulateFirehose(steady(1000, 1000), opts).activePartitions!.exceeded).toBe(true);
    expect(simulateFirehose(steady(1000, 1000), { ...opts, quotas: { activePartitions: 1000 } }).activePartitions).toEqual({ count: 800, quota: 1000, exceeded: false });
  });

  it("rejects quotas that are not positive integers", () => {
    expect(() => simulateFirehose(steady(10, 10), { bufferingSizeMiB: 5, bufferingIntervalSeconds: 60, source: "direct-put", quotas: { directPutBytesPerSecond: 0 } })).toThrow(/quotas.directPutBytesPerSecond/);
  });
});
