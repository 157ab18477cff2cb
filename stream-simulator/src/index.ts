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
export { simulateFirehose } from "./firehose";
export type { FirehoseOptions } from "./firehose";
export { trafficShape } from "./traffic";
export type { TrafficShape } from "./traffic";
export { Rng } from "./random";
