// The one module that binds the body to CodeMirror. The text is the story's shared document
// (StoryBody, yjs), bound by y-codemirror.next: each edit in the editor is a change to the
// document, and changes merged in from the store appear in the editor. Undo is the document's
// (Y.UndoManager), and it undoes only this person's edits, never what arrived from others.
// Everything else sees a small interface (read the text, run a formatting command, focus).
import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, Prec, StateEffect, StateField, type Extension, type TransactionSpec } from "@codemirror/state";
import {
  Decoration,
  drawSelection,
  EditorView,
  keymap,
  MatchDecorator,
  placeholder,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type KeyBinding,
  type ViewUpdate,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import * as Y from "yjs";
import type { AwaySegment } from "../bindings/AwaySegment";
import type { PassageAnchor } from "../bindings/PassageAnchor";
import type { DeskAwareness } from "./desk-awareness";
import type { StoryBody } from "./story-body";
import { nearest } from "./places";
import { endEmptyMarkup, insertLink, spacedBlock, toggleInline, toggleLineStyle, type LineStyle } from "./markdown-commands";

export type Format = "bold" | "italic" | "link" | LineStyle;

export interface BodyEditor {
  /** The body as Markdown. */
  text(): string;
  format(command: Format): void;
  /** Makes the body read-only (a published or killed story) or editable again. */
  setReadOnly(readOnly: boolean): void;
  /** The text selected in the body ("" when nothing is), and where it is in the document. */
  selection(): { text: string; anchor: PassageAnchor | null };
  /** Selects a commented passage and scrolls to it: where its anchor says, through any edits;
   * without one (or when that text was deleted), its first occurrence. False when it is gone. */
  showPassage(passage: string, anchor: PassageAnchor | null): boolean;
  /** Selects `text` at `from..to`, or where it now is nearest to there (the text moved with
   * typing since it was found), and scrolls to it. False when the text holds it nowhere. */
  select(from: number, to: number, text: string): boolean;
  /** Puts a block (a photo's Markdown) on its own paragraph at the cursor, or at the point
   * under `at` (window coordinates) when it is over the text. */
  insertBlock(markdown: string, at?: { x: number; y: number }): void;
  /** Marks what others changed since this person last saw the story: inserted runs
   * highlighted and titled with who wrote them, deleted runs struck through where they were,
   * titled with who took them out (`who`, everyone who changed it, where that is not known). */
  showAway(segments: AwaySegment[], who: string): void;
  /** Takes those marks away (the person has seen them). */
  clearAway(): void;
  focus(): void;
  destroy(): void;
}

/** Text others took out, shown struck through where it was (not part of the text). */
class DeletedWidget extends WidgetType {
  constructor(
    readonly text: string,
    readonly who: string,
  ) {
    super();
  }
  override eq(other: DeletedWidget) {
    return other.text === this.text && other.who === this.who;
  }
  toDOM() {
    const span = document.createElement("del");
    span.className = "cm-away-deleted";
    span.textContent = this.text;
    span.title = `Taken out by ${this.who}`;
    return span;
  }
}

const setAway = StateEffect.define<DecorationSet>();
/** The marks of what changed while the person was away; they follow later edits. */
const awayMarks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setAway)) return effect.value;
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The marks for `segments` (a word diff from the text then to `doc`'s text now). */
function awayDecorations(segments: AwaySegment[], who: string, length: number): DecorationSet {
  const marks = [];
  let at = 0;
  for (const segment of segments) {
    const end = Math.min(at + segment.text.length, length);
    if (segment.tag === "insert") {
      if (segment.text.trim() && end > at) {
        marks.push(Decoration.mark({ class: "cm-away-inserted", attributes: { title: `Written by ${segment.author ?? who}` } }).range(at, end));
      }
      at = end;
    } else if (segment.tag === "delete") {
      if (segment.text.trim()) marks.push(Decoration.widget({ widget: new DeletedWidget(segment.text, segment.author ?? who), side: -1 }).range(at));
    } else {
      at = end;
    }
  }
  return Decoration.set(marks, true);
}

export interface BodyEditorEvents {
  /** The editor lost focus. */
  onBlur: () => void;
  /** Image files were pasted into the text. */
  onPasteImages?: (files: File[]) => void;
  /** Files copied in a file manager, or an image the page cannot see, were pasted: the app
   * reads the system clipboard itself (the page never names a path). */
  onPasteClipboardImage?: () => void;
  /** The cursor is now on this line (1-based) of the Markdown. */
  onCursorLine?: (line: number) => void;
  /** Where a photo's thumbnail loads from, to show it in place of its `(photo:ID)` address. */
  photoThumbnail?: (id: string) => string;
  /** Others' cursors to draw, and where this person's cursor goes (the shared desk). */
  awareness?: DeskAwareness;
  /** Spelling and house style underlined as it is typed (text-checks.ts). */
  checks?: Extension;
}

/** A photo's `(photo:ID)` address, shown as its thumbnail; it is one unit for the cursor, so
 * it is deleted whole or not at all, and the alt text before it stays editable. */
class PhotoWidget extends WidgetType {
  constructor(
    readonly id: string,
    readonly src: string,
  ) {
    super();
  }
  override eq(other: PhotoWidget) {
    return other.id === this.id;
  }
  toDOM() {
    const img = document.createElement("img");
    img.src = this.src;
    img.alt = "photo";
    img.className = "cm-photo";
    img.dataset.photoId = this.id;
    img.title = `photo:${this.id}`;
    return img;
  }
}

function photoAddresses(thumbnail: (id: string) => string) {
  const matcher = new MatchDecorator({
    regexp: /\(photo:([0-9a-f-]{36})\)/g,
    decoration: (match) => Decoration.replace({ widget: new PhotoWidget(match[1] ?? "", thumbnail(match[1] ?? "")) }),
  });
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = matcher.createDeco(view);
      }
      update(update: ViewUpdate) {
        this.decorations = matcher.updateDeco(update, this.decorations);
      }
    },
    {
      decorations: (plugin) => plugin.decorations,
      provide: (plugin) => EditorView.atomicRanges.of((view) => view.plugin(plugin)?.decorations ?? Decoration.none),
    },
  );
}

