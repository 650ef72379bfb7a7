// What a preview shows, wherever it is: the main window's pane or the detached window.
import type { ArticleContent } from "../bindings/ArticleContent";

/** The story to show: the open article's session in the main window, the last text the main
 * window sent in the detached one. */
export interface PreviewSource {
  readonly id: string;
  content(): ArticleContent;
}

/** What the main window sends the detached preview window ("preview-content"). */
export interface PreviewMessage {
  articleId: string | null;
  content: ArticleContent | null;
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
