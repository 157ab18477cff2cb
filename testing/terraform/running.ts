/**
 * Running terraform on synthesized stacks: one session per process (the binary, the mirror, the CLI configs), the
 * provider set-up of a working directory (nothing under `dev-overrides`; otherwise one real `terraform init` per
 * provider requirement per jest run, shared by the workers), the synth into a private copy, the offline patch a plan
 * needs, and the validate and plan commands. Each command's wall time goes to the running check's clock
 * (`./timings.ts`).
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { cliConfigs, providerInstallMode, terraformEnv, writeCliConfig, type CliConfigs } from "./cli-config";
import { AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION, findProviderMirror, findTerraform } from "./discovery";
import {
  parsePlanOutput,
  parseValidateOutput,
  TerraformCheckError,
  type Attribution,
  type PlanOutput,
  type TerraformDiagnostic,
} from "./output";
import { closing } from "./expressions";
import { SHARED_WORKSPACE_ENV_VAR } from "./shared-workspaces";
import { record, time } from "./timings";

interface Session {
  readonly binary: string;
  readonly configs: CliConfigs;
  /** Parent of this process's provider workspaces (`mirror` mode without a run-wide directory), created on first use. */
  workspaceRoot?: string;
  /** Initialised provider workspaces keyed by the stack's `required_providers` JSON. */
  readonly workspaces: Map<string, string>;
  /** `terraform providers schema -json` results, by provider set-up (`providerSchemas`). */
  readonly schemas: Map<string, any>;
}

let session: Session | undefined;

/** Lazily discovers terraform + the mirror and renders the CLI configs; one per process (per jest test file). */
export function getSession(): Session {
  if (session) return session;
  const { binary } = findTerraform();
  session = { binary, configs: cliConfigs(findProviderMirror()), workspaces: new Map(), schemas: new Map() };
  return session;
}

/**
 * Deletes this process's shared provider workspaces (`mirror` mode) and forgets the discovery. Every per-check
 * directory is already deleted when its check returns. Registered automatically as a jest `afterAll` of each test
 * file that imports the harness (jest kills its workers, so process exit handlers do not run there).
 */
export function disposeTerraformHarness(): void {
  if (session?.workspaceRoot !== undefined) fs.rmSync(session.workspaceRoot, { recursive: true, force: true });
  session = undefined;
}

