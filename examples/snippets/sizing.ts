/**
 * README snippet: a stream sized at synth from the workload its producers declare.
 */
import { Construct } from "constructs";
import { EncryptedStream, StreamCapacity, type Workload } from "cdktf-kinesis-pipeline";

export function sizing(scope: Construct): { recommendation?: string; binding?: string | null } {
  // #region readme
  const telemetry: Workload = { recordsPerSecond: 1200, recordBytes: 2048, peakToAverage: 3, region: "eu-west-1" };
  const stream = new EncryptedStream(scope, "Telemetry", {
    streamName: "telemetry",
    capacity: StreamCapacity.forWorkload(telemetry), // the smallest shard count that passes, or a synth error
    workload: telemetry, // whatever capacity is set here is checked against it at synth
  });
  stream.capacity.sizing?.recommendation; // "9 provisioned shards"
  stream.capacity.sizing?.binding; // "growth": the question that set it (limit, growth or throttle); .sizing has the rest
  // #endregion
  return { recommendation: stream.capacity.sizing?.recommendation, binding: stream.capacity.sizing?.binding };
}
