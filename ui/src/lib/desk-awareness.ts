// Others' cursors in the open story, as y-codemirror.next draws them (a coloured caret with the
// person's name), and this person's cursor, for the shared desk to show them.
//
// y-codemirror.next reads cursors from a y-protocols "awareness": a map of states by client,
// with change events. Ours do not travel over y-protocols' wire but through PostgreSQL (the
// desk's presence, kept by the app's sync thread), so this is the small part of that interface
// the editor uses: the local state it writes the cursor into, and remote states made from the
// desk's status. A cursor is one yjs relative position in the body (a caret; the encoding
// yrs and yjs share), so it follows the text through everyone's edits.
import * as Y from "yjs";

type Cursor = { anchor: Y.RelativePosition; head: Y.RelativePosition };
type State = { cursor?: Cursor | null; user?: { name: string; color: string } };
type Change = { added: number[]; updated: number[]; removed: number[] };
type Listener = (change: Change, origin: string) => void;

/** Someone else in the open story, as the desk says: their name and their caret. */
export interface RemoteCursor {
  name: string;
  cursor: number[];
}

/** Colours for others' carets, picked by name so a person keeps theirs. */
const COLOURS = ["#c2410c", "#0e7490", "#7c3aed", "#15803d", "#be185d", "#1d4ed8"];

/** A number of a person's name, the same on every laptop. */
function hashOf(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash;
}

function colourOf(name: string): string {
  return COLOURS[hashOf(name) % COLOURS.length]!;
}

/** A stable client number for a remote person (never the document's own). */
function clientOf(name: string, own: number): number {
  const hash = hashOf(name);
  return hash === own ? hash + 1 : hash;
}

export class DeskAwareness {
  readonly doc: Y.Doc;
  private readonly states = new Map<number, State>();
  private readonly listeners = new Set<Listener>();
  private remote = new Set<number>();

  /** `onCursor` hears this person's caret as it moves (null when the text loses it). */
  constructor(
    doc: Y.Doc,
    private readonly onCursor: (cursor: number[] | null) => void,
  ) {
    this.doc = doc;
    this.states.set(doc.clientID, {});
  }

  getLocalState(): State | null {
    return this.states.get(this.doc.clientID) ?? null;
  }

  setLocalStateField(field: "cursor", value: Cursor | null) {
    const state = { ...this.getLocalState(), [field]: value };
    this.states.set(this.doc.clientID, state);
    this.emit({ added: [], updated: [this.doc.clientID], removed: [] }, "local");
    this.onCursor(value ? Array.from(Y.encodeRelativePosition(value.head)) : null);
  }

  getStates(): Map<number, State> {
    return this.states;
  }

  on(_event: "change", listener: Listener) {
    this.listeners.add(listener);
  }

  off(_event: "change", listener: Listener) {
    this.listeners.delete(listener);
  }

  /** Shows the others in this story where the desk says their carets are. */
  showOthers(others: RemoteCursor[]) {
    const now = new Set<number>();
    const change: Change = { added: [], updated: [], removed: [] };
    for (const other of others) {
      let position: Y.RelativePosition;
      try {
        position = Y.decodeRelativePosition(Uint8Array.from(other.cursor));
      } catch {
        continue; // not a position: nothing to show
      }
      const client = clientOf(other.name, this.doc.clientID);
      now.add(client);
      (this.remote.has(client) ? change.updated : change.added).push(client);
      this.states.set(client, {
        cursor: { anchor: position, head: position },
        user: { name: other.name, color: colourOf(other.name) },
      });
    }
    for (const client of this.remote) {
      if (!now.has(client)) {
        this.states.delete(client);
        change.removed.push(client);
      }
    }
    this.remote = now;
    if (change.added.length + change.updated.length + change.removed.length > 0) this.emit(change, "remote");
  }

  private emit(change: Change, origin: string) {
    for (const listener of this.listeners) listener(change, origin);
  }
}
