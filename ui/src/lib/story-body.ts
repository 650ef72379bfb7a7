// The story's body as a shared document: the same yjs document the store keeps
// (crates/newsroom-body), one text named "body". Typing changes it locally; each change is
// kept as a yjs update until the store has it, and what others wrote arrives as updates too.
// Two copies merge whatever order their updates come in, so nothing typed elsewhere is lost.
import * as Y from "yjs";
import type { PassageAnchor } from "../bindings/PassageAnchor";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The origin of updates that came from the store: not typing, so neither sent back nor
 * undoable (undo undoes only your own edits). */
export const FROM_THE_DESK = Symbol("from the desk");

/** The name of the one text in the document, as in crates/newsroom-body. */
export const TEXT_NAME = "body";

export class StoryBody {
  readonly doc: Y.Doc;
  readonly text: Y.Text;
  private unsent: Uint8Array[] = [];
  /** The change handed over to be sent, until the store took it. */
  private sending: Uint8Array | null = null;
  private typedListeners: (() => void)[] = [];
  private receivedListeners: (() => void)[] = [];

  /** Opens the document the store sent (`document`: one yjs update holding all of it). A new
   * document has a client id of its own, as every editing session must. */
  constructor(document: Uint8Array) {
    this.doc = new Y.Doc();
    this.text = this.doc.getText(TEXT_NAME);
    Y.applyUpdate(this.doc, document, FROM_THE_DESK);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_THE_DESK) {
        for (const listener of this.receivedListeners) listener();
        return;
      }
      this.unsent.push(update);
      for (const listener of this.typedListeners) listener();
    });
  }

  /** Calls `listener` after each local change (typing, a format command, a photo placed). */
  onTyped(listener: () => void): void {
    this.typedListeners.push(listener);
  }

  /** Calls `listener` after changes from the store were merged in. */
  onReceived(listener: () => void): void {
    this.receivedListeners.push(listener);
  }

  /** True while some local change has not been handed over to be sent. */
  get hasUnsent(): boolean {
    return this.unsent.length > 0;
  }

  /** The local changes not yet sent, as one update, handed over to be sent (`giveBack` if the
   * store did not take it). `null` when there are none. */
  takeUnsent(): Uint8Array | null {
    if (this.unsent.length === 0) return null;
    const change = this.unsent.length === 1 ? this.unsent[0]! : Y.mergeUpdates(this.unsent);
    this.unsent = [];
    this.sending = change;
    return change;
  }

  /** The store took the change handed over. */
  sent(): void {
    this.sending = null;
  }

  /** A change the store did not take: sent again with the next save (updates are idempotent,
   * so sending one twice is harmless). */
  giveBack(change: Uint8Array): void {
    this.sending = null;
    this.unsent.unshift(change);
  }

  /** Everything typed here that the store may not hold yet (being sent, or not yet sent), as
   * one update; null when there is nothing. The preview shows the stored story with it. */
  unstored(): Uint8Array | null {
    const parts = this.sending ? [this.sending, ...this.unsent] : this.unsent;
    if (parts.length === 0) return null;
    return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  /** Merges what the store sent (others' changes, or ones this copy already holds). */
  receive(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, FROM_THE_DESK);
  }

  /** Which edits this copy holds, for asking the store for the rest. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  /** Where the passage from `from` to `to` is, as positions that follow it through
   * everyone's edits: the start sticks to its first character, the end to its last (as
   * crates/newsroom-body's `BodyDoc::anchor`). */
  anchor(from: number, to: number): PassageAnchor | null {
    if (from >= to) return null;
    const start = Y.createRelativePositionFromTypeIndex(this.text, from, 0);
    const end = Y.createRelativePositionFromTypeIndex(this.text, to, -1);
    return { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) };
  }

  /** Where an anchored passage is now; null when it was deleted whole. */
  find(anchor: PassageAnchor): { from: number; to: number } | null {
    try {
      const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.start)), this.doc);
      const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.end)), this.doc);
      if (!start || !end || start.type !== this.text || start.index >= end.index) return null;
      return { from: start.index, to: end.index };
    } catch {
      return null;
    }
  }

  toString(): string {
    return this.text.toString();
  }

  destroy(): void {
    this.typedListeners = [];
    this.receivedListeners = [];
    this.doc.destroy();
  }
}
