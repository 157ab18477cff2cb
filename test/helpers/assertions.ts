import { AnnotationMetadataEntryType } from "cdktf";
import type { IConstruct } from "constructs";
import { PipelineValidationError } from "../../constructs/validation/problems";

/** Runs `fn`, expects it to throw a PipelineValidationError, and returns that error for further assertions. */
export function validationFailure(fn: () => unknown): PipelineValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineValidationError);
    return e as PipelineValidationError;
  }
  throw new Error("expected a PipelineValidationError, nothing was thrown");
}

/** Terraform reference to an attribute of the stack's single data.aws_partition, as it appears in synthesized JSON. */
export function partitionRef(json: any, attribute: "partition" | "dns_suffix"): string {
  const ids = Object.keys(json.data.aws_partition);
  expect(ids).toHaveLength(1);
  return `\${data.aws_partition.${ids[0]}.${attribute}}`;
}

/** Every action of a parsed IAM policy document, flattened and sorted. */
export function policyActions(doc: { Statement: any[] }): string[] {
  return doc.Statement.flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}

/** Warnings attached to `construct` itself with cdktf Annotations (what `cdktf synth` prints under its path). */
export function warningsOf(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
}
