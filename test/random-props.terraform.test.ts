import * as fc from "fast-check";
import { EncryptedStream } from "../constructs/encrypted-stream";
import { FirehoseToS3 } from "../constructs/firehose-to-s3";
import { SecureBucket } from "../constructs/secure-bucket";
import { StreamingPipeline } from "../constructs/streaming-pipeline";
import { validBucketProps, validFirehoseProps, validStreamProps } from "./helpers/arbitraries";
import { resourcesOfType, synthJson, testStack } from "./helpers/test-stack";
import { terraformValidate } from "./terraform/harness";

/**
 * The unit property tests prove random valid props synthesize; this proves a sample of them is also valid
 * Terraform for provider 5.100.0. The sample is drawn with a fixed seed (reproducible) and put in ONE stack, so
 * terraform runs once.
 */
const SEED = 20261122;
const SAMPLE_SIZE = 4;

describe("random valid props under terraform validate", () => {
  it("a seeded sample of streams, buckets, delivery streams and pipelines validates", () => {
    const { stack } = testStack("random-sample");
    const streams = fc.sample(validStreamProps, { numRuns: SAMPLE_SIZE, seed: SEED });
    const buckets = fc.sample(validBucketProps, { numRuns: SAMPLE_SIZE, seed: SEED + 1 });
    const deliveries = fc.sample(validFirehoseProps, { numRuns: SAMPLE_SIZE, seed: SEED + 2 });

    streams.forEach((props, i) => new EncryptedStream(stack, `stream${i}`, props));
    buckets.forEach((props, i) => new SecureBucket(stack, `bucket${i}`, props));
    deliveries.forEach((props, i) => new FirehoseToS3(stack, `delivery${i}`, props));
    // The same random stream props as the source of full pipelines (Kinesis source, created bucket).
    streams.slice(0, 2).forEach(
      (props, i) => new StreamingPipeline(stack, `pipeline${i}`, { name: `pipeline-${i}`, stream: props }),
    );

    const json = synthJson(stack);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_stream"))).toHaveLength(SAMPLE_SIZE + 2);
    expect(Object.keys(resourcesOfType(json, "aws_kinesis_firehose_delivery_stream"))).toHaveLength(SAMPLE_SIZE + 2);

    const result = terraformValidate(stack);
    expect(result.warnings).toEqual([]);
  });
});
