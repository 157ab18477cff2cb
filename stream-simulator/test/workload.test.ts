import { parseWorkload, resolveWorkload, WorkloadValidationError, WORKLOAD_DEFAULTS } from "../src/workload";
import { ALLOWED_VALUES, FIREHOSE_LIMITS, KINESIS_LIMITS } from "../src/limits";

const valid = { recordsPerSecond: 1000, recordBytes: 512 };

function problemsOf(input: unknown): Array<{ path: string; value: unknown; allowed: string }> {
  try {
    parseWorkload(input);
  } catch (e) {
    expect(e).toBeInstanceOf(WorkloadValidationError);
    return [...(e as WorkloadValidationError).problems];
  }
  throw new Error("expected a WorkloadValidationError");
}

function expectOnlyProblemAt(input: unknown, path: string): void {
  const problems = problemsOf(input);
  expect(problems.map((p) => p.path)).toEqual([path]);
}

describe("parseWorkload accepts valid workloads unchanged", () => {
  it("returns the same object and fills nothing in", () => {
    const w = { ...valid };
    expect(parseWorkload(w)).toBe(w);
    expect(Object.keys(w)).toEqual(["recordsPerSecond", "recordBytes"]);
  });

  it("accepts every optional field at a valid value", () => {
    const full = {
      recordsPerSecond: 10.5,
      recordBytes: 1,
      durationSeconds: 60,
      peakToAverage: 3,
      partitionKey: { strategy: "entity", distinctKeys: 10, zipfExponent: 1.2 },
      partitionKeyBytes: 1024,
      consumers: { shared: 2, enhancedFanOut: 20, pollsPerSecond: 0.5 },
      producer: { aggregation: true, aggregationMaxBytes: 51200, maxBatchRecords: 500, maxBatchBytes: 10485760, lingerMs: 0, maxRetries: 0, retryBackoffMs: 0 },
      retentionHours: 8760,
      region: "us-gov-west-1",
      samplePayloads: ["{\"a\":1}"],
      seed: 4294967295,
      arrivalNoise: "none",
      maxRecordSizeKiB: 10240,
      firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 60, compression: "ZIP", s3StorageDays: 7 },
    };
    expect(parseWorkload(full)).toBe(full);
  });

  it.each([
    [{ strategy: "uuid" }],
    [{ strategy: "static" }],
    [{ strategy: "static", value: "k".repeat(256) }],
    [{ strategy: "entity", distinctKeys: 1 }],
    [{ strategy: "timestamp" }],
    [{ strategy: "timestamp", resolutionMs: 1 }],
  ])("accepts partitionKey %j", (pk) => {
    expect(() => parseWorkload({ ...valid, partitionKey: pk })).not.toThrow();
  });
});

