// Spelling and house style in the body, as the Rust core checks them (newsroom-style): a
// moment after typing stops, the lines typed in go to `check` (the whole text when the story
// opens or the desk's rules change), and what comes back is underlined, red for spelling, blue
// for the house style, each with its explanation on hover.
//
// The keys, with the cursor in an underlined word: Ctrl+. writes the first suggestion (the
// house style's replacement, or the dictionary's likeliest word); Ctrl+Shift+. says the text
// is right (a misspelt name goes in the newsroom's dictionary, right in every story from then
// on; a house-style match is kept as written, here only); Alt+Enter opens the menu a click on
// an underline opens: every suggestion, "Keep as written" for this one place, and for a
// misspelling "Add to dictionary". The window never decides what is wrong: it draws what the
// core found, mapped through whatever was typed while the core was checking.
import { Prec, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, keymap, showTooltip, ViewPlugin, type DecorationSet, type Tooltip, type ViewUpdate } from "@codemirror/view";
import type { TextFinding } from "../bindings/TextFinding";

/** How long typing must pause before the text is checked. */
const PAUSE_MS = 300;

const setFindings = StateEffect.define<TextFinding[]>();
const openMenu = StateEffect.define<TextFinding | null>();

/** What was found, kept with the decorations so that a fix knows what each underline says. */
interface Found {
  decorations: DecorationSet;
  findings: TextFinding[];
}

function decorate(findings: TextFinding[], length: number): DecorationSet {
  const marks = findings
    .filter((finding) => finding.from < finding.to && finding.to <= length)
    .map((finding) =>
      Decoration.mark({
        class: finding.kind === "spelling" ? "cm-misspelt" : "cm-house-style",
        attributes: {
          title: `${finding.message} ${finding.kind === "spelling" ? "Ctrl+. corrects it; Ctrl+Shift+. adds it to the newsroom's dictionary." : "Ctrl+. writes the fix; Ctrl+Shift+. keeps it as written."}`,
          "data-finding": finding.kind,
        },
      }).range(finding.from, finding.to),
    );
  return Decoration.set(marks, true);
}

const found = StateField.define<Found>({
  create: () => ({ decorations: Decoration.none, findings: [] }),
  update(value, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setFindings)) return { findings: effect.value, decorations: decorate(effect.value, transaction.newDoc.length) };
    }
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

/** What the spelling and house-style checks need of the desk. */
export interface TextCheckCalls {
  /** The findings in `text`, in UTF-16 offsets of it. */
  check: (text: string) => Promise<TextFinding[]>;
  /** The dictionary's words for a misspelling. */
  suggest: (word: string) => Promise<string[]>;
  /** Puts a word in the newsroom's dictionary. */
  addWord: (word: string) => Promise<void>;
  /** Keeps one flagged place of `text` as written. */
  markCorrect: (finding: TextFinding, text: string) => Promise<void>;
  /** What is underlined now, after each check (for the approval view's count). */
  onFindings?: (findings: TextFinding[]) => void;
}

/** The checks of the body: an extension for the editor, and a way to check again now (the
 * house style or the dictionary changed). */
export interface TextChecks {
  extension: Extension;
  recheck: () => void;
}

