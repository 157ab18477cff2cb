/**
 * The CloudWatch metrics of a stream and a delivery stream, with the dimension each needs (`StreamName`,
 * `DeliveryStreamName`): one home for what the alarms, the dashboard and the constructs' `metric…()` helpers name.
 * Metric names: https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html and
 * https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html (checked 2026-12-04).
 */

/** A CloudWatch metric as an alarm (`aws_cloudwatch_metric_alarm`) or a dashboard widget takes it. */
export interface MetricSpec {
  readonly namespace: "AWS/Kinesis" | "AWS/Firehose";
  readonly metricName: string;
  /** The one dimension the metric is published with here. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** e.g. `Sum`, `Maximum`, `Average`. */
  readonly statistic: string;
  /** Seconds per datapoint. */
  readonly periodSeconds: number;
}

/** Options of a `metric…()` helper. */
export interface MetricOptions {
  /** @default the metric's usual statistic (Sum for counts, Maximum for ages, Average for the success share) */
  readonly statistic?: string;
  /** @default 60 for stream metrics (published per minute), 300 for delivery metrics */
  readonly periodSeconds?: number;
}

/** Stream-level Kinesis metrics and the statistic each is read with by default. */
export const STREAM_METRICS = {
  IncomingBytes: "Sum",
  IncomingRecords: "Sum",
  "GetRecords.IteratorAgeMilliseconds": "Maximum",
  WriteProvisionedThroughputExceeded: "Sum",
  ReadProvisionedThroughputExceeded: "Sum",
  "PutRecords.ThrottledRecords": "Sum",
} as const;

/** Firehose delivery metrics and the statistic each is read with by default. */
export const DELIVERY_METRICS = {
  "DeliveryToS3.DataFreshness": "Maximum",
  "DeliveryToS3.Success": "Average",
  "DeliveryToS3.Bytes": "Sum",
  "DataReadFromKinesisStream.Bytes": "Sum",
  ThrottledRecords: "Sum",
  ThrottledGetRecords: "Sum",
} as const;

export type StreamMetricName = keyof typeof STREAM_METRICS;
export type DeliveryMetricName = keyof typeof DELIVERY_METRICS;

/** Kinesis publishes stream-level metrics each minute, Firehose its delivery metrics each five minutes. */
export const STREAM_METRIC_PERIOD_SECONDS = 60;
export const DELIVERY_METRIC_PERIOD_SECONDS = 300;

/** Where each namespace's metrics are published: the dimension, the table of statistics, the period. */
const NAMESPACES = {
  "AWS/Kinesis": { dimension: "StreamName", statistics: STREAM_METRICS as Record<string, string>, periodSeconds: STREAM_METRIC_PERIOD_SECONDS },
  "AWS/Firehose": { dimension: "DeliveryStreamName", statistics: DELIVERY_METRICS as Record<string, string>, periodSeconds: DELIVERY_METRIC_PERIOD_SECONDS },
} as const;

function metricOf(namespace: MetricSpec["namespace"], dimensionValue: string, metricName: string, options: MetricOptions): MetricSpec {
  const published = NAMESPACES[namespace];
  return {
    namespace,
    metricName,
    dimensions: { [published.dimension]: dimensionValue },
    statistic: options.statistic ?? published.statistics[metricName],
    periodSeconds: options.periodSeconds ?? published.periodSeconds,
  };
}

/** A stream metric, dimensioned by `StreamName`. */
export function streamMetric(streamName: string, metricName: StreamMetricName, options: MetricOptions = {}): MetricSpec {
  return metricOf("AWS/Kinesis", streamName, metricName, options);
}

/** A delivery metric, dimensioned by `DeliveryStreamName`. */
export function deliveryMetric(deliveryStreamName: string, metricName: DeliveryMetricName, options: MetricOptions = {}): MetricSpec {
  return metricOf("AWS/Firehose", deliveryStreamName, metricName, options);
}

/** A metric as a dashboard widget's `metrics` row: namespace, name, dimension name and value, then its options. */
export function dashboardRow(metric: MetricSpec, label: string): unknown[] {
  const [dimension, value] = Object.entries(metric.dimensions)[0];
  return [metric.namespace, metric.metricName, dimension, value, { stat: metric.statistic, label }];
}

/** A metric as `aws_cloudwatch_metric_alarm` arguments: namespace, name, dimensions, statistic and period. */
export function alarmMetric(metric: MetricSpec): {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  period: number;
} {
  return { namespace: metric.namespace, metricName: metric.metricName, dimensions: { ...metric.dimensions }, statistic: metric.statistic, period: metric.periodSeconds };
}
