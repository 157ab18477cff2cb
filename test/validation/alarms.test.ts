import { Token } from "cdktf";
import { FirehoseAlarms } from "../../constructs/firehose/alarms";
import { StreamAlarms } from "../../constructs/stream/stream-alarms";
import { validateFirehoseAlarmsProps } from "../../constructs/validation/firehose-alarms";
import { validateStreamAlarmsProps } from "../../constructs/validation/stream-alarms";
import { validationFailure } from "../helpers/assertions";
import { resourcesOfType, synthJson, testStack } from "../helpers/test-stack";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

describe("validateStreamAlarmsProps", () => {
  const valid = { streamName: "orders", retentionHours: 24 };

  it("accepts the defaults and in-range settings", () => {
    expect(validateStreamAlarmsProps(valid)).toEqual([]);
    expect(
      validateStreamAlarmsProps({ ...valid, iteratorAgeAlarmFraction: 1, capacityAlarmFraction: 0.5, iteratorAgeAlarmThresholdMs: 1, alarmActionArns: [TOPIC] }),
    ).toEqual([]);
  });

  it("fails when a fraction is outside (0, 1], the threshold is not a positive integer, or an action is not an SNS topic", () => {
    const problems = validateStreamAlarmsProps({
      ...valid,
      iteratorAgeAlarmFraction: 0,
      capacityAlarmFraction: 2,
      iteratorAgeAlarmThresholdMs: 1.5,
      alarmActionArns: ["arn:aws:sqs:us-east-1:123456789012:q"],
    });
    expect(problems.map((p) => p.property)).toEqual([
      "iteratorAgeAlarmFraction",
      "capacityAlarmFraction",
      "iteratorAgeAlarmThresholdMs",
      "alarmActionArns[0]",
    ]);
    expect(problems[0].allowed).toBe("a number greater than 0 and at most 1 (fraction of the retention period)");
  });

  it("fails when the retention is a token and no explicit threshold is given", () => {
    const retentionHours = Token.asNumber({ resolve: () => 24 });
    expect(validateStreamAlarmsProps({ ...valid, retentionHours }).map((p) => p.property)).toEqual(["iteratorAgeAlarmThresholdMs"]);
    expect(validateStreamAlarmsProps({ ...valid, retentionHours, iteratorAgeAlarmThresholdMs: 60_000 })).toEqual([]);
  });

  it("is applied by StreamAlarms used on its own, before any alarm is created", () => {
    const { stack } = testStack();
    const error = validationFailure(() => new StreamAlarms(stack, "Alarms", { ...valid, iteratorAgeAlarmFraction: 1.5 }));
    expect(error.constructPath).toBe("test/Alarms");
    expect(error.problems.map((p) => p.property)).toEqual(["iteratorAgeAlarmFraction"]);
    expect(resourcesOfType(synthJson(stack), "aws_cloudwatch_metric_alarm")).toEqual({});
  });
});

describe("validateFirehoseAlarmsProps", () => {
  it("fails when the data-freshness threshold is not a positive integer or an action is not an SNS topic", () => {
    expect(validateFirehoseAlarmsProps({ deliveryStreamName: "d", dataFreshnessThresholdSeconds: 900, alarmActionArns: [TOPIC] })).toEqual([]);
    expect(
      validateFirehoseAlarmsProps({ deliveryStreamName: "d", dataFreshnessThresholdSeconds: 0, alarmActionArns: ["topic"] }).map((p) => p.property),
    ).toEqual(["dataFreshnessThresholdSeconds", "alarmActionArns[0]"]);
    expect(validateFirehoseAlarmsProps({ deliveryStreamName: "d", dataFreshnessThresholdSeconds: Token.asNumber({ resolve: () => 0 }) })).toEqual([]);
  });

  it("FirehoseAlarms on its own: three alarms dimensioned by the delivery stream, throttling of the source's reads with a Kinesis source", () => {
    const { stack } = testStack();
    new FirehoseAlarms(stack, "Direct", { deliveryStreamName: "direct", dataFreshnessThresholdSeconds: 600 });
    new FirehoseAlarms(stack, "FromStream", { deliveryStreamName: "fed", dataFreshnessThresholdSeconds: 600, kinesisSource: true });
    const alarms = Object.values(resourcesOfType(synthJson(stack), "aws_cloudwatch_metric_alarm")) as any[];
    expect(alarms.map((a) => [a.alarm_name, a.metric_name, a.dimensions.DeliveryStreamName])).toEqual([
      ["direct-firehose-data-freshness", "DeliveryToS3.DataFreshness", "direct"],
      ["direct-firehose-delivery-success", "DeliveryToS3.Success", "direct"],
      ["direct-firehose-throttled", "ThrottledRecords", "direct"],
      ["fed-firehose-data-freshness", "DeliveryToS3.DataFreshness", "fed"],
      ["fed-firehose-delivery-success", "DeliveryToS3.Success", "fed"],
      ["fed-firehose-throttled", "ThrottledGetRecords", "fed"],
    ]);
    expect(() => new FirehoseAlarms(stack, "Bad", { deliveryStreamName: "bad", dataFreshnessThresholdSeconds: -1 })).toThrow(
      "test/Bad: 1 invalid property:\n  - dataFreshnessThresholdSeconds: got -1; allowed: a positive integer (seconds)",
    );
  });
});
