// What the profile at the desk may do, as the desk's own rules answer it (newsroom_core::
// authority::permissions, sent with the desk's people). The window asks these questions to
// decide what to offer; it never decides who may do what itself, and the store still refuses
// whatever a crafted call tries.
import type { DeskAct } from "../bindings/DeskAct";
import type { Permissions } from "../bindings/Permissions";
import type { WorkflowAction } from "../bindings/WorkflowAction";
import type { WorkflowState } from "../bindings/WorkflowState";

/** Until the desk has answered: nothing is offered. */
export const NO_PERMISSIONS: Permissions = { acts: [], moves: [], editable: [] };

/** True when the profile at the desk may take `act`. */
export function can(permissions: Permissions, act: DeskAct): boolean {
  return permissions.acts.includes(act);
}

/** True when the profile at the desk may move a story in `from` by `action`. */
export function canMove(permissions: Permissions, from: WorkflowState, action: WorkflowAction): boolean {
  return permissions.moves.some((move) => move.from === from && move.action === action);
}

/** True when the profile at the desk may edit the text of a story in `state`. */
export function canEdit(permissions: Permissions, state: WorkflowState): boolean {
  return permissions.editable.includes(state);
}

/** A story in `state` takes no edits from this profile (published, killed, or approved when
 * only editors may change it), once the desk has answered (`editable` is empty until then). */
export function isLocked(permissions: Permissions, state: WorkflowState): boolean {
  return permissions.editable.length > 0 && !canEdit(permissions, state);
}
