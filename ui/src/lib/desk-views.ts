// The desk-wide views that take the editor's place, as the sidebar offers them, and the
// panels that open beside the editor.

/** A panel beside the editor (one at a time). */
export type SidePanel = "history" | "preview" | "comments" | "original";

export type DeskView = "vocabulary" | "library" | "overview" | "queue" | "outbox" | "sites";

export interface DeskViewLink {
  view: DeskView;
  label: string;
  testId: string;
  /** Offered to editors and admins only. */
  editorsOnly: boolean;
}

export const DESK_VIEW_LINKS: DeskViewLink[] = [
  { view: "vocabulary", label: "Sections & tags", testId: "open-vocabulary", editorsOnly: false },
  { view: "library", label: "Photo library", testId: "open-photo-library", editorsOnly: false },
  { view: "overview", label: "Overview", testId: "open-overview", editorsOnly: false },
  { view: "queue", label: "Review queue", testId: "open-review-queue", editorsOnly: true },
  { view: "outbox", label: "Outbox", testId: "open-outbox", editorsOnly: false },
  { view: "sites", label: "Sites", testId: "open-sites", editorsOnly: false },
];
