// Wire copy in the window: what an import did in words,
// and the original beside the new text, paragraph by paragraph.
import type { ImportOutcome } from "./ipc";

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** One line for an import's outcome, as the notice shows it. */
export function outcomeMessage(outcome: ImportOutcome): string {
  const file = fileName(outcome.file);
  switch (outcome.kind) {
    case "created":
    {
      const pictures = [...outcome.picturesLeftOut, ...outcome.picturesWaiting];
      return `${file}: new draft “${outcome.headline}” from ${outcome.agency}.${pictures.length ? " " + pictures.join(" ") : ""}`;
    }
    case "updated":
      return `${file}: version ${outcome.version} of “${outcome.headline}” arrived (was ${outcome.previousVersion}); your text is unchanged. Compare it with the new original.`;
    case "alreadyImported":
      return `${file}: version ${outcome.version} is on the desk already.`;
    case "refused":
      return `${file} was not imported: it ${outcome.reason}.`;
  }
}

/** The paragraphs of a Markdown text (blank lines apart). */
export function paragraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Rows of the side-by-side view: the original's paragraph and the new text's, by position. */
export function sideBySide(original: string, draft: string): { original: string; draft: string }[] {
  const left = paragraphs(original);
  const right = paragraphs(draft);
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => ({
    original: left[i] ?? "",
    draft: right[i] ?? "",
  }));
}
