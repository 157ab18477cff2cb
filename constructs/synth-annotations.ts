import { AnnotationMetadataEntryType } from "cdktf";
import type { IConstruct } from "constructs";

/** One annotation a construct recorded at synth (cdktf `Annotations`): its level, construct path and message. */
export interface SynthAnnotation {
  readonly level: "info" | "warning" | "error";
  readonly constructPath: string;
  readonly message: string;
}

const LEVELS: Record<string, SynthAnnotation["level"]> = {
  [AnnotationMetadataEntryType.INFO]: "info",
  [AnnotationMetadataEntryType.WARN]: "warning",
  [AnnotationMetadataEntryType.ERROR]: "error",
};

/** Every annotation recorded under `scope` (an app, a stack or any construct), in construct order. */
export function synthAnnotations(scope: IConstruct): SynthAnnotation[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => LEVELS[entry.type] !== undefined)
      .map((entry) => ({ level: LEVELS[entry.type], constructPath: construct.node.path, message: String(entry.data) })),
  );
}

/**
 * Prints the annotations recorded under `scope` — the library's synth warnings, such as an unknown prop or a cold
 * on-demand start — one per line to `write` (standard error by default), as `[WARNING] <path>: <message>`, and
 * returns them. The cdktf CLI prints them itself; an app run another way (`node main.js`, `ts-node main.ts`) prints
 * none unless it calls this after `app.synth()`. Under the CLI (which sets `CDKTF_OUTDIR` for the app) it prints
 * nothing, so nothing appears twice.
 */
export function printSynthAnnotations(scope: IConstruct, write: (line: string) => void = (line) => process.stderr.write(line)): SynthAnnotation[] {
  const annotations = synthAnnotations(scope);
  if (process.env.CDKTF_OUTDIR === undefined) {
    for (const a of annotations) write(`[${a.level.toUpperCase()}] ${a.constructPath}: ${a.message}\n`);
  }
  return annotations;
}
