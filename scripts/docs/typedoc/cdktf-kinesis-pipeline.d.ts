/**
 * The constructs: `EncryptedStream`, `SecureBucket`, `FirehoseToS3`, `StreamingPipeline` and `PipelineKey`, their
 * props, grants and importers, and the simulator types their props use. Guides: docs/constructs.md.
 * @module cdktf-kinesis-pipeline
 */
export * from "../../../dist/index";