const proseHighlight = HighlightStyle.define([
  { tag: tags.heading, fontWeight: "700", fontSize: "1.15em" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.quote, color: "var(--ink-soft)", fontStyle: "italic" },
  { tag: tags.link, color: "var(--accent-ink)", textDecoration: "underline" },
  { tag: tags.url, color: "var(--ink-faint)" },
  { tag: [tags.processingInstruction, tags.meta], color: "var(--ink-faint)" },
]);

function formatSpec(state: EditorState, command: Format): TransactionSpec | null {
  switch (command) {
    case "bold":
      return toggleInline(state, "**");
    case "italic":
      return toggleInline(state, "_");
    case "link":
      return insertLink(state);
    default:
      return toggleLineStyle(state, command);
  }
}

/** Runs a formatting command on the editor's selection. */
const runFormat = (command: Format) => (view: EditorView) => {
  const spec = formatSpec(view.state, command);
  if (spec) view.dispatch(view.state.update(spec, { scrollIntoView: true, userEvent: "input.format" }));
  return true;
};

/**
 * What the body editor is apart from the shared document: Markdown and its highlighting, line
 * wrapping, the formatting keys, Enter that ends an empty quote or list, with `undoKeys` for
 * undo. The window bench's plain editor (ui/bench/plain-editor.ts, the control that typing in
 * the document is measured against) is this with CodeMirror's own history instead of yjs.
 */
export function proseEditing(undoKeys: readonly KeyBinding[]): Extension {
  return [
    drawSelection(),
    EditorView.lineWrapping,
    markdown({ base: markdownLanguage }),
    syntaxHighlighting(proseHighlight),
    placeholder("Write the story. Markdown: ## sub-heading, > quote, **bold**, _italic_, [link](https://…)"),
    // Before the Markdown keymap, which would continue an empty quote line once more.
    Prec.highest(
      keymap.of([
        {
          key: "Enter",
          run: (view) => {
            const spec = endEmptyMarkup(view.state);
            if (spec) view.dispatch(view.state.update(spec, { scrollIntoView: true, userEvent: "input" }));
            return spec !== null;
          },
        },
      ]),
    ),
    keymap.of([
      { key: "Mod-b", run: runFormat("bold") },
      { key: "Mod-i", run: runFormat("italic") },
      { key: "Mod-k", run: runFormat("link") },
      { key: "Mod-Alt-2", run: runFormat("heading") },
      { key: "Mod-'", run: runFormat("quote") },
      { key: "Mod-Shift-8", run: runFormat("list") },
      ...undoKeys,
      ...defaultKeymap,
      indentWithTab,
    ]),
    EditorView.contentAttributes.of({ "aria-label": "Body", spellcheck: "true", lang: "en" }),
  ];
}

