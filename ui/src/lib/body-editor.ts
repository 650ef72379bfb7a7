// The one module that binds the body to CodeMirror. Everything else sees a small interface
// (read the text, run a formatting command, focus), so that the later collaborative editing
// binding (a CRDT document) replaces this file and nothing else.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState, type TransactionSpec } from "@codemirror/state";
import { drawSelection, EditorView, keymap, placeholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { insertLink, toggleInline, toggleLineStyle, type LineStyle } from "./markdown-commands";

export type Format = "bold" | "italic" | "link" | LineStyle;

export interface BodyEditor {
  /** The body as Markdown. */
  text(): string;
  /** Replaces the whole body (after a restore), without counting it as typing. */
  replace(text: string): void;
  format(command: Format): void;
  focus(): void;
  destroy(): void;
}

export interface BodyEditorEvents {
  /** The journalist changed the text. */
  onChange: () => void;
  /** The editor lost focus. */
  onBlur: () => void;
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

export function createBodyEditor(parent: HTMLElement, initial: string, events: BodyEditorEvents): BodyEditor {
  let replacing = false;
  const run = (command: Format) => (view: EditorView) => {
    const spec = formatSpec(view.state, command);
    if (spec) view.dispatch(view.state.update(spec, { scrollIntoView: true, userEvent: "input.format" }));
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: initial,
      extensions: [
        history(),
        drawSelection(),
        EditorView.lineWrapping,
        markdown({ base: markdownLanguage }),
        syntaxHighlighting(proseHighlight),
        placeholder("Write the story. Markdown: ## sub-heading, > quote, **bold**, _italic_, [link](https://…)"),
        keymap.of([
          { key: "Mod-b", run: run("bold") },
          { key: "Mod-i", run: run("italic") },
          { key: "Mod-k", run: run("link") },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ "aria-label": "Body", spellcheck: "true", lang: "en" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !replacing) events.onChange();
          if (update.focusChanged && !update.view.hasFocus) events.onBlur();
        }),
      ],
    }),
  });
  return {
    text: () => view.state.doc.toString(),
    replace(text: string) {
      replacing = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      replacing = false;
    },
    format(command: Format) {
      run(command)(view);
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