describe("parseWorkload rejects each invalid field", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["missing recordsPerSecond", { recordBytes: 1 }, "recordsPerSecond"],
    ["zero recordsPerSecond", { ...valid, recordsPerSecond: 0 }, "recordsPerSecond"],
    ["NaN recordsPerSecond", { ...valid, recordsPerSecond: Number.NaN }, "recordsPerSecond"],
    ["string recordsPerSecond", { ...valid, recordsPerSecond: "1000" }, "recordsPerSecond"],
    ["missing recordBytes", { recordsPerSecond: 1 }, "recordBytes"],
    ["fractional recordBytes", { ...valid, recordBytes: 1.5 }, "recordBytes"],
    ["recordBytes above 10 MiB", { ...valid, recordBytes: KINESIS_LIMITS.maxRecordBytesCeiling.value + 1 }, "recordBytes"],
    ["durationSeconds 0", { ...valid, durationSeconds: 0 }, "durationSeconds"],
    ["durationSeconds above 31 days", { ...valid, durationSeconds: 31 * 86400 + 1 }, "durationSeconds"],
    ["peakToAverage below 1", { ...valid, peakToAverage: 0.5 }, "peakToAverage"],
    ["peakToAverage above the duration", { ...valid, durationSeconds: 10, peakToAverage: 11 }, "peakToAverage"],
    ["partitionKey not an object", { ...valid, partitionKey: "uuid" }, "partitionKey"],
    ["unknown strategy", { ...valid, partitionKey: { strategy: "random" } }, "partitionKey.strategy"],
    ["static value empty", { ...valid, partitionKey: { strategy: "static", value: "" } }, "partitionKey.value"],
    ["static value too long", { ...valid, partitionKey: { strategy: "static", value: "k".repeat(257) } }, "partitionKey.value"],
    ["entity without distinctKeys", { ...valid, partitionKey: { strategy: "entity" } }, "partitionKey.distinctKeys"],
    ["entity distinctKeys 0", { ...valid, partitionKey: { strategy: "entity", distinctKeys: 0 } }, "partitionKey.distinctKeys"],
    ["negative zipfExponent", { ...valid, partitionKey: { strategy: "entity", distinctKeys: 5, zipfExponent: -1 } }, "partitionKey.zipfExponent"],
    ["timestamp resolution 0", { ...valid, partitionKey: { strategy: "timestamp", resolutionMs: 0 } }, "partitionKey.resolutionMs"],
    ["unknown key in uuid strategy", { ...valid, partitionKey: { strategy: "uuid", distinctKeys: 3 } }, "partitionKey.distinctKeys"],
    ["partitionKeyBytes 0", { ...valid, partitionKeyBytes: 0 }, "partitionKeyBytes"],
    ["partitionKeyBytes above 1024", { ...valid, partitionKeyBytes: 1025 }, "partitionKeyBytes"],
    ["consumers not an object", { ...valid, consumers: 3 }, "consumers"],
    ["negative shared consumers", { ...valid, consumers: { shared: -1 } }, "consumers.shared"],
    ["51 EFO consumers (50 is the On-demand Advantage limit)", { ...valid, consumers: { enhancedFanOut: 51 } }, "consumers.enhancedFanOut"],
    ["an unknown traffic shape", { ...valid, trafficShape: "sawtooth" }, "trafficShape"],
    ["a negative previous on-demand peak", { ...valid, onDemand: { previousPeakMiBPerSecond: -1 } }, "onDemand.previousPeakMiBPerSecond"],
    ["warm throughput above 10 GiB/s", { ...valid, onDemand: { warmThroughputMiBPerSecond: 10_241 } }, "onDemand.warmThroughputMiBPerSecond"],
    ["an unknown on-demand field", { ...valid, onDemand: { previousPeak: 4 } }, "onDemand.previousPeak"],
    ["format conversion with a 5 MiB buffer", { ...valid, firehose: { formatConversion: true } }, "firehose.bufferingSizeMiB"],
    ["dynamic partitioning with a 10 s interval", { ...valid, firehose: { bufferingSizeMiB: 64, bufferingIntervalSeconds: 10, dynamicPartitioning: { activePartitions: 3 } } }, "firehose.bufferingIntervalSeconds"],
    ["dynamic partitioning without its partitions", { ...valid, firehose: { bufferingSizeMiB: 64, dynamicPartitioning: {} } }, "firehose.dynamicPartitioning.activePartitions"],
    ["pollsPerSecond 0", { ...valid, consumers: { pollsPerSecond: 0 } }, "consumers.pollsPerSecond"],
    ["typo in consumers", { ...valid, consumers: { sharde: 1 } }, "consumers.sharde"],
    ["producer not an object", { ...valid, producer: [] }, "producer"],
    ["aggregation not boolean", { ...valid, producer: { aggregation: "yes" } }, "producer.aggregation"],
    ["aggregationMaxBytes too small for framing", { ...valid, producer: { aggregationMaxBytes: 21 } }, "producer.aggregationMaxBytes"],
    ["aggregationMaxBytes above 1 MiB", { ...valid, producer: { aggregationMaxBytes: 1048577 } }, "producer.aggregationMaxBytes"],
    ["maxBatchRecords 501", { ...valid, producer: { maxBatchRecords: 501 } }, "producer.maxBatchRecords"],
    ["maxBatchBytes above 10 MiB", { ...valid, producer: { maxBatchBytes: 10485761 } }, "producer.maxBatchBytes"],
    ["negative lingerMs", { ...valid, producer: { lingerMs: -1 } }, "producer.lingerMs"],
    ["fractional maxRetries", { ...valid, producer: { maxRetries: 1.5 } }, "producer.maxRetries"],
    ["negative retryBackoffMs", { ...valid, producer: { retryBackoffMs: -5 } }, "producer.retryBackoffMs"],
    ["typo in producer", { ...valid, producer: { lingerMS: 5 } }, "producer.lingerMS"],
    ["retention below 24 h", { ...valid, retentionHours: 23 }, "retentionHours"],
    ["retention above 8760 h", { ...valid, retentionHours: 8761 }, "retentionHours"],
    ["bad region", { ...valid, region: "US-EAST-1" }, "region"],
    ["samplePayloads not an array", { ...valid, samplePayloads: "x" }, "samplePayloads"],
    ["empty sample payload", { ...valid, samplePayloads: ["ok", ""] }, "samplePayloads[1]"],
    ["negative seed", { ...valid, seed: -1 }, "seed"],
    ["bad arrivalNoise", { ...valid, arrivalNoise: "gaussian" }, "arrivalNoise"],
    ["unknown top-level field", { ...valid, recordsPerSec: 5 }, "recordsPerSec"],
    ["firehose a string", { ...valid, firehose: "yes" }, "firehose"],
    ["firehose an array", { ...valid, firehose: [] }, "firehose"],
    ["firehose null", { ...valid, firehose: null }, "firehose"],
    ["firehose bufferingSizeMiB 0", { ...valid, firehose: { bufferingSizeMiB: 0 } }, "firehose.bufferingSizeMiB"],
    ["firehose bufferingSizeMiB above 128", { ...valid, firehose: { bufferingSizeMiB: 129 } }, "firehose.bufferingSizeMiB"],
    ["firehose bufferingSizeMiB fractional", { ...valid, firehose: { bufferingSizeMiB: 2.5 } }, "firehose.bufferingSizeMiB"],
    ["firehose bufferingIntervalSeconds negative", { ...valid, firehose: { bufferingIntervalSeconds: -1 } }, "firehose.bufferingIntervalSeconds"],
    ["firehose bufferingIntervalSeconds above 900", { ...valid, firehose: { bufferingIntervalSeconds: 901 } }, "firehose.bufferingIntervalSeconds"],
    ["firehose bufferingIntervalSeconds fractional", { ...valid, firehose: { bufferingIntervalSeconds: 60.5 } }, "firehose.bufferingIntervalSeconds"],
    ["firehose compression lower-case", { ...valid, firehose: { compression: "gzip" } }, "firehose.compression"],
    ["firehose compression unknown", { ...valid, firehose: { compression: "BROTLI" } }, "firehose.compression"],
    ["firehose s3StorageDays negative", { ...valid, firehose: { s3StorageDays: -1 } }, "firehose.s3StorageDays"],
    ["firehose s3StorageDays above 100 years", { ...valid, firehose: { s3StorageDays: 36_501 } }, "firehose.s3StorageDays"],
    ["firehose s3StorageDays a string", { ...valid, firehose: { s3StorageDays: "30" } }, "firehose.s3StorageDays"],
    ["typo in firehose", { ...valid, firehose: { bufferingSizeMB: 5 } }, "firehose.bufferingSizeMB"],
  ])("%s", (_name, input, path) => {
    expectOnlyProblemAt(input, path);
  });

  it("firehose: true, false and an object of valid settings (limits.ts bounds, every compression format) are accepted", () => {
    const F = FIREHOSE_LIMITS;
    for (const firehose of [
      true,
      false,
      {},
      { bufferingSizeMiB: F.bufferingSizeMinMiB.value, bufferingIntervalSeconds: F.bufferingIntervalMinSeconds.value, s3StorageDays: 0 },
      { bufferingSizeMiB: F.bufferingSizeMaxMiB.value, bufferingIntervalSeconds: F.bufferingIntervalMaxSeconds.value, s3StorageDays: 36_500 },
      ...ALLOWED_VALUES.firehoseCompression.values.map((compression) => ({ compression })),
      { s3StorageDays: 0.5 },
    ]) {
      expect(() => parseWorkload({ ...valid, firehose })).not.toThrow();
    }
  });

  it("lists every invalid firehose field at once, with the allowed range from limits.ts", () => {
    const input = { ...valid, firehose: { bufferingSizeMiB: 200, bufferingIntervalSeconds: 1000, compression: "LZ4", s3StorageDays: -3, prefix: "x/" } };
    const problems = problemsOf(input);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ["firehose.bufferingIntervalSeconds", "firehose.bufferingSizeMiB", "firehose.compression", "firehose.prefix", "firehose.s3StorageDays"].sort(),
    );
    const byPath = new Map(problems.map((p) => [p.path, p]));
    expect(byPath.get("firehose.bufferingSizeMiB")).toMatchObject({ value: 200, allowed: expect.stringContaining("from 1 to 128") });
    expect(byPath.get("firehose.bufferingIntervalSeconds")).toMatchObject({ value: 1000, allowed: expect.stringContaining("from 0 to 900") });
    expect(byPath.get("firehose.compression")?.allowed).toBe('"UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"');
    expect(byPath.get("firehose.s3StorageDays")).toMatchObject({ value: -3, allowed: expect.stringContaining("from 0 to 36500") });
    expect(byPath.get("firehose.prefix")?.allowed).toMatch(/no such field \(known fields: bufferingSizeMiB, bufferingIntervalSeconds, compression, s3StorageDays, formatConversion, dynamicPartitioning\)/);
    // Together with other fields' problems, in one error.
    expect(problemsOf({ ...input, recordsPerSecond: 0 }).length).toBe(6);
  });

  it("rejects a non-object input", () => {
    expect(problemsOf(null).map((p) => p.path)).toEqual([""]);
    expect(problemsOf([1, 2]).map((p) => p.path)).toEqual([""]);
  });

  it("lists every invalid field at once, each with its value and what is allowed", () => {
    const input = {
      recordsPerSecond: -5,
      recordBytes: "big",
      consumers: { shared: 1.5, enhancedFanOut: 99 },
      producer: { maxBatchRecords: 0 },
      regoin: "us-east-1",
    };
    const problems = problemsOf(input);
    expect(problems.map((p) => p.path).sort()).toEqual(
      ["consumers.enhancedFanOut", "consumers.shared", "producer.maxBatchRecords", "recordBytes", "recordsPerSecond", "regoin"].sort(),
    );
    let message = "";
    try {
      parseWorkload(input);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("recordsPerSecond: got -5; allowed: a number > 0");
    expect(message).toContain('recordBytes: got "big"; allowed: an integer from 1 to 10485760');
    expect(message).toContain("consumers.enhancedFanOut: got 99; allowed: an integer from 0 to 50 (registered consumers per stream: 20 on provisioned and On-demand Standard streams, 50 with On-demand Advantage)");
    expect(message).toContain("regoin: got \"us-east-1\"; allowed: no such field");
    expect(message).toContain("6 problems");
  });
});

