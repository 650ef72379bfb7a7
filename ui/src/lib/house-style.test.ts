import { describe, expect, it } from "vitest";
import { emptyRuleForm, formFromRule, ruleFromForm, trialSummary } from "./house-style";

describe("a rule in the editor's form", () => {
  it("becomes words or a pattern, never both, with lists a line an item", () => {
    const form = { ...emptyRuleForm(), id: " bombay ", category: "Names", words: "Bombay\n\n  BOMBAY ", replacement: "Mumbai", explanation: "Mumbai since 1995.", matches: "In Bombay.\n", doesNotMatch: "In Mumbai." };
    expect(ruleFromForm(form)).toEqual({
      id: "bombay",
      language: "en",
      category: "Names",
      explanation: "Mumbai since 1995.",
      matches: ["In Bombay."],
      doesNotMatch: ["In Mumbai."],
      words: ["Bombay", "BOMBAY"],
      replacement: "Mumbai",
    });
    const pattern = ruleFromForm({ ...form, kind: "pattern", pattern: "\\bBombay\\b", replacement: " " });
    expect(pattern.pattern).toBe("\\bBombay\\b");
    expect(pattern.words).toBeUndefined();
    expect(pattern.replacement).toBeUndefined();
  });

  it("comes back from a stored rule as it was", () => {
    const rule = { id: "kyiv", language: "en", category: "Names", pattern: "\\bKiev\\b", replacement: "Kyiv", explanation: "Kyiv.", matches: ["Kiev."], doesNotMatch: ["Kyiv."] };
    expect(ruleFromForm(formFromRule(rule))).toEqual(rule);
  });
});

describe("a trial in words", () => {
  it("counts stories and places", () => {
    expect(trialSummary({ rule: "x", stories: 37, places: 52, examples: [] })).toBe("Would flag 37 stories (52 places).");
    expect(trialSummary({ rule: "x", stories: 1, places: 1, examples: [] })).toBe("Would flag 1 story (1 place).");
    expect(trialSummary({ rule: "x", stories: 0, places: 0, examples: [] })).toBe("Would flag nothing in the desk's stories.");
  });
});
