import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ArticleSession, type SaveStatus } from "./autosave";
import type { ArticleContent, SaveReceipt } from "./ipc";

const article = {
  id: "a1",
  version: 1,
  updatedAt: "2026-11-25T14:00:00.000Z",
  headline: "",
  standfirst: "",
  body: "",
  byline: "",
  editorsNote: "",
  language: "en",
};

interface Call {
  baseVersion: number;
  content: ArticleContent;
  checkpoint: boolean;
}

/** A stand-in for the Rust command that records calls; each call resolves when told to. */
function fakeBackend() {
  const calls: Call[] = [];
  const pending: { resolve: (r: SaveReceipt) => void; reject: (e: unknown) => void }[] = [];
  const save = (_id: string, baseVersion: number, content: ArticleContent, checkpoint: boolean) => {
    calls.push({ baseVersion, content, checkpoint });
    return new Promise<SaveReceipt>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const commit = (version: number, at = `2026-11-25T14:0${version}:00.000Z`) =>
    pending.shift()?.resolve({ version, updatedAt: at, wordCount: 0, readingMinutes: 1 });
  const fail = (error: unknown) => pending.shift()?.reject(error);
  return { calls, save, commit, fail };
}

/** Lets queued promise callbacks run (the session saves from a promise chain). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("ArticleSession", () => {
  let statuses: SaveStatus[];
  beforeEach(() => {
    vi.useFakeTimers();
    statuses = [];
  });
  afterEach(() => vi.useRealTimers());

  it("saves once, a moment after typing stops, and says Saved only after the commit", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save, { onStatus: (s) => statuses.push(s) });
    session.edit({ headline: "U" });
    session.edit({ headline: "Uk" });
    session.edit({ headline: "Ukraine" });
    await vi.advanceTimersByTimeAsync(399);
    expect(backend.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]?.content.headline).toBe("Ukraine");
    expect(session.status.kind).toBe("saving");
    backend.commit(2);
    await vi.runOnlyPendingTimersAsync();
    expect(session.status).toEqual({ kind: "saved", at: "2026-11-25T14:02:00.000Z" });
    expect(session.version).toBe(2);
  });

  it("never runs two saves at once and bases each on the version the last one returned", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    session.edit({ headline: "one" });
    const first = session.flush();
    await settle();
    session.edit({ headline: "two" });
    const second = session.flush();
    await settle();
    expect(backend.calls).toHaveLength(1);
    backend.commit(2);
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]).toMatchObject({ baseVersion: 2, content: { headline: "two" } });
    backend.commit(3);
    expect(await second).toBe(true);
  });

  it("keeps the text and retries when the disk is full, then says Saved", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    session.edit({ headline: "Important" });
    const attempt = session.flush();
    await settle();
    backend.fail({ code: "unavailable", message: "The disk is full." });
    expect(await attempt).toBe(false);
    expect(session.status).toEqual({ kind: "failed", message: "The disk is full.", code: "unavailable" });
    expect(session.unsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]?.content.headline).toBe("Important");
    backend.commit(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.status.kind).toBe("saved");
  });

  it("does not retry a conflict: the journalist decides", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    session.edit({ headline: "Mine" });
    const attempt = session.flush();
    await settle();
    backend.fail({ code: "conflict", message: "changed elsewhere" });
    await attempt;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.calls).toHaveLength(1);
    expect(session.status).toMatchObject({ kind: "failed", code: "conflict" });
  });

  it("Ctrl+S saves even without edits, as a checkpoint", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    const done = session.flush(true);
    await settle();
    expect(backend.calls[0]?.checkpoint).toBe(true);
    backend.commit(2);
    expect(await done).toBe(true);
  });

  it("reads the body from the editor only when saving", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    const source = vi.fn(() => "A long body");
    session.attachBody(source);
    session.bodyChanged();
    session.bodyChanged();
    expect(source).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400);
    expect(source).toHaveBeenCalledTimes(1);
    expect(backend.calls[0]?.content.body).toBe("A long body");
  });

  it("a flush with nothing unsaved resolves at once without calling Rust", async () => {
    const backend = fakeBackend();
    const session = new ArticleSession(article, backend.save);
    expect(await session.flush()).toBe(true);
    expect(backend.calls).toHaveLength(0);
  });

  it("a save that ends after the session was closed does not report on the next article", async () => {
    const backend = fakeBackend();
    const reported: SaveStatus[] = [];
    const session = new ArticleSession(article, backend.save, { onStatus: (s) => reported.push(s) });
    session.edit({ headline: "Leaving" });
    const inFlight = session.flush();
    await settle();
    session.dispose();
    const before = reported.length;
    backend.fail({ code: "conflict", message: "changed elsewhere" });
    await inFlight;
    expect(reported.length).toBe(before);
  });
});
