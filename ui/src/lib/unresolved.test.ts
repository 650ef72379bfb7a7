import { describe, expect, it } from "vitest";
import type { TextFinding } from "../bindings/TextFinding";
import { unresolvedSummary } from "./unresolved";

const at = (text: string, word: string, kind: TextFinding["kind"]): TextFinding => {
  const from = text.indexOf(word);
  return { from, to: from + word.length, kind, flaggedBy: kind === "spelling" ? "Spelling" : "kyiv", message: "", suggestions: [] };
};

describe("what is still flagged, for the editor approving", () => {
  it("is nothing when nothing is flagged", () => {
    expect(unresolvedSummary({ headline: [], standfirst: [], body: [] }, () => "")).toBe("");
  });

  it("counts each kind across the fields and names the words", () => {
    const headline = "Troops leave Kiev";
    const body = "Dakhlalah said Kiev again. Kiev.";
    const flagged = {
      headline: [at(headline, "Kiev", "style")],
      standfirst: [],
      body: [at(body, "Dakhlalah", "spelling"), at(body, "Kiev", "style")],
    };
    const text = (field: "headline" | "standfirst" | "body", f: TextFinding) => (field === "headline" ? headline : body).slice(f.from, f.to);
    expect(unresolvedSummary(flagged, text)).toBe("Still flagged: 2 house style (“Kiev”) and 1 spelling (“Dakhlalah”). Approving keeps them as they are.");
  });
});
