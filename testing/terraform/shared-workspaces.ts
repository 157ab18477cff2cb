/**
 * One directory per jest run in which the terraform harness shares its initialised provider workspaces between jest's
 * worker processes, so a run does one `terraform init` per provider requirement instead of one per test file.
 * Created by jest's `globalSetup` (workers start after it and inherit the variable) and deleted by its
 * `globalTeardown`; nothing is initialised until a test needs terraform. Kept free of cdktf imports so the global
 * hooks load instantly.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Environment variable naming the run's shared workspace directory. Unset: the harness keeps one per process. */
export const SHARED_WORKSPACE_ENV_VAR = "TF_HARNESS_SHARED_WORKSPACES";

/** Creates the run's directory and exports it to the processes started afterwards. */
export function createSharedWorkspaces(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tf-harness-run-"));
  process.env[SHARED_WORKSPACE_ENV_VAR] = root;
  return root;
}

/** Deletes the run's directory (with every workspace in it). */
export function deleteSharedWorkspaces(): void {
  const root = process.env[SHARED_WORKSPACE_ENV_VAR];
  if (root !== undefined && root !== "") fs.rmSync(root, { recursive: true, force: true });
  delete process.env[SHARED_WORKSPACE_ENV_VAR];
}
