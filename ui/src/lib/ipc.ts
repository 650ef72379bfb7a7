// The one module that talks to the Rust core. Every type here is generated from Rust
// (ui/src/bindings, by ts-rs); nothing is re-declared by hand.
import { invoke } from "@tauri-apps/api/core";
import type { Article } from "../bindings/Article";
import type { ArticleContent } from "../bindings/ArticleContent";
import type { ArticleSummary } from "../bindings/ArticleSummary";
import type { CommandError } from "../bindings/CommandError";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { DiffSegment } from "../bindings/DiffSegment";
import type { RevisionSummary } from "../bindings/RevisionSummary";
import type { SaveReceipt } from "../bindings/SaveReceipt";
import type { SearchHit } from "../bindings/SearchHit";
import type { TextStats } from "../bindings/TextStats";

export type {
  Article,
  ArticleContent,
  ArticleSummary,
  CommandError,
  DeskStatus,
  DiffSegment,
  RevisionSummary,
  SaveReceipt,
  SearchHit,
  TextStats,
};

/** True when `value` is an error as the Rust commands send it. */
export function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    "code" in value &&
    "message" in value &&
    typeof (value as { message: unknown }).message === "string"
  );
}

/** A sentence for the journalist, whatever was thrown. */
export function errorMessage(value: unknown): string {
  if (isCommandError(value)) return value.message;
  if (value instanceof Error) return value.message;
  return String(value);
}

export const desk = {
  status: () => invoke<DeskStatus>("desk_status"),
  textStats: (body: string) => invoke<TextStats>("text_stats", { body }),
  quit: () => invoke<void>("quit_app"),

  listArticles: (limit: number) => invoke<ArticleSummary[]>("list_articles", { limit }),
  listTrash: () => invoke<ArticleSummary[]>("list_trash"),
  getArticle: (id: string) => invoke<Article>("get_article", { id }),
  createArticle: () => invoke<Article>("create_article"),
  saveArticle: (id: string, baseVersion: number, content: ArticleContent, checkpoint: boolean) =>
    invoke<SaveReceipt>("save_article", { id, baseVersion, content, checkpoint }),
  duplicateArticle: (id: string) => invoke<Article>("duplicate_article", { id }),
  trashArticle: (id: string) => invoke<void>("trash_article", { id }),
  restoreFromTrash: (id: string) => invoke<void>("restore_from_trash", { id }),
  emptyTrash: () => invoke<number>("empty_trash"),
  search: (query: string) => invoke<SearchHit[]>("search_articles", { query }),

  listRevisions: (articleId: string) => invoke<RevisionSummary[]>("list_revisions", { articleId }),
  revisionDiff: (revisionId: string) => invoke<DiffSegment[]>("revision_diff", { revisionId }),
  restoreRevision: (revisionId: string, baseVersion: number) =>
    invoke<SaveReceipt>("restore_revision", { revisionId, baseVersion }),
};
