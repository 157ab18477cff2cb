/** Terraform outputs a reviewer sees in the plan: a delivery's declared workload simulated with its settings. */
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { FirehoseResult } from "stream-simulator";

/** Adds the workload outputs of `estimate` to `scope` (the `FirehoseToS3`), each described under its path. */
export function addWorkloadOutputs(scope: Construct, estimate: FirehoseResult): void {
  const round = (value: number, digits: number): number => Number(value.toFixed(digits));
  const output = (id: string, value: number, description: string): void => {
    new TerraformOutput(scope, id, { value, description: `${scope.node.path}: ${description}` });
  };
  output("WorkloadObjectsPerHour", round(estimate.objectsPerHour, 1), "S3 objects per hour under the declared workload (simulated)");
  output("WorkloadMeanObjectMiB", round(estimate.meanObjectBytes / 1024 ** 2, 3), "mean S3 object size in MiB, after compression (simulated)");
  output("WorkloadLatencyMeanSeconds", round(estimate.deliveryLatencySeconds.mean, 1), "mean buffering latency per record in seconds (simulated)");
  output("WorkloadLatencyMaxSeconds", round(estimate.deliveryLatencySeconds.max, 1), "maximum buffering latency in seconds (simulated)");
  const q = estimate.directPutQuota;
  if (q !== null) {
    output("WorkloadDirectPutRecordsUtilization", round(q.recordsPerSecond.utilization, 4), `peak direct-PUT records/s as a fraction of the ${q.region} quota`);
    output("WorkloadDirectPutRequestsUtilization", round(q.requestsPerSecond.utilization, 4), `peak direct-PUT requests/s as a fraction of the ${q.region} quota`);
    output("WorkloadDirectPutBytesUtilization", round(q.bytesPerSecond.utilization, 4), `peak direct-PUT bytes/s as a fraction of the ${q.region} quota`);
  }
  const active = estimate.activePartitions;
  if (active !== null) {
    output("WorkloadActivePartitionsUtilization", round(active.count / active.quota, 4), "expected active partitions as a fraction of the quota");
  }
}
