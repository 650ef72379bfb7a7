import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "./ipc";
import { mergeEntry, postOnSiteLabel, progressFraction, progressLabel } from "./outbox";

const entry = (over: Partial<OutboxEntry>): OutboxEntry => ({
  id: "e1",
  articleId: "a1",
  headline: "Story",
  targetId: "t1",
  targetName: "Site",
  revisionId: "r1",
  requestedStatus: "pending",
  state: "sending",
  attempts: 1,
  nextAttemptAt: "2026-11-25T10:00:00Z",
  lastError: "",
  stepsDone: 0,
  stepsTotal: 4,
  bytesDone: 0,
  bytesTotal: 3_000_000,
  conflict: null,
  overwriteRemoteModified: null,
  queuedBy: "Erik",
  queuedById: "p1",
  createdAt: "2026-11-25T10:00:00Z",
  link: "",
  ...over,
});

describe("outbox progress", () => {
  it("moves with the photo bytes and ends with the post", () => {
    expect(progressFraction(entry({}))).toBe(0);
    expect(progressFraction(entry({ bytesDone: 1_500_000 }))).toBeCloseTo(0.375);
    expect(progressFraction(entry({ stepsDone: 3, bytesDone: 3_000_000 }))).toBeCloseTo(0.75);
    expect(progressFraction(entry({ stepsDone: 4, bytesDone: 3_000_000 }))).toBe(1);
    expect(progressFraction(entry({ state: "sent" }))).toBe(1);
  });

  it("counts steps when there are no photos", () => {
    expect(progressFraction(entry({ stepsTotal: 1, bytesTotal: 0 }))).toBe(0);
    expect(progressFraction(entry({ stepsTotal: 1, stepsDone: 1, bytesTotal: 0 }))).toBe(1);
  });

  it("labels steps and megabytes", () => {
    expect(progressLabel(entry({ stepsDone: 2, bytesDone: 1_258_291 }))).toBe("2 of 4 sent · 1.2 of 2.9 MB");
  });

  it("puts a changed entry in its place, a new one first", () => {
    const list = [entry({ id: "a" }), entry({ id: "b" })];
    expect(mergeEntry(list, entry({ id: "b", state: "sent" }))[1]?.state).toBe("sent");
    expect(mergeEntry(list, entry({ id: "c" })).map((e) => e.id)).toEqual(["c", "a", "b"]);
  });
});

describe("postOnSiteLabel", () => {
  it("names the site without its scheme, the post's state and who sent it", () => {
    const post = { site: "https://news.example.com", postId: 42, link: "https://news.example.com/?p=42", status: "publish", sentBy: "Erik", sentAt: null };
    expect(postOnSiteLabel(post)).toBe("news.example.com: published, post 42 (sent by Erik)");
    expect(postOnSiteLabel({ ...post, status: "future", sentBy: "" })).toBe("news.example.com: scheduled, post 42");
  });
});