export function textChecks(calls: TextCheckCalls): TextChecks {
  let current: { schedule: (delay?: number, everything?: boolean) => void } | null = null;
  const checker = ViewPlugin.fromClass(
    class {
      timer: ReturnType<typeof setTimeout> | undefined;
      serial = 0;
      /** What was typed since the last check ("all": everything is to be checked). */
      dirty: { from: number; to: number } | "all" | null = "all";
      /** Moves whenever more is to be checked, so that a check that ends after that keeps it to check. */
      wanted = 0;
      constructor(readonly view: EditorView) {
        current = this;
        this.schedule();
      }
      update(update: ViewUpdate) {
        if (!update.docChanged) return;
        if (this.dirty !== "all") {
          let from = this.dirty ? update.changes.mapPos(this.dirty.from, -1) : Infinity;
          let to = this.dirty ? update.changes.mapPos(this.dirty.to, 1) : -Infinity;
          update.changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
            from = Math.min(from, fromB);
            to = Math.max(to, toB);
          });
          this.dirty = { from, to };
        }
        this.wanted++;
        this.schedule();
      }
      schedule(delay = PAUSE_MS, everything = false) {
        if (everything) {
          this.dirty = "all";
          this.wanted++;
        }
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.run(), delay);
      }
      /** Checks the lines typed in since the last check (a paragraph, as a rule), or the whole
       * text when it opens or the desk's rules or words changed; the underlines elsewhere stay
       * as they were, moved with the text. */
      async run() {
        const serial = ++this.serial;
        const state = this.view.state;
        const dirty = this.dirty;
        const wanted = this.wanted;
        if (dirty === null) return;
        const doc = state.doc;
        const from = dirty === "all" ? 0 : doc.lineAt(Math.min(dirty.from, doc.length)).from;
        const to = dirty === "all" ? doc.length : doc.lineAt(Math.min(dirty.to, doc.length)).to;
        let checked: TextFinding[];
        try {
          checked = await calls.check(doc.sliceString(from, to));
        } catch {
          return; // the checks are help, not a gate: a failure leaves the text as it is
        }
        // Typed meanwhile: the next pause checks again; these places would be wrong.
        if (serial !== this.serial || this.view.state.doc !== doc) return;
        if (this.wanted === wanted) this.dirty = null;
        const outside = this.view.state.field(found).findings.filter((f) => f.to < from || f.from > to);
        const findings = [...outside, ...checked.map((f) => ({ ...f, from: f.from + from, to: f.to + from }))].sort((a, b) => a.from - b.from);
        this.view.dispatch({ effects: setFindings.of(findings) });
        calls.onFindings?.(findings);
      }
      destroy() {
        clearTimeout(this.timer);
        if (current === this) current = null;
      }
    },
  );

  /** The underlined finding at `pos` (of `kind`, when given). */
  const findingAt = (view: EditorView, pos: number, kind?: TextFinding["kind"]) =>
    view.state.field(found).findings.find((f) => f.from <= pos && pos <= f.to && (!kind || f.kind === kind));
  const atCursor = (view: EditorView, kind?: TextFinding["kind"]) => findingAt(view, view.state.selection.main.head, kind);

  /** Writes `replacement` over the finding, if the text there is still what was flagged. */
  const replace = (view: EditorView, finding: TextFinding, word: string, replacement: string | undefined) => {
    const { from, to } = finding;
    if (replacement === undefined || view.state.sliceDoc(from, to) !== word) return;
    view.dispatch({ changes: { from, to, insert: replacement }, selection: { anchor: from + replacement.length }, userEvent: "input", effects: openMenu.of(null) });
  };

  /** The underline goes at once; the desk's next check agrees. */
  const forget = (view: EditorView, finding: TextFinding) => {
    const rest = view.state.field(found).findings.filter((f) => f !== finding);
    view.dispatch({ effects: [setFindings.of(rest), openMenu.of(null)] });
    calls.onFindings?.(rest);
  };

  const keep = (view: EditorView, finding: TextFinding) => {
    const text = view.state.doc.toString();
    forget(view, finding);
    void calls.markCorrect(finding, text).finally(() => current?.schedule(0, true));
  };

  const addToDictionary = (view: EditorView, finding: TextFinding) => {
    const word = view.state.sliceDoc(finding.from, finding.to);
    forget(view, finding);
    void calls.addWord(word).finally(() => current?.schedule(0, true));
  };

  /** Ctrl+.: the first suggestion for the underlined word at the cursor. */
  const fixAtCursor = (view: EditorView): boolean => {
    const finding = atCursor(view);
    if (!finding) return false;
    const word = view.state.sliceDoc(finding.from, finding.to);
    if (finding.suggestions.length > 0) replace(view, finding, word, finding.suggestions[0]);
    else if (finding.kind === "spelling") void calls.suggest(word).then((words) => replace(view, finding, word, words[0]));
    return true;
  };

  /** Ctrl+Shift+.: the text at the cursor is right. */
  const rightAtCursor = (view: EditorView): boolean => {
    const finding = atCursor(view);
    if (!finding) return false;
    if (finding.kind === "spelling") addToDictionary(view, finding);
    else keep(view, finding);
    return true;
  };

  /** The menu of an underline: a click on it, or Alt+Enter with the cursor in it. */
  const menu = StateField.define<Tooltip | null>({
    create: () => null,
    update(value, transaction) {
      for (const effect of transaction.effects) {
        if (effect.is(openMenu)) return effect.value ? menuTooltip(effect.value) : null;
      }
      if (transaction.docChanged) return null;
      return value;
    },
    provide: (field) => showTooltip.from(field),
  });

  function menuTooltip(finding: TextFinding): Tooltip {
    return {
      pos: finding.from,
      above: false,
      create(view) {
        const dom = document.createElement("div");
        dom.className = "cm-check-menu";
        dom.setAttribute("role", "menu");
        dom.dataset.testid = "check-menu";
        const word = view.state.sliceDoc(finding.from, finding.to);
        const why = document.createElement("p");
        why.textContent = finding.message;
        dom.append(why);
        const button = (label: string, testid: string, run: () => void) => {
          const item = document.createElement("button");
          item.type = "button";
          item.textContent = label;
          item.dataset.testid = testid;
          item.setAttribute("role", "menuitem");
          // The editor keeps the focus (and its selection) when an item is pressed.
          item.addEventListener("mousedown", (event) => event.preventDefault());
          item.addEventListener("click", run);
          return item;
        };
        const suggestions = document.createElement("div");
        suggestions.className = "suggestions";
        const offer = (words: string[]) => {
          suggestions.replaceChildren(...words.map((w) => button(w, "check-suggestion", () => replace(view, finding, word, w))));
          if (words.length === 0 && finding.kind === "spelling") suggestions.textContent = "No suggestions.";
        };
        offer(finding.suggestions);
        if (finding.kind === "spelling" && finding.suggestions.length === 0) {
          suggestions.textContent = "Looking up suggestions…";
          void calls.suggest(word).then(offer, () => offer([]));
        }
        dom.append(suggestions);
        dom.append(button("Keep as written", "check-keep", () => keep(view, finding)));
        if (finding.kind === "spelling") dom.append(button("Add to dictionary", "check-add-word", () => addToDictionary(view, finding)));
        return { dom };
      },
    };
  }

  const openAtCursor = (view: EditorView): boolean => {
    const finding = atCursor(view);
    if (!finding) return false;
    view.dispatch({ effects: openMenu.of(finding) });
    return true;
  };

  return {
    recheck: () => current?.schedule(0, true),
    extension: [
      found,
      checker,
      menu,
      EditorView.domEventHandlers({
        click(event, view) {
          const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
          const finding = pos === null ? undefined : findingAt(view, pos);
          view.dispatch({ effects: openMenu.of(finding ?? null) });
          return false;
        },
      }),
      Prec.high(
        keymap.of([
          { key: "Mod-.", run: fixAtCursor },
          { key: "Mod-Shift-.", run: rightAtCursor },
          { key: "Alt-Enter", run: openAtCursor },
          {
            key: "Escape",
            run: (view) => {
              if (!view.state.field(menu)) return false;
              view.dispatch({ effects: openMenu.of(null) });
              return true;
            },
          },
        ]),
      ),
      // The window's own checker would underline a second time, with another dictionary.
      Prec.highest(EditorView.contentAttributes.of({ spellcheck: "false" })),
    ],
  };
}
