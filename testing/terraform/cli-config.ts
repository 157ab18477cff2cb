/**
 * How terraform is configured and started: the provider installation (`ProviderInstallMode`, rendered as CLI config
 * files) and the environment every command runs with (no prompts, no checkpoint calls, dummy AWS credentials for
 * offline plans, nothing inherited that redirects terraform).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER_SOURCE, providerPackageDir, terraformPlatform } from "./discovery";

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
 *   shared workspace whose lock file and `.terraform/providers` are reused; a root holding several stacks adds only
 *   `terraform get`), then validate (+ plan) as users run them. The library's own harness tests run in this mode, so the recipe
 *   stays tested.
 */
export type ProviderInstallMode = "dev-overrides" | "mirror";
/** Environment variable selecting the `ProviderInstallMode`. */
export const PROVIDER_INSTALL_ENV_VAR = "TF_HARNESS_PROVIDER_INSTALL";

export function providerInstallMode(): ProviderInstallMode {
  const raw = process.env[PROVIDER_INSTALL_ENV_VAR];
  if (raw === undefined || raw === "" || raw === "dev-overrides") return "dev-overrides";
  if (raw === "mirror") return "mirror";
  throw new Error(`${PROVIDER_INSTALL_ENV_VAR}=${raw}: allowed values are "dev-overrides" (default) and "mirror"`);
}

/** The notice terraform prints whenever `dev_overrides` is configured: expected in that mode, not a finding. */
export const DEV_OVERRIDES_WARNING = "Provider development overrides are in effect";

/** The two CLI configs of a provider mirror. */
export interface CliConfigs {
  /** Installs providers from the filesystem mirror (needs `terraform init`). */
  readonly mirror: string;
  /** Overrides the AWS provider with the mirror's unpacked package (no init). */
  readonly devOverrides: string;
}

/** The CLI config texts for the mirror at `mirrorRoot`: nothing is ever downloaded from a registry. */
export function cliConfigs(mirrorRoot: string): CliConfigs {
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
    `    path    = ${JSON.stringify(mirrorRoot)}`,
    '    include = ["registry.terraform.io/*/*"]',
    "  }",
  ];
  return {
    mirror: installation(filesystemMirror),
    devOverrides: installation([
      "  dev_overrides {",
      `    ${JSON.stringify(AWS_PROVIDER_SOURCE)} = ${JSON.stringify(providerPackageDir(mirrorRoot, terraformPlatform()))}`,
      "  }",
      ...filesystemMirror,
    ]),
  };
}

/**
 * Writes a CLI config into `dir` and returns its path. Terraform loads only `*.tf` / `*.tf.json` from a working
 * directory, so the file is inert there, and it is deleted with the directory.
 */
export function writeCliConfig(dir: string, text: string): string {
  const file = path.join(dir, ".terraformrc.harness");
  fs.writeFileSync(file, text);
  return file;
}

/** Go GC target for terraform and the provider unless GOGC is set (see `terraformEnv`). */
const HARNESS_GOGC = "400";

/** Environment for terraform: our CLI config, no prompts, no checkpoint calls, nothing inherited that redirects it. */
export function terraformEnv(cliConfigFile: string, offlineAws: boolean): NodeJS.ProcessEnv {
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