declare const afterAll: ((fn: () => void) => void) | undefined;
if (typeof afterAll === "function") {
  try {
    afterAll(disposeTerraformHarness);
  } catch {
    // Imported from inside a running test, where hooks cannot be added: call disposeTerraformHarness() yourself.
  }
} else {
  process.once("exit", disposeTerraformHarness);
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs one terraform command; its wall time goes to `step` of the running check. */
function run(s: Session, cliConfigFile: string, cwd: string, args: string[], offlineAws: boolean, step: "initMs" | "modulesMs" | "validateMs" | "planMs"): Run {
  const result = time(step, () =>
    spawnSync(s.binary, args, {
      cwd,
      env: terraformEnv(cliConfigFile, offlineAws),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  if (result.error) throw new Error(`terraform ${args[0]} could not run in ${cwd}: ${result.error.message}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function initOrThrow(s: Session, dir: string): void {
  const init = run(s, writeCliConfig(dir, s.configs.mirror), dir, ["init", "-backend=false", "-input=false", "-no-color"], false, "initMs");
  if (init.status !== 0) throw new TerraformCheckError("init", [], `${init.stdout}\n${init.stderr}`);
}

/** The run's shared workspace directory (`SHARED_WORKSPACE_ENV_VAR`, set by the jest global setup), if any. */
function sharedWorkspaceRoot(): string | undefined {
  const root = process.env[SHARED_WORKSPACE_ENV_VAR];
  return root !== undefined && root !== "" && fs.existsSync(root) ? root : undefined;
}

/** Writes a root module holding only `required_providers` into `dir` and runs the real `terraform init` there. */
function initWorkspace(s: Session, dir: string, requiredProviders: unknown): void {
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }));
  initOrThrow(s, dir);
}

/**
 * The run-wide workspace for these provider requirements, initialised by whichever process needs it first. A process
 * initialises into a private directory and renames it into place (atomic), so another process sees either nothing or
 * a complete workspace; when two race, the loser's copy is deleted and the winner's used.
 */
function sharedWorkspace(s: Session, root: string, requiredProviders: unknown): string {
  const key = createHash("sha256")
    .update(JSON.stringify([requiredProviders, s.binary, s.configs.mirror]))
    .digest("hex")
    .slice(0, 16);
  const workspace = path.join(root, `workspace-${key}`);
  if (fs.existsSync(workspace)) return workspace;
  const staging = fs.mkdtempSync(path.join(root, `.staging-${key}-`));
  try {
    initWorkspace(s, staging, requiredProviders);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    fs.renameSync(staging, workspace);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another process won the race: use its workspace
    if (!fs.existsSync(workspace)) throw new Error(`could not create the shared terraform workspace ${workspace}`);
  }
  return workspace;
}

/** The initialised workspace for `requiredProviders`: this process's, the run's shared one, or a new one. */
function providerWorkspace(s: Session, requiredProviders: unknown): string {
  const requirements = JSON.stringify(requiredProviders);
  let workspace = s.workspaces.get(requirements);
  if (workspace === undefined) {
    const shared = sharedWorkspaceRoot();
    if (shared !== undefined) {
      workspace = sharedWorkspace(s, shared, requiredProviders);
    } else {
      s.workspaceRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-providers-"));
      workspace = fs.mkdtempSync(path.join(s.workspaceRoot, "workspace-"));
      initWorkspace(s, workspace, requiredProviders);
    }
    s.workspaces.set(requirements, workspace);
  }
  return workspace;
}

/** Reuses an initialised workspace's providers in `dir`: its lock file copied, its `.terraform/providers` linked. */
function linkProviders(workspace: string, dir: string): void {
  const lock = path.join(workspace, ".terraform.lock.hcl");
  if (fs.existsSync(lock)) fs.copyFileSync(lock, path.join(dir, ".terraform.lock.hcl"));
  const providers = path.join(workspace, ".terraform", "providers");
  if (fs.existsSync(providers)) {
    fs.mkdirSync(path.join(dir, ".terraform"), { recursive: true });
    fs.symlinkSync(providers, path.join(dir, ".terraform", "providers"), "dir");
  }
}

/** A directory ready for validate/plan: the CLI config every later terraform command there must use. */
export interface Prepared {
  readonly dir: string;
  readonly cliConfigFile: string;
}

/** True when `dev-overrides` install applies to a stack: the mode is on, and its only provider is aws, without modules. */
function devOverridesApply(config: any): boolean {
  const names = Object.keys(config.terraform?.required_providers ?? {});
  return config.module === undefined && providerInstallMode() === "dev-overrides" && names.length === 1 && names[0] === "aws";
}

/**
 * Throws unless the stack pins exactly the mirrored AWS provider. Under `dev_overrides` no lock file guards the
 * version, so the harness checks it itself: a stack pinning another release must not be validated with this one.
 */
function assertMirroredAwsPin(config: any): void {
  const { source, version } = (config.terraform?.required_providers?.aws ?? {}) as { source?: string; version?: string };
  const sourceOk = source === undefined || ["aws", "hashicorp/aws", AWS_PROVIDER_SOURCE].includes(source);
  if (sourceOk && version === AWS_PROVIDER_VERSION) return;
  throw new TerraformCheckError(
    "init",
    [
      {
        severity: "error",
        summary: `required_providers.aws is ${JSON.stringify({ source, version })}; the offline mirror holds exactly ${AWS_PROVIDER_SOURCE} ${AWS_PROVIDER_VERSION}`,
        detail: "Pin @cdktf/provider-aws to the release generated for the mirrored provider, or mirror the version the stack needs.",
      },
    ],
    "",
  );
}

/**
 * Makes the directory of ONE stack ready for validate/plan. In `dev-overrides` mode an aws-only stack without modules
 * needs nothing (after checking it pins the mirrored version). Otherwise: stacks without modules share one real
 * `terraform init` per provider requirement (`providerWorkspace`); stacks with modules get their own init.
 */
export function prepareStack(s: Session, dir: string, config: any): Prepared {
  if (devOverridesApply(config)) {
    assertMirroredAwsPin(config);
    return { dir, cliConfigFile: writeCliConfig(dir, s.configs.devOverrides) };
  }
  if (config.module !== undefined) {
    initOrThrow(s, dir);
    return { dir, cliConfigFile: writeCliConfig(dir, s.configs.mirror) };
  }
  linkProviders(providerWorkspace(s, config.terraform?.required_providers ?? {}), dir);
  return { dir, cliConfigFile: writeCliConfig(dir, s.configs.mirror) };
}

/**
 * Makes a root that calls several stacks as modules ready. `terraform get` writes the module manifest (it installs no
 * provider); the providers are those of `dev_overrides` when every stack is aws-only, without modules of its own and
 * pinning the mirrored version, else those of the shared workspace when every stack has the same requirements and no
 * modules of its own, else a real `terraform init -backend=false` of the root.
 */
export function prepareModuleRoot(s: Session, root: string, configs: readonly any[]): Prepared {
  const get = (cliConfigFile: string): Prepared => {
    const result = run(s, cliConfigFile, root, ["get", "-no-color"], false, "modulesMs");
    if (result.status !== 0) throw new TerraformCheckError("get", [], `${result.stdout}\n${result.stderr}`);
    return { dir: root, cliConfigFile };
  };
  if (configs.every(devOverridesApply)) {
    configs.forEach(assertMirroredAwsPin);
    return get(writeCliConfig(root, s.configs.devOverrides));
  }
  const requirements = new Set(configs.map((config) => JSON.stringify(config.terraform?.required_providers ?? {})));
  if (requirements.size === 1 && configs.every((config) => config.module === undefined)) {
    linkProviders(providerWorkspace(s, configs[0].terraform?.required_providers ?? {}), root);
    return get(writeCliConfig(root, s.configs.mirror));
  }
  initOrThrow(s, root);
  return { dir: root, cliConfigFile: writeCliConfig(root, s.configs.mirror) };
}

/** A private copy of a synthesized stack's directory. */
export interface Synthesized {
  readonly dir: string;
  /** The stack's `cdk.tf.json` in `dir`. */
  readonly file: string;
  readonly config: any;
  /** What the synth took (0 for a stack synthesized elsewhere). */
  readonly synthMs: number;
  readonly cleanup: () => void;
}

/**
 * Full synth (aspects + validations) into a temp dir; returns a private copy of the stack directory, made in `into`
 * when given (a new directory), else in a new temp dir. The synth's time goes to the running check's clock too.
 */
export function synthesizeCopy(stack: TerraformStack, into?: string): Synthesized {
  const started = Date.now();
  const outdir = Testing.fullSynth(stack);
  const synthMs = Date.now() - started;
  record("synthMs", synthMs);
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const entry = manifest.stacks[stack.node.id] as { workingDirectory: string; synthesizedStackPath: string };
    const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), `tf-harness-${stack.node.id.replace(/[^A-Za-z0-9_-]/g, "_")}-`));
    fs.cpSync(path.join(outdir, entry.workingDirectory), dir, { recursive: true });
    const file = path.join(dir, path.relative(entry.workingDirectory, entry.synthesizedStackPath));
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    return { dir, file, config, synthMs, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A private copy of a stack another process synthesized: `stackDir` holds its `cdk.tf.json` and is left as it was. */
export function copyStackDirectory(stackDir: string): Synthesized {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tf-harness-${path.basename(stackDir).replace(/[^A-Za-z0-9_-]/g, "_")}-`));
  fs.cpSync(stackDir, dir, { recursive: true });
  const file = path.join(dir, "cdk.tf.json");
  return { dir, file, config: JSON.parse(fs.readFileSync(file, "utf8")), synthMs: 0, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Provider arguments that let the AWS provider plan without credentials, STS, IMDS or region lookups. */
const OFFLINE_PROVIDER_SETTINGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: "true",
  skip_region_validation: true,
  max_retries: 1,
} as const;

/**
 * Provider arguments an offline plan cannot honour, because each needs STS or a credentials source: the account
 * allow/deny lists are checked against the caller identity (with `skip_requesting_account_id` the provider fails with
 * "AWS account ID not allowed"), and role assumption / profiles need real credentials. The synthesized stack keeps
 * them (and `terraform validate` checks them); only the plan's private copy drops them.
 */
const ONLINE_ONLY_PROVIDER_ARGUMENTS = [
  "allowed_account_ids",
  "forbidden_account_ids",
  "assume_role",
  "assume_role_with_web_identity",
  "profile",
  "shared_config_files",
  "shared_credentials_files",
] as const;

/**
 * A stack's configuration for an offline plan: offline provider settings, STS-only arguments removed, and no backend
 * (the default local backend keeps state inside the temp dir). A copy; `config` is left as it is.
 */
export function offlinePlanConfig(config: any): any {
  const patched = { ...config, terraform: { ...(config.terraform ?? {}) } };
  delete patched.terraform.backend;
  delete patched.terraform.cloud;
  const aws = patched.provider?.aws;
  if (aws !== undefined) {
    const blocks = Array.isArray(aws) ? aws : [aws];
    patched.provider = {
      ...patched.provider,
      aws: blocks.map((block: Record<string, unknown>) => {
        const offline: Record<string, unknown> = { ...block, ...OFFLINE_PROVIDER_SETTINGS };
        for (const argument of ONLINE_ONLY_PROVIDER_ARGUMENTS) delete offline[argument];
        return offline;
      }),
    };
  }
  return patched;
}

/** The root configuration that calls each stack's directory (`./<name>`) as a module. */
export function moduleRoot(names: readonly string[]): { module: Record<string, { source: string; providers?: Record<string, string> }>; [block: string]: unknown } {
  return { module: Object.fromEntries(names.map((name) => [name, { source: `./${name}` }])) };
}

/** A stack's only provider configuration when it is a single `aws` block without alias (what can be shared), else undefined. */
function soleAwsBlock(config: any): Record<string, unknown> | undefined {
  const providers = config.provider ?? {};
  if (Object.keys(providers).length !== 1 || providers.aws === undefined) return undefined;
  const blocks = Array.isArray(providers.aws) ? providers.aws : [providers.aws];
  return blocks.length === 1 && blocks[0].alias === undefined ? blocks[0] : undefined;
}

/** A root calling several stacks as modules, and the stacks' configurations to write under it. */
export interface ModuleRootConfigurations {
  readonly root: ReturnType<typeof moduleRoot>;
  readonly stacks: any[];
}

/**
 * The configurations of a root calling several stacks as modules, in which stacks whose provider configuration is
 * the same share ONE provider instance. Terraform starts a provider process per configuration, in `validate` as in
 * `plan` (which starts each twice: its own validation walk, then the plan walk), and each start costs ≈0.6 s of CPU
 * (the AWS provider's schema) however few resources it checks; so each distinct `provider.aws` block moves to the
 * root under an alias, and every stack that had it receives it (`providers = { aws = aws.shared_N }` on its module
 * call) — the same configuration for the same resources, declared and checked once. A stack with anything else
 * (several aws blocks, an alias, another provider, other provider requirements) keeps its own.
 */
export function sharedProviderConfigurations(
  members: readonly { readonly name: string; readonly config: any }[],
  /** A root whose shared blocks keep their aliases here, and stay declared (a plan over its state needs them). */
  previous?: ModuleRootConfigurations,
): ModuleRootConfigurations {
  const root = moduleRoot(members.map((m) => m.name));
  const aliases = new Map<string, string>();
  const blocks: Record<string, unknown>[] = [];
  let requirement: string | undefined;
  for (const block of (previous?.root.provider as { aws?: Record<string, unknown>[] } | undefined)?.aws ?? []) {
    const { alias, ...rest } = block;
    aliases.set(JSON.stringify(rest), alias as string);
    blocks.push(block);
  }
  if (previous?.root.terraform !== undefined) requirement = JSON.stringify((previous.root.terraform as any).required_providers);
  const stacks = members.map(({ name, config }) => {
    const block = soleAwsBlock(config);
    const required = JSON.stringify(config.terraform?.required_providers ?? {});
    if (block === undefined || (requirement !== undefined && required !== requirement)) return config;
    requirement = required;
    const key = JSON.stringify(block);
    let alias = aliases.get(key);
    if (alias === undefined) {
      alias = `shared_${blocks.length}`;
      aliases.set(key, alias);
      blocks.push({ ...block, alias });
    }
    const shared = { ...config };
    delete shared.provider;
    root.module[name].providers = { aws: `aws.${alias}` };
    return shared;
  });
  if (blocks.length > 0) {
    root.terraform = { required_providers: JSON.parse(requirement!) };
    root.provider = { aws: blocks };
  }
  return { root, stacks };
}

/**
 * The configurations the offline plan of a root calling several stacks as modules runs on: each stack's
 * `offlinePlanConfig`, identical (patched) provider configurations shared (`sharedProviderConfigurations`).
 */
export function offlinePlanConfigurations(
  members: readonly { readonly name: string; readonly config: any }[],
  previous?: ModuleRootConfigurations,
): ModuleRootConfigurations {
  return sharedProviderConfigurations(
    members.map((m) => ({ name: m.name, config: offlinePlanConfig(m.config) })),
    previous,
  );
}

/** `terraform validate -json` in a prepared directory: its warnings; throws `TerraformCheckError` when it rejects it. */
export function validate(s: Session, prepared: Prepared, attribution: Attribution): TerraformDiagnostic[] {
  const result = run(s, prepared.cliConfigFile, prepared.dir, ["validate", "-json", "-no-color"], false, "validateMs");
  const parsed = parseValidateOutput(result.stdout, attribution);
  if (parsed === undefined || !parsed.valid || result.status !== 0) {
    throw new TerraformCheckError("validate", parsed?.diagnostics ?? [], `${result.stdout}\n${result.stderr}`);
  }
  return parsed.diagnostics.filter((d) => d.severity === "warning");
}

/**
 * An offline `terraform plan -refresh=false -json` in a prepared directory whose stack files are already patched
 * (`offlinePlanConfigurations`); throws `TerraformCheckError` with terraform's diagnostics when it fails.
 */
export function plan(s: Session, prepared: Prepared, attribution: Attribution): PlanOutput {
  const args = ["plan", "-refresh=false", "-input=false", "-lock=false", "-json", "-out=plan"];
  const result = run(s, prepared.cliConfigFile, prepared.dir, args, true, "planMs");
  const parsed = parsePlanOutput(result.stdout, attribution);
  if (result.status !== 0 || parsed.diagnostics.some((d) => d.severity === "error")) {
    throw new TerraformCheckError("plan", parsed.diagnostics, `${result.stdout}\n${result.stderr}`);
  }
  return parsed;
}

/** `terraform show -json` of the plan `plan` saved in a prepared directory (`-out=plan`). */
export function showSavedPlan(s: Session, prepared: Prepared): any {
  const result = run(s, prepared.cliConfigFile, prepared.dir, ["show", "-json", "-no-color", "plan"], true, "planMs");
  if (result.status !== 0) throw new TerraformCheckError("show", [], `${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * `terraform providers schema -json` of a prepared directory, once per provider set-up per process (and per jest
 * run, through the run's shared workspace directory, when there is one): it loads the provider schema like any
 * command, and it is the same for every stack pinning the same providers.
 */
export function providerSchemas(s: Session, prepared: Prepared, requiredProviders: unknown): any {
  const key = createHash("sha256")
    .update(JSON.stringify([requiredProviders, s.binary, s.configs.mirror, providerInstallMode()]))
    .digest("hex")
    .slice(0, 16);
  const cached = s.schemas.get(key);
  if (cached !== undefined) return cached;
  const shared = sharedWorkspaceRoot();
  const file = shared === undefined ? undefined : path.join(shared, `schemas-${key}.json`);
  if (file !== undefined && fs.existsSync(file)) {
    const schemas = JSON.parse(fs.readFileSync(file, "utf8"));
    s.schemas.set(key, schemas);
    return schemas;
  }
  const result = run(s, prepared.cliConfigFile, prepared.dir, ["providers", "schema", "-json"], false, "planMs");
  if (result.status !== 0) throw new TerraformCheckError("providers schema", [], `${result.stdout}\n${result.stderr}`);
  if (file !== undefined) {
    const staging = `${file}.${process.pid}`;
    fs.writeFileSync(staging, result.stdout);
    fs.renameSync(staging, file);
  }
  const schemas = JSON.parse(result.stdout);
  s.schemas.set(key, schemas);
  return schemas;
}

/** `hcl` without its top-level `provider "aws" { … }` blocks, for a module that receives its provider configuration. */
/** (Internal: not part of the package's entry.) */
export function withoutProviderBlocks(hcl: string): string {
  const start = /^provider\s+"aws"\s*\{/m;
  let out = hcl;
  for (let match = start.exec(out); match !== null; match = start.exec(out)) {
    const end = closing(out, match.index + match[0].length, "}");
    out = out.slice(0, match.index) + out.slice(end + 1);
  }
  return out;
}