describe("resolveWorkload", () => {
  it("applies the documented defaults", () => {
    const r = resolveWorkload(parseWorkload(valid));
    expect(r.durationSeconds).toBe(3600);
    expect(r.peakToAverage).toBe(1);
    expect(r.partitionKey).toEqual({ strategy: "uuid" });
    expect(r.partitionKeyBytes).toBe(36);
    expect(r.consumers).toEqual({ shared: 1, enhancedFanOut: 0, pollsPerSecond: 1 });
    expect(r.producer).toEqual({
      aggregation: false,
      aggregationMaxBytes: 51200,
      maxBatchRecords: KINESIS_LIMITS.putRecordsMaxRecords.value,
      maxBatchBytes: KINESIS_LIMITS.putRecordsMaxBytes.value,
      lingerMs: 100,
      maxRetries: 3,
      retryBackoffMs: 100,
    });
    expect(r.retentionHours).toBe(KINESIS_LIMITS.retentionMinHours.value);
    expect(r.region).toBe(WORKLOAD_DEFAULTS.region);
    expect(r.seed).toBe(1);
    expect(r.arrivalNoise).toBe("poisson");
    expect(r.trafficShape).toBe("bursts");
    expect(r.onDemand).toEqual({});
  });

  it("firehose: default and true = a delivery stream with the Firehose defaults (5 MiB, 300 s, GZIP, 30 days); false = none", () => {
    const defaults = {
      bufferingSizeMiB: FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value,
      bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
      compression: "GZIP",
      s3StorageDays: 30,
      formatConversion: false,
      dynamicPartitioning: null,
    };
    expect(defaults).toMatchObject({ bufferingSizeMiB: 5, bufferingIntervalSeconds: 300 });
    for (const w of [valid, { ...valid, firehose: true }, { ...valid, firehose: {} }]) {
      const r = resolveWorkload(w);
      expect(r.firehose).toBe(true);
      expect(r.firehoseDelivery).toEqual(defaults);
    }
    const off = resolveWorkload({ ...valid, firehose: false });
    expect(off.firehose).toBe(false);
    expect(off.firehoseDelivery).toBeNull();
    const some = resolveWorkload({ ...valid, firehose: { bufferingIntervalSeconds: 60, compression: "UNCOMPRESSED" } });
    expect(some.firehose).toBe(true);
    expect(some.firehoseDelivery).toEqual({ ...defaults, bufferingIntervalSeconds: 60, compression: "UNCOMPRESSED" });
  });

  it("keeps given values", () => {
    const r = resolveWorkload({ ...valid, consumers: { shared: 0 }, producer: { aggregation: true }, seed: 9 });
    expect(r.consumers.shared).toBe(0);
    expect(r.consumers.pollsPerSecond).toBe(1);
    expect(r.producer.aggregation).toBe(true);
    expect(r.producer.maxRetries).toBe(3);
    expect(r.seed).toBe(9);
  });
});
