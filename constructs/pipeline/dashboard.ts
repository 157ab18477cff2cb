/**
 * One CloudWatch dashboard per pipeline (`StreamingPipeline` with `dashboard: true`): what an operator looks at first,
 * on three rows of a 24-column grid —
 * 1. the stream's incoming bytes and records per minute, against the provisioned capacity when it is fixed;
 * 2. how far consumers are behind (iterator age, against the alarm's threshold) and every throttling the stream
 *    reports (writes, reads, PutRecords entries);
 * 3. the delivery: data freshness (against its alarm's threshold), the share of S3 deliveries that succeed, and the
 *    bytes delivered to S3 next to the bytes read from the stream.
 * The metrics and their statistics come from ../metrics.ts. The body's format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html.
 */
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { KINESIS_LIMITS } from "stream-simulator";
import {
  dashboardRow,
  deliveryMetric,
  DELIVERY_METRIC_PERIOD_SECONDS,
  streamMetric,
  STREAM_METRIC_PERIOD_SECONDS,
  type DeliveryMetricName,
  type StreamMetricName,
} from "../metrics";
import { isToken } from "../validation/problems";

/** What the dashboard shows. Names and the region may be Terraform tokens. */
export interface PipelineDashboardProps {
  /** Dashboard name: letters, digits, '-' and '_' (CloudWatch's rule). */
  readonly dashboardName: string;
  readonly region: string;
  readonly streamName: string;
  readonly deliveryStreamName: string;
  /** Provisioned shards, drawn as the capacity line; undefined for on-demand. */
  readonly shardCount?: number;
  /** The iterator-age alarm's threshold, drawn on its graph; undefined without stream alarms. */
  readonly iteratorAgeThresholdMs?: number;
  /** The data-freshness alarm's threshold, drawn on its graph; undefined without delivery alarms. */
  readonly dataFreshnessThresholdSeconds?: number;
}

/** One widget of the body: a metric graph at (x, y) of the grid, `width` × `height` cells. */
export interface DashboardWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly period: number;
    readonly metrics: readonly (readonly unknown[])[];
    readonly annotations?: { readonly horizontal: readonly { readonly label: string; readonly value: number }[] };
    readonly yAxis?: { readonly left: { readonly min: number; readonly max?: number } };
  };
}

/** Grid width of a CloudWatch dashboard. */
const COLUMNS = 24;
/** Height of every widget, in grid cells. */
const HEIGHT = 6;
/** Seconds per datapoint: Kinesis stream-level metrics are per minute, Firehose's per 5 minutes. */
const STREAM_PERIOD = STREAM_METRIC_PERIOD_SECONDS;
const DELIVERY_PERIOD = DELIVERY_METRIC_PERIOD_SECONDS;

/** A line to draw: a literal threshold or capacity (a token or an absent value draws none). */
function line(label: string, value: number | undefined): { label: string; value: number }[] {
  return value === undefined || isToken(value) ? [] : [{ label, value }];
}

/** The dashboard's widgets, row by row (`dashboard_body` is `{ widgets }` of these). */
export function pipelineDashboardWidgets(props: PipelineDashboardProps): DashboardWidget[] {
  const stream = (metric: StreamMetricName, label: string): unknown[] => dashboardRow(streamMetric(props.streamName, metric), label);
  const delivery = (metric: DeliveryMetricName, label: string): unknown[] => dashboardRow(deliveryMetric(props.deliveryStreamName, metric), label);
  const shards = props.shardCount !== undefined && !isToken(props.shardCount) ? props.shardCount : undefined;
  const capacity = (perShardPerSecond: number) => (shards === undefined ? undefined : shards * perShardPerSecond * STREAM_PERIOD);
  const rows: { title: string; period: number; metrics: unknown[][]; lines?: { label: string; value: number }[]; percent?: boolean }[][] = [
    [
      {
        title: "Stream: incoming bytes per minute",
        period: STREAM_PERIOD,
        metrics: [stream("IncomingBytes", "incoming bytes")],
        lines: line(`capacity (${shards} shards)`, capacity(KINESIS_LIMITS.shardWriteBytesPerSecond.value)),
      },
      {
        title: "Stream: incoming records per minute",
        period: STREAM_PERIOD,
        metrics: [stream("IncomingRecords", "incoming records")],
        lines: line(`capacity (${shards} shards)`, capacity(KINESIS_LIMITS.shardWriteRecordsPerSecond.value)),
      },
    ],
    [
      {
        title: "Stream: iterator age (ms)",
        period: STREAM_PERIOD,
        metrics: [stream("GetRecords.IteratorAgeMilliseconds", "iterator age")],
        lines: line("alarm", props.iteratorAgeThresholdMs),
      },
      {
        title: "Stream: throttled per minute",
        period: STREAM_PERIOD,
        metrics: [
          stream("WriteProvisionedThroughputExceeded", "writes"),
          stream("PutRecords.ThrottledRecords", "PutRecords entries"),
          stream("ReadProvisionedThroughputExceeded", "reads"),
        ],
      },
    ],
    [
      {
        title: "Delivery: data freshness (s)",
        period: DELIVERY_PERIOD,
        metrics: [delivery("DeliveryToS3.DataFreshness", "oldest record")],
        lines: line("alarm", props.dataFreshnessThresholdSeconds),
      },
      {
        title: "Delivery: S3 deliveries succeeding",
        period: DELIVERY_PERIOD,
        metrics: [delivery("DeliveryToS3.Success", "success")],
        percent: true,
      },
      {
        title: "Delivery: bytes read and delivered",
        period: DELIVERY_PERIOD,
        metrics: [delivery("DataReadFromKinesisStream.Bytes", "read from the stream"), delivery("DeliveryToS3.Bytes", "delivered to S3")],
      },
    ],
  ];
  return rows.flatMap((row, r) => {
    const width = COLUMNS / row.length;
    return row.map((w, c) => ({
      type: "metric" as const,
      x: c * width,
      y: r * HEIGHT,
      width,
      height: HEIGHT,
      properties: {
        title: w.title,
        region: props.region,
        view: "timeSeries" as const,
        period: w.period,
        metrics: w.metrics,
        ...(w.lines !== undefined && w.lines.length > 0 ? { annotations: { horizontal: w.lines } } : {}),
        ...(w.percent ? { yAxis: { left: { min: 0, max: 1 } } } : {}),
      },
    }));
  });
}

/** A pipeline's CloudWatch dashboard (`aws_cloudwatch_dashboard`), laid out by `pipelineDashboardWidgets`. */
export class PipelineDashboard extends Construct {
  /** The `aws_cloudwatch_dashboard`. */
  public readonly dashboard: CloudwatchDashboard;
  /** Its name. */
  public readonly dashboardName: string;

  public constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    this.dashboardName = props.dashboardName;
    this.dashboard = new CloudwatchDashboard(this, "Resource", {
      dashboardName: props.dashboardName,
      // jsonencode: names and the region may be Terraform references.
      dashboardBody: Fn.jsonencode({ widgets: pipelineDashboardWidgets(props) }),
    });
  }
}
