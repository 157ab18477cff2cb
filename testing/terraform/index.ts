/**
 * Real, offline Terraform checks for synthesized cdktf stacks. Three entry points:
 *
 * - `terraformValidateAndPlanAll(stacks)`: what a test of stacks calls. Each stack is synthesized, placed as it is in
 *   its own directory of one root that calls each as a module, and checked with ONE `terraform validate -json` (the
 *   stacks as synthesized: schema errors, out-of-range values, bad enums) and ONE offline `terraform plan
 *   -refresh=false -json` (each copy patched: dummy credentials, no STS / metadata calls, no backend; it also catches
 *   the provider's CustomizeDiff rules). Every command loads the provider schema, so the stacks share the commands.
 *   With `{ hcl }`, the stacks' HCL synth (`cdktf synth --hcl`) is validated in the same command.
 * - `terraformValidateDirectory(stackDir)`: `terraform validate` of a stack another process synthesized
 *   (`cdktf.out/stacks/<id>`, e.g. a consumer project's).
 * - `terraformPlanChangesAll(pairs)`: what applying each new configuration over a deployment of its previous one
 *   would do, by ONE plan of the previous ones, a prior state built from its values (`./prior-state.ts`) and ONE plan
 *   of the new ones over it: the provider's own replacements and Terraform's deletions.
 *
 * Terraform never reaches the network: the AWS provider comes from a filesystem mirror (`./discovery.ts`), installed
 * through `dev_overrides` by default or by a real `terraform init` (`ProviderInstallMode`, `./cli-config.ts`). Nothing
 * is ever skipped silently: a missing terraform binary or mirror throws an error saying what was looked for.
 *
 * The jobs live in their own files: discovery (`./discovery.ts`), CLI config and environment (`./cli-config.ts`),
 * running the commands (`./running.ts`), reading their output (`./output.ts`), and the one wrapper that keeps what a
 * check spent (`./timings.ts`).
 *
 * Speed (2-core machine): every command starts the provider and loads its schema, ≈2.3–2.9 s of wall time for a
 * small stack's validate or plan; a plan adds ≈11 ms of CPU per planned resource. What the harness does about it:
 * - `GOGC=400` for terraform and the provider (see `terraformEnv`): ≈25% less time per command, nothing checked less.
 * - Under `dev-overrides` no `terraform init` at all; otherwise one per provider requirement per jest run, shared by
 *   the workers (`SHARED_WORKSPACE_ENV_VAR`), reused through a copied lock file and a symlinked `.terraform/providers`.
 * - Plan results come from `plan -json` rather than a separate `terraform show -json` (another schema load); only a
 *   change plan needs `show`, for the previous plan's values.
 * - Stacks with identical provider configurations share one provider instance, in validate and in plan (each
 *   instance is a provider process, ≈0.6 s of CPU to start; a plan starts each twice).
 * Test files should put what they check into as few calls as stay readable: terraform's cost is per command.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { countChanges, moduleAttribution, planSummary, SINGLE_STACK, splitModule, TerraformCheckError } from "./output";
import type { PlannedResourceChange, PlanSummary, TerraformDiagnostic } from "./output";
import { checkChangeSafety, plannedChangeFindings, type ChangeFinding } from "../change-safety";
import { priorState } from "./prior-state";
import {
  copyStackDirectory,
  getSession,
  offlinePlanConfigurations,
  plan,
  prepareModuleRoot,
  prepareStack,
  providerSchemas,
  sharedProviderConfigurations,
  showSavedPlan,
  synthesizeCopy,
  validate,
  withoutProviderBlocks,
} from "./running";
import type { ModuleRootConfigurations } from "./running";
import { measured, type TerraformTimings } from "./timings";

export { AWS_PROVIDER_VERSION, MIRROR_ENV_VAR, TERRAFORM_BIN_ENV_VAR, findProviderMirror, findTerraform, isProviderMirror, terraformPlatform } from "./discovery";
export type { MirrorSearchOptions } from "./discovery";
export { PROVIDER_INSTALL_ENV_VAR } from "./cli-config";
export type { ProviderInstallMode } from "./cli-config";
export { decodeJsonDocument } from "./expressions";
export { TerraformCheckError } from "./output";
export type { PlanAction, PlannedResourceChange, PlanSummary, TerraformDiagnostic } from "./output";
export { disposeTerraformHarness } from "./running";
export { SHARED_WORKSPACE_ENV_VAR } from "./shared-workspaces";
export type { TerraformTimings } from "./timings";

export interface ValidateResult {
  /** Warnings terraform printed (errors throw). */
  readonly warnings: readonly TerraformDiagnostic[];
  readonly timings: TerraformTimings;
}

