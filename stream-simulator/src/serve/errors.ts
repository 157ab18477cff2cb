/**
 * The errors the endpoint answers itself, in AWS's JSON 1.1 shape (HTTP 400, body `{"__type": …, "message": …}`, as
 * kinesalite and AWS answer; the AWS SDKs and the AWS CLI read the code from `__type`):
 * - write throttling: `ProvisionedThroughputExceededException`, "Rate exceeded for shard <shardId> in stream <name>
 *   under account <account>." — for PutRecord as the error, for PutRecords as each failed entry's `ErrorCode` /
 *   `ErrorMessage` (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html: the
 *   message "includes the account ID, stream name, and shard ID"; the text is AWS's own as recorded against real AWS
 *   in mhart/kinesalite pull request #87);
 * - read throttling: `ProvisionedThroughputExceededException`, "Rate exceeded for Shard - <account>/<name>/<shardId>"
 *   (AWS's GetRecords text as reported in risingwavelabs/risingwave issue #7453);
 * - request limits: `InvalidArgumentException` "Records size exceeds 10 MB limit" for a PutRecords payload above
 *   10 MiB (AWS's wording when the limit was 5 MB: snowplow/enrich issue #685, aws/amazon-kinesis-streams-for-fluent-bit
 *   issue #21), and a record whose data and partition key together exceed the stream's maximum record size (the
 *   wording of that message is this endpoint's: no AWS text for it was found);
 * - operations the endpoint does not implement: `UnknownOperationException` with a message naming the operation and
 *   what is supported (never a silent success).
 */

/** An error answer: HTTP status and JSON body. */
export interface AwsError {
  readonly statusCode: number;
  readonly body: { readonly __type: string; readonly message: string };
}

export function awsError(type: string, message: string, statusCode = 400): AwsError {
  return { statusCode, body: { __type: type, message } };
}

export const THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceededException";

/** The ErrorMessage / message of a throttled write. */
export function writeThrottledMessage(shardId: string, streamName: string, account: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${streamName} under account ${account}.`;
}

/** The message of a throttled GetRecords or GetShardIterator call. */
export function readThrottledMessage(shardId: string, streamName: string, account: string): string {
  return `Rate exceeded for Shard - ${account}/${streamName}/${shardId}`;
}

export function payloadTooLarge(limitBytes: number): AwsError {
  return awsError("InvalidArgumentException", `Records size exceeds ${limitBytes / (1024 * 1024)} MB limit`);
}

export function recordTooLarge(index: number | undefined, bytes: number, limitBytes: number, streamName: string): AwsError {
  const which = index === undefined ? "The record" : `Record ${index}`;
  return awsError(
    "InvalidArgumentException",
    `${which} is ${bytes} bytes (data blob and partition key), more than the maximum record size of stream ${streamName}: ${limitBytes} bytes.`,
  );
}

export function unsupportedOperation(operation: string, supported: readonly string[]): AwsError {
  return awsError(
    "UnknownOperationException",
    `stream-sim serve does not implement ${operation}. It implements: ${supported.join(", ")}.`,
  );
}