export function createBodyEditor(parent: HTMLElement, body: StoryBody, events: BodyEditorEvents): BodyEditor {
  /** Holds the read-only setting, so it can change without rebuilding the editor. */
  const lock = new Compartment();
  // Only the editor's own changes are undoable: the sync plugin adds its origin; changes from
  // the store (FROM_THE_DESK) are tracked by no one.
  const undoManager = new Y.UndoManager(body.text, { trackedOrigins: new Set() });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: body.toString(),
      extensions: [
        lock.of([]),
        yCollab(body.text, events.awareness ?? null, { undoManager }),
        awayMarks,
        proseEditing(yUndoManagerKeymap),
        events.photoThumbnail ? photoAddresses(events.photoThumbnail) : [],
        events.checks ?? [],
        EditorView.domEventHandlers({
          paste(event) {
            const data = event.clipboardData;
            const files = [...(data?.files ?? [])].filter((file) => file.type.startsWith("image/"));
            if (files.length > 0 && events.onPasteImages) {
              event.preventDefault();
              events.onPasteImages(files);
              return true;
            }
            // Files copied in a file manager: the app reads them from the clipboard. So it does
            // for an image, for which WebKitGTK hands the page nothing at all.
            const copiedFiles = (data?.getData("text/uri-list") ?? "").split(/\r?\n/).some((line) => line.startsWith("file://"));
            const nothingReadable = data && data.types.every((type) => type === "text/uri-list");
            if ((copiedFiles || nothingReadable) && events.onPasteClipboardImage) {
              event.preventDefault();
              events.onPasteClipboardImage();
              return true;
            }
            return false;
          },
        }),
        EditorView.updateListener.of((update) => {
          if (update.selectionSet || update.docChanged) {
            events.onCursorLine?.(update.state.doc.lineAt(update.state.selection.main.head).number);
          }
          if (update.focusChanged && !update.view.hasFocus) events.onBlur();
        }),
      ],
    }),
  });
  return {
    text: () => view.state.doc.toString(),
    format(command: Format) {
      runFormat(command)(view);
      view.focus();
    },
    insertBlock(markdown: string, at?: { x: number; y: number }) {
      const state = view.state;
      const point = at ? view.posAtCoords(at) : null;
      const line = state.doc.lineAt(point ?? state.selection.main.head);
      // After the paragraph the cursor is in, so no sentence is split, with exactly one blank
      // line on each side.
      const insertAt = line.text.trim() === "" ? line.from : line.to;
      const insert = spacedBlock(
        markdown,
        state.doc.sliceString(Math.max(0, insertAt - 2), insertAt),
        state.doc.sliceString(insertAt, insertAt + 2),
      );
      view.dispatch({
        changes: { from: insertAt, insert },
        selection: { anchor: insertAt + insert.length },
        scrollIntoView: true,
        userEvent: "input.photo",
      });
    },
    setReadOnly(readOnly: boolean) {
      view.dispatch({
        effects: lock.reconfigure(readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false)] : []),
      });
    },
    selection() {
      const { from, to } = view.state.selection.main;
      return { text: view.state.sliceDoc(from, to), anchor: body.anchor(from, to) };
    },
    showPassage(passage: string, anchor: PassageAnchor | null) {
      const found = anchor ? body.find(anchor) : null;
      const at = found ? found.from : passage ? view.state.doc.toString().indexOf(passage) : -1;
      if (at < 0) return false;
      const head = found ? found.to : at + passage.length;
      view.dispatch({ selection: { anchor: at, head }, scrollIntoView: true });
      view.focus();
      return true;
    },
    select(from: number, _to: number, text: string) {
      const at = nearest(view.state.doc.toString(), { from, text });
      if (at < 0) return false;
      view.dispatch({ selection: { anchor: at, head: at + text.length }, scrollIntoView: true });
      view.focus();
      return true;
    },
    showAway(segments: AwaySegment[], who: string) {
      view.dispatch({ effects: setAway.of(awayDecorations(segments, who, view.state.doc.length)) });
    },
    clearAway() {
      view.dispatch({ effects: setAway.of(Decoration.none) });
    },
    focus: () => view.focus(),
    destroy: () => {
      view.destroy();
      undoManager.destroy();
    },
  };
}
