// What the spelling and house-style checks still flag in a story, in one sentence for the
// editor about to approve it: approving is the editor's call, so it is said, not blocked.
import type { TextFinding } from "../bindings/TextFinding";

/** The most flagged words named in the sentence; past that, a count. */
const NAMED = 4;

export interface Flagged {
  headline: TextFinding[];
  standfirst: TextFinding[];
  body: TextFinding[];
}

/** "Still flagged: 2 house style (“Kiev”, “okay”) and 1 spelling (“Dakhlalah”)…", or "" when
 * nothing is. `text` gives each field's text, to name the words. */
export function unresolvedSummary(flagged: Flagged, text: (field: keyof Flagged, finding: TextFinding) => string): string {
  const parts: string[] = [];
  for (const kind of ["style", "spelling"] as const) {
    const words = (Object.keys(flagged) as (keyof Flagged)[]).flatMap((field) =>
      flagged[field].filter((finding) => finding.kind === kind).map((finding) => text(field, finding)),
    );
    if (words.length === 0) continue;
    const named = [...new Set(words)].slice(0, NAMED).map((word) => `“${word}”`);
    const more = new Set(words).size > NAMED ? ", …" : "";
    parts.push(`${words.length} ${kind === "style" ? "house style" : "spelling"} (${named.join(", ")}${more})`);
  }
  if (parts.length === 0) return "";
  return `Still flagged: ${parts.join(" and ")}. Approving keeps them as they are.`;
}
