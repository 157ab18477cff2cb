/**
 * Real, offline Terraform checks for synthesized cdktf stacks.
 *
 * - `terraformValidate(stack)`: synth → provider install (see `ProviderInstallMode`) → `terraform validate -json`.
 *   Catches schema errors (unknown arguments, out-of-range values, bad enums).
 * - `terraformPlan(stack)`: synth → copy patched for offline planning (dummy credentials, no STS / metadata calls,
 *   no backend) → `terraform plan -refresh=false -json -out=plan`. Also catches provider CustomizeDiff rules.
 * - `terraformValidateAndPlan(stack)`: both, from one synth in one directory (what a test of a stack should call).
 *
 * Terraform never reaches the network: the AWS provider comes from a filesystem mirror (see `findProviderMirror`).
 * Nothing is ever skipped silently — a missing `terraform` binary or mirror throws an error saying what was looked for.
 *
 * Speed (2-core machine): every command starts the provider and loads its schema, ≈2.3–2.9 s of wall time for a
 * small stack's validate or plan; a plan adds ≈11 ms of CPU per planned resource. What the harness does about it:
 * - `GOGC=400` for terraform and the provider (see `terraformEnv`): ≈25% less time per command, nothing checked less.
 * - One `terraform init` per provider requirement per jest run, shared by the workers (`SHARED_WORKSPACE_ENV_VAR`),
 *   reused through a copied lock file and a symlinked `.terraform/providers` (init itself ≈0.7 s).
 * - Plan results come from `plan -json` rather than a separate `terraform show -json` (another schema load).
 * - The default `dev-overrides` install runs the mirror's provider binary without `init` and without re-hashing the
 *   ~700 MB package against a lock file in every command (≈0.5 s of CPU each); `mirror` mode runs the documented
 *   init recipe (see `ProviderInstallMode`).
 * Test files should put what they check into as few stacks as stay readable: terraform's cost is per command.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { SHARED_WORKSPACE_ENV_VAR } from "./shared-workspaces";

export { SHARED_WORKSPACE_ENV_VAR };

/** The AWS provider release `@cdktf/provider-aws` 20.1.0 was generated from (its `required_providers` pins it). */
export const AWS_PROVIDER_VERSION = "5.100.0";
const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";
/** Environment variable naming the mirror root explicitly (the directory containing `registry.terraform.io`). */
export const MIRROR_ENV_VAR = "TF_PROVIDER_MIRROR";
/** Environment variable naming the terraform binary (default: `terraform` on the PATH). */
export const TERRAFORM_BIN_ENV_VAR = "TERRAFORM_BIN";

// ---------------------------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------------------------

/** Terraform's `<os>_<arch>` platform name for this machine, e.g. `linux_amd64`, `darwin_arm64`. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const osName = platform === "win32" ? "windows" : platform;
  const archName = ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as Record<string, string>)[arch] ?? arch;
  return `${osName}_${archName}`;
}

export interface MirrorSearchOptions {
  /** Environment to read `TF_PROVIDER_MIRROR` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Mirror roots checked in order when the env var is unset. @default the usual plugin directories */
  readonly candidates?: readonly string[];
  /** Directories searched (bounded depth) for a `registry.terraform.io` tree when no candidate matches. */
  readonly searchRoots?: readonly string[];
  /** Terraform platform. @default terraformPlatform() */
  readonly platform?: string;
}

/** Path of the provider package directory a mirror root must contain. */
function providerPackageDir(mirrorRoot: string, platform: string): string {
  return path.join(mirrorRoot, AWS_PROVIDER_SOURCE, AWS_PROVIDER_VERSION, platform);
}

/** True when `mirrorRoot` holds an unpacked `terraform-provider-aws_v5.100.0*` executable for `platform`. */
export function isProviderMirror(mirrorRoot: string, platform: string = terraformPlatform()): boolean {
  const dir = providerPackageDir(mirrorRoot, platform);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return false;
  }
  return entries.some((name) => name.startsWith(`terraform-provider-aws_v${AWS_PROVIDER_VERSION}`));
}

