/**
 * Finding what the terraform checks need on this machine: the terraform binary and an offline filesystem mirror of
 * the AWS provider release `@cdktf/provider-aws` 20.1.0 was generated from. Nothing is ever skipped silently: a
 * missing binary or mirror throws an error saying what was looked for.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The AWS provider release `@cdktf/provider-aws` 20.1.0 was generated from (its `required_providers` pins it). */
export const AWS_PROVIDER_VERSION = "5.100.0";
/** Where the AWS provider comes from, as terraform names the source. */
export const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";
/** Environment variable naming the mirror root explicitly (the directory containing `registry.terraform.io`). */
export const MIRROR_ENV_VAR = "TF_PROVIDER_MIRROR";
/** Environment variable naming the terraform binary (default: `terraform` on the PATH). */
export const TERRAFORM_BIN_ENV_VAR = "TERRAFORM_BIN";

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
export function providerPackageDir(mirrorRoot: string, platform: string): string {
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
