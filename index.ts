// Package root of "cdktf-kinesis-pipeline": the constructs. The capacity simulator is its own package,
// "stream-simulator", so that users who only size streams need no cdktf at all.
export * from "./constructs";
