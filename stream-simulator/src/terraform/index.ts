/**
 * `stream-simulator/terraform`: the adapter between synthesized Terraform JSON (cdktf's `cdk.tf.json`) and the
 * simulator. It reads the streams of a stack (`parseSynthStack`, `readStreamCapacity`) and prices them
 * (`costSynthStack`); `stream-sim cost --synth` and the jest matchers of `cdktf-kinesis-pipeline/testing` use it. It
 * imports the model; the model never imports it.
 */
export { SynthStackError, displayName, isExpression, resourceLabel, stackResources } from "./document";
export type { Json, StackProblem, StackRegion, StackResource } from "./document";
export { STREAM_RESOURCE_TYPE, TERRAFORM_DEFAULTS, parseSynthStack, readStreamCapacity } from "./parse";
export type { ParseSynthStackOptions, StackDelivery, StackStream, SynthStack } from "./parse";
export { costSynthStack } from "./cost";
export type { StackValue, SynthCost, SynthCostItem, SynthCostReport } from "./cost";
