import { TerraformVariable, Token } from "cdktf";
import { FIREHOSE_LIMITS, parseWorkload, type Workload } from "stream-simulator";
import { Compression } from "../constructs/firehose/compression";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import type { FirehoseToS3Props } from "../constructs/firehose/props";
import { firehoseSpecOf, resolveFirehoseSettings } from "../constructs/firehose/settings";
import { pipelineStreamWorkload } from "../constructs/pipeline/stream-workload";

/** The delivery's effective Firehose settings for a stream's workload, as StreamingPipeline computes them. */
type DeliveryBufferingProps = Partial<FirehoseToS3Props>;
const deliveryFirehoseSpec = (settings: DeliveryBufferingProps) =>
  firehoseSpecOf(resolveFirehoseSettings({ deliveryStreamName: "d", ...settings }, { kinesisSource: true }));
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";

const WORKLOAD: Workload = { recordsPerSecond: 500, recordBytes: 1024, durationSeconds: 60 };
const DELIVERY = { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: "GZIP" } as const;

describe("firehoseSpecOf(resolveFirehoseSettings(delivery))", () => {
  // The helper restates FirehoseToS3's defaults from the same constants; this pins it to what FirehoseToS3 synthesizes.
  it.each<[string, DeliveryBufferingProps]>([
    ["no settings", {}],
    ["explicit settings", { bufferingSizeMiB: 64, bufferingIntervalSeconds: 120, compression: Compression.SNAPPY }],
    ["dynamic partitioning", { dynamicPartitioning: { jqQuery: { tenant: ".tenant" } } }],
    ["only an interval and ZIP", { bufferingIntervalSeconds: 60, compression: Compression.ZIP }],
  ])("gives the settings FirehoseToS3 synthesizes with %s", (_case, settings) => {
    const { stack } = testStack();
    new FirehoseToS3(stack, "Delivery", {
      deliveryStreamName: "d",
      ...settings,
      ...(settings.dynamicPartitioning ? { dynamicPartitioning: { jqQuery: { tenant: ".tenant" } }, prefix: "t=!{partitionKeyFromQuery:tenant}/" } : {}),
    } as never);
    const [resource] = Object.values(resourcesOfType(synthJson(stack), "aws_kinesis_firehose_delivery_stream")) as any[];
    const s3 = resource.extended_s3_configuration;
    expect(deliveryFirehoseSpec(settings)).toEqual({
      bufferingSizeMiB: s3.buffering_size,
      bufferingIntervalSeconds: s3.buffering_interval,
      compression: s3.compression_format,
    });
  });

  it("falls back to the Firehose defaults of the simulator's limits", () => {
    expect(deliveryFirehoseSpec({})).toEqual({
      bufferingSizeMiB: FIREHOSE_LIMITS.bufferingSizeDefaultMiB.value,
      bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
      compression: Compression.GZIP.value,
    });
  });

  it("leaves out Terraform tokens and values the simulator rejects (the delivery reports those itself)", () => {
    const { stack } = testStack();
    const size = new TerraformVariable(stack, "size", { type: "number" });
    expect(deliveryFirehoseSpec({ bufferingSizeMiB: size.numberValue, compression: Compression.of(Token.asString(size.value)) })).toEqual({
      bufferingIntervalSeconds: FIREHOSE_LIMITS.bufferingIntervalDefaultSeconds.value,
    });
    expect(deliveryFirehoseSpec({ bufferingSizeMiB: 500, bufferingIntervalSeconds: 1.5, compression: Compression.of("BROTLI") })).toEqual({});
  });
});

describe("pipelineStreamWorkload", () => {
  it.each([
    ["absent", WORKLOAD],
    ["true", { ...WORKLOAD, firehose: true }],
  ])("gives a workload whose firehose is %s the delivery's settings, without a warning", (_case, workload) => {
    const result = pipelineStreamWorkload(workload, DELIVERY, "workload");
    expect(result.workload).toEqual({ ...WORKLOAD, firehose: DELIVERY });
    expect(result.warnings).toEqual([]);
    expect(() => parseWorkload(result.workload)).not.toThrow();
  });

  it("fills an object's omitted delivery fields and keeps its own storage days", () => {
    const result = pipelineStreamWorkload({ ...WORKLOAD, firehose: { s3StorageDays: 90, compression: "GZIP" } }, DELIVERY, "workload");
    expect(result.workload.firehose).toEqual({ ...DELIVERY, s3StorageDays: 90 });
    expect(result.warnings).toEqual([]);
  });

  it("returns the same workload when it already declares the delivery's settings", () => {
    const workload = { ...WORKLOAD, firehose: { ...DELIVERY } };
    expect(pipelineStreamWorkload(workload, DELIVERY, "workload")).toEqual({ workload, warnings: [] });
    expect(pipelineStreamWorkload(workload, DELIVERY, "workload").workload).toBe(workload);
  });

  it("keeps firehose: false and warns that the estimate excludes the pipeline's Firehose", () => {
    const workload = { ...WORKLOAD, firehose: false };
    const result = pipelineStreamWorkload(workload, DELIVERY, "stream.workload");
    expect(result.workload).toBe(workload);
    expect(result.warnings).toEqual([expect.stringContaining("stream.workload.firehose is false")]);
    expect(result.warnings[0]).toContain("monthly cost estimate excludes the pipeline's Firehose");
  });

  it("keeps declared settings that differ from the delivery's and names each with both values in one warning", () => {
    const workload = { ...WORKLOAD, firehose: { bufferingSizeMiB: 5, compression: "ZIP" as const } };
    const result = pipelineStreamWorkload(workload, DELIVERY, "workload");
    expect(result.workload.firehose).toEqual({ bufferingSizeMiB: 5, bufferingIntervalSeconds: 120, compression: "ZIP" });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("workload.firehose differs from the pipeline's delivery settings");
    expect(result.warnings[0]).toContain("bufferingSizeMiB 5 (the delivery's: 64)");
    expect(result.warnings[0]).toContain('compression "ZIP" (the delivery\'s: "GZIP")');
    expect(result.warnings[0]).not.toContain("bufferingIntervalSeconds");
  });

  it("compares and fills only literal fields: tokens on either side are skipped", () => {
    const { stack } = testStack();
    const interval = new TerraformVariable(stack, "interval", { type: "number" }).numberValue;
    const workload = { ...WORKLOAD, firehose: { bufferingIntervalSeconds: interval } };
    // The delivery's size is a token (left out by deliveryFirehoseSpec), its compression literal.
    const result = pipelineStreamWorkload(workload, { bufferingIntervalSeconds: 120, compression: "GZIP" }, "workload");
    expect(result.warnings).toEqual([]);
    expect(result.workload.firehose).toEqual({ bufferingIntervalSeconds: interval, compression: "GZIP" });
  });

  it("leaves an invalid firehose value to the workload check", () => {
    const workload = { ...WORKLOAD, firehose: "yes" } as unknown as Workload;
    expect(pipelineStreamWorkload(workload, DELIVERY, "workload")).toEqual({ workload, warnings: [] });
  });
});
