// Package root of "cdktf-kinesis-pipeline": the constructs. The capacity simulator is its own package,
// "stream-simulator", so that users who only size streams need no cdktf at all.
export * from "./constructs";

// The simulator's public shapes used in the constructs' props and results, so that a consumer declares a workload
// (and reads a verdict) with one import, without depending on "stream-simulator" directly.
export type {
  Workload,
  PartitionKeyStrategy,
  ConsumersSpec,
  ProducerSpec,
  FirehoseSpec,
  Bottleneck,
  SizingResult,
  FirehoseResult,
  CapacityVerdict,
  CapacityCheckOptions,
} from "stream-simulator";
export { checkCapacity, formatCapacityVerdict } from "stream-simulator";
