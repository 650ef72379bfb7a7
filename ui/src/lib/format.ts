// How times, counts and states are written on screen. Stored times are UTC; people see local
// time.
import type { WorkflowState } from "../bindings/WorkflowState";

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const hourMinute = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
const dayMonth = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const full = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** "14:03:22" in local time. */
export function clockTime(iso: string): string {
  return clock.format(new Date(iso));
}

/** "14:03" today, "24 Oct" on another day: for the article list. */
export function listTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  return at.toDateString() === now.toDateString() ? hourMinute.format(at) : dayMonth.format(at);
}

/** "24 Oct 2024, 14:03:22": for the history panel, where revisions can be seconds apart. */
export function fullTime(iso: string): string {
  return full.format(new Date(iso));
}

/** "1 MIN READ", as the site prints it. */
export function readingTimeLabel(minutes: number): string {
  return `${minutes} MIN READ`;
}

/** "1 word", "1,234 words". */
export function wordsLabel(words: number): string {
  return `${words.toLocaleString("en-GB")} ${words === 1 ? "word" : "words"}`;
}

/** The workflow states in the order a story passes them, with the words the desk shows. */
export const STATE_LABELS: Record<WorkflowState, string> = {
  draft: "Draft",
  submitted: "Submitted",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
  published: "Published",
  killed: "Killed",
  correction: "Correction",
};

/** The state `value` names, if it names one (from a select's value). */
export function stateOf(value: string): WorkflowState | undefined {
  return Object.keys(STATE_LABELS).find((state) => state === value) as WorkflowState | undefined;
}

/** An ISO time as a datetime-local input's value ("2026-11-26T07:00", local time). */
export function localInputValue(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** "26 Nov 07:00": an embargo in the list. */
export function embargoLabel(iso: string): string {
  const at = new Date(iso);
  return `${dayMonth.format(at)} ${hourMinute.format(at)}`;
}

/** What the window calls a story's field ("editorsNote" → "Editor's note"). */
export function fieldLabel(field: string): string {
  const labels: Record<string, string> = {
    headline: "Headline",
    standfirst: "Standfirst",
    byline: "Byline",
    editorsNote: "Editor's note",
    language: "Language",
  };
  return labels[field] ?? field;
}

/** The languages the story's language list offers first: the desk's own, then those agency
 * copy most often comes in. Any other BCP 47 tag a story carries is offered too. */
export const COMMON_LANGUAGES = ["sv", "en", "en-GB", "en-US", "nb", "da", "fi", "de", "fr", "es", "uk", "ru", "ar"];

const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** "Swedish" for "sv", "British English" for "en-GB"; a tag no one knows stays as it is. */
export function languageName(tag: string): string {
  if (!tag) return "Not set";
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
