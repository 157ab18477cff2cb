/**
 * Change safety between two synths of one stack: what AWS or Terraform would refuse, or would do to data, when the
 * `next` synthesized configuration is applied over a deployed `previous` one. Both are `cdk.tf.json` documents (a
 * stack's `Testing.synth` output, or the file under `cdktf.out/stacks/<stack>/`), compared resource by resource at
 * the same Terraform address:
 *
 * - a provisioned shard count that one UpdateShardCount call cannot reach (at most 2× up or ½ down per call, at most
 *   10 calls per rolling 24 hours): the finding gives the sequence of applies that gets there;
 * - dynamic partitioning enabled on an existing Firehose delivery stream (AWS allows it only at creation);
 * - a retained resource (a stream, bucket, KMS key or log group whose block has `prevent_destroy`, the library's
 *   default `RemovalPolicy.RETAIN`) whose address is gone — a removed construct, or a renamed construct id — unless a
 *   `moved` block in `next` carries it to its new address: Terraform plans a plain delete, which `prevent_destroy`
 *   cannot stop (the protection leaves with the block). A resource with `RemovalPolicy.DESTROY` may go.
 *
 * Replacements caused by a changed force-new argument need the provider's own plan: `plannedChangeFindings` reads one
 * (the terraform harness plans the new synth over a state built from the previous one).
 */
import { KINESIS_LIMITS } from "stream-simulator";
import { readStreamCapacity, stackResources } from "stream-simulator/terraform";

/** One change AWS or Terraform would refuse, or that would lose data. */
export interface ChangeFinding {
  /** Terraform address in the stack, e.g. `aws_kinesis_stream.orders_Stream_Resource_3F2A1B9C`. */
  readonly address: string;
  readonly kind: "shard-count-step" | "dynamic-partitioning-enabled" | "stateful-resource-destroyed" | "stateful-resource-replaced";
  /** What would happen. */
  readonly message: string;
  /** What to do instead. */
  readonly fix: string;
  /** For `shard-count-step`: the shard count after each apply, ending at the new count. */
  readonly applies?: readonly number[];
}

/** Resource types that hold data, which the library retains by default. */
export const STATEFUL_RESOURCE_TYPES: readonly string[] = ["aws_kinesis_stream", "aws_s3_bucket", "aws_kms_key", "aws_cloudwatch_log_group"];

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function parse(config: unknown, which: string): { resource: Resources; moved: { from?: string; to?: string }[] } {
  const parsed = typeof config === "string" ? JSON.parse(config) : config;
  if (parsed === null || typeof parsed !== "object") throw new Error(`checkChangeSafety: the ${which} configuration is not a cdk.tf.json document`);
  const doc = parsed as { resource?: Resources; moved?: { from?: string; to?: string }[] };
  return { resource: doc.resource ?? {}, moved: Array.isArray(doc.moved) ? doc.moved : [] };
}

/** The first element of a block list (cdktf synthesizes nested blocks as lists), or the block itself. */
function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

/** A stream's literal provisioned shard count, as the simulator's Terraform reader reads it (undefined otherwise). */
function provisionedShards(type: string, name: string, stream: Record<string, unknown>): number | undefined {
  const [read] = stackResources({ resource: { [type]: { [name]: stream } } }, type);
  const capacity = read === undefined ? undefined : readStreamCapacity(read.attributes, read.resource, []);
  return capacity?.mode === "provisioned" ? capacity.shards : undefined;
}

/**
 * The shard counts UpdateShardCount reaches from `from` to `to`, one call per element: each at most 2× (up) or at
 * least ½ (down, rounded up) of the one before.
 */
export function shardCountSteps(from: number, to: number): number[] {
  const up = KINESIS_LIMITS.updateShardCountMaxScaleUp.value;
  const down = KINESIS_LIMITS.updateShardCountMinScaleDown.value;
  const steps: number[] = [];
  let current = from;
  while (current !== to) {
    current = to > current ? Math.min(current * up, to) : Math.max(Math.ceil(current * down), to);
    steps.push(current);
  }
  return steps;
}

function dynamicPartitioningEnabled(delivery: Record<string, unknown>): boolean {
  return block(block(delivery.extended_s3_configuration)?.dynamic_partitioning_configuration)?.enabled === true;
}

