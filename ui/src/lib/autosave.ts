// Autosave for the article open in the editor.
//
// The rule the status line depends on: it says "Saved" only after the Rust command returned,
// which happens after the SQLite commit. Edits mark the session dirty and schedule a save
// DEBOUNCE_MS after typing stops; blur, window close, quit and Ctrl/Cmd+S call flush().
//
// The body is a shared document (StoryBody): a save sends only the changes typed since the
// last one, as one binary yjs update, and the store merges them with whatever others wrote
// meanwhile, so the body never conflicts. The other fields are sent whole with the values the
// editor started from, and the store merges them three ways; only the same field changed on
// both sides is a conflict (not retried: the journalist decides). Saves run one at a time, in
// order (a promise chain). A failed save keeps everything unsent and is retried with growing
// pauses. Between saves, and every CATCH_UP_MS, the session asks the store for what others
// wrote and merges it into the editor (the body), or shows it (a field not changed here too).
import type { ArticleContent, ArticleFields, CommandError, SaveReceipt } from "./ipc";
import { errorMessage, isCommandError } from "./ipc";
import type { StoryBody } from "./story-body";

export const DEBOUNCE_MS = 400;
/** Pauses between retries of a failed save; the last one repeats. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
/** How often an open story asks for what others wrote. */
export const CATCH_UP_MS = 3000;

export type SaveStatus =
  | { kind: "saved"; at: string }
  | { kind: "saving" }
  | { kind: "failed"; message: string; code: CommandError["code"] | "unknown" };

/** The store's side of a session (the IPC commands; a stand-in in the unit tests). */
export interface Saver {
  /** Stores a batch of typing (one yjs update); a revision of its own when `checkpoint`. */
  pushBody(id: string, change: Uint8Array, checkpoint: boolean): Promise<SaveReceipt>;
  /** Stores the fields, merged with what is stored; `base` is what the editor started from. */
  saveFields(id: string, base: ArticleFields, fields: ArticleFields, checkpoint: boolean): Promise<SaveReceipt>;
  /** The story's version and every edit a copy at `stateVector` lacks. */
  bodySince(id: string, stateVector: Uint8Array): Promise<{ version: number; missing: Uint8Array }>;
  /** The fields as stored now. */
  storedFields(id: string): Promise<ArticleFields>;
}

export interface SessionOptions {
  debounceMs?: number;
  retryDelaysMs?: number[];
  /** 0 turns the periodic catch-up off (the unit tests drive it by hand). */
  catchUpMs?: number;
  /** Called after every state change of the save status. */
  onStatus?: (status: SaveStatus) => void;
  /** Called after each committed save. */
  onSaved?: (receipt: SaveReceipt) => void;
  /** Called on every edit, and when others' edits arrive (the preview follows the text). */
  onEdit?: () => void;
}

function sameFields(a: ArticleFields, b: ArticleFields): boolean {
  return (
    a.headline === b.headline &&
    a.standfirst === b.standfirst &&
    a.byline === b.byline &&
    a.editorsNote === b.editorsNote &&
    a.language === b.language
  );
}

export class ArticleSession {
  readonly id: string;
  readonly body: StoryBody;
  version: number;
  status: SaveStatus;
  private fields: ArticleFields;
  private fieldsListeners: ((fields: ArticleFields) => void)[] = [];
  private receiptListeners: ((receipt: SaveReceipt) => void)[] = [];
  private editListeners: (() => void)[] = [];
  /** The fields as the store last had them from this session (the three-way merge's base). */
  private base: ArticleFields;
  private dirty = false;
  private checkpointWanted = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private catchUpTimer: ReturnType<typeof setInterval> | undefined;
  private retries = 0;
  /** The clash on a field that waits for the journalist (keep a copy, or load the other). */
  private clash: SaveStatus | null = null;
  private chain: Promise<boolean> = Promise.resolve(true);
  private disposed = false;
  private readonly saver: Saver;
  private readonly options: Required<Omit<SessionOptions, "onStatus" | "onSaved" | "onEdit">> & SessionOptions;

  constructor(
    article: { id: string; version: number; updatedAt: string } & ArticleFields,
    body: StoryBody,
    saver: Saver,
    options: SessionOptions = {},
  ) {
    this.id = article.id;
    this.version = article.version;
    const { headline, standfirst, byline, editorsNote, language } = article;
    this.fields = { headline, standfirst, byline, editorsNote, language };
    this.base = { ...this.fields };
    this.body = body;
    this.saver = saver;
    this.options = { debounceMs: DEBOUNCE_MS, retryDelaysMs: RETRY_DELAYS_MS, catchUpMs: CATCH_UP_MS, ...options };
    this.status = { kind: "saved", at: article.updatedAt };
    body.onTyped(() => this.changed());
    body.onReceived(() => this.edited());
    if (this.options.catchUpMs > 0) {
      this.catchUpTimer = setInterval(() => void this.catchUp(), this.options.catchUpMs);
    }
  }

  /** The text as it is now. */
  content(): ArticleContent {
    return { ...this.fields, body: this.body.toString() };
  }

  /** True while some edit is not yet committed. */
  get unsaved(): boolean {
    return this.dirty || this.checkpointWanted || this.body.hasUnsent;
  }

  /** The fields as the editor holds them now (maybe not saved yet). */
  currentFields(): ArticleFields {
    return { ...this.fields };
  }

  /** What is typed here but not yet stored, as one update (see StoryBody.unstored). */
  unstored(): Uint8Array | null {
    return this.body.unstored();
  }

