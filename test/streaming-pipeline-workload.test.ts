import { TerraformVariable } from "cdktf";
import { estimateCost, FIREHOSE_LIMITS, type StreamCapacitySpec, type Workload } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import type { StreamingPipelineProps } from "../constructs/pipeline/props";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { validationFailure, warningsOf } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";

/** Bursty, session-keyed telemetry with no `firehose` field: the stream's cost estimate must price the pipeline's. */
const TELEMETRY: Workload = {
  recordsPerSecond: 600,
  recordBytes: 2048,
  durationSeconds: 300,
  peakToAverage: 3,
  partitionKey: { strategy: "entity", distinctKeys: 20_000, zipfExponent: 0.9 },
  consumers: { shared: 1 },
  seed: 5,
};
/** The example agent-telemetry stack's delivery settings. */
const DELIVERY = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: Compression.GZIP };
const DELIVERY_SPEC = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: "GZIP" } as const;

const SIZED = StreamCapacity.forWorkload(TELEMETRY);
const SHARDS = SIZED.shardCount as number;
const PROVISIONED: StreamCapacitySpec = { mode: "provisioned", shards: SHARDS };

/** The pipeline, its synthesized stream, and the monthly cost its CapacitySizing output records. */
function pipeline(props: Omit<StreamingPipelineProps, "name">) {
  const { stack } = testStack();
  const built = new StreamingPipeline(stack, "Telemetry", { name: "telemetry", ...props });
  const json = synthJson(stack);
  const [stream] = Object.values(resourcesOfType(json, "aws_kinesis_stream")) as any[];
  const [output] = Object.entries(json.output ?? {}).filter(([id]) => id.startsWith("Telemetry_Stream_CapacitySizing"));
  return { pipeline: built, stream, recordedUsd: (output[1] as any).value.monthly_cost_estimate_usd as number };
}
const rounded = (usd: number): number => Math.round(usd * 100) / 100;