/** What `terraformValidateAndPlanAll` found for one stack: `validate`'s warnings and the offline plan. */
export interface ValidateAndPlanResult {
  readonly validate: ValidateResult;
  readonly plan: PlanSummary;
  /** `terraform validate` of the stack's HCL synth (`cdktf synth --hcl`), with `{ hcl: true }`. */
  readonly hclValidate?: ValidateResult;
}

/** Options of `terraformValidateAndPlanAll`. */
export interface ValidateAndPlanOptions {
  /**
   * Also validate each stack (`true`), or the stacks listed, as `cdktf synth --hcl` writes it (`cdk.tf`), in the same
   * `terraform validate`: each HCL stack is one more module of the root, given the same provider configuration as its
   * JSON twin (whose provider block is validated as synthesized).
   * @default false
   */
  readonly hcl?: boolean | readonly TerraformStack[];
}

/** Module name of a stack's HCL twin. */
const hclModuleName = (name: string): string => `${name}__hcl`;


/** Runs a check under the timing wrapper; a `TerraformCheckError` it throws carries what the check had spent. */
function check<T>(body: () => T): { result: T; timings: TerraformTimings } {
  return measured(body, (error, spent) => {
    if (error instanceof TerraformCheckError) error.timings = spent;
  });
}

/**
 * `terraform validate` (after the provider set-up, see `ProviderInstallMode`) for a stack another process
 * synthesized: `stackDir` is a directory holding `cdk.tf.json` (such as `cdktf.out/stacks/<id>`). It is copied
 * first, so the directory itself is left as it was. Throws `TerraformCheckError` listing terraform's diagnostics
 * (summary, detail, address, file:line) when the stack is invalid.
 */
export function terraformValidateDirectory(stackDir: string): ValidateResult {
  const { result: warnings, timings } = check(() => {
    const s = getSession();
    const stack = copyStackDirectory(stackDir);
    try {
      return validate(s, prepareStack(s, stack.dir, stack.config), SINGLE_STACK);
    } finally {
      stack.cleanup();
    }
  });
  return { warnings, timings };
}

