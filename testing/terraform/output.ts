/**
 * Reading terraform's machine-readable output: `validate -json` (one document) and `plan -json` (a stream of JSON
 * lines: diagnostics, planned changes, the change summary), and attributing each diagnostic and change to the stack
 * it belongs to when several stacks are checked as modules of one root.
 */
import { DEV_OVERRIDES_WARNING } from "./cli-config";
import type { TerraformTimings } from "./timings";

/** One terraform diagnostic, as printed by `-json` output. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** Resource address the diagnostic is about, when terraform reports one. */
  readonly address?: string;
  /** `file:line` of the offending configuration, when known. */
  readonly location?: string;
  /**
   * The stack the diagnostic is about, when several stacks were checked together (`terraformValidateAndPlanAll`): its
   * id, suffixed `_2`, `_3`, … when ids repeat. `address` and `location` are then relative to that stack.
   */
  readonly stack?: string;
}

/** Thrown when terraform rejects a stack; the message carries every diagnostic. */
export class TerraformCheckError extends Error {
  /** What the check had spent when terraform rejected the stack (e.g. whether it ran `terraform init`). */
  public timings?: Partial<TerraformTimings>;

  public constructor(
    public readonly command: string,
    public readonly diagnostics: readonly TerraformDiagnostic[],
    rawOutput: string,
  ) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const lines = errors.length > 0 ? errors.map(formatDiagnostic) : [rawOutput.trim() || "(no output)"];
    super(`terraform ${command} failed:\n${lines.join("\n")}`);
    this.name = "TerraformCheckError";
  }
}

function formatDiagnostic(d: TerraformDiagnostic): string {
  const where = [d.stack && `stack ${d.stack}`, d.address, d.location].filter(Boolean).join(" @ ");
  return `  ${d.severity.toUpperCase()}: ${d.summary}${where ? ` [${where}]` : ""}${
    d.detail ? `\n    ${d.detail.replace(/\n/g, "\n    ")}` : ""
  }`;
}

/** A diagnostic as terraform's `-json` output spells it. */
export interface RawDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
}

function toDiagnostic(raw: RawDiagnostic): TerraformDiagnostic {
  return {
    severity: raw.severity,
    summary: raw.summary,
    ...(raw.detail ? { detail: raw.detail } : {}),
    ...(raw.address ? { address: raw.address } : {}),
    ...(raw.range ? { location: `${raw.range.filename}:${raw.range.start.line}` } : {}),
  };
}

/** The dev_overrides notice: expected in that mode, not a finding. */
function isDevOverridesNotice(raw: RawDiagnostic): boolean {
  return raw.severity === "warning" && raw.summary === DEV_OVERRIDES_WARNING;
}

/**
 * How a command's diagnostics map to stacks: `SINGLE_STACK` keeps them as terraform reports them; a root holding
 * several stacks as modules (`moduleAttribution`) maps each to its stack and drops what only the wrapping causes.
 * Returns undefined for a diagnostic to drop.
 */
export type Attribution = (raw: RawDiagnostic) => TerraformDiagnostic | undefined;

export const SINGLE_STACK: Attribution = (raw) => (isDevOverridesNotice(raw) ? undefined : toDiagnostic(raw));

/** What terraform prints when a child module has a backend block: expected when a stack is checked as a module. */
const BACKEND_IGNORED_WARNING = "Backend configuration ignored";