describe("StreamingPipeline: the stream's cost estimate prices the pipeline's Firehose", () => {
  it("uses the delivery's settings for forWorkload(w) with workload: w, with the same shard count", () => {
    const withDelivery = { ...TELEMETRY, firehose: DELIVERY_SPEC };
    // Meaningful only while the settings change the estimate.
    expect(rounded(estimateCost(withDelivery, PROVISIONED).totalMonthlyUsd)).not.toBe(rounded(estimateCost(TELEMETRY, PROVISIONED).totalMonthlyUsd));

    const { pipeline: p, stream, recordedUsd } = pipeline({ workload: TELEMETRY, stream: { capacity: SIZED }, delivery: DELIVERY });
    expect(stream.shard_count).toBe(SHARDS);
    expect(p.stream.capacity.shardCount).toBe(SHARDS);
    expect(recordedUsd).toBe(rounded(estimateCost(withDelivery, PROVISIONED).totalMonthlyUsd));
    expect(stream.tags.CapacitySizing).toContain(`est ${recordedUsd.toFixed(2)} USD per month`);
    expect(p.stream.workload).toEqual(withDelivery);
    expect(warningsOf(p)).toEqual([]);
  });

  it("sizes forWorkload(w) without a workload prop for the delivery's settings too", () => {
    const { stream, recordedUsd } = pipeline({ stream: { capacity: SIZED }, delivery: DELIVERY });
    expect(stream.shard_count).toBe(SHARDS);
    expect(recordedUsd).toBe(rounded(estimateCost({ ...TELEMETRY, firehose: DELIVERY_SPEC }, PROVISIONED).totalMonthlyUsd));
  });

  it("keeps forWorkload's mode and options: a cheapest-mode capacity chooses the same", () => {
    const cheapest = StreamCapacity.forWorkload(TELEMETRY, { mode: "cheapest", headroom: 0.9 });
    const { pipeline: p } = pipeline({ workload: TELEMETRY, stream: { capacity: cheapest }, delivery: DELIVERY });
    expect(p.stream.capacity.mode).toBe(cheapest.mode);
    expect(p.stream.capacity.shardCount).toBe(cheapest.shardCount);
    expect(p.stream.capacity.sizing).toMatchObject({ mode: "cheapest", headroom: 0.9, workload: { ...TELEMETRY, firehose: DELIVERY_SPEC } });
  });

  it("prices the delivery's defaults for an explicit capacity and a default delivery", () => {
    const { recordedUsd } = pipeline({ workload: TELEMETRY, stream: { capacity: StreamCapacity.provisioned(SHARDS) }, delivery: { compression: Compression.ZIP } });
    const defaults = {
      bufferingSizeMiB: FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value,
      bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
      compression: "ZIP" as const,
    };
    expect(recordedUsd).toBe(rounded(estimateCost({ ...TELEMETRY, firehose: defaults }, PROVISIONED).totalMonthlyUsd));
  });

  it("does not warn when the workload declares the delivery's settings", () => {
    const workload = { ...TELEMETRY, firehose: DELIVERY_SPEC };
    const { pipeline: p, recordedUsd } = pipeline({ workload, stream: { capacity: StreamCapacity.forWorkload(workload) }, delivery: DELIVERY });
    expect(warningsOf(p)).toEqual([]);
    expect(p.stream.workload).toBe(workload);
    expect(recordedUsd).toBe(rounded(estimateCost(workload, PROVISIONED).totalMonthlyUsd));
  });

  it("warns, and prices no Firehose, when the workload says firehose: false", () => {
    const workload = { ...TELEMETRY, firehose: false };
    const { pipeline: p, recordedUsd } = pipeline({ workload, stream: { capacity: StreamCapacity.forWorkload(workload) }, delivery: DELIVERY });
    expect(warningsOf(p)).toEqual([expect.stringContaining("workload.firehose is false")]);
    expect(warningsOf(p)[0]).toContain("monthly cost estimate excludes the pipeline's Firehose");
    expect(recordedUsd).toBe(rounded(estimateCost(workload, PROVISIONED).totalMonthlyUsd));
  });

  it("warns about declared settings that differ from the delivery's, prices them as declared, and still synthesizes", () => {
    const workload = { ...TELEMETRY, firehose: { bufferingSizeMiB: 5, compression: "Snappy" as const } };
    const { pipeline: p, stream, recordedUsd } = pipeline({ workload, stream: { capacity: StreamCapacity.forWorkload(workload) }, delivery: DELIVERY });
    expect(stream.shard_count).toBe(SHARDS);
    const [warning, ...rest] = warningsOf(p);
    expect(rest).toEqual([]);
    expect(warning).toContain("workload.firehose differs from the pipeline's delivery settings");
    expect(warning).toContain("bufferingSizeMiB 5 (the delivery's: 64)");
    expect(warning).toContain('compression "Snappy" (the delivery\'s: "GZIP")');
    // The interval the workload left out is the delivery's.
    const priced = { ...TELEMETRY, firehose: { bufferingSizeMiB: 5, bufferingIntervalSeconds: 120, compression: "Snappy" as const } };
    expect(recordedUsd).toBe(rounded(estimateCost(priced, PROVISIONED).totalMonthlyUsd));
  });

  it("names stream.workload when the stream's own workload is the one that differs", () => {
    const workload = { ...TELEMETRY, firehose: { bufferingIntervalSeconds: 900 } };
    const { pipeline: p } = pipeline({ workload: TELEMETRY, stream: { workload, capacity: StreamCapacity.provisioned(SHARDS) }, delivery: DELIVERY });
    expect(warningsOf(p)).toEqual([expect.stringContaining("stream.workload.firehose differs")]);
    expect(warningsOf(p)[0]).toContain("bufferingIntervalSeconds 900 (the delivery's: 120)");
  });

  it("skips delivery settings that are Terraform tokens", () => {
    const { stack } = testStack();
    const size = new TerraformVariable(stack, "size", { type: "number" }).numberValue;
    const workload = { ...TELEMETRY, firehose: { bufferingSizeMiB: 5 } };
    const p = new StreamingPipeline(stack, "Telemetry", {
      name: "telemetry",
      workload,
      stream: { capacity: StreamCapacity.forWorkload(workload) },
      delivery: { ...DELIVERY, bufferingSizeMiB: size },
    });
    expect(warningsOf(p)).toEqual([]);
    expect(p.stream.workload?.firehose).toEqual({ bufferingSizeMiB: 5, bufferingIntervalSeconds: 120, compression: "GZIP" });
  });

  it("still reports forWorkload(v) with a different workload: w, with the workload as given", () => {
    const other = { ...TELEMETRY, recordsPerSecond: 300 };
    const error = validationFailure(
      () => new StreamingPipeline(testStack().stack, "Telemetry", { name: "telemetry", workload: TELEMETRY, stream: { capacity: StreamCapacity.forWorkload(other) }, delivery: DELIVERY }),
    );
    const problem = error.problems.find((q) => q.property === "workload");
    expect(problem?.value).toEqual(TELEMETRY);
  });
});
