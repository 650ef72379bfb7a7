// The body toolbar's formatting commands, as pure functions of the editor state: each returns
// the transaction that applies it (or null when it has nothing to do), so they are tested
// without a window and bound to both the toolbar and the keyboard.
import { EditorSelection, type EditorState, type TransactionSpec } from "@codemirror/state";

/** Wraps each selection in `marker` (bold "**", italic "_"), or unwraps it when already wrapped. */
export function toggleInline(state: EditorState, marker: string): TransactionSpec {
  const size = marker.length;
  return state.changeByRange((range) => {
    const before = state.sliceDoc(range.from - size, range.from);
    const after = state.sliceDoc(range.to, range.to + size);
    if (before === marker && after === marker) {
      return {
        changes: [
          { from: range.from - size, to: range.from },
          { from: range.to, to: range.to + size },
        ],
        range: EditorSelection.range(range.from - size, range.to - size),
      };
    }
    return {
      changes: [
        { from: range.from, insert: marker },
        { from: range.to, insert: marker },
      ],
      range: EditorSelection.range(range.from + size, range.to + size),
    };
  });
}

/** Makes each selection a link: `[text](https://)` with the address selected to type over. */
export function insertLink(state: EditorState): TransactionSpec {
  const placeholder = "https://";
  return state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    const insert = `[${text}](${placeholder})`;
    const addressStart = range.from + text.length + 3;
    const selection = text
      ? EditorSelection.range(addressStart, addressStart + placeholder.length)
      : EditorSelection.cursor(range.from + 1);
    return { changes: { from: range.from, to: range.to, insert }, range: selection };
  });
}

const LINE_PREFIXES = { heading: "## ", quote: "> ", list: "- " } as const;
export type LineStyle = keyof typeof LINE_PREFIXES;

/** Any block marker a line may start with: headings, quotes, list bullets. */
const ANY_PREFIX = /^(#{1,6} |> |[-*+] )/;

/**
 * Gives every line touched by the selection the block style (sub-heading, quote, list item),
 * or removes it when all of them already have it.
 */
export function toggleLineStyle(state: EditorState, style: LineStyle): TransactionSpec | null {
  const prefix = LINE_PREFIXES[style];
  const lines = new Map<number, { from: number; text: string }>();
  for (const range of state.selection.ranges) {
    for (let pos = range.from; pos <= range.to; ) {
      const line = state.doc.lineAt(pos);
      lines.set(line.from, { from: line.from, text: line.text });
      pos = line.to + 1;
    }
  }
  const touched = [...lines.values()];
  if (touched.length === 0) return null;
  const allStyled = touched.every((line) => line.text.startsWith(prefix));
  const changes = state.changes(
    touched.map((line) => {
      const existing = ANY_PREFIX.exec(line.text)?.[0] ?? "";
      if (allStyled) return { from: line.from, to: line.from + prefix.length, insert: "" };
      return { from: line.from, to: line.from + existing.length, insert: prefix };
    }),
  );
  // A cursor at the start of a line (an empty one, where the quote is about to be typed) goes
  // after the new marker, not before it.
  return { changes, selection: state.selection.map(changes, 1) };
}

/** `block` as inserted between `before` and `after` (up to two characters of the text on each
 * side): its own paragraph, with exactly one blank line on each side and none at the start. */
export function spacedBlock(block: string, before: string, after: string): string {
  const lead = before === "" || before === "\n\n" ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after === "\n\n" ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  return `${lead}${block}${trail}`;
}

/** A line that holds only a quote's or a list item's markup (`>`, `> >`, `-`, `3.`). */
const ONLY_MARKUP = /^\s*(?:(?:>\s*)+|(?:[-*+]|\d+[.)])\s*)$/;

/** Enter on a line that holds nothing but a quote's or list's markup ends the quote or list:
 * the markup goes, a blank line closes the block (without it the next line would still belong
 * to the quote in Markdown), and the cursor starts the next paragraph. Null when the cursor is
 * anywhere else (Enter then continues the markup as usual). */
export function endEmptyMarkup(state: EditorState): TransactionSpec | null {
  const { main } = state.selection;
  if (state.selection.ranges.length !== 1 || !main.empty) return null;
  const line = state.doc.lineAt(main.head);
  if (main.head !== line.to || !ONLY_MARKUP.test(line.text)) return null;
  const blankBefore = line.number === 1 || state.doc.line(line.number - 1).text.trim() === "";
  const insert = blankBefore ? "" : "\n";
  return {
    changes: { from: line.from, to: line.to, insert },
    selection: EditorSelection.cursor(line.from + insert.length),
  };
}
