// Autosave for the article open in the editor.
//
// The rule the status line depends on: it says "Saved" only after the Rust save command
// returned, which happens after the SQLite commit. Edits mark the session dirty and schedule a
// save DEBOUNCE_MS after typing stops; blur, window close, quit and Ctrl/Cmd+S call flush().
// Saves run one at a time, in order (a promise chain), each sending the whole text and the
// version it was based on, so a save can never overtake another or overwrite a change made
// elsewhere. A failed save keeps the text dirty and is retried with growing pauses; a conflict
// is not retried (the journalist decides).
import type { ArticleContent, CommandError, SaveReceipt } from "./ipc";
import { errorMessage, isCommandError } from "./ipc";

export const DEBOUNCE_MS = 400;
/** Pauses between retries of a failed save; the last one repeats. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export type SaveStatus =
  | { kind: "saved"; at: string }
  | { kind: "saving" }
  | { kind: "failed"; message: string; code: CommandError["code"] | "unknown" };

export type SaveFunction = (
  id: string,
  baseVersion: number,
  content: ArticleContent,
  checkpoint: boolean,
) => Promise<SaveReceipt>;

export interface SessionOptions {
  debounceMs?: number;
  retryDelaysMs?: number[];
  /** Called after every state change of the save status. */
  onStatus?: (status: SaveStatus) => void;
  /** Called after each committed save. */
  onSaved?: (receipt: SaveReceipt) => void;
  /** Called on every edit, before it is saved (the preview follows the text with it). */
  onEdit?: () => void;
}

/** Reads the body from the editor only when a save needs it (a 50,000-word body is large). */
export type BodySource = () => string;

export class ArticleSession {
  readonly id: string;
  version: number;
  status: SaveStatus;
  private fields: Omit<ArticleContent, "body">;
  private body: BodySource;
  private dirty = false;
  private checkpointWanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private chain: Promise<boolean> = Promise.resolve(true);
  private disposed = false;
  private readonly save: SaveFunction;
  private readonly options: Required<Omit<SessionOptions, "onStatus" | "onSaved" | "onEdit">> & SessionOptions;

  constructor(
    article: { id: string; version: number; updatedAt: string } & ArticleContent,
    save: SaveFunction,
    options: SessionOptions = {},
  ) {
    this.id = article.id;
    this.version = article.version;
    const { body, headline, standfirst, byline, editorsNote, language } = article;
    this.fields = { headline, standfirst, byline, editorsNote, language };
    this.body = () => body;
    this.save = save;
    this.options = { debounceMs: DEBOUNCE_MS, retryDelaysMs: RETRY_DELAYS_MS, ...options };
    this.status = { kind: "saved", at: article.updatedAt };
  }

  /** The text as it is now (reads the body from its source). */
  content(): ArticleContent {
    return { ...this.fields, body: this.body() };
  }

  /** True while some edit is not yet committed. */
  get unsaved(): boolean {
    return this.dirty || this.checkpointWanted;
  }

  /** Uses `source` to read the body from now on (the editor widget, once mounted). */
  attachBody(source: BodySource): void {
    this.body = source;
  }

  /** Records an edit of one or more one-line fields and schedules a save. */
  edit(fields: Partial<Omit<ArticleContent, "body">>): void {
    this.fields = { ...this.fields, ...fields };
    this.changed();
  }

  /** Records that the body changed (read from the body source at save time). */
  bodyChanged(): void {
    this.changed();
  }

  /**
   * Saves now if anything is unsaved (or always, as a revision of its own, when `checkpoint`).
   * Resolves true when everything typed so far is committed.
   */
  flush(checkpoint = false): Promise<boolean> {
    if (checkpoint) this.checkpointWanted = true;
    this.clearTimer();
    this.chain = this.chain.then(() => this.saveOnce());
    return this.chain;
  }

  /**
   * Stops timers; the session saves nothing more and reports nothing more (a save still in
   * flight completes in Rust, but its outcome no longer reaches the status line, which by then
   * belongs to another article). Call flush() first.
   */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private changed(): void {
    if (this.disposed) return;
    this.options.onEdit?.();
    this.dirty = true;
    this.retries = 0;
    this.setStatus({ kind: "saving" });
    this.clearTimer();
    this.timer = setTimeout(() => void this.flush(), this.options.debounceMs);
  }

  private async saveOnce(): Promise<boolean> {
    if (!this.unsaved) return true;
    const checkpoint = this.checkpointWanted;
    const content = this.content();
    this.dirty = false;
    this.checkpointWanted = false;
    this.setStatus({ kind: "saving" });
    try {
      const receipt = await this.save(this.id, this.version, content, checkpoint);
      this.version = receipt.version;
      this.retries = 0;
      if (!this.disposed) this.options.onSaved?.(receipt);
      if (!this.unsaved) this.setStatus({ kind: "saved", at: receipt.updatedAt });
      return !this.unsaved;
    } catch (error) {
      this.dirty = true;
      this.checkpointWanted ||= checkpoint;
      const code = isCommandError(error) ? error.code : "unknown";
      this.setStatus({ kind: "failed", message: errorMessage(error), code });
      if (code !== "conflict") this.scheduleRetry();
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.disposed) return;
    const delays = this.options.retryDelaysMs;
    const delay = delays[Math.min(this.retries, delays.length - 1)] ?? 30000;
    this.retries += 1;
    this.clearTimer();
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    if (!this.disposed) this.options.onStatus?.(status);
  }
}
