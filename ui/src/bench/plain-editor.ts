// The controls that typing in the story's document is measured against (issue 16: key to
// painted glyph within 10 % of the plain editor, in the same run). The window bench opens this
// page in the app's own window and puts the same 50,000-word text in it:
// - `window.plainEditor.load(text)`: the plain editor, the body editor's own CodeMirror setup
//   (`proseEditing`) on plain text with CodeMirror's history, no document;
// - `window.plainEditor.load(text, true)`: the app's body editor itself (`createBodyEditor`)
//   on the story's document (`StoryBody`, yjs, kept changes and all), as the app opens a story.
// Both sit in the app's page layout and styles, without the rest of the app around them.
import { history, historyKeymap } from "@codemirror/commands";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import * as Y from "yjs";
import { createBodyEditor, proseEditing } from "../lib/body-editor";
import { StoryBody, TEXT_NAME } from "../lib/story-body";
import "../app.css";

const host = document.querySelector<HTMLElement>('[data-testid="body"]');
if (!host) throw new Error("plain-editor.html has no body element");
let close: (() => void) | null = null;

declare global {
  interface Window {
    plainEditor: { load(text: string, shared?: boolean): void };
  }
}

window.plainEditor = {
  load(text: string, shared = false) {
    close?.();
    if (shared) {
      // The document as the store sends it: one update holding the text (its genesis).
      const stored = new Y.Doc();
      stored.getText(TEXT_NAME).insert(0, text);
      const editor = createBodyEditor(host, new StoryBody(Y.encodeStateAsUpdate(stored)), { onBlur: () => {} });
      close = () => editor.destroy();
    } else {
      const view = new EditorView({
        parent: host,
        state: EditorState.create({ doc: text, extensions: [history(), proseEditing(historyKeymap)] }),
      });
      close = () => view.destroy();
    }
  },
};
