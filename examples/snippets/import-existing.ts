/**
 * README snippet: delivery from a stream and into a bucket created elsewhere, imported by their attributes.
 */
import { Construct } from "constructs";
import { EncryptedStream, FirehoseToS3, SecureBucket } from "cdktf-kinesis-pipeline";

export function importExisting(scope: Construct): void {
  // #region readme
  const legacy = EncryptedStream.fromStreamAttributes(scope, "Legacy", {
    streamArn: "arn:aws:kinesis:eu-west-1:111122223333:stream/legacy-clicks",
    encryptionKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  });
  const lake = SecureBucket.fromBucketAttributes(scope, "Lake", {
    bucketName: "example-data-lake",
    encryptionKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/0987dcba-09ab-87cd-65ef-0987654321ba",
  });
  // The delivery role gets the read grant on the imported stream (kms:Decrypt on its key included).
  new FirehoseToS3(scope, "LegacyToLake", { deliveryStreamName: "legacy-clicks", source: legacy, bucket: lake });
  // #endregion
}
