/** jest `globalSetup`: the run's shared terraform provider workspaces (see ./shared-workspaces). */
import { createSharedWorkspaces } from "./shared-workspaces";

export default function globalSetup(): void {
  createSharedWorkspaces();
}
