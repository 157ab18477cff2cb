/**
 * README snippet: an `EncryptedStream` with provisioned shards and an enhanced fan-out consumer, encrypted with a
 * `PipelineKey` that other streams can share.
 */
import { Construct } from "constructs";
import { EncryptedStream, PipelineKey, StreamCapacity, StreamEncryption } from "cdktf-kinesis-pipeline";
import { serviceRole } from "./roles";

export function encryptedStream(scope: Construct): void {
  // #region readme
  const key = new PipelineKey(scope, "StreamsKey", { aliasName: "alias/streams/shared" }); // rotation on
  const clicks = new EncryptedStream(scope, "Clicks", {
    streamName: "clicks",
    capacity: StreamCapacity.provisioned(4),
    encryption: StreamEncryption.existingKey(key), // default: a key of its own
    efoConsumerNames: ["fraud"], // an aws_kinesis_stream_consumer
    alarmActionArns: ["arn:aws:sns:eu-west-1:111122223333:on-call"],
  });
  const fraud = serviceRole(scope, "fraud-detector", "lambda.amazonaws.com");
  clicks.grantReadConsumer("fraud", fraud.name); // reads through the "fraud" consumer only; kms:Decrypt on the key
  // #endregion
}
