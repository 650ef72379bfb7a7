// Spelling and house style in the body, as the Rust core checks them (newsroom-style): the
// text goes to `check` a moment after typing stops, and what comes back is underlined, red
// for spelling, blue for the house style, each with its explanation on hover. Ctrl+. with the
// cursor in an underlined word writes the first suggestion (the house style's replacement,
// or the dictionary's likeliest word); Ctrl+Shift+. puts a misspelt word (a name) in the
// newsroom's dictionary, right in every story from then on. The window never decides what is wrong: it draws what
// the core found, mapped through whatever was typed while the core was checking.
import { Prec, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, keymap, ViewPlugin, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import type { TextFinding } from "../bindings/TextFinding";

/** How long typing must pause before the text is checked. */
const PAUSE_MS = 300;

const setFindings = StateEffect.define<{ findings: TextFinding[]; decorations: DecorationSet }>();

/** What was found, kept with the decorations so that a fix knows what each underline says. */
interface Found {
  decorations: DecorationSet;
  findings: TextFinding[];
}

const found = StateField.define<Found>({
  create: () => ({ decorations: Decoration.none, findings: [] }),
  update(value, transaction) {
    for (const effect of transaction.effects) if (effect.is(setFindings)) return effect.value;
    if (!transaction.docChanged) return value;
    // Typed since: the underlines move with the text; the findings' places follow them.
    const findings = value.findings.map((finding) => ({
      ...finding,
      from: transaction.changes.mapPos(finding.from, 1),
      to: transaction.changes.mapPos(finding.to, -1),
    }));
    return { decorations: value.decorations.map(transaction.changes), findings };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

function decorate(findings: TextFinding[], length: number): DecorationSet {
  const marks = findings
    .filter((finding) => finding.from < finding.to && finding.to <= length)
    .map((finding) =>
      Decoration.mark({
        class: finding.kind === "spelling" ? "cm-misspelt" : "cm-house-style",
        attributes: {
          title: `${finding.message} ${finding.kind === "spelling" ? "Ctrl+. corrects it; Ctrl+Shift+. adds it to the newsroom's dictionary." : "Ctrl+. writes the fix."}`,
          "data-finding": finding.kind,
        },
      }).range(finding.from, finding.to),
    );
  return Decoration.set(marks, true);
}

/** The spelling and house-style checks of the body: `check` finds (in UTF-16 offsets of the
 * text it was given), `suggest` offers words for a misspelling. */
export function textChecks(
  check: (text: string) => Promise<TextFinding[]>,
  suggest: (word: string) => Promise<string[]>,
  addWord: (word: string) => Promise<void>,
): Extension {
  const checker = ViewPlugin.fromClass(
    class {
      timer: ReturnType<typeof setTimeout> | undefined;
      serial = 0;
      constructor(readonly view: EditorView) {
        this.schedule();
      }
      update(update: ViewUpdate) {
        if (update.docChanged) this.schedule();
      }
      schedule() {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.run(), PAUSE_MS);
      }
      async run() {
        const serial = ++this.serial;
        const text = this.view.state.doc.toString();
        let findings: TextFinding[];
        try {
          findings = await check(text);
        } catch {
          return; // the checks are help, not a gate: a failure leaves the text as it is
        }
        // Typed meanwhile: the next pause checks again; these places would be wrong.
        if (serial !== this.serial || this.view.state.doc.toString() !== text) return;
        this.view.dispatch({ effects: setFindings.of({ findings, decorations: decorate(findings, text.length) }) });
      }
      destroy() {
        clearTimeout(this.timer);
      }
    },
  );
  /** The underlined finding the cursor is in, if any (of `kind`, when given). */
  const atCursor = (view: EditorView, kind?: TextFinding["kind"]) => {
    const head = view.state.selection.main.head;
    return view.state.field(found).findings.find((f) => f.from <= head && head <= f.to && (!kind || f.kind === kind));
  };
  /** Ctrl+Shift+.: the misspelt word at the cursor goes in the newsroom's dictionary. */
  const addAtCursor = (view: EditorView): boolean => {
    const finding = atCursor(view, "spelling");
    if (!finding) return false;
    const word = view.state.sliceDoc(finding.from, finding.to);
    void addWord(word).then(() => view.plugin(checker)?.schedule());
    return true;
  };
  /** Ctrl+.: the first suggestion for the underlined word at the cursor. */
  const fixAtCursor = (view: EditorView): boolean => {
    const finding = atCursor(view);
    if (!finding) return false;
    const { from, to } = finding;
    const word = view.state.sliceDoc(from, to);
    const apply = (replacement: string | undefined) => {
      if (replacement === undefined || view.state.sliceDoc(from, to) !== word) return;
      view.dispatch({ changes: { from, to, insert: replacement }, selection: { anchor: from + replacement.length }, userEvent: "input" });
    };
    if (finding.suggestions.length > 0) apply(finding.suggestions[0]);
    else if (finding.kind === "spelling") void suggest(word).then((words) => apply(words[0]));
    return true;
  };
  return [
    found,
    checker,
    Prec.high(
      keymap.of([
        { key: "Mod-.", run: fixAtCursor },
        { key: "Mod-Shift-.", run: addAtCursor },
      ]),
    ),
    // The window's own checker would underline a second time, with another dictionary.
    Prec.highest(EditorView.contentAttributes.of({ spellcheck: "false" })),
  ];
}