function defaultCandidates(): string[] {
  const home = os.homedir();
  const xdgData = process.env.XDG_DATA_HOME ?? path.join(home, ".local", "share");
  return [
    "/opt/tf-plugins",
    path.join(home, ".terraform.d", "plugins"),
    path.join(xdgData, "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
}

function defaultSearchRoots(): string[] {
  return ["/opt", "/usr/local/share", "/usr/share", os.homedir(), "/var/lib"];
}

const SEARCH_MAX_DEPTH = 5;
const SEARCH_MAX_DIRECTORIES = 20_000;
const SEARCH_SKIP = new Set(["node_modules", ".git", "proc", "sys", "dev", ".cache", ".npm"]);

/** Breadth-first, bounded search for a directory named `registry.terraform.io` whose parent is a valid mirror. */
function searchForMirror(roots: readonly string[], platform: string): string | undefined {
  let visited = 0;
  const queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
  while (queue.length > 0 && visited < SEARCH_MAX_DIRECTORIES) {
    const { dir, depth } = queue.shift()!;
    visited++;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SEARCH_SKIP.has(entry.name)) continue;
      if (entry.name === "registry.terraform.io" && isProviderMirror(dir, platform)) return dir;
      if (depth + 1 < SEARCH_MAX_DEPTH) queue.push({ dir: path.join(dir, entry.name), depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Root of a Terraform filesystem mirror holding the AWS provider 5.100.0 for this platform, i.e. a directory laid out
 * as `registry.terraform.io/hashicorp/aws/5.100.0/<os_arch>/terraform-provider-aws_v5.100.0*`.
 *
 * `TF_PROVIDER_MIRROR` wins when set (and must be valid: an explicit but wrong path is an error, never a fallback);
 * otherwise the usual plugin directories are checked, then a bounded search. Throws when nothing is found.
 */
export function findProviderMirror(options: MirrorSearchOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? terraformPlatform();
  const wanted = `${AWS_PROVIDER_SOURCE}/${AWS_PROVIDER_VERSION}/${platform}/terraform-provider-aws_v${AWS_PROVIDER_VERSION}*`;

  const explicit = env[MIRROR_ENV_VAR];
  if (explicit !== undefined && explicit !== "") {
    const root = path.resolve(explicit);
    if (isProviderMirror(root, platform)) return root;
    throw new Error(
      `Terraform provider mirror not found: ${MIRROR_ENV_VAR}=${explicit} does not contain ${wanted}.\n` +
        `Point ${MIRROR_ENV_VAR} at the directory that contains 'registry.terraform.io' ` +
        `and holds the UNPACKED provider (the layout of a TF_PLUGIN_CACHE_DIR; 'terraform providers mirror' writes zips, unzip ` +
        `each into <mirror>/registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${platform}/).`
    );
  }

  const candidates = options.candidates ?? defaultCandidates();
  for (const candidate of candidates) {
    if (isProviderMirror(candidate, platform)) return candidate;
  }
  const searchRoots = options.searchRoots ?? defaultSearchRoots();
  const found = searchForMirror(searchRoots, platform);
  if (found !== undefined) return found;

  throw new Error(
    [
      `Terraform provider mirror not found: no directory contains ${wanted}.`,
      `Looked in ${MIRROR_ENV_VAR} (unset), then: ${candidates.join(", ") || "(no candidates)"};`,
      `then searched ${searchRoots.join(", ") || "(no roots)"} (depth ≤ ${SEARCH_MAX_DEPTH}).`,
      `The Terraform tests need the AWS provider ${AWS_PROVIDER_VERSION} offline. Set ${MIRROR_ENV_VAR} to a mirror root ` +
        `(the directory containing 'registry.terraform.io').`,
    ].join("\n")
  );
}

/** The terraform binary and its version; throws loudly when it cannot be run. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): { binary: string; version: string } {
  const binary = env[TERRAFORM_BIN_ENV_VAR] || "terraform";
  const result = spawnSync(binary, ["version", "-json"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: os.devNull },
  });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : (result.stderr || result.stdout).trim();
    throw new Error(
      `terraform not runnable: '${binary}' (${reason}). The Terraform tests need terraform ≥ 1.10 on the PATH ` +
        `(or ${TERRAFORM_BIN_ENV_VAR}=/path/to/terraform). They are never skipped.`
    );
  }
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  return { binary, version };
}

// ---------------------------------------------------------------------------------------------------------------
// Running terraform
// ---------------------------------------------------------------------------------------------------------------

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
  public constructor(
    public readonly command: string,
    public readonly diagnostics: readonly TerraformDiagnostic[],
    rawOutput: string,
    /** What the check had spent when terraform rejected the stack (e.g. whether it ran `terraform init`). */
    public readonly timings?: Partial<TerraformTimings>
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

interface RawDiagnostic {
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

/** The notice terraform prints whenever `dev_overrides` is configured: expected in that mode, not a finding. */
function notDevOverridesNotice(raw: RawDiagnostic): boolean {
  return !(raw.severity === "warning" && raw.summary === DEV_OVERRIDES_WARNING);
}

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * How the AWS provider reaches terraform. Both run the real provider binary: the mirror's unpacked 5.100.0 package.
 * - `dev-overrides` (default): a CLI config `dev_overrides` entry points terraform straight at the mirror's unpacked
 *   5.100.0 package. No `terraform init` and no hashing of the ~700 MB package against a lock file in every command
 *   (measured ≈0.4–0.6 s of CPU saved per validate/plan on the 2-core machine). In mirror mode that lock file is
 *   written by an init from the same mirror in the same run, so its hash check only compared the mirror with itself;
 *   the guarantee that matters, that the stack pins exactly the mirrored version, the harness checks itself. Used
 *   only for stacks whose sole provider is `aws` and that have no modules; anything else goes through `mirror`.
 *   A missing terraform or mirror fails exactly as in `mirror` mode (the same discovery).
 * - `mirror`: the documented offline recipe — a `filesystem_mirror` CLI config and a real
 *   `terraform init -backend=false` (once per provider requirement per jest run, or per process outside jest, in a
 *   shared workspace whose lock file and `.terraform/providers` are reused), then validate (+ plan) as users run
 *   them. `test/terraform/harness.test.ts` runs its real-terraform tests in this mode, so the recipe stays tested.
 */
export type ProviderInstallMode = "dev-overrides" | "mirror";
/** Environment variable selecting the `ProviderInstallMode`. */
export const PROVIDER_INSTALL_ENV_VAR = "TF_HARNESS_PROVIDER_INSTALL";

function providerInstallMode(): ProviderInstallMode {
  const raw = process.env[PROVIDER_INSTALL_ENV_VAR];
  if (raw === undefined || raw === "" || raw === "dev-overrides") return "dev-overrides";
  if (raw === "mirror") return "mirror";
  throw new Error(`${PROVIDER_INSTALL_ENV_VAR}=${raw}: allowed values are "dev-overrides" (default) and "mirror"`);
}

const DEV_OVERRIDES_WARNING = "Provider development overrides are in effect";

interface Session {
  readonly binary: string;
  readonly mirror: string;
  /** Text of the CLI config installing providers from the filesystem mirror (needs `terraform init`). */
  readonly mirrorConfig: string;
  /** Text of the CLI config overriding the AWS provider with the mirror's package (no init). */
  readonly devOverridesConfig: string;
  /** Parent of the shared provider workspaces (`mirror` mode only), created on first use. */
  workspaceRoot?: string;
  /** Initialised provider workspaces keyed by the stack's `required_providers` JSON. */
  readonly workspaces: Map<string, string>;
}

let session: Session | undefined;

/** Lazily discovers terraform + the mirror and renders the CLI configs; one per process (per jest test file). */
function getSession(): Session {
  if (session) return session;
  const { binary } = findTerraform();
  const mirror = findProviderMirror();
  const installation = (first: string[]) =>
    [
      "provider_installation {",
      ...first,
      "  direct {",
      '    exclude = ["registry.terraform.io/*/*"]',
      "  }",
      "}",
      "",
    ].join("\n");
  const filesystemMirror = [
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    "  }",
  ];
  session = {
    binary,
    mirror,
    mirrorConfig: installation(filesystemMirror),
    devOverridesConfig: installation([
      "  dev_overrides {",
      `    ${JSON.stringify(AWS_PROVIDER_SOURCE)} = ${JSON.stringify(providerPackageDir(mirror, terraformPlatform()))}`,
      "  }",
      ...filesystemMirror,
    ]),
    workspaces: new Map(),
  };
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

/** Go GC target for terraform and the provider unless GOGC is set (see `terraformEnv`). */
const HARNESS_GOGC = "400";

/** Environment for terraform: our CLI config, no prompts, no checkpoint calls, nothing inherited that redirects it. */
function terraformEnv(cliConfigFile: string, offlineAws: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith("TF_CLI_ARGS") || key.startsWith("TF_VAR_")) delete env[key];
  }
  for (const key of ["TF_DATA_DIR", "TF_WORKSPACE", "TF_PLUGIN_CACHE_DIR", "TF_LOG", "TF_LOG_PATH"]) delete env[key];
  Object.assign(env, {
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    // Go's garbage collector runs less often in terraform and the provider it starts (which inherits this): building
    // and decoding the AWS provider's schema allocates heavily, and GOGC=400 cut a validate from ≈3.7 s to ≈2.7 s on
    // the 2-core machine for ≈40 MB more RSS. Pure tuning: it changes nothing terraform checks. A GOGC you set wins.
    GOGC: process.env.GOGC || HARNESS_GOGC,
  });
  if (offlineAws) {
    for (const key of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"])
      delete env[key];
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: "AKIAOFFLINEHARNESS00",
      AWS_SECRET_ACCESS_KEY: "offline-terraform-harness-dummy-secret",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: os.devNull,
      AWS_SHARED_CREDENTIALS_FILE: os.devNull,
    });
  }
  return env;
}

function run(s: Session, cliConfigFile: string, cwd: string, args: string[], offlineAws: boolean): Run {
  const started = Date.now();
  const result = spawnSync(s.binary, args, {
    cwd,
    env: terraformEnv(cliConfigFile, offlineAws),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) throw new Error(`terraform ${args[0]} could not run in ${cwd}: ${result.error.message}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

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
 * Writes a CLI config into `dir` and returns its path. Terraform loads only `*.tf` / `*.tf.json` from a working
 * directory, so the file is inert there, and it is deleted with the directory.
 */
function writeCliConfig(dir: string, text: string): string {
  const file = path.join(dir, ".terraformrc.harness");
  fs.writeFileSync(file, text);
  return file;
}

function initOrThrow(s: Session, dir: string): number {
  const init = run(
    s,
    writeCliConfig(dir, s.mirrorConfig),
    dir,
    ["init", "-backend=false", "-input=false", "-no-color"],
    false
  );
  if (init.status !== 0) {
    throw new TerraformCheckError("init", [], `${init.stdout}\n${init.stderr}`);
  }
  return init.ms;
}

/** The run's shared workspace directory (`SHARED_WORKSPACE_ENV_VAR`, set by the jest global setup), if any. */
function sharedWorkspaceRoot(): string | undefined {
  const root = process.env[SHARED_WORKSPACE_ENV_VAR];
  return root !== undefined && root !== "" && fs.existsSync(root) ? root : undefined;
}

/** Writes a root module holding only `required_providers` into `dir` and runs the real `terraform init` there. */
function initWorkspace(s: Session, dir: string, requiredProviders: unknown): number {
  const root = { terraform: { required_providers: requiredProviders } };
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(root));
  return initOrThrow(s, dir);
}

/**
 * The run-wide workspace for these provider requirements, initialised by whichever process needs it first. A process
 * initialises into a private directory and renames it into place (atomic), so another process sees either nothing or
 * a complete workspace; when two race, the loser's copy is deleted and the winner's used.
 */
function sharedWorkspace(s: Session, root: string, requiredProviders: unknown): { workspace: string; initMs: number } {
  const key = createHash("sha256")
    .update(JSON.stringify([requiredProviders, s.binary, s.mirrorConfig]))
    .digest("hex")
    .slice(0, 16);
  const workspace = path.join(root, `workspace-${key}`);
  if (fs.existsSync(workspace)) return { workspace, initMs: 0 };
  const staging = fs.mkdtempSync(path.join(root, `.staging-${key}-`));
  let initMs: number;
  try {
    initMs = initWorkspace(s, staging, requiredProviders);
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
  return { workspace, initMs };
}

interface PreparedProviders {
  readonly initMs: number;
  /** CLI config file every later terraform command in the directory must use. */
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
        summary: `required_providers.aws is ${JSON.stringify({
          source,
          version,
        })}; the offline mirror holds exactly ${AWS_PROVIDER_SOURCE} ${AWS_PROVIDER_VERSION}`,
        detail:
          "Pin @cdktf/provider-aws to the release generated for the mirrored provider, or mirror the version the stack needs.",
      },
    ],
    ""
  );
}

/**
 * Makes `dir` ready for validate/plan. In `dev-overrides` mode an aws-only stack without modules needs nothing (after
 * checking it pins the mirrored version). Otherwise: stacks without modules share one real `terraform init` per
 * provider requirement, per jest run (`SHARED_WORKSPACE_ENV_VAR`) or else per process (lock file copied,
 * `.terraform/providers` symlinked); stacks with modules get their own init.
 */
function prepareProviders(s: Session, dir: string, config: any): PreparedProviders {
  const requiredProviders: Record<string, { source?: string; version?: string }> =
    config.terraform?.required_providers ?? {};
  if (devOverridesApply(config)) {
    assertMirroredAwsPin(config);
    return { initMs: 0, cliConfigFile: writeCliConfig(dir, s.devOverridesConfig) };
  }
  if (config.module !== undefined) {
    return { initMs: initOrThrow(s, dir), cliConfigFile: writeCliConfig(dir, s.mirrorConfig) };
  }
  const requirements = JSON.stringify(requiredProviders);
  let workspace = s.workspaces.get(requirements);
  let initMs = 0;
  if (workspace === undefined) {
    const shared = sharedWorkspaceRoot();
    if (shared !== undefined) {
      ({ workspace, initMs } = sharedWorkspace(s, shared, requiredProviders));
    } else {
      s.workspaceRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-providers-"));
      workspace = fs.mkdtempSync(path.join(s.workspaceRoot, "workspace-"));
      initMs = initWorkspace(s, workspace, requiredProviders);
    }
    s.workspaces.set(requirements, workspace);
  }
  const lock = path.join(workspace, ".terraform.lock.hcl");
  if (fs.existsSync(lock)) fs.copyFileSync(lock, path.join(dir, ".terraform.lock.hcl"));
  const providers = path.join(workspace, ".terraform", "providers");
  if (fs.existsSync(providers)) {
    fs.mkdirSync(path.join(dir, ".terraform"), { recursive: true });
    fs.symlinkSync(providers, path.join(dir, ".terraform", "providers"), "dir");
  }
  return { initMs, cliConfigFile: writeCliConfig(dir, s.mirrorConfig) };
}

/** Timings of one check, in milliseconds (init is 0 when a shared provider workspace was reused). */
export interface TerraformTimings {
  readonly synthMs: number;
  readonly initMs: number;
  /**
   * `terraform get` (the module manifest of the root that holds several stacks, `terraformValidateAndPlanAll` under
   * `dev-overrides`; it installs no provider).
   */
  readonly modulesMs?: number;
  /** The validate command; shared by every stack of a `terraformValidateAndPlanAll` call. */
  readonly validateMs?: number;
  /** The plan command; shared by every stack of a `terraformValidateAndPlanAll` call. */
  readonly planMs?: number;
}

interface Synthesized {
  readonly dir: string;
  readonly file: string;
  readonly config: any;
  readonly synthMs: number;
  readonly cleanup: () => void;
}

/**
 * Full synth (aspects + validations) into a temp dir; returns a private copy of the stack directory, made in `into`
 * when given (a new directory), else in a new temp dir.
 */
function synthesizeCopy(stack: TerraformStack, into?: string): Synthesized {
  const started = Date.now();
  const outdir = Testing.fullSynth(stack);
  const synthMs = Date.now() - started;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    const entry = manifest.stacks[stack.node.id] as { workingDirectory: string; synthesizedStackPath: string };
    const dir =
      into ?? fs.mkdtempSync(path.join(os.tmpdir(), `tf-harness-${stack.node.id.replace(/[^A-Za-z0-9_-]/g, "_")}-`));
    fs.cpSync(path.join(outdir, entry.workingDirectory), dir, { recursive: true });
    const file = path.join(dir, path.relative(entry.workingDirectory, entry.synthesizedStackPath));
    const config = JSON.parse(fs.readFileSync(file, "utf8"));
    return { dir, file, config, synthMs, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export interface ValidateResult {
  /** Warnings terraform printed (errors throw). */
  readonly warnings: readonly TerraformDiagnostic[];
  readonly timings: TerraformTimings;
}

/**
 * Synthesizes `stack` and runs `terraform init -backend=false` + `terraform validate -json` on it, offline.
 * Throws `TerraformCheckError` listing terraform's diagnostics (summary, detail, address, file:line) when invalid.
 */
export function terraformValidate(stack: TerraformStack): ValidateResult {
  return validateCopy(synthesizeCopy(stack));
}

/**
 * `terraformValidate` for a stack another process synthesized: `stackDir` is a directory holding `cdk.tf.json` (such
 * as `cdktf.out/stacks/<id>`). It is copied first, so the directory itself is left as it was.
 */
export function terraformValidateDirectory(stackDir: string): ValidateResult {
  const file = path.join(stackDir, "cdk.tf.json");
  const config = JSON.parse(fs.readFileSync(file, "utf8"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tf-harness-${path.basename(stackDir).replace(/[^A-Za-z0-9_-]/g, "_")}-`));
  fs.cpSync(stackDir, dir, { recursive: true });
  return validateCopy({
    dir,
    file: path.join(dir, "cdk.tf.json"),
    config,
    synthMs: 0,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  });
}

function validateCopy(synthesized: Synthesized): ValidateResult {
  const s = getSession();
  try {
    const prepared = prepareProviders(s, synthesized.dir, synthesized.config);
    const before = { synthMs: synthesized.synthMs, initMs: prepared.initMs };
    const { warnings, validateMs } = validateIn(s, synthesized.dir, prepared, SINGLE_STACK, before);
    return { warnings, timings: { ...before, validateMs } };
  } finally {
    synthesized.cleanup();
  }
}

/**
 * How a command's diagnostics map to stacks: `SINGLE_STACK` keeps them as terraform reports them; a root holding
 * several stacks as modules (`terraformValidateAndPlanAll`) maps each to its stack and drops what only the wrapping
 * causes. Returns undefined for a diagnostic to drop.
 */
type Attribution = (raw: RawDiagnostic) => TerraformDiagnostic | undefined;

const SINGLE_STACK: Attribution = (raw) => (notDevOverridesNotice(raw) ? toDiagnostic(raw) : undefined);

/**
 * `terraform validate -json` in a prepared directory; throws `TerraformCheckError` when terraform rejects it.
 * `timings` are what the check spent before (reported with a rejection).
 */
function validateIn(
  s: Session,
  dir: string,
  prepared: PreparedProviders,
  attribution: Attribution,
  timings: Partial<TerraformTimings>
): { warnings: TerraformDiagnostic[]; validateMs: number } {
  const validate = run(s, prepared.cliConfigFile, dir, ["validate", "-json", "-no-color"], false);
  const failed = (diagnostics: TerraformDiagnostic[]) =>
    new TerraformCheckError("validate", diagnostics, `${validate.stdout}\n${validate.stderr}`, {
      ...timings,
      validateMs: validate.ms,
    });
  let parsed: { valid: boolean; diagnostics?: RawDiagnostic[] };
  try {
    parsed = JSON.parse(validate.stdout);
  } catch {
    throw failed([]);
  }
  const diagnostics = (parsed.diagnostics ?? []).flatMap((raw) => attribution(raw) ?? []);
  if (!parsed.valid || validate.status !== 0) throw failed(diagnostics);
  return { warnings: diagnostics.filter((d) => d.severity === "warning"), validateMs: validate.ms };
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
 * Patches the copy for an offline plan: offline provider settings, STS-only arguments removed, and no backend (the
 * default local backend keeps state inside the temp dir).
 */
function patchForOfflinePlan(config: any): any {
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

/** Rewrites a synthesized copy patched for an offline plan. */
function writePatchedForPlan(synthesized: Synthesized): void {
  fs.writeFileSync(synthesized.file, JSON.stringify(patchForOfflinePlan(synthesized.config), null, 2));
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

export interface PlanSummary {
  readonly resourceChanges: readonly PlannedResourceChange[];
  /** Changes to resources of one Terraform type. */
  byType(type: string): PlannedResourceChange[];
  /** Counts from terraform's change summary. */
  readonly counts: { readonly add: number; readonly change: number; readonly remove: number };
  readonly warnings: readonly TerraformDiagnostic[];
  readonly timings: TerraformTimings;
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

/**
 * Synthesizes `stack` and runs an offline `terraform plan -refresh=false` on a patched copy (dummy credentials, the
 * provider's skip_* settings, no backend). Throws `TerraformCheckError` with terraform's diagnostics on error.
 *
 * Resource changes come from plan's machine-readable `-json` stream (`planned_change` messages), which carries the
 * address, type and action of every change. That saves a `terraform show -json plan`, which reloads the provider
 * schema (measured ≈3 s per stack).
 */
export function terraformPlan(stack: TerraformStack): PlanSummary {
  const s = getSession();
  const synthesized = synthesizeCopy(stack);
  try {
    const prepared = prepareProviders(s, synthesized.dir, synthesized.config);
    const timings = { synthMs: synthesized.synthMs, initMs: prepared.initMs };
    writePatchedForPlan(synthesized);
    return planSummary(runPlan(s, synthesized.dir, prepared, SINGLE_STACK, timings), timings);
  } finally {
    synthesized.cleanup();
  }
}

/** What `terraformValidateAndPlan` found: `validate`'s warnings and the offline plan. */
export interface ValidateAndPlanResult {
  readonly validate: ValidateResult;
  readonly plan: PlanSummary;
}

/**
 * `terraformValidate` and then `terraformPlan` of the same stack from ONE synth and one prepared directory: exactly
 * the two checks, each on the same configuration they would see separately (validate on the stack as synthesized,
 * plan on the patched copy), without a second synth and provider set-up. Throws `TerraformCheckError` with
 * `command` "validate" when validate rejects the stack (plan then does not run) and "plan" when only plan does.
 */
export function terraformValidateAndPlan(stack: TerraformStack): ValidateAndPlanResult {
  const s = getSession();
  const synthesized = synthesizeCopy(stack);
  try {
    const prepared = prepareProviders(s, synthesized.dir, synthesized.config);
    const before = { synthMs: synthesized.synthMs, initMs: prepared.initMs };
    const { warnings, validateMs } = validateIn(s, synthesized.dir, prepared, SINGLE_STACK, before);
    const timings = { ...before, validateMs };
    writePatchedForPlan(synthesized);
    const plan = planSummary(runPlan(s, synthesized.dir, prepared, SINGLE_STACK, timings), timings);
    return { validate: { warnings, timings }, plan };
  } finally {
    synthesized.cleanup();
  }
}

/** A successful plan's parsed output. */
interface PlanRun {
  readonly changes: PlannedResourceChange[];
  readonly diagnostics: TerraformDiagnostic[];
  readonly counts: { add: number; change: number; remove: number };
  readonly planMs: number;
}

/** `terraform plan` (offline, `-json`) in a prepared directory whose stack files are already patched. */
function runPlan(
  s: Session,
  dir: string,
  prepared: PreparedProviders,
  attribution: Attribution,
  timings: Partial<TerraformTimings>
): PlanRun {
  const plan = run(
    s,
    prepared.cliConfigFile,
    dir,
    ["plan", "-refresh=false", "-input=false", "-lock=false", "-json", "-out=plan"],
    true
  );
  const messages = jsonLines(plan.stdout);
  const diagnostics = messages
    .filter((m) => m.type === "diagnostic")
    .flatMap((m) => attribution(m.diagnostic as RawDiagnostic) ?? []);
  if (plan.status !== 0 || diagnostics.some((d) => d.severity === "error")) {
    throw new TerraformCheckError("plan", diagnostics, `${plan.stdout}\n${plan.stderr}`, { ...timings, planMs: plan.ms });
  }
  const planned = messages.filter((m) => m.type === "planned_change");
  const summary = messages.find((m) => m.type === "change_summary")?.changes ?? {};
  return {
    changes: planned.map((m) => ({
      address: m.change.resource.addr as string,
      type: m.change.resource.resource_type as string,
      actions: ACTIONS[m.change.action as string] ?? [m.change.action as PlanAction],
    })),
    diagnostics,
    counts: { add: summary.add ?? 0, change: summary.change ?? 0, remove: summary.remove ?? 0 },
    planMs: plan.ms,
  };
}

function planSummary(
  plan: PlanRun,
  timings: Omit<TerraformTimings, "planMs">
): PlanSummary {
  const resourceChanges = plan.changes;
  return {
    resourceChanges,
    byType: (type: string) => resourceChanges.filter((change) => change.type === type),
    counts: plan.counts,
    warnings: plan.diagnostics.filter((d) => d.severity === "warning"),
    timings: { ...timings, planMs: plan.planMs },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Several stacks, one validate and one plan
// ---------------------------------------------------------------------------------------------------------------

/** What terraform prints when a child module has a backend block: expected when a stack is checked as a module. */
const BACKEND_IGNORED_WARNING = "Backend configuration ignored";

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

/** The module a root-relative address (`module.<name>.…`) or file (`<name>/cdk.tf.json`) belongs to, and the rest. */
function splitModule(value: string, separator: "address" | "file"): { module?: string; rest: string } {
  const match = separator === "address" ? /^module\.([^.[]+)\.(.+)$/.exec(value) : /^([^/\\]+)[/\\](.+)$/.exec(value);
  return match ? { module: match[1], rest: match[2] } : { rest: value };
}

/**
 * Validates and plans several stacks with ONE `terraform validate` and ONE `terraform plan`, instead of two commands
 * per stack (each command spends ≈2.5 s loading the provider schema, however small the stack).
 *
 * Each stack is synthesized as usual and placed, as synthesized, in its own directory of one root configuration that
 * calls each directory as a module: terraform's own way to check root modules together ("it's sometimes convenient to
 * temporarily call a root module as a child module for testing purposes", in its warning about the backend block).
 * `validate` runs on the stacks as synthesized; a stack's backend block draws only that warning, which is dropped
 * (`terraform validate` does not check backends either). Each stack's copy is then patched exactly as
 * `terraformPlan` patches one, and a single `plan` plans them all, each module with its own provider configuration.
 *
 * Returns one result per stack, in order: warnings, planned changes and counts of that stack alone, addresses and
 * locations relative to the stack (as `terraformValidateAndPlan` reports them). Throws one `TerraformCheckError`
 * listing every stack's errors, each diagnostic naming its stack (`stack`). Stacks may share ids (module names are
 * made unique).
 */
export function terraformValidateAndPlanAll(stacks: readonly TerraformStack[]): ValidateAndPlanResult[] {
  if (stacks.length === 0) throw new Error("terraformValidateAndPlanAll: no stacks given");
  const s = getSession();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-stacks-"));
  try {
    const names = moduleNames(stacks);
    const members = stacks.map((stack, i) => ({
      name: names[i],
      synthesized: synthesizeCopy(stack, path.join(root, names[i])),
    }));
    const byModule = new Map(members.map((member) => [member.name, member]));
    fs.writeFileSync(
      path.join(root, "main.tf.json"),
      JSON.stringify({ module: Object.fromEntries(names.map((name) => [name, { source: `./${name}` }])) }, null, 2)
    );

    const attribution: Attribution = (raw) => {
      if (!notDevOverridesNotice(raw)) return undefined;
      const fromAddress = raw.address ? splitModule(raw.address, "address") : undefined;
      const fromFile = raw.range ? splitModule(raw.range.filename, "file") : undefined;
      const member = byModule.get(fromAddress?.module ?? fromFile?.module ?? "");
      if (member === undefined) return toDiagnostic(raw); // the root's own: reported with every stack
      if (raw.severity === "warning" && raw.summary === BACKEND_IGNORED_WARNING && member.synthesized.config.terraform?.backend)
        return undefined;
      const relative: RawDiagnostic = {
        ...raw,
        ...(fromAddress ? { address: fromAddress.rest } : {}),
        ...(raw.range && fromFile ? { range: { ...raw.range, filename: fromFile.rest } } : {}),
      };
      return { ...toDiagnostic(relative), stack: member.name };
    };

    const synthMs = members.reduce((sum, member) => sum + member.synthesized.synthMs, 0);
    const prepared = prepareModuleRoot(s, root, members.map((member) => member.synthesized.config));
    const shared = { initMs: prepared.initMs, ...(prepared.modulesMs !== undefined ? { modulesMs: prepared.modulesMs } : {}) };
    const { warnings, validateMs } = validateIn(s, root, prepared, attribution, { synthMs, ...shared });
    for (const member of members) writePatchedForPlan(member.synthesized);
    const plan = runPlan(s, root, prepared, attribution, { synthMs, ...shared, validateMs });

    const changesOf = new Map<string, PlannedResourceChange[]>(names.map((name) => [name, []]));
    plan.changes.forEach((change) => {
      const { module, rest } = splitModule(change.address, "address");
      const list = module === undefined ? undefined : changesOf.get(module);
      if (list === undefined) throw new Error(`terraform planned ${change.address}, which belongs to none of the stacks`);
      list.push({ ...change, address: rest });
    });
    const counted = (changes: readonly PlannedResourceChange[]) => ({
      add: changes.filter((c) => c.actions.includes("create")).length,
      change: changes.filter((c) => c.actions.includes("update")).length,
      remove: changes.filter((c) => c.actions.includes("delete")).length,
    });
    const total = counted(plan.changes);
    if (total.add !== plan.counts.add || total.change !== plan.counts.change || total.remove !== plan.counts.remove) {
      throw new Error(
        `terraform's change summary ${JSON.stringify(plan.counts)} does not match its planned changes ${JSON.stringify(total)}`
      );
    }
    const forStack = (all: readonly TerraformDiagnostic[], name: string) =>
      all.filter((d) => d.stack === undefined || d.stack === name);
    return members.map((member) => {
      const timings = { synthMs: member.synthesized.synthMs, ...shared, validateMs };
      const changes = changesOf.get(member.name)!;
      return {
        validate: { warnings: forStack(warnings, member.name), timings },
        plan: planSummary(
          { changes, counts: counted(changes), diagnostics: forStack(plan.diagnostics, member.name), planMs: plan.planMs },
          timings
        ),
      };
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Prepares a root holding stacks as modules. Under `dev-overrides` (every stack aws-only, without modules of its own,
 * pinning the mirrored version) `terraform get` writes the module manifest and installs nothing; otherwise a real
 * `terraform init -backend=false` from the mirror.
 */
function prepareModuleRoot(s: Session, root: string, configs: readonly any[]): PreparedProviders & { modulesMs?: number } {
  if (configs.every(devOverridesApply)) {
    configs.forEach(assertMirroredAwsPin);
    const cliConfigFile = writeCliConfig(root, s.devOverridesConfig);
    const get = run(s, cliConfigFile, root, ["get", "-no-color"], false);
    if (get.status !== 0) throw new TerraformCheckError("get", [], `${get.stdout}\n${get.stderr}`);
    return { initMs: 0, modulesMs: get.ms, cliConfigFile };
  }
  return { initMs: initOrThrow(s, root), cliConfigFile: writeCliConfig(root, s.mirrorConfig) };
}