/** Module names for the stacks: their ids made valid terraform identifiers, unique. */
function moduleNames(stacks: readonly TerraformStack[]): string[] {
  const used = new Set<string>();
  return stacks.map((stack) => {
    let base = stack.node.id.replace(/[^A-Za-z0-9_-]/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `stack_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/**
 * Validates and plans several stacks with ONE `terraform validate` and ONE `terraform plan`, instead of two commands
 * per stack (each command spends ≈2.5 s loading the provider schema, however small the stack).
 *
 * Each stack is synthesized as usual and placed, as synthesized, in its own directory of one root configuration that
 * calls each directory as a module: terraform's own way to check root modules together ("it's sometimes convenient to
 * temporarily call a root module as a child module for testing purposes", in its warning about the backend block).
 * `validate` runs on the stacks as synthesized, except that stacks whose provider blocks are identical get that block
 * once, at the root (each distinct block is still validated, once: `sharedProviderConfigurations`); a stack's backend
 * block draws only that warning, which is dropped (`terraform validate` does not check backends either). Each stack's
 * copy is then patched for an offline plan, and a single `plan` plans them all, each module with its own provider
 * configuration — again one provider instance for stacks whose configurations are identical
 * (`offlinePlanConfigurations`).
 *
 * Returns one result per stack, in order: warnings, planned changes and counts of that stack alone, addresses and
 * locations relative to the stack. Throws one `TerraformCheckError` listing every stack's errors, each diagnostic
 * naming its stack (`stack`). Stacks may share ids (module names are made unique).
 */
export function terraformValidateAndPlanAll(stacks: readonly TerraformStack[], options: ValidateAndPlanOptions = {}): ValidateAndPlanResult[] {
  if (stacks.length === 0) throw new Error("terraformValidateAndPlanAll: no stacks given");
  const withHcl = stacks.map((stack) => options.hcl === true || (Array.isArray(options.hcl) && options.hcl.includes(stack)));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-stacks-"));
  try {
    const names = moduleNames(stacks);
    const { result, timings } = check(() => {
      const s = getSession();
      const members = stacks.map((stack, i) => ({ name: names[i], synthesized: synthesizeCopy(stack, path.join(root, names[i])) }));
      const rootFile = path.join(root, "main.tf.json");
      const write = (configurations: ModuleRootConfigurations) => {
        fs.writeFileSync(rootFile, JSON.stringify(configurations.root, null, 2));
        members.forEach((m, i) => fs.writeFileSync(m.synthesized.file, JSON.stringify(configurations.stacks[i], null, 2)));
      };
      const hasBackend = members.map((m) => [m.name, m.synthesized.config.terraform?.backend !== undefined] as const);
      const attribution = moduleAttribution(
        new Map([...hasBackend, ...hasBackend.filter((_, i) => withHcl[i]).map(([name, backend]) => [hclModuleName(name), backend] as const)]),
      );
      const synthesized = members.map((m) => ({ name: m.name, config: m.synthesized.config }));
      // validate: the stacks as synthesized, identical provider blocks declared once at the root.
      const forValidate = sharedProviderConfigurations(synthesized);
      write(forValidate);
      if (withHcl.some(Boolean)) {
        // Each stack's HCL synth beside it, with the provider configuration its JSON twin has.
        stacks.forEach((stack, i) => {
          if (!withHcl[i]) return;
          const name = names[i];
          const providers = forValidate.root.module[name].providers;
          const dir = path.join(root, hclModuleName(name));
          fs.mkdirSync(dir);
          const hcl = stack.toHclTerraform().hcl;
          fs.writeFileSync(path.join(dir, "cdk.tf"), providers === undefined ? hcl : withoutProviderBlocks(hcl));
          forValidate.root.module[hclModuleName(name)] = { source: `./${hclModuleName(name)}`, ...(providers ? { providers } : {}) };
        });
        fs.writeFileSync(rootFile, JSON.stringify(forValidate.root, null, 2));
      }
      const prepared = prepareModuleRoot(s, root, synthesized.map((m) => m.config));
      const warnings = validate(s, prepared, attribution);
      // plan: each stack patched for offline use, identical (patched) provider configurations shared.
      write(offlinePlanConfigurations(synthesized));
      return { members, warnings, planned: plan(s, prepared, attribution) };
    });
    const { members, warnings, planned } = result;

    const changesOf = new Map<string, PlannedResourceChange[]>(names.map((name) => [name, []]));
    for (const change of planned.changes) {
      const { module, rest } = splitModule(change.address, "address");
      const list = module === undefined ? undefined : changesOf.get(module);
      if (list === undefined) throw new Error(`terraform planned ${change.address}, which belongs to none of the stacks`);
      list.push({ ...change, address: rest });
    }
    const total = countChanges(planned.changes);
    if (total.add !== planned.counts.add || total.change !== planned.counts.change || total.remove !== planned.counts.remove) {
      throw new Error(`terraform's change summary ${JSON.stringify(planned.counts)} does not match its planned changes ${JSON.stringify(total)}`);
    }
    const forStack = (all: readonly TerraformDiagnostic[], name: string) => all.filter((d) => d.stack === undefined || d.stack === name);
    return members.map((member, i) => {
      // The commands are shared; the synth is the stack's own.
      const own: TerraformTimings = { ...timings, synthMs: member.synthesized.synthMs };
      const changes = changesOf.get(member.name)!;
      return {
        validate: { warnings: forStack(warnings, member.name), timings: own },
        plan: planSummary({ changes, counts: countChanges(changes), diagnostics: forStack(planned.diagnostics, member.name) }, own),
        ...(withHcl[i] ? { hclValidate: { warnings: warnings.filter((d) => d.stack === hclModuleName(member.name)), timings: own } } : {}),
      };
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** One change to plan: a deployed configuration and the one applied over it. */
export interface ChangePair {
  /** The deployed stack's synthesized configuration (`cdk.tf.json` text or object). */
  readonly previous: unknown;
  /** The stack applied over it: a stack to synthesize, or its configuration (`cdk.tf.json` text or object). */
  readonly next: TerraformStack | string | object;
}

/** What applying `next` over a deployment of `previous` would do, by terraform's plan. */
export interface ChangePlan {
  /** Every planned change (a replacement is `["delete", "create"]`), addresses relative to the stack. */
  readonly changes: readonly PlannedResourceChange[];
  /**
   * Resources the plan would destroy that `prevent_destroy` protects in the new configuration (so replacements: a
   * removed block takes its protection along). Terraform's own plan fails on them, and skips what depends on them;
   * this plan runs without prevent_destroy so that every change shows.
   */
  readonly preventedDestroy: readonly string[];
  readonly warnings: readonly TerraformDiagnostic[];
  /** The new configuration as synthesized (before the offline patch), for the synth-level checks. */
  readonly next: unknown;
}

const AWS_STATE_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** Addresses (`type.name`) of the resources whose block has `lifecycle.prevent_destroy`. */
function retainedAddresses(config: any): Set<string> {
  const addresses = new Set<string>();
  for (const [type, byName] of Object.entries((config.resource ?? {}) as Record<string, Record<string, any>>)) {
    for (const [name, resource] of Object.entries(byName)) {
      const lifecycle = Array.isArray(resource.lifecycle) ? resource.lifecycle[0] : resource.lifecycle;
      if (lifecycle?.prevent_destroy === true) addresses.add(`${type}.${name}`);
    }
  }
  return addresses;
}

/** A copy of `config` with no `prevent_destroy` (for the plan's copy only). */
function withoutPreventDestroy(config: any): any {
  const copy = JSON.parse(JSON.stringify(config));
  for (const byName of Object.values((copy.resource ?? {}) as Record<string, Record<string, any>>)) {
    for (const resource of Object.values(byName)) {
      for (const lifecycle of Array.isArray(resource.lifecycle) ? resource.lifecycle : [resource.lifecycle]) {
        if (lifecycle !== undefined && lifecycle !== null) delete lifecycle.prevent_destroy;
      }
    }
  }
  return copy;
}
const asConfig = (value: unknown): any => (typeof value === "string" ? JSON.parse(value) : JSON.parse(JSON.stringify(value)));

/**
 * Plans each change offline with the real provider: ONE plan of every `previous` (as modules of one root, from an
 * empty state), its values read back (`terraform show -json`) into a prior state (`./prior-state.ts`: the deployment
 * those configurations describe, with consistent placeholders for what only an apply would know), then ONE plan of
 * every `next` over that state. The provider decides what it would replace (a changed force-new argument) and
 * Terraform what it would delete (a removed or renamed resource) — nothing here lists force-new attributes. Results
 * in the order of `pairs`.
 */
export function terraformPlanChangesAll(pairs: readonly ChangePair[]): ChangePlan[] {
  if (pairs.length === 0) throw new Error("terraformPlanChangesAll: no changes given");
  const names = pairs.map((_, i) => `change_${i + 1}`);
  const before = fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-previous-"));
  const after = fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-next-"));
  try {
    const { result } = check(() => {
      const s = getSession();
      const previous = pairs.map((pair, i) => ({ name: names[i], config: asConfig(pair.previous) }));
      const previousRoot = offlinePlanConfigurations(previous);
      fs.writeFileSync(path.join(before, "main.tf.json"), JSON.stringify(previousRoot.root, null, 2));
      previous.forEach((m, i) => {
        fs.mkdirSync(path.join(before, m.name));
        fs.writeFileSync(path.join(before, m.name, "cdk.tf.json"), JSON.stringify(previousRoot.stacks[i], null, 2));
      });
      const preparedBefore = prepareModuleRoot(s, before, previous.map((m) => m.config));
      const attribution = moduleAttribution(new Map(names.map((name) => [name, false])));
      plan(s, preparedBefore, attribution);
      const shown = showSavedPlan(s, preparedBefore);
      const schemas = providerSchemas(s, preparedBefore, previous[0].config.terraform?.required_providers ?? {});
      const firstBlock = (previousRoot.root.provider as any)?.aws?.[0] ?? previousRoot.stacks[0].provider?.aws?.[0] ?? {};
      const state = priorState({
        shown,
        configs: new Map(previous.map((m, i) => [`module.${m.name}`, previousRoot.stacks[i]])),
        schemas,
        providerOf: (module) => {
          const name = module.replace(/^module\./, "");
          const alias = previousRoot.root.module[name]?.providers?.aws;
          return alias === undefined ? `${module}.${AWS_STATE_PROVIDER}` : `${AWS_STATE_PROVIDER}.${alias.replace(/^aws\./, "")}`;
        },
        region: typeof firstBlock.region === "string" ? firstBlock.region : "us-east-1",
        accountId: "123456789012",
      });

      const next = pairs.map((pair, i) => {
        if (TerraformStack.isStack(pair.next)) {
          const synthesized = synthesizeCopy(pair.next, path.join(after, names[i]));
          return { name: names[i], config: synthesized.config, file: synthesized.file };
        }
        fs.mkdirSync(path.join(after, names[i]));
        return { name: names[i], config: asConfig(pair.next), file: path.join(after, names[i], "cdk.tf.json") };
      });
      const synthesizedNext = next.map((m) => JSON.parse(JSON.stringify(m.config)));
      // prevent_destroy makes terraform stop at the first retained resource it would destroy and skip everything that
      // depends on it; the plan's copy goes without it, and what it protects is read from the configuration instead.
      const protectedAddresses = next.map((m) => retainedAddresses(m.config));
      const nextRoot = offlinePlanConfigurations(
        next.map((m) => ({ name: m.name, config: withoutPreventDestroy(m.config) })),
        previousRoot,
      );
      fs.writeFileSync(path.join(after, "main.tf.json"), JSON.stringify(nextRoot.root, null, 2));
      next.forEach((m, i) => fs.writeFileSync(m.file, JSON.stringify(nextRoot.stacks[i], null, 2)));
      const preparedAfter = prepareModuleRoot(s, after, next.map((m) => m.config));
      fs.writeFileSync(path.join(after, "terraform.tfstate"), JSON.stringify(state, null, 2));
      return { planned: plan(s, preparedAfter, attribution), synthesizedNext, protectedAddresses };
    });
    const { planned: planResult, synthesizedNext, protectedAddresses } = result;

    return names.map((name, i) => {
      const changes = planResult.changes.flatMap((change) => {
        const { module, rest } = splitModule(change.address, "address");
        return module === name ? [{ ...change, address: rest }] : [];
      });
      return {
        changes,
        // What terraform would refuse: a destroy (a replacement, since a removed block takes its protection along) of a
        // resource whose block in the new configuration has prevent_destroy.
        preventedDestroy: changes.filter((c) => c.actions.includes("delete") && protectedAddresses[i].has(c.address)).map((c) => c.address),
        warnings: planResult.diagnostics.filter((d) => d.severity === "warning" && (d.stack === undefined || d.stack === name)),
        next: synthesizedNext[i],
      };
    });
  } finally {
    fs.rmSync(before, { recursive: true, force: true });
    fs.rmSync(after, { recursive: true, force: true });
  }
}

/**
 * Every change-safety finding for applying a new configuration over a deployment of `previous`, given the real plan
 * of that change (`terraformPlanChangesAll`): the synth-level checks (`checkChangeSafety`: shard-count steps, dynamic
 * partitioning enabled, retained resources a removed or renamed construct deletes) and the plan's
 * (`plannedChangeFindings`: what the provider would replace), one finding per address and kind.
 */
export function changeFindings(previous: unknown, planned: ChangePlan): ChangeFinding[] {
  const seen = new Set<string>();
  return [...checkChangeSafety(previous, planned.next), ...plannedChangeFindings(planned)].filter((finding) => {
    const key = `${finding.kind}\0${finding.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `changeFindings` for each pair, planned in one batch (`terraformPlanChangesAll`). Needs terraform and the
 * provider mirror (`findProviderMirror`), as every check here does.
 *
 *   const [findings] = changeFindingsWithTerraform([{ previous: fs.readFileSync("deployed/cdk.tf.json", "utf8"), next: stack }]);
 *   expect(formatChangeFindings(findings)).toBe("");
 */
export function changeFindingsWithTerraform(pairs: readonly ChangePair[]): ChangeFinding[][] {
  return terraformPlanChangesAll(pairs).map((planned, i) => changeFindings(pairs[i].previous, planned));
}
