/**
 * The metric…() helpers of streams and delivery streams (created and imported): the metric an alarm or dashboard of
 * one's own needs, with the dimension that makes it receive data, the one the library's alarms and dashboard use.
 */
import { TerraformStack } from "cdktf";
import { FirehoseToS3 } from "../constructs/firehose/firehose-to-s3";
import { deliveryMetric, DELIVERY_METRICS, streamMetric, STREAM_METRICS } from "../constructs/metrics";
import { EncryptedStream } from "../constructs/stream/encrypted-stream";
import { resourcesOfType, synthJson, testStack, TEST_ACCOUNT_ID, TEST_REGION } from "./helpers/test-stack";

describe("metric helpers", () => {
  it("name a stream's metrics with its StreamName dimension and their usual statistic, on created and imported streams", () => {
    const { stack } = testStack();
    const created = new EncryptedStream(stack, "orders", { streamName: "orders" });
    const imported = EncryptedStream.fromStreamArn(stack, "legacy", `arn:aws:kinesis:${TEST_REGION}:${TEST_ACCOUNT_ID}:stream/legacy`);
    expect(created.metricIncomingBytes()).toEqual({ namespace: "AWS/Kinesis", metricName: "IncomingBytes", dimensions: { StreamName: created.streamName }, statistic: "Sum", periodSeconds: 60 });
    expect(imported.metric("GetRecords.IteratorAgeMilliseconds")).toEqual({
      namespace: "AWS/Kinesis",
      metricName: "GetRecords.IteratorAgeMilliseconds",
      dimensions: { StreamName: "legacy" },
      statistic: "Maximum",
      periodSeconds: 60,
    });
    expect(created.metricPutRecordsThrottledRecords({ statistic: "Maximum", periodSeconds: 300 })).toMatchObject({ statistic: "Maximum", periodSeconds: 300 });
    for (const [helper, name] of [
      [created.metricIncomingRecords(), "IncomingRecords"],
      [created.metricIteratorAgeMilliseconds(), "GetRecords.IteratorAgeMilliseconds"],
      [created.metricWriteProvisionedThroughputExceeded(), "WriteProvisionedThroughputExceeded"],
      [created.metricReadProvisionedThroughputExceeded(), "ReadProvisionedThroughputExceeded"],
    ] as const) expect(helper).toEqual(streamMetric(created.streamName, name));
  });

  it("name a delivery stream's metrics with its DeliveryStreamName dimension, on created and imported delivery streams", () => {
    const { stack } = testStack();
    const created = new FirehoseToS3(stack, "events", { deliveryStreamName: "events" });
    const imported = FirehoseToS3.fromDeliveryStreamAttributes(stack, "legacy", { deliveryStreamName: "legacy" });
    expect(created.metricDataFreshness()).toEqual({ namespace: "AWS/Firehose", metricName: "DeliveryToS3.DataFreshness", dimensions: { DeliveryStreamName: "events" }, statistic: "Maximum", periodSeconds: 300 });
    expect(created.metricDeliverySuccess()).toEqual(deliveryMetric("events", "DeliveryToS3.Success"));
    expect(created.metricDeliveryBytes()).toEqual(deliveryMetric("events", "DeliveryToS3.Bytes"));
    expect(imported.metric("ThrottledRecords")).toEqual({ namespace: "AWS/Firehose", metricName: "ThrottledRecords", dimensions: { DeliveryStreamName: "legacy" }, statistic: "Sum", periodSeconds: 300 });
  });

  it("are what the library's own alarms use: every alarm's metric, dimension and statistic come from the same table", () => {
    const { stack } = testStack();
    new EncryptedStream(stack, "orders", { streamName: "orders" });
    new FirehoseToS3(stack, "events", { deliveryStreamName: "events" });
    const alarms = Object.values(resourcesOfType(synthJson(stack as TerraformStack), "aws_cloudwatch_metric_alarm")) as any[];
    expect(alarms.length).toBeGreaterThanOrEqual(7);
    for (const alarm of alarms) {
      const table: Record<string, string> = alarm.namespace === "AWS/Kinesis" ? STREAM_METRICS : DELIVERY_METRICS;
      expect(Object.keys(table)).toContain(alarm.metric_name);
      expect(Object.keys(alarm.dimensions)).toEqual([alarm.namespace === "AWS/Kinesis" ? "StreamName" : "DeliveryStreamName"]);
      // The success alarm reads the Minimum (any failed put in the period); every other alarm its usual statistic.
      expect(alarm.statistic).toBe(alarm.metric_name === "DeliveryToS3.Success" ? "Minimum" : table[alarm.metric_name]);
    }
  });
});
