import { describe, expect, it } from "vitest";
import { outcomeMessage, sideBySide } from "./wire";

describe("wire copy", () => {
  it("pairs the original's paragraphs with the new text's", () => {
    expect(sideBySide("One.\n\nTwo.\n\nThree.", "Ett.\n\n\nTvå.")).toEqual([
      { original: "One.", draft: "Ett." },
      { original: "Two.", draft: "Två." },
      { original: "Three.", draft: "" },
    ]);
  });

  it("says what an import did, file by file", () => {
    expect(outcomeMessage({ kind: "refused", file: "/in/bad.json", reason: "is damaged: EOF" })).toBe(
      "bad.json was not imported: it is damaged: EOF.",
    );
    expect(
      outcomeMessage({ kind: "created", file: "tt.json", articleId: "a", headline: "H", agency: "TT", picturesLeftOut: [], picturesWaiting: [] }),
    ).toBe("tt.json: new draft “H” from TT.");
    expect(
      outcomeMessage({
        kind: "created",
        file: "tt.json",
        articleId: "a",
        headline: "H",
        agency: "TT",
        picturesLeftOut: ["Picture x.jpg was not fetched (404)."],
        picturesWaiting: ["Picture y.jpg could not be fetched now (offline); it waits."],
      }),
    ).toBe("tt.json: new draft “H” from TT. Picture x.jpg was not fetched (404). Picture y.jpg could not be fetched now (offline); it waits.");
  });
});
