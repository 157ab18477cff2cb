/**
 * Reading synthesized Terraform JSON (cdktf's `cdk.tf.json`): resources and their metadata, nested blocks, literal
 * values versus Terraform expressions (`${…}`, and cdktf tokens left unresolved), provider regions. The part of the
 * adapter that knows the file format; `parse.ts` reads the streams from it, `cost.ts` prices them.
 */

/** One unusable attribute of the stack. */
export interface StackProblem {
  /** Terraform address, e.g. `aws_kinesis_stream.Pipeline_Stream_DD609695`, with the construct path when known. */
  readonly resource: string;
  /** Attribute path, e.g. `shard_count` or `extended_s3_configuration.buffering_size`. */
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Thrown for a file that is not a usable synthesized stack; `problems` lists every unusable attribute. */
export class SynthStackError extends Error {
  public constructor(
    message: string,
    public readonly problems: readonly StackProblem[] = [],
  ) {
    super(message);
    this.name = "SynthStackError";
  }
}

/** A resource of the stack. */
export interface StackResource {
  /** Terraform type, e.g. `aws_kinesis_stream`. */
  readonly type: string;
  /** Logical id (cdktf's unique id), e.g. `Pipeline_Stream_DD609695`. */
  readonly id: string;
  /** `<type>.<id>`. */
  readonly address: string;
  /** Construct path from cdktf's metadata, when present. */
  readonly path?: string;
  /** The `name` attribute when it is a literal. */
  readonly name?: string;
}

/** Where the region of a resource comes from. */
export interface StackRegion {
  /** The provider's literal region, or undefined when not set or not literal. */
  readonly value?: string;
  /** e.g. `provider "aws" region`, `provider "aws" (alias west) region`. */
  readonly from: string;
  /** The raw value when it is not a literal (a Terraform expression). */
  readonly expression?: string;
}

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** A Terraform expression or interpolation (`${...}`), including cdktf tokens left unresolved. */
export const isExpression = (v: unknown): v is string => typeof v === "string" && /\$\{|\bTfToken\[/.test(v);
/** A nested block: cdktf writes single blocks as an object, some as a one-element list. */
export const block = (v: unknown): Json | undefined => (Array.isArray(v) ? (isObject(v[0]) ? v[0] : undefined) : isObject(v) ? v : undefined);

export function resourcesOf(doc: Json, type: string): [string, Json][] {
  const all = isObject(doc.resource) ? doc.resource : {};
  const byId = all[type];
  if (!isObject(byId)) return [];
  return Object.entries(byId).filter((e): e is [string, Json] => isObject(e[1]));
}

export function describe(type: string, id: string, r: Json): StackResource {
  const meta = block(r["//"]);
  const metadata = meta ? block(meta.metadata) : undefined;
  const path = typeof metadata?.path === "string" ? metadata.path : undefined;
  const name = typeof r.name === "string" && !isExpression(r.name) ? r.name : undefined;
  return { type, id, address: `${type}.${id}`, ...(path !== undefined ? { path } : {}), ...(name !== undefined ? { name } : {}) };
}

/** `aws_kinesis_stream.X (construct/path)` for messages. */
export function resourceLabel(r: StackResource): string {
  return r.path ? `${r.address} (${r.path})` : r.address;
}

/** The name shown for a resource: its literal name, else its address. */
export function displayName(r: StackResource): string {
  return r.name ?? r.address;
}

export function regionOf(doc: Json, r: Json): StackRegion {
  const ref = typeof r.provider === "string" ? r.provider : "aws";
  const alias = ref.includes(".") ? ref.slice(ref.indexOf(".") + 1) : undefined;
  const providers = isObject(doc.provider) ? doc.provider.aws : undefined;
  const list = Array.isArray(providers) ? providers.filter(isObject) : isObject(providers) ? [providers] : [];
  const p = list.find((c) => (alias === undefined ? c.alias === undefined : c.alias === alias));
  const from = alias === undefined ? 'provider "aws" region' : `provider "aws" (alias ${alias}) region`;
  if (!p || p.region === undefined) return { from };
  if (typeof p.region === "string" && !isExpression(p.region)) return { value: p.region, from };
  return { from, expression: String(p.region) };
}

/** Reads a whole number; problems for expressions, missing values (unless a default is given) and out-of-range values. */
export function intAttribute(
  obj: Json,
  key: string,
  field: string,
  resource: StackResource,
  range: { min: number; max: number; what: string },
  problems: StackProblem[],
  fallback?: number,
): number | undefined {
  const raw = obj[key];
  const allowed = `a literal whole number from ${range.min.toLocaleString("en-US")} to ${range.max.toLocaleString("en-US")} (${range.what})`;
  const label = resourceLabel(resource);
  if (raw === undefined || raw === null) {
    if (fallback !== undefined) return fallback;
    problems.push({ resource: label, field, value: undefined, allowed: `${allowed}; it is required here` });
    return undefined;
  }
  if (isExpression(raw)) {
    problems.push({ resource: label, field, value: raw, allowed: `${allowed}: a Terraform expression is known only at plan time, so stream-sim cannot cost it` });
    return undefined;
  }
  // Terraform converts a JSON string such as "4" to a number.
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    problems.push({ resource: label, field, value: raw, allowed });
    return undefined;
  }
  return n;
}

/** The resources of one type, each with its attributes and its description (logical id, address, path, name). */
export function stackResources(doc: unknown, type: string): { readonly resource: StackResource; readonly attributes: Json }[] {
  if (!isObject(doc)) return [];
  return resourcesOf(doc, type).map(([id, attributes]) => ({ resource: describe(type, id, attributes), attributes }));
}
