import type { FirehoseSpec, Workload } from "stream-simulator";
import { isToken } from "../validation/problems";

/** The Firehose fields a pipeline's delivery decides (`s3StorageDays` is the bucket's business, not the delivery's). */
const DELIVERY_FIELDS = ["bufferingSizeMiB", "bufferingIntervalSeconds", "compression"] as const;
type DeliveryField = (typeof DELIVERY_FIELDS)[number];

/** A pipeline stream's workload for its sizing, check and cost estimate, with what synth should warn about. */
export interface PipelineStreamWorkload {
  /** The workload with the delivery's settings filled in (the same object when nothing was filled in). */
  readonly workload: Workload;
  /** Synth warnings (`workload.firehose: false`, or declared settings that differ from the delivery's). */
  readonly warnings: readonly string[];
}

/**
 * The stream's workload in a pipeline whose delivery has `delivery` settings (`firehoseSpecOf`), so its
 * monthly cost estimate prices the Firehose that deploys:
 * - `firehose` absent or `true`: becomes the delivery's settings;
 * - `firehose` an object: its omitted delivery fields are filled from the delivery; a declared literal field that
 *   differs from the delivery's literal value is kept (the estimate uses it as declared) and named in a warning;
 * - `firehose: false`: kept (no Firehose cost), with a warning that the estimate leaves the pipeline's Firehose out;
 * - anything else (invalid; the workload check reports it): kept.
 * `property` names the workload in messages (`workload` or `stream.workload`).
 */
export function pipelineStreamWorkload(workload: Workload, delivery: FirehoseSpec, property: string): PipelineStreamWorkload {
  const declared: unknown = workload.firehose;
  if (declared === false) {
    return {
      workload,
      warnings: [
        `${property}.firehose is false, so the stream's monthly cost estimate excludes the pipeline's Firehose delivery ` +
          "stream (ingestion, S3 requests and storage); omit it to have the delivery's settings priced",
      ],
    };
  }
  if (declared !== undefined && declared !== true && (declared === null || typeof declared !== "object" || Array.isArray(declared))) {
    return { workload, warnings: [] };
  }
  const spec = (declared === undefined || declared === true ? {} : declared) as Record<string, unknown>;
  const filled: Record<string, unknown> = { ...spec };
  const conflicts: string[] = [];
  for (const field of DELIVERY_FIELDS) {
    const own = spec[field];
    const theirs = delivery[field as DeliveryField];
    if (own === undefined) {
      if (theirs !== undefined) filled[field] = theirs;
    } else if (theirs !== undefined && !isToken(own) && own !== theirs) {
      conflicts.push(`${field} ${JSON.stringify(own)} (the delivery's: ${JSON.stringify(theirs)})`);
    }
  }
  const changed = DELIVERY_FIELDS.some((f) => filled[f] !== spec[f]);
  const warnings =
    conflicts.length === 0
      ? []
      : [
          `${property}.firehose differs from the pipeline's delivery settings: ${conflicts.join(", ")}. The delivery ` +
            "deploys with its own settings; the stream's monthly cost estimate uses the workload's as declared",
        ];
  return { workload: changed ? { ...workload, firehose: filled as FirehoseSpec } : workload, warnings };
}