  /** Calls `listener` after each committed save (the word count follows the receipts). */
  onReceipt(listener: (receipt: SaveReceipt) => void): void {
    this.receiptListeners.push(listener);
  }

  /** Calls `listener` on every edit and when others' edits arrive, at once, inside the
   * editor's own update: the preview asks for its page before the window paints the key.
   * Returns what stops it. */
  onEdit(listener: () => void): () => void {
    this.editListeners.push(listener);
    return () => (this.editListeners = this.editListeners.filter((l) => l !== listener));
  }

  /** Records an edit of one or more one-line fields and schedules a save. */
  edit(fields: Partial<ArticleFields>): void {
    this.fields = { ...this.fields, ...fields };
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

  /** Calls `listener` when fields changed elsewhere were taken in (the editor and the details
   * panel show them); returns what stops it (a panel closed). */
  onFields(listener: (fields: ArticleFields) => void): () => void {
    this.fieldsListeners.push(listener);
    return () => (this.fieldsListeners = this.fieldsListeners.filter((l) => l !== listener));
  }

  /** Merges what others wrote since this copy last asked, in turn with the saves. */
  catchUp(): Promise<boolean> {
    this.chain = this.chain.then(async (saved) => {
      await this.catchUpNow();
      return saved;
    });
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
    clearInterval(this.catchUpTimer);
  }

  /** Tells the edit's listeners first, then the owner. A listener that fails (the preview
   * could not ask for its page) is reported and passed over: the edit is still saved. */
  private edited(): void {
    if (this.disposed) return;
    for (const listener of this.editListeners) {
      try {
        listener();
      } catch (error) {
        console.error("an edit listener failed", error);
      }
    }
    this.options.onEdit?.();
  }

  private changed(): void {
    if (this.disposed) return;
    this.edited();
    this.dirty = true;
    this.retries = 0;
    if (!this.clash) this.setStatus({ kind: "saving" });
    this.clearTimer();
    this.timer = setTimeout(() => void this.flush(), this.options.debounceMs);
  }

  private async saveOnce(): Promise<boolean> {
    if (!this.unsaved) return true;
    // After a clash the fields wait for the journalist's choice, and the status keeps saying
    // so; the typing in the body is still saved, as it never clashes.
    const clash = this.clash;
    const checkpoint = this.checkpointWanted && !clash;
    const fields = { ...this.fields };
    const fieldsChanged = !clash && !sameFields(fields, this.base);
    const change = this.body.takeUnsent();
    this.dirty = !!clash;
    this.checkpointWanted = false;
    if (clash && !change) return false;
    if (!clash) this.setStatus({ kind: "saving" });
    let sent = false;
    try {
      const before = this.version;
      let receipt: SaveReceipt | null = null;
      let expected = before;
      // The typing goes first: a clash on a field must not hold the body back. A checkpoint
      // rides on the last of the two calls, so Ctrl+S makes one revision, not two.
      if (change) {
        receipt = await this.saver.pushBody(this.id, change, checkpoint && !fieldsChanged);
        this.body.sent();
        sent = true;
        expected += 1;
      }
      if (fieldsChanged || (checkpoint && !change)) {
        receipt = await this.saver.saveFields(this.id, this.base, fields, checkpoint);
        this.base = fields;
        expected += 1;
      }
      if (receipt) {
        this.version = receipt.version;
        this.retries = 0;
        if (!this.disposed) {
          for (const listener of this.receiptListeners) listener(receipt);
          this.options.onSaved?.(receipt);
        }
        // Someone else wrote between this session's saves: bring their text in now.
        if (receipt.version > expected) await this.catchUpNow(true);
        if (!this.unsaved && !clash) this.setStatus({ kind: "saved", at: receipt.updatedAt });
      } else if (!this.unsaved) {
        this.setStatus({ kind: "saved", at: new Date().toISOString() });
      }
      return !this.unsaved;
    } catch (error) {
      if (change && !sent) this.body.giveBack(change);
      this.dirty = true;
      this.checkpointWanted ||= checkpoint;
      const code = isCommandError(error) ? error.code : "unknown";
      const failed: SaveStatus = { kind: "failed", message: errorMessage(error), code };
      if (code === "conflict") this.clash = failed;
      this.setStatus(this.clash ?? failed);
      if (code !== "conflict") this.scheduleRetry();
      return false;
    }
  }

  /** `othersWrote`: a save's receipt already showed that someone else wrote. */
  private async catchUpNow(othersWrote = false): Promise<void> {
    if (this.disposed) return;
    try {
      const { version, missing } = await this.saver.bodySince(this.id, this.body.stateVector());
      if (this.disposed) return;
      this.body.receive(missing);
      if (othersWrote || version > this.version) await this.takeInFields();
      this.version = Math.max(this.version, version);
    } catch {
      // The next catch-up, or the next save, tries again; nothing local is at stake.
    }
  }

  /** Shows fields changed elsewhere, except one changed here too: that one keeps its base, so
   * the next save reports the clash instead of overwriting either. */
  private async takeInFields(): Promise<void> {
    const stored = await this.saver.storedFields(this.id);
    if (this.disposed) return;
    let changed = false;
    for (const key of Object.keys(stored) as (keyof ArticleFields)[]) {
      if (this.fields[key] === this.base[key] && this.fields[key] !== stored[key]) {
        this.fields[key] = stored[key];
        changed = true;
      }
      if (this.fields[key] === stored[key]) this.base[key] = stored[key];
    }
    if (changed) for (const listener of this.fieldsListeners) listener({ ...this.fields });
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
