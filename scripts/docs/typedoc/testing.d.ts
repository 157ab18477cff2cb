/**
 * Jest matchers for stacks built with the constructs (`toSustainWorkload`). Guide: docs/sizing.md.
 * @module cdktf-kinesis-pipeline/testing
 */
export * from "../../../dist/testing/index";
