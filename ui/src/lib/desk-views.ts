// The desk-wide views that take the editor's place, as the sidebar offers them, and the
// panels that open beside the editor.

/** A panel beside the editor (one at a time). */
export type SidePanel = "details" | "history" | "preview" | "comments" | "original";

import type { Permissions } from "../bindings/Permissions";
import { canMove } from "./permissions";

export type DeskView = "vocabulary" | "style" | "library" | "overview" | "queue" | "outbox" | "sites" | "desk";

export interface DeskViewLink {
  view: DeskView;
  label: string;
  testId: string;
  /** Whether the profile at the desk is offered the view (by what it may do). */
  offered: (permissions: Permissions) => boolean;
}

const everyone = () => true;

export const DESK_VIEW_LINKS: DeskViewLink[] = [
  { view: "vocabulary", label: "Sections & tags", testId: "open-vocabulary", offered: everyone },
  { view: "style", label: "House style", testId: "open-house-style", offered: everyone },
  { view: "library", label: "Photo library", testId: "open-photo-library", offered: everyone },
  { view: "overview", label: "Overview", testId: "open-overview", offered: everyone },
  {
    view: "queue",
    label: "Review queue",
    testId: "open-review-queue",
    // Those who can take a submitted story into review.
    offered: (permissions) => canMove(permissions, "submitted", "review"),
  },
  { view: "outbox", label: "Outbox", testId: "open-outbox", offered: everyone },
  { view: "sites", label: "Sites", testId: "open-sites", offered: everyone },
  { view: "desk", label: "Shared desk", testId: "open-shared-desk", offered: everyone },
];
