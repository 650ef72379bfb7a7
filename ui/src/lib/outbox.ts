// How the outbox reads to a journalist: state words, progress, and keeping the list current
// as the worker's events arrive.
import type { OutboxEntry, OutboxState, PostOnSite } from "./ipc";

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  waiting: "Waiting",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  conflict: "Edited on the site",
  cancelled: "Cancelled",
};

/** Progress of an attempt from 0 to 1: photo bytes weigh for all steps but the post. */
export function progressFraction(entry: OutboxEntry): number {
  if (entry.state === "sent") return 1;
  if (entry.stepsTotal === 0) return 0;
  const photoSteps = Math.max(0, entry.stepsTotal - 1);
  const photos = entry.bytesTotal > 0 ? (entry.bytesDone / entry.bytesTotal) * photoSteps : Math.min(entry.stepsDone, photoSteps);
  const post = entry.stepsDone >= entry.stepsTotal ? 1 : 0;
  return Math.min(1, (photos + post) / entry.stepsTotal);
}

/** "2 of 4 sent · 1.2 of 3.4 MB" for the progress bar's label. */
export function progressLabel(entry: OutboxEntry): string {
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  const bytes = entry.bytesTotal > 0 ? ` · ${mb(entry.bytesDone)} of ${mb(entry.bytesTotal)} MB` : "";
  return `${entry.stepsDone} of ${entry.stepsTotal} sent${bytes}`;
}

/** The list with `changed` put in its place (or first, when it is new). */
export function mergeEntry(list: OutboxEntry[], changed: OutboxEntry): OutboxEntry[] {
  const index = list.findIndex((e) => e.id === changed.id);
  if (index < 0) return [changed, ...list];
  const next = list.slice();
  next[index] = changed;
  return next;
}

/** "next try 14:05" for a waiting entry. */
export function nextTryLabel(entry: OutboxEntry, now = Date.now()): string {
  const at = new Date(entry.nextAttemptAt);
  if (at.getTime() <= now) return "trying now";
  return `next try ${at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" })}`;
}

/** What a site's post status is called on the desk. */
const POST_STATUS_LABELS: Record<string, string> = {
  publish: "published",
  future: "scheduled",
  pending: "pending review",
  draft: "draft",
  private: "private",
};

/** "news.example.com: published, post 42 (sent by Erik)" for a story's post on a site. */
export function postOnSiteLabel(post: PostOnSite): string {
  const site = post.site.replace(/^https?:\/\//, "");
  const status = POST_STATUS_LABELS[post.status] ?? (post.status || "sent");
  const by = post.sentBy ? ` (sent by ${post.sentBy})` : "";
  return `${site}: ${status}, post ${post.postId}${by}`;
}
