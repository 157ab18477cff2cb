/**
 * README snippet: Firehose dynamic partitioning by a field of each JSON record.
 */
import { Construct } from "constructs";
import { FirehoseToS3 } from "cdktf-kinesis-pipeline";

export function dynamicPartitioning(scope: Construct): void {
  // #region readme
  new FirehoseToS3(scope, "ByCustomer", {
    deliveryStreamName: "events-by-customer",
    // Every key of jqQuery appears in the prefix and vice versa; buffering defaults to 128 MiB (at least 64 MiB).
    prefix: "events/customer=!{partitionKeyFromQuery:customer_id}/!{timestamp:yyyy/MM/dd}/",
    dynamicPartitioning: { jqQuery: { customer_id: ".customer.id" } },
  });
  // #endregion
}
