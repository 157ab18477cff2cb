/**
 * Jest matchers and change safety for stacks built with the constructs (`toSustainWorkload`, `toBeSafeChangeFrom`). Guides: docs/sizing.md, docs/removal-policy.md.
 * @module cdktf-kinesis-pipeline/testing
 */
export * from "../../../dist/testing/index";
