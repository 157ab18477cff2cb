/**
 * A Terraform state (format version 4) standing for a deployment of a synthesized configuration, built offline from
 * terraform's own plan of it, so that a plan of the NEXT configuration against this state shows what applying it over
 * that deployment would do — in particular which resources the provider would replace (a changed force-new
 * argument), decided by the provider itself rather than by a list kept here.
 *
 * Each resource instance gets the values the previous plan gave it (`planned_values`, with the resource's
 * `schema_version`). What that plan could not know until apply (`after_unknown`: ids, ARNs, generated names, and every
 * argument computed from them) is filled consistently, so an unchanged configuration plans no change:
 * - an argument the configuration sets from other resources' attributes (`"${aws_s3_bucket.b.id}"`, a string
 *   interpolating several, or a `jsonencode({...})` document such as a policy) gets that expression evaluated with
 *   the referenced values (`./expressions.ts`) — the previous plan's where known, data sources as the plan read them,
 *   else these same fills;
 * - any other unknown value gets a placeholder of its schema type: an ARN-shaped string for `arn` / `*_arn`
 *   attributes (the provider validates ARN arguments), `placeholder-<hash>` for other strings, 0, false, [] or {}.
 * An expression this evaluator does not handle (another function, an operator, a variable) gets a placeholder, so an
 * argument computed that way may show as changed; the plan still decides, for everything else, exactly.
 */
import { createHash } from "crypto";
import { evaluateExpression, parseTemplate, type Expression } from "./expressions";

/** What `priorState` works from. */
export interface PriorStateInput {
  /** `terraform show -json` of the saved plan of the previous configuration (planned from an empty state). */
  readonly shown: any;
  /** The previous configuration of each module, keyed by module address (`""` for the root, `module.<name>`). */
  readonly configs: ReadonlyMap<string, any>;
  /** `terraform providers schema -json`. */
  readonly schemas: any;
  /** The state's provider address for a resource of `module` (e.g. `provider["registry.terraform.io/hashicorp/aws"]`). */
  readonly providerOf: (module: string) => string;
  /** Region and account the ARN-shaped placeholders name. */
  readonly region: string;
  readonly accountId: string;
}

interface PlannedResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: unknown;
  readonly provider_name: string;
  readonly schema_version: number;
  readonly values?: Record<string, unknown>;
}

type Path = readonly (string | number)[];

/** Every resource of a module tree of `planned_values` or `prior_state`, with its module address. */
function resourcesOf(module: any, moduleAddress = ""): { module: string; resource: PlannedResource }[] {
  if (module === undefined || module === null) return [];
  return [
    ...((module.resources ?? []) as PlannedResource[]).map((resource) => ({ module: moduleAddress, resource })),
    ...((module.child_modules ?? []) as any[]).flatMap((child) => resourcesOf(child, child.address as string)),
  ];
}

/** The value at `path` under `value` (a nested block may be an object or a list of one, as cdktf writes it). */
function at(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined) return undefined;
    if (typeof key === "number") current = Array.isArray(current) ? current[key] : key === 0 ? current : undefined;
    else current = Array.isArray(current) ? (current[0] as any)?.[key] : (current as any)[key];
  }
  return current;
}

/** Every unknown leaf of an `after_unknown` tree, as a path. */
function unknownPaths(unknown: unknown, prefix: Path = []): Path[] {
  if (unknown === true) return [prefix];
  if (Array.isArray(unknown)) return unknown.flatMap((u, i) => unknownPaths(u, [...prefix, i]));
  if (unknown !== null && typeof unknown === "object") return Object.entries(unknown).flatMap(([k, u]) => unknownPaths(u, [...prefix, k]));
  return [];
}

/** Sets `value` at `path` in `target`, creating objects and lists on the way. */
function setAt(target: Record<string, unknown>, path: Path, value: unknown): void {
  let current: any = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      current[key] = value;
      return;
    }
    if (current[key] === undefined || current[key] === null) current[key] = typeof path[i + 1] === "number" ? [] : {};
    current = current[key];
  });
}

/** The schema type of the attribute at `path` of a resource block (undefined for a nested block or an unknown path). */
function schemaType(block: any, path: Path): unknown {
  let current = block;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === "number") continue;
    const attribute = current?.attributes?.[key];
    if (attribute !== undefined) return i === path.length - 1 ? attribute.type : undefined;
    current = current?.block_types?.[key]?.block;
    if (current === undefined) return undefined;
    if (i === path.length - 1) return ["list", "dynamic"];
  }
  return undefined;
}

/** A plain reference inside `${…}`: `type.name.attr…` or `data.type.name.attr…`, with optional `[n]` indexes. */
const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+)$/;

