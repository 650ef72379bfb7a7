// What a preview shows, wherever it is: the main window's pane or the detached window.
import type { ArticleFields } from "../bindings/ArticleFields";

/** The story to show: the open article's session in the main window, what the main window
 * sent in the detached one. The body is never sent to Rust as text: the preview shows the
 * stored body with what was typed and is not stored yet (a few bytes of yjs update). */
export interface PreviewSource {
  readonly id: string;
  currentFields(): ArticleFields;
  unstored(): Uint8Array | null;
  /** Calls `listener` at each edit, as it happens (the main window's session); returns what
   * stops it. A source without it is followed through the pane's `edits` instead. */
  onEdit?(listener: () => void): () => void;
}

/** What the main window sends the detached preview window ("preview-content"). */
export interface PreviewMessage {
  articleId: string | null;
  fields: ArticleFields | null;
  /** The typing not yet stored, as the bytes of one yjs update. */
  unstored: number[] | null;
  cursorLine: number;
  filingVersion: number;
}

/** The events between the two windows. */
export const PREVIEW_EVENTS = {
  /** main → preview: the text to show (a PreviewMessage). */
  content: "preview-content",
  /** preview → main: the detached window is listening; send the text now. */
  ready: "preview-ready",
  /** preview → main: a finding was clicked; focus this field. */
  jump: "preview-jump",
  /** Rust → main: the detached window was closed. */
  closed: "preview-window-closed",
} as const;

/** The label of the detached window (src-tauri: PREVIEW_WINDOW). */
export const PREVIEW_WINDOW = "preview";

/** While typing goes on, the pane renders this long after the last edit. */
export const SETTLE_MS = 150;
/** An edit this long after the one before starts a new burst of typing. */
export const PAUSE_MS = 400;

/**
 * How long the pane waits after an edit before rendering the page again. The first page, and
 * the first edit after a pause (a correction, a word added), render at once; the edits of a
 * burst of typing wait until it settles, so that the burst makes one more reload when it ends
 * and not one per key: each reload of a long page holds the window's thread for tens of
 * milliseconds, which would land between keystrokes.
 */
export function renderDelay(sinceLastEditMs: number, hasPage: boolean): number {
  return !hasPage || sinceLastEditMs >= PAUSE_MS ? 0 : SETTLE_MS;
}
