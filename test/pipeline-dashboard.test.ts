/**
 * StreamingPipeline's CloudWatch dashboard (`dashboard: true`): one aws_cloudwatch_dashboard, named after the
 * pipeline, whose widgets show the stream's traffic against its capacity, iterator age and throttling, and the
 * delivery's freshness, success and bytes, each metric dimensioned by this pipeline's names, the alarm thresholds
 * drawn as lines.
 */
import { KINESIS_LIMITS } from "stream-simulator";
import { StreamingPipeline } from "../constructs/pipeline/streaming-pipeline";
import { pipelineDashboardWidgets, type DashboardWidget } from "../constructs/pipeline/dashboard";
import { StreamCapacity } from "../constructs/stream/stream-capacity";
import { decodeJsonDocument } from "../testing/terraform/expressions";
import { validationFailure } from "./helpers/assertions";
import { resourcesOfType, synthJson, testStack, TEST_REGION } from "./helpers/test-stack";

function pipelineJson(props: Partial<ConstructorParameters<typeof StreamingPipeline>[2]> = {}) {
  const { stack } = testStack();
  const pipeline = new StreamingPipeline(stack, "telemetry", { name: "agent.telemetry", dashboard: true, ...props });
  return { pipeline, json: synthJson(stack) };
}
function widgetsOf(json: any): DashboardWidget[] {
  const dashboards = Object.values(resourcesOfType(json, "aws_cloudwatch_dashboard")) as any[];
  expect(dashboards).toHaveLength(1);
  return (decodeJsonDocument(dashboards[0].dashboard_body) as { widgets: DashboardWidget[] }).widgets;
}
const metricNames = (widgets: readonly DashboardWidget[]) => widgets.flatMap((w) => w.properties.metrics.map((m) => `${m[0]} ${m[1]}`));
const byTitle = (widgets: readonly DashboardWidget[], title: RegExp) => widgets.find((w) => title.test(w.properties.title))!;

describe("StreamingPipeline dashboard", () => {
  it("is off by default", () => {
    const { stack } = testStack();
    new StreamingPipeline(stack, "telemetry", { name: "telemetry" });
    expect(resourcesOfType(synthJson(stack), "aws_cloudwatch_dashboard")).toEqual({});
  });

  it("is named after the pipeline ('.' becomes '-', CloudWatch's charset) and shows every metric an operator needs", () => {
    const { json, pipeline } = pipelineJson();
    const [dashboard] = Object.values(resourcesOfType(json, "aws_cloudwatch_dashboard")) as any[];
    expect(dashboard.dashboard_name).toBe("agent-telemetry");
    expect(pipeline.dashboard?.dashboardName).toBe("agent-telemetry");
    expect(metricNames(widgetsOf(json)).sort()).toEqual(
      [
        "AWS/Kinesis IncomingBytes",
        "AWS/Kinesis IncomingRecords",
        "AWS/Kinesis GetRecords.IteratorAgeMilliseconds",
        "AWS/Kinesis WriteProvisionedThroughputExceeded",
        "AWS/Kinesis PutRecords.ThrottledRecords",
        "AWS/Kinesis ReadProvisionedThroughputExceeded",
        "AWS/Firehose DeliveryToS3.DataFreshness",
        "AWS/Firehose DeliveryToS3.Success",
        "AWS/Firehose DataReadFromKinesisStream.Bytes",
        "AWS/Firehose DeliveryToS3.Bytes",
      ].sort(),
    );
  });

  it("dimensions every metric by this pipeline's stream or delivery stream, in the stack's region", () => {
    const { json } = pipelineJson();
    const [streamId] = Object.keys(resourcesOfType(json, "aws_kinesis_stream"));
    for (const w of widgetsOf(json)) {
      expect(w.properties.region).toBe(TEST_REGION);
      for (const m of w.properties.metrics) {
        if (m[0] === "AWS/Kinesis") expect(m.slice(2, 4)).toEqual(["StreamName", `\${aws_kinesis_stream.${streamId}.name}`]);
        else expect(m.slice(2, 4)).toEqual(["DeliveryStreamName", "agent.telemetry"]);
      }
    }
  });

  it("lays the widgets out in rows on the 24-column grid without overlap", () => {
    const widgets = widgetsOf(pipelineJson().json);
    for (const w of widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
    const cells = new Set<string>();
    for (const w of widgets)
      for (let x = w.x; x < w.x + w.width; x++)
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
  });

  it("draws the provisioned capacity and the alarm thresholds as lines: shards × 1 MiB × 60 bytes and × 1,000 × 60 records per minute", () => {
    const { json, pipeline } = pipelineJson({ stream: { capacity: StreamCapacity.provisioned(4) } });
    const widgets = widgetsOf(json);
    const lines = (title: RegExp) => byTitle(widgets, title).properties.annotations?.horizontal;
    expect(lines(/incoming bytes/)).toEqual([{ label: "capacity (4 shards)", value: 4 * KINESIS_LIMITS.shardWriteBytesPerSecond.value * 60 }]);
    expect(lines(/incoming records/)).toEqual([{ label: "capacity (4 shards)", value: 4 * KINESIS_LIMITS.shardWriteRecordsPerSecond.value * 60 }]);
    expect(lines(/iterator age/)).toEqual([{ label: "alarm", value: pipeline.stream.alarms!.iteratorAgeThresholdMs }]);
    expect(lines(/data freshness/)).toEqual([{ label: "alarm", value: pipeline.delivery.alarms!.dataFreshnessThresholdSeconds }]);
  });

  it("draws no capacity line on demand, and no threshold without the alarms", () => {
    const widgets = widgetsOf(pipelineJson({ stream: { capacity: StreamCapacity.onDemand(), alarms: false }, delivery: { alarms: false } }).json);
    for (const w of widgets) expect(w.properties.annotations).toBeUndefined();
  });

  it("reads the delivery's success as a share from 0 to 1", () => {
    expect(byTitle(pipelineDashboardWidgets({ dashboardName: "d", region: "us-east-1", streamName: "s", deliveryStreamName: "d" }), /succeeding/).properties.yAxis).toEqual({
      left: { min: 0, max: 1 },
    });
  });

  it("fails when dashboard is not a boolean (JavaScript callers)", () => {
    const { stack } = testStack();
    const error = validationFailure(() => new StreamingPipeline(stack, "p", { name: "p", dashboard: "yes" as never }));
    expect(error.problems.map((p) => p.property)).toEqual(["dashboard"]);
  });
});
