// A house-style rule as the editor's form holds it (each list a line an item) and as the desk
// takes it (the `Rule` of newsroom-style), and what a trial across the desk says in words.
import type { Rule } from "../bindings/Rule";
import type { RuleTrial } from "../bindings/RuleTrial";

export interface RuleForm {
  id: string;
  language: string;
  category: string;
  kind: "words" | "pattern";
  pattern: string;
  /** One word or phrase a line. */
  words: string;
  caseSensitive: boolean;
  replacement: string;
  explanation: string;
  /** One sentence a line. */
  matches: string;
  doesNotMatch: string;
}

export function emptyRuleForm(): RuleForm {
  return {
    id: "",
    language: "en",
    category: "",
    kind: "words",
    pattern: "",
    words: "",
    caseSensitive: false,
    replacement: "",
    explanation: "",
    matches: "",
    doesNotMatch: "",
  };
}

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export function formFromRule(rule: Rule): RuleForm {
  return {
    id: rule.id,
    language: rule.language,
    category: rule.category,
    kind: rule.pattern !== undefined ? "pattern" : "words",
    pattern: rule.pattern ?? "",
    words: (rule.words ?? []).join("\n"),
    caseSensitive: rule.caseSensitive ?? false,
    replacement: rule.replacement ?? "",
    explanation: rule.explanation,
    matches: rule.matches.join("\n"),
    doesNotMatch: rule.doesNotMatch.join("\n"),
  };
}

/** The rule the form describes: a pattern or words (never both), a replacement only when one
 * is written. The desk checks the rest and says what is wrong. */
export function ruleFromForm(form: RuleForm): Rule {
  const rule: Rule = {
    id: form.id.trim(),
    language: form.language.trim(),
    category: form.category.trim(),
    explanation: form.explanation.trim(),
    matches: lines(form.matches),
    doesNotMatch: lines(form.doesNotMatch),
  };
  if (form.kind === "pattern") rule.pattern = form.pattern;
  else {
    rule.words = lines(form.words);
    if (form.caseSensitive) rule.caseSensitive = true;
  }
  if (form.replacement.trim()) rule.replacement = form.replacement;
  return rule;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "Would flag 37 stories (52 places)", or that it flags none. */
export function trialSummary(trial: RuleTrial): string {
  if (trial.places === 0) return "Would flag nothing in the desk's stories.";
  return `Would flag ${plural(trial.stories, "story", "stories")} (${plural(trial.places, "place", "places")}).`;
}
