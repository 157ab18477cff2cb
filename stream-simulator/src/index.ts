/** stream-simulator public API. */
export * from "./types";
export * from "./limits";
export * from "./routing";
export { parseWorkload, resolveWorkload, WorkloadValidationError, WORKLOAD_DEFAULTS, WORKLOAD_BOUNDS } from "./workload";
export type { ResolvedWorkload } from "./workload";
export { simulate } from "./shards";
export type { SimulateOptions } from "./shards";
export { size, faqFormulaShards } from "./sizing";
export type { SizeOptions } from "./sizing";
export {
  checkCapacity,
  formatCapacityVerdict,
  sizeMemoized,
  stableJson,
  DEFAULT_TARGET_THROTTLED_FRACTION,
  DEFAULT_HEADROOM,
} from "./capacity-check";
export type { CapacityCheckOptions, CapacityVerdict, CapacityFailure, CapacityFailureKind } from "./capacity-check";
export {
  simulateFirehose,
  ASSUMED_COMPRESSION_RATIOS,
  SMALL_OBJECT_WARNING_BYTES,
  MULTIPART_INTERVAL_SECONDS,
  COMPRESSIBLE_GZIP_RATIO,
  UNDERFILLED_BUFFER_FRACTION,
} from "./firehose";
export type { FirehoseOptions, FirehoseQuotaOverrides } from "./firehose";
export { trafficShape } from "./traffic";
export type { TrafficShape } from "./traffic";
export { Rng } from "./random";
export { estimateCost } from "./cost";
export type { CostOptions, CostEstimate } from "./cost";
export { parseSynthStack, costSynthStack, SynthStackError, TERRAFORM_DEFAULTS } from "./synth-stack";
export type { SynthStack, StackStream, StackDelivery, StackResource, StackProblem, StackValue, SynthCostItem, SynthCostReport } from "./synth-stack";
