import { describe, expect, it } from "vitest";
import { fieldLabel, languageName, listTime, readingTimeLabel, wordsLabel } from "./format";

describe("format", () => {
  it("writes reading time as the site does", () => {
    expect(readingTimeLabel(1)).toBe("1 MIN READ");
  });
  it("writes word counts with a separator and the right noun", () => {
    expect(wordsLabel(1)).toBe("1 word");
    expect(wordsLabel(5000)).toBe("5,000 words");
  });
  it("shows the hour for today and the date for older changes", () => {
    const now = new Date(2026, 10, 25, 15, 0);
    expect(listTime(new Date(2026, 10, 25, 14, 3).toISOString(), now)).toBe("14:03");
    expect(listTime(new Date(2024, 9, 24, 9, 0).toISOString(), now)).toBe("24 Oct");
  });
});

describe("workflow states", async () => {
  const { STATE_LABELS, stateOf } = await import("./format");
  it("name every state in words and read a select's value back", () => {
    expect(STATE_LABELS.changes_requested).toBe("Changes requested");
    expect(stateOf("in_review")).toBe("in_review");
    expect(stateOf("")).toBeUndefined();
    expect(stateOf("nonsense")).toBeUndefined();
  });
});

describe("fieldLabel", () => {
  it("names a story's field as the window does, and leaves an unknown key as it is", () => {
    expect(fieldLabel("editorsNote")).toBe("Editor's note");
    expect(fieldLabel("headline")).toBe("Headline");
    expect(fieldLabel("somethingNew")).toBe("somethingNew");
  });
});

describe("languageName", () => {
  it("names a language as people say it, and keeps a tag nobody knows", () => {
    expect(languageName("sv")).toBe("Swedish");
    expect(languageName("en-GB")).toBe("British English");
    expect(languageName("not a tag!")).toBe("not a tag!");
    expect(languageName("")).toBe("Not set");
  });
});