/** Every finding for applying `next` over a deployed `previous` (empty when the change is safe). */
export function checkChangeSafety(previous: unknown, next: unknown): ChangeFinding[] {
  const before = parse(previous, "previous");
  const after = parse(next, "next");
  const findings: ChangeFinding[] = [];
  const movedFrom = new Set(after.moved.map((m) => m.from));

  for (const [type, resources] of Object.entries(before.resource)) {
    for (const [name, old] of Object.entries(resources)) {
      const address = `${type}.${name}`;
      const now = after.resource[type]?.[name];
      if (now === undefined) {
        const retained = block(old.lifecycle)?.prevent_destroy === true;
        if (STATEFUL_RESOURCE_TYPES.includes(type) && retained && !movedFrom.has(address)) {
          findings.push({
            address,
            kind: "stateful-resource-destroyed",
            message: `${address} is no longer in the configuration: Terraform would delete it and what it holds (it is retained, but prevent_destroy leaves with the block)`,
            fix:
              "if the construct was renamed or moved, keep its id, or add a moved block from the old address to the new one " +
              "(cdktf: resource.moveFromId / moveTo); if it is meant to go, set removalPolicy: RemovalPolicy.DESTROY and apply that first, then remove it",
          });
        }
        continue;
      }
      if (type === "aws_kinesis_stream") {
        const from = provisionedShards(type, name, old);
        const to = provisionedShards(type, name, now);
        if (from !== undefined && to !== undefined && from > 0 && to > 0) {
          const applies = shardCountSteps(from, to);
          if (applies.length > 1) {
            const perDay = KINESIS_LIMITS.updateShardCountMaxPer24Hours.value;
            findings.push({
              address,
              kind: "shard-count-step",
              message:
                `${address}: shard count ${from} → ${to} in one apply; UpdateShardCount allows at most ` +
                `${KINESIS_LIMITS.updateShardCountMaxScaleUp.value}× up or ${KINESIS_LIMITS.updateShardCountMinScaleDown.value}× down per call, so AWS rejects it`,
              fix:
                `apply ${[from, ...applies].join(" → ")} (${applies.length} applies, one shard count each)` +
                (applies.length > perDay ? `, over more than 24 hours: at most ${perDay} scaling operations per rolling 24 hours` : ""),
              applies,
            });
          }
        }
      }
      if (type === "aws_kinesis_firehose_delivery_stream" && dynamicPartitioningEnabled(now) && !dynamicPartitioningEnabled(old)) {
        findings.push({
          address,
          kind: "dynamic-partitioning-enabled",
          message: `${address}: dynamic partitioning enabled on an existing delivery stream, which Firehose allows only when a delivery stream is created`,
          fix: "create a new delivery stream (a new construct id and deliveryStreamName) with dynamic partitioning, move producers to it, then remove the old one",
        });
      }
    }
  }
  return findings;
}

/** Resource types whose replacement loses what they hold or carry: the stateful ones, and delivery streams (buffered records). */
export const REPLACEMENT_SENSITIVE_TYPES: readonly string[] = [...STATEFUL_RESOURCE_TYPES, "aws_kinesis_firehose_delivery_stream"];

/** What a Terraform plan of the change says (e.g. `terraform show -json`'s `resource_changes`, or a plan's `-json` stream). */
export interface PlannedChanges {
  /** Every planned change; a replacement has both `delete` and `create` among its actions. */
  readonly changes: readonly { readonly address: string; readonly type: string; readonly actions: readonly string[] }[];
  /** Addresses Terraform refuses to destroy (`prevent_destroy`: "Instance cannot be destroyed"). */
  readonly preventedDestroy?: readonly string[];
}

/**
 * Findings from a real plan of `next` over a deployment of `previous` (the terraform harness's
 * `terraformPlanChangesAll`): each stream, bucket, key, log group or delivery stream the provider would REPLACE (a
 * changed force-new argument: the provider decides, not a list kept here). A replacement of a retained resource is
 * one Terraform refuses ("Instance cannot be destroyed"); the finding says so. Deletions by a removed or renamed
 * construct are `checkChangeSafety`'s (they need the previous configuration's `prevent_destroy`).
 */
export function plannedChangeFindings(plan: PlannedChanges): ChangeFinding[] {
  if (plan === null || typeof plan !== "object" || !Array.isArray((plan as { changes?: unknown }).changes)) {
    throw new Error("plannedChangeFindings: expected a plan's changes ({ changes: [{ address, type, actions }], preventedDestroy? })");
  }
  const prevented = new Set(plan.preventedDestroy ?? []);
  const findings: ChangeFinding[] = [];
  for (const change of plan.changes) {
    const replaced = change.actions.includes("delete") && change.actions.includes("create");
    if (!replaced || !REPLACEMENT_SENSITIVE_TYPES.includes(change.type)) continue;
    findings.push({
      address: change.address,
      kind: "stateful-resource-replaced",
      message:
        `${change.address} would be replaced (destroyed, then created anew): an argument it cannot change in place changed, ` +
        `and what it holds goes with it` +
        (prevented.has(change.address) ? " (it is retained, so the plan fails: Instance cannot be destroyed)" : ""),
      fix:
        "keep the argument as deployed (terraform plan shows which one forces replacement); if a new resource is wanted, " +
        "create it under a new construct id beside the old one, move producers and data, then remove the old one",
    });
  }
  return findings;
}

/** Findings as text: per finding, `- <message>` and an indented `fix: <fix>` line. */
export function formatChangeFindings(findings: readonly ChangeFinding[]): string {
  return findings.map((f) => `- ${f.message}\n  fix: ${f.fix}`).join("\n");
}
