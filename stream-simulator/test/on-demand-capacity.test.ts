import { KINESIS_LIMITS } from "../src/limits";
import { LaggedPeak, onDemandCapacityAt, onDemandCapacityRule } from "../src/on-demand-capacity";

describe("the on-demand capacity rule", () => {
  const L = KINESIS_LIMITS;
  const MiB = 1024 * 1024;

  it("a new stream: 4 MiB/s and 4,000 records/s until a peak older than 15 minutes doubles it", () => {
    const rule = onDemandCapacityRule({ tier: "standard" }, "us-east-1", 1000);
    expect(onDemandCapacityAt(rule, 0, 0)).toEqual({
      bytesPerSecond: L.onDemandInitialWriteBytesPerSecond.value,
      recordsPerSecond: L.onDemandInitialWriteRecordsPerSecond.value,
    });
    expect(onDemandCapacityAt(rule, 3 * MiB, 3000)).toEqual({ bytesPerSecond: 6 * MiB, recordsPerSecond: 6000 });
  });

  it("an established stream starts at twice its previous peak; Advantage keeps its warm throughput; the region caps it", () => {
    const established = onDemandCapacityRule({ tier: "standard", previousPeakBytesPerSecond: 10 * MiB }, "us-east-1", 1024);
    expect(onDemandCapacityAt(established, 0, 0)).toEqual({ bytesPerSecond: 20 * MiB, recordsPerSecond: 20 * 1024 });
    const warm = onDemandCapacityRule({ tier: "advantage", warmBytesPerSecond: 50 * MiB }, "us-east-1", 1024);
    expect(onDemandCapacityAt(warm, 0, 0).bytesPerSecond).toBe(50 * MiB);
    expect(onDemandCapacityAt(onDemandCapacityRule({ tier: "standard", warmBytesPerSecond: 50 * MiB }, "us-east-1", 1024), 0, 0).bytesPerSecond).toBe(4 * MiB);
    const small = onDemandCapacityRule({ tier: "standard" }, "eu-central-1", 1024);
    expect(onDemandCapacityAt(small, 1e12, 1e12).bytesPerSecond).toBe(L.onDemandMaxWriteBytesPerSecondOtherRegions.value);
  });

  it("LaggedPeak counts a second's writes only once it is a full window old", () => {
    const p = new LaggedPeak(L.onDemandScaleWindowSeconds.value);
    p.add(0, 100, 1);
    p.add(0, 50, 1);
    p.add(10, 500, 5);
    p.advance(899);
    expect([p.peakBytes, p.peakRecords]).toEqual([0, 0]);
    p.advance(900);
    expect([p.peakBytes, p.peakRecords]).toEqual([150, 2]);
    p.advance(910);
    expect([p.peakBytes, p.peakRecords]).toEqual([500, 5]);
  });
});
