/** stream-simulator public API. */
export * from "./types";
export * from "./limits";
export * from "./routing";
export { parseWorkload, resolveWorkload, WorkloadValidationError, WORKLOAD_DEFAULTS, WORKLOAD_BOUNDS } from "./workload";
export type { ResolvedWorkload } from "./workload";
export { simulate } from "./simulate";
export type { SimulateOptions } from "./simulate";
export { KEY_NAMINGS } from "./keys";
export { NAMING_QUANTILE } from "./capacity-rule";
export { GROWTH_MATERIALITY } from "./steady-state";
export { size, faqFormulaShards } from "./sizing";
export type { SizeOptions } from "./sizing";
export { capacityOptionProblems, DEFAULT_TARGET_THROTTLED_FRACTION, DEFAULT_HEADROOM } from "./options";
export type { OptionProblem } from "./options";
export { checkCapacity, coldStartText, formatCapacityVerdict, sizeMemoized, stableJson } from "./capacity-check";
export type {
  CapacityCheckOptions,
  CapacityVerdict,
  CapacityFailure,
  CapacityFailureKind,
  ProvisionedQuestions,
  OnDemandVerdict,
} from "./capacity-check";
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
export { estimateCost, compareCosts } from "./cost";
export type { CostOptions, CostEstimate, CostComparison } from "./cost";
export { US_EAST_1_PRICES } from "./prices";
export type { Price, PriceTable, PriceOverrides } from "./prices";
