/**
 * README snippet: a `SecureBucket` with a lifecycle and access logging, outside any pipeline.
 */
import { Construct } from "constructs";
import { SecureBucket } from "cdktf-kinesis-pipeline";

export function secureBucket(scope: Construct): void {
  // #region readme
  new SecureBucket(scope, "Archive", {
    bucketPrefix: "archive-",
    transitions: [{ afterDays: 30, storageClass: "STANDARD_IA" }, { afterDays: 90, storageClass: "GLACIER" }],
    expirationDays: 730,
    accessLogExpirationDays: 90, // access logs go to a hardened log bucket created alongside (accessLogging: false: none)
  });
  // #endregion
}