/** Builds the state; see the file's comment. */
export function priorState(input: PriorStateInput): Record<string, unknown> {
  const schemasByProvider = input.schemas.provider_schemas as Record<string, { resource_schemas: Record<string, any> }>;
  const planned = resourcesOf(input.shown.planned_values?.root_module);
  const data = resourcesOf(input.shown.prior_state?.values?.root_module).filter((r) => r.resource.mode === "data");
  const unknownByAddress = new Map<string, unknown>(
    ((input.shown.resource_changes ?? []) as any[]).map((change) => [change.address as string, change.change?.after_unknown]),
  );
  const byAddress = new Map(planned.map((p) => [p.resource.address, p]));
  const dataByAddress = new Map(data.map((d) => [d.resource.address, d]));
  const filled = new Map<string, unknown>();
  const resolving = new Set<string>();

  const qualify = (module: string, local: string): string => (module === "" ? local : `${module}.${local}`);

  const placeholder = (address: string, path: Path, type: unknown): unknown => {
    const hash = createHash("sha256").update(`${address}\0${path.join(".")}`).digest("hex").slice(0, 12);
    const leaf = [...path].reverse().find((key) => typeof key === "string") as string | undefined;
    if (type === "string") {
      return leaf === "arn" || leaf?.endsWith("_arn") ? `arn:aws:placeholder:${input.region}:${input.accountId}:placeholder/${hash}` : `placeholder-${hash}`;
    }
    if (type === "number") return 0;
    if (type === "bool") return false;
    if (Array.isArray(type)) return type[0] === "map" || type[0] === "object" ? {} : [];
    return null;
  };

  /** The value a reference (`aws_s3_bucket.b.id`, `data.aws_partition.p.partition`) has in the deployment. */
  const referenced = (module: string, expression: string): { value: unknown } | undefined => {
    const match = REFERENCE.exec(expression);
    if (match === null) return undefined;
    const [, isData, type, name, rest] = match;
    const path: (string | number)[] = [...rest.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
    const address = qualify(module, `${isData ? "data." : ""}${type}.${name}`);
    if (isData) {
      const read = dataByAddress.get(address);
      const value = read === undefined ? undefined : at(read.resource.values, path);
      return value === undefined ? undefined : { value };
    }
    return byAddress.has(address) ? { value: valueAt(module, address, path) } : undefined;
  };

  /** A configured expression evaluated with the deployment's values (references, interpolations, `jsonencode`). */
  const evaluate = (module: string, expression: unknown): { value: unknown } | undefined => {
    if (typeof expression !== "string") return undefined;
    let parts: (string | Expression)[];
    try {
      parts = parseTemplate(expression);
    } catch {
      return undefined;
    }
    if (parts.every((p) => typeof p === "string")) return undefined;
    return evaluateExpression({ kind: "template", parts }, (path) => referenced(module, path));
  };

  /** The deployment's value at `path` of the managed resource `address`: planned, evaluated, or a placeholder. */
  function valueAt(module: string, address: string, path: Path): unknown {
    const entry = byAddress.get(address)!;
    const known = at(entry.resource.values, path);
    if (known !== undefined && known !== null) return known;
    const key = `${address}\0${JSON.stringify(path)}`;
    if (filled.has(key)) return filled.get(key);
    let value: unknown;
    if (resolving.has(key)) {
      value = placeholder(address, path, schemaType(blockOf(entry.resource).block, path));
    } else {
      resolving.add(key);
      const local = address.slice(module === "" ? 0 : module.length + 1);
      const [type, name] = local.split(".");
      const configured = at(input.configs.get(module)?.resource?.[type]?.[name], path);
      value = evaluate(module, configured)?.value ?? placeholder(address, path, schemaType(blockOf(entry.resource).block, path));
      resolving.delete(key);
    }
    filled.set(key, value);
    return value;
  }

  function blockOf(resource: PlannedResource): any {
    const schema = schemasByProvider[resource.provider_name]?.resource_schemas?.[resource.type];
    if (schema === undefined) throw new Error(`priorState: the provider schemas have no ${resource.type} (${resource.provider_name})`);
    return schema;
  }

  const resources = planned
    .filter((p) => p.resource.mode === "managed")
    .map(({ module, resource }) => {
      const attributes = JSON.parse(JSON.stringify(resource.values ?? {})) as Record<string, unknown>;
      for (const path of unknownPaths(unknownByAddress.get(resource.address))) setAt(attributes, path, valueAt(module, resource.address, path));
      if (resource.index !== undefined) throw new Error(`priorState: ${resource.address}: count/for_each instances are not supported`);
      if (input.configs.get(module)?.resource?.[resource.type]?.[resource.name]?.provider !== undefined) {
        throw new Error(`priorState: ${resource.address}: a resource with a provider configuration of its own (provider = …) is not supported`);
      }
      return {
        ...(module === "" ? {} : { module }),
        mode: "managed",
        type: resource.type,
        name: resource.name,
        provider: input.providerOf(module),
        instances: [{ schema_version: resource.schema_version, attributes, sensitive_attributes: [] }],
      };
    });
  return {
    version: 4,
    terraform_version: input.shown.terraform_version,
    serial: 1,
    lineage: createHash("sha256").update(JSON.stringify(resources.map((r) => [r.type, r.name]))).digest("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, "$1-$2-$3-$4-$5"),
    outputs: {},
    resources,
    check_results: null,
  };
}
