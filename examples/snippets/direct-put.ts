/**
 * README snippet: a direct-PUT `FirehoseToS3` (no stream in front) and the producer role allowed to write to it.
 */
import { Construct } from "constructs";
import { FirehoseToS3 } from "cdktf-kinesis-pipeline";
import { serviceRole } from "./roles";

export function directPut(scope: Construct): void {
  // #region readme
  const audit = new FirehoseToS3(scope, "Audit", {
    deliveryStreamName: "audit-events", // SSE with its own KMS key by default
    bufferingIntervalSeconds: 60,
    bucketProps: { expirationDays: 400 },
    workload: { recordsPerSecond: 200, recordBytes: 4096, peakToAverage: 2 }, // checked against the direct-PUT quotas
  });
  const producer = serviceRole(scope, "audit-producer", "lambda.amazonaws.com");
  audit.grantPutRecords(producer.name); // firehose:PutRecord(Batch), kms:GenerateDataKey/Decrypt on its key
  // #endregion
}
