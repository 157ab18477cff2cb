import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { validateFirehoseAlarmsProps } from "../validation/firehose-alarms";
import { throwIfProblems } from "../validation/problems";
import type { FirehoseAlarmsProps } from "./props";
import { alarmMetric, deliveryMetric, type DeliveryMetricName } from "../metrics";

/** Metric period of every Firehose alarm; Firehose publishes its delivery metrics at 5-minute granularity or finer. */
const ALARM_PERIOD_SECONDS = 300;

/**
 * The three CloudWatch alarms a Firehose delivery stream to S3 needs, each dimensioned by `DeliveryStreamName` (the
 * Firehose counterpart of `StreamAlarms`):
 * - `DeliveryToS3.DataFreshness` Maximum above the threshold: records are waiting too long to reach S3;
 * - `DeliveryToS3.Success` Minimum below 1: some S3 puts failed;
 * - `ThrottledRecords` (direct PUT) or `ThrottledGetRecords` (Kinesis source) above 0.
 * Missing data is not breaching: an idle delivery stream publishes none of these metrics, which is healthy; a stuck
 * one keeps publishing DataFreshness (growing) and failed Success datapoints.
 */
export class FirehoseAlarms extends Construct {
  /** `DeliveryToS3.DataFreshness` Maximum above the threshold: records are waiting too long to reach S3. */
  public readonly dataFreshness: CloudwatchMetricAlarm;
  /** `DeliveryToS3.Success` Minimum below 1: some S3 puts failed. */
  public readonly deliverySuccess: CloudwatchMetricAlarm;
  /** `ThrottledRecords` (direct PUT) or `ThrottledGetRecords` (Kinesis source) above 0. */
  public readonly throttling: CloudwatchMetricAlarm;
  /** The data-freshness threshold in seconds (a Terraform expression when the buffering interval is a token). */
  public readonly dataFreshnessThresholdSeconds: number;

  public constructor(scope: Construct, id: string, props: FirehoseAlarmsProps) {
    super(scope, id);
    throwIfProblems(this.node.path, validateFirehoseAlarmsProps(props));
    const name = props.deliveryStreamName;
    const threshold = props.dataFreshnessThresholdSeconds;
    this.dataFreshnessThresholdSeconds = threshold;
    const actions = props.alarmActionArns ? [...props.alarmActionArns] : undefined;
    const metric = (metricName: DeliveryMetricName, statistic?: string) =>
      alarmMetric(deliveryMetric(name, metricName, { statistic, periodSeconds: ALARM_PERIOD_SECONDS }));
    const common = {
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: actions,
      okActions: actions,
      tags: props.tags ? { ...props.tags } : undefined,
    };
    const kinesisSource = props.kinesisSource ?? false;
    this.dataFreshness = new CloudwatchMetricAlarm(this, "DataFreshnessAlarm", {
      ...common,
      alarmName: `${name}-firehose-data-freshness`,
      alarmDescription:
        `Records in Firehose delivery stream ${name} are older than ${threshold} s before reaching S3 ` +
        "(delivery failing or falling behind).",
      ...metric("DeliveryToS3.DataFreshness"),
      comparisonOperator: "GreaterThanThreshold",
      threshold,
    });
    this.deliverySuccess = new CloudwatchMetricAlarm(this, "DeliverySuccessAlarm", {
      ...common,
      alarmName: `${name}-firehose-delivery-success`,
      alarmDescription: `Some S3 puts of Firehose delivery stream ${name} failed (check the error log and the error prefix).`,
      // Minimum: any failed put in the period shows (the dashboard reads the Average, the share that succeeds).
      ...metric("DeliveryToS3.Success", "Minimum"),
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
    });
    this.throttling = new CloudwatchMetricAlarm(this, "ThrottlingAlarm", {
      ...common,
      alarmName: `${name}-firehose-throttled`,
      alarmDescription: kinesisSource
        ? `Firehose delivery stream ${name} is throttled reading its source stream (shared read limits exceeded).`
        : `Producers to Firehose delivery stream ${name} are throttled (direct-PUT quota exceeded).`,
      ...metric(kinesisSource ? "ThrottledGetRecords" : "ThrottledRecords"),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  }
}
