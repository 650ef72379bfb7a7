import { describe, expect, it } from "vitest";
import { EditorSelection, EditorState } from "@codemirror/state";
import { endEmptyMarkup, insertLink, spacedBlock, toggleInline, toggleLineStyle } from "./markdown-commands";

function stateWith(doc: string, from: number, to = from): EditorState {
  return EditorState.create({ doc, selection: EditorSelection.single(from, to) });
}

function run(state: EditorState, spec: ReturnType<typeof toggleInline> | null): EditorState {
  if (!spec) return state;
  return state.update(spec).state;
}

describe("inline formatting", () => {
  it("wraps the selected word in bold and selects it", () => {
    const after = run(stateWith("Putin said", 0, 5), toggleInline(stateWith("Putin said", 0, 5), "**"));
    expect(after.doc.toString()).toBe("**Putin** said");
    expect(after.sliceDoc(after.selection.main.from, after.selection.main.to)).toBe("Putin");
  });

  it("unwraps when pressed again", () => {
    const once = run(stateWith("Putin said", 0, 5), toggleInline(stateWith("Putin said", 0, 5), "_"));
    const twice = run(once, toggleInline(once, "_"));
    expect(twice.doc.toString()).toBe("Putin said");
  });

  it("puts the cursor between the markers when nothing is selected", () => {
    const start = stateWith("ab", 1);
    const after = run(start, toggleInline(start, "**"));
    expect(after.doc.toString()).toBe("a****b");
    expect(after.selection.main.head).toBe(3);
  });
});

describe("links", () => {
  it("turns the selection into a link with the address selected", () => {
    const start = stateWith("see AFP now", 4, 7);
    const after = run(start, insertLink(start));
    expect(after.doc.toString()).toBe("see [AFP](https://) now");
    expect(after.sliceDoc(after.selection.main.from, after.selection.main.to)).toBe("https://");
  });
});

describe("block styles", () => {
  it("makes the current line a sub-heading and back", () => {
    const start = stateWith("Significant escalation\nText", 3);
    const heading = run(start, toggleLineStyle(start, "heading"));
    expect(heading.doc.toString()).toBe("## Significant escalation\nText");
    const plain = run(heading, toggleLineStyle(heading, "heading"));
    expect(plain.doc.toString()).toBe("Significant escalation\nText");
  });

  it("quotes every selected line", () => {
    const start = stateWith("one\ntwo\nthree", 0, 6);
    const after = run(start, toggleLineStyle(start, "quote"));
    expect(after.doc.toString()).toBe("> one\n> two\nthree");
  });

  it("replaces another block marker instead of stacking them", () => {
    const start = stateWith("> quoted", 2);
    const after = run(start, toggleLineStyle(start, "list"));
    expect(after.doc.toString()).toBe("- quoted");
  });
});

describe("spacedBlock", () => {
  const photo = "![Seoul](photo:1)";
  const insertInto = (doc: string, at: number) => doc.slice(0, at) + spacedBlock(photo, doc.slice(Math.max(0, at - 2), at), doc.slice(at, at + 2)) + doc.slice(at);
  it("becomes its own paragraph after the one it was dropped on", () => {
    expect(insertInto("First.\n\nSecond.", 6)).toBe("First.\n\n![Seoul](photo:1)\n\nSecond.");
  });
  it("adds no blank lines at the start or where they already are", () => {
    expect(insertInto("", 0)).toBe("![Seoul](photo:1)\n\n");
    expect(insertInto("First.\n\n", 8)).toBe("First.\n\n![Seoul](photo:1)\n\n");
    expect(insertInto("First.", 6)).toBe("First.\n\n![Seoul](photo:1)\n\n");
  });
});

describe("a block style on an empty line", () => {
  it("puts the cursor after the new marker, where the quote is typed", () => {
    const state = stateWith("Said:\n", 6);
    const quoted = run(state, toggleLineStyle(state, "quote"));
    expect(quoted.doc.toString()).toBe("Said:\n> ");
    expect(quoted.selection.main.head).toBe(8);
  });
});

describe("an empty quote or list line", () => {
  it("ends the quote or list with a blank line, so the next paragraph is plain", () => {
    const cases: [string, string][] = [
      ["> A quote.\n> ", "> A quote.\n\n"],
      ["- one\n- two\n- ", "- one\n- two\n\n"],
      ["1. one\n2. ", "1. one\n\n"],
      ["> > nested\n> > ", "> > nested\n\n"],
    ];
    for (const [doc, expected] of cases) {
      const state = stateWith(doc, doc.length);
      const ended = run(state, endEmptyMarkup(state));
      expect(ended.doc.toString()).toBe(expected);
      expect(ended.selection.main.head).toBe(expected.length);
    }
  });

  it("leaves Enter alone anywhere else", () => {
    expect(endEmptyMarkup(stateWith("> A quote.", 10))).toBeNull();
    expect(endEmptyMarkup(stateWith("> ", 1))).toBeNull();
    expect(endEmptyMarkup(stateWith("Plain", 5))).toBeNull();
    expect(endEmptyMarkup(stateWith("-x", 2))).toBeNull();
  });
});
