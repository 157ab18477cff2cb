/** jest `globalSetup`: the run's shared terraform provider workspaces (see ./shared-workspaces). */
import { createSharedWorkspaces } from "../../testing/terraform/shared-workspaces";

export default function globalSetup(): void {
  createSharedWorkspaces();
}
