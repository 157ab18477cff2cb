/** jest `globalTeardown`: deletes the run's shared terraform provider workspaces (see ./shared-workspaces). */
import { deleteSharedWorkspaces } from "../../testing/terraform/shared-workspaces";

export default function globalTeardown(): void {
  deleteSharedWorkspaces();
}