/** The module a root-relative address (`module.<name>.…`) or file (`<name>/cdk.tf.json`) belongs to, and the rest. */
export function splitModule(value: string, separator: "address" | "file"): { module?: string; rest: string } {
  const match = separator === "address" ? /^module\.([^.[]+)\.(.+)$/.exec(value) : /^([^/\\]+)[/\\](.+)$/.exec(value);
  return match ? { module: match[1], rest: match[2] } : { rest: value };
}

/**
 * Attribution for a root that calls each stack's directory as a module: a diagnostic names its stack, with address
 * and location relative to it; the backend warning of a stack that has a backend block is dropped (`terraform
 * validate` does not check backends either); the root's own diagnostics are reported with every stack.
 */
export function moduleAttribution(hasBackend: ReadonlyMap<string, boolean>): Attribution {
  return (raw) => {
    if (isDevOverridesNotice(raw)) return undefined;
    const fromAddress = raw.address ? splitModule(raw.address, "address") : undefined;
    const fromFile = raw.range ? splitModule(raw.range.filename, "file") : undefined;
    const module = fromAddress?.module ?? fromFile?.module ?? "";
    if (!hasBackend.has(module)) return toDiagnostic(raw);
    if (raw.severity === "warning" && raw.summary === BACKEND_IGNORED_WARNING && hasBackend.get(module)) return undefined;
    const relative: RawDiagnostic = {
      ...raw,
      ...(fromAddress ? { address: fromAddress.rest } : {}),
      ...(raw.range && fromFile ? { range: { ...raw.range, filename: fromFile.rest } } : {}),
    };
    return { ...toDiagnostic(relative), stack: module };
  };
}

/** `terraform validate -json`: whether the configuration is valid, and its diagnostics as `attribution` maps them. */
export function parseValidateOutput(stdout: string, attribution: Attribution): { valid: boolean; diagnostics: TerraformDiagnostic[] } | undefined {
  let parsed: { valid: boolean; diagnostics?: RawDiagnostic[] };
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  return { valid: parsed.valid, diagnostics: (parsed.diagnostics ?? []).flatMap((raw) => attribution(raw) ?? []) };
}

/** Terraform actions of a planned change, as `terraform show -json` spells them. */
export type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface PlannedResourceChange {
  /** Resource address, e.g. `aws_kinesis_stream.pipeline_stream_Resource_A1B2C3D4`. */
  readonly address: string;
  /** Terraform resource type, e.g. `aws_kinesis_stream`. */
  readonly type: string;
  /** Actions, e.g. `["create"]`; a replacement is `["delete", "create"]`. */
  readonly actions: readonly PlanAction[];
}

/** Change counts, as terraform's change summary gives them. */
export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
}

export interface PlanSummary {
  readonly resourceChanges: readonly PlannedResourceChange[];
  /** Changes to resources of one Terraform type. */
  byType(type: string): PlannedResourceChange[];
  /** Counts from terraform's change summary. */
  readonly counts: ChangeCounts;
  readonly warnings: readonly TerraformDiagnostic[];
  readonly timings: TerraformTimings;
}

/** What a plan's `-json` stream says. */
export interface PlanOutput {
  readonly changes: PlannedResourceChange[];
  readonly diagnostics: TerraformDiagnostic[];
  readonly counts: ChangeCounts;
}

const ACTIONS: Record<string, PlanAction[]> = {
  noop: ["no-op"],
  create: ["create"],
  read: ["read"],
  update: ["update"],
  delete: ["delete"],
  replace: ["delete", "create"],
  remove: ["forget"],
};

/** Parses `-json` streaming UI output (one JSON object per line) into its messages. */
function jsonLines(output: string): any[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}

/**
 * `terraform plan -json`: the planned changes (`planned_change` messages carry the address, type and action of every
 * change, which saves a `terraform show -json plan`, another load of the provider schema), diagnostics and counts.
 */
export function parsePlanOutput(stdout: string, attribution: Attribution): PlanOutput {
  const messages = jsonLines(stdout);
  const summary = messages.find((m) => m.type === "change_summary")?.changes ?? {};
  return {
    changes: messages
      .filter((m) => m.type === "planned_change")
      .map((m) => ({
        address: m.change.resource.addr as string,
        type: m.change.resource.resource_type as string,
        actions: ACTIONS[m.change.action as string] ?? [m.change.action as PlanAction],
      })),
    diagnostics: messages.filter((m) => m.type === "diagnostic").flatMap((m) => attribution(m.diagnostic as RawDiagnostic) ?? []),
    counts: { add: summary.add ?? 0, change: summary.change ?? 0, remove: summary.remove ?? 0 },
  };
}

/** Counts of a list of changes, as terraform's summary counts them. */
export function countChanges(changes: readonly PlannedResourceChange[]): ChangeCounts {
  return {
    add: changes.filter((c) => c.actions.includes("create")).length,
    change: changes.filter((c) => c.actions.includes("update")).length,
    remove: changes.filter((c) => c.actions.includes("delete")).length,
  };
}

/** A `PlanSummary` of changes, their counts and diagnostics, with the check's timings. */
export function planSummary(plan: PlanOutput, timings: TerraformTimings): PlanSummary {
  return {
    resourceChanges: plan.changes,
    byType: (type: string) => plan.changes.filter((change) => change.type === type),
    counts: plan.counts,
    warnings: plan.diagnostics.filter((d) => d.severity === "warning"),
    timings,
  };
}
