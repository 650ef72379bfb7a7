import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { ArticleSession, type SaveStatus, type Saver } from "./autosave";
import type { ArticleFields, SaveReceipt } from "./ipc";
import { StoryBody } from "./story-body";

const article = {
  id: "a1",
  version: 1,
  updatedAt: "2026-11-25T14:00:00.000Z",
  headline: "",
  standfirst: "",
  byline: "",
  editorsNote: "",
  language: "en",
};

type Call =
  | { kind: "body"; change: Uint8Array; checkpoint: boolean }
  | { kind: "fields"; base: ArticleFields; fields: ArticleFields; checkpoint: boolean };

/**
 * The store's side, with a real yjs document of its own (as the Rust store keeps one): pushed
 * changes are applied to it, and others' edits can be made in it. Each save resolves or fails
 * when the test says so.
 */
function fakeDesk(text = "") {
  const stored = new Y.Doc();
  let storedFields: ArticleFields = { headline: "", standfirst: "", byline: "", editorsNote: "", language: "en" };
  stored.getText("body").insert(0, text);
  let version = 1;
  const calls: Call[] = [];
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const wait = (apply: () => void) =>
    new Promise<SaveReceipt>((resolve, reject) =>
      pending.push({
        resolve: () => {
          apply();
          version += 1;
          resolve({ version, updatedAt: `2026-11-25T14:0${version}:00.000Z`, wordCount: 0, readingMinutes: 1 });
        },
        reject,
      }),
    );
  const saver: Saver = {
    pushBody: (_id, change, checkpoint) => {
      calls.push({ kind: "body", change, checkpoint });
      return wait(() => Y.applyUpdate(stored, change));
    },
    saveFields: (_id, base, fields, checkpoint) => {
      calls.push({ kind: "fields", base, fields, checkpoint });
      return wait(() => {});
    },
    bodySince: async (_id, stateVector) => ({ version, missing: Y.encodeStateAsUpdate(stored, stateVector) }),
    storedFields: async () => ({ ...storedFields }),
  };
  return {
    calls,
    saver,
    /** A copy of the stored document, as the editor opens it. */
    open: () => new StoryBody(Y.encodeStateAsUpdate(stored)),
    /** Someone else writes into the stored document. */
    elsewhere: (edit: (text: Y.Text) => void) => {
      edit(stored.getText("body"));
      version += 1;
    },
    /** Someone else changes fields. */
    fieldsElsewhere: (fields: Partial<ArticleFields>) => {
      storedFields = { ...storedFields, ...fields };
      version += 1;
    },
    storedText: () => stored.getText("body").toString(),
    commit: () => pending.shift()?.resolve(),
    fail: (error: unknown) => pending.shift()?.reject(error),
  };
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
    const desk = fakeDesk();
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0, onStatus: (s) => statuses.push(s) });
    session.edit({ headline: "U" });
    session.edit({ headline: "Uk" });
    session.edit({ headline: "Ukraine" });
    await vi.advanceTimersByTimeAsync(399);
    expect(desk.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(desk.calls).toHaveLength(1);
    expect(desk.calls[0]).toMatchObject({ kind: "fields", fields: { headline: "Ukraine" }, base: { headline: "" } });
    expect(session.status.kind).toBe("saving");
    desk.commit();
    await vi.runOnlyPendingTimersAsync();
    expect(session.status).toEqual({ kind: "saved", at: "2026-11-25T14:02:00.000Z" });
    expect(session.version).toBe(2);
  });

  it("sends only what was typed since the last save, as one binary change", async () => {
    const desk = fakeDesk("Seoul. ");
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    body.text.insert(7, "Soldiers crossed.");
    body.text.insert(body.text.length, " More.");
    await vi.advanceTimersByTimeAsync(400);
    expect(desk.calls).toHaveLength(1);
    const first = desk.calls[0];
    expect(first?.kind).toBe("body");
    if (first?.kind === "body") {
      expect(first.change).toBeInstanceOf(Uint8Array);
      expect(first.change.length).toBeLessThan(80);
    }
    desk.commit();
    await settle();
    expect(desk.storedText()).toBe("Seoul. Soldiers crossed. More.");
    expect(session.unsaved).toBe(false);
  });

  it("others' edits made meanwhile merge into the editor; nothing is overwritten", async () => {
    const desk = fakeDesk("First paragraph.\n\nThird paragraph.");
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    // The editor fixes the first paragraph while someone else extends the third.
    desk.elsewhere((text) => text.insert(text.length, " Added elsewhere."));
    body.text.insert(0, "A fixed ");
    const saved = session.flush();
    await settle();
    desk.commit();
    expect(await saved).toBe(true);
    const merged = "A fixed First paragraph.\n\nThird paragraph. Added elsewhere.";
    expect(desk.storedText()).toBe(merged);
    // The version jumped by one more than this session saved: it caught up at once.
    expect(body.toString()).toBe(merged);
  });

  it("never runs two saves at once, and the second sends only the new typing", async () => {
    const desk = fakeDesk();
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    body.text.insert(0, "one");
    const first = session.flush();
    await settle();
    body.text.insert(3, " two");
    const second = session.flush();
    await settle();
    expect(desk.calls).toHaveLength(1);
    desk.commit();
    await first;
    await settle();
    expect(desk.calls).toHaveLength(2);
    desk.commit();
    expect(await second).toBe(true);
    expect(desk.storedText()).toBe("one two");
  });

  it("keeps the typing and retries when the disk is full, then says Saved", async () => {
    const desk = fakeDesk();
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    body.text.insert(0, "Important");
    const attempt = session.flush();
    await settle();
    desk.fail({ code: "unavailable", message: "The disk is full." });
    expect(await attempt).toBe(false);
    expect(session.status).toEqual({ kind: "failed", message: "The disk is full.", code: "unavailable" });
    expect(session.unsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(desk.calls).toHaveLength(2);
    desk.commit();
    await settle();
    expect(session.status.kind).toBe("saved");
    expect(desk.storedText()).toBe("Important");
  });

  it("does not retry a clash on the same field: the journalist decides", async () => {
    const desk = fakeDesk();
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0 });
    session.edit({ headline: "Mine" });
    const attempt = session.flush();
    await settle();
    desk.fail({ code: "conflict", message: "The headline was changed elsewhere" });
    await attempt;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(desk.calls).toHaveLength(1);
    expect(session.status).toMatchObject({ kind: "failed", code: "conflict" });
    // Leaving the field (a flush) does not send it again, nor hide the choice.
    expect(await session.flush()).toBe(false);
    expect(desk.calls).toHaveLength(1);
    expect(session.status).toMatchObject({ kind: "failed", code: "conflict" });
  });

  it("after a clash on a field, typing in the body is still saved", async () => {
    const desk = fakeDesk();
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    session.edit({ headline: "Mine" });
    const attempt = session.flush();
    await settle();
    desk.fail({ code: "conflict", message: "The headline was changed elsewhere" });
    await attempt;
    body.text.insert(0, "Still typing.");
    const saved = session.flush();
    await settle();
    expect(desk.calls.at(-1)).toMatchObject({ kind: "body" });
    desk.commit();
    expect(await saved).toBe(false);
    expect(desk.storedText()).toBe("Still typing.");
    expect(session.status).toMatchObject({ kind: "failed", code: "conflict" });
  });

  it("Ctrl+S saves even without edits, as a checkpoint", async () => {
    const desk = fakeDesk();
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0 });
    const done = session.flush(true);
    await settle();
    expect(desk.calls[0]).toMatchObject({ kind: "fields", checkpoint: true });
    desk.commit();
    expect(await done).toBe(true);
  });

  it("Ctrl+S right after typing is one call, one revision: the typing as a checkpoint", async () => {
    const desk = fakeDesk();
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    body.text.insert(0, "Then more.");
    const done = session.flush(true);
    await settle();
    expect(desk.calls).toEqual([expect.objectContaining({ kind: "body", checkpoint: true })]);
    desk.commit();
    expect(await done).toBe(true);
  });

  it("catches up with others' edits on its own while the story is open", async () => {
    const desk = fakeDesk("Text.");
    const body = desk.open();
    const edits = vi.fn();
    new ArticleSession(article, body, desk.saver, { catchUpMs: 3000, onEdit: edits });
    desk.elsewhere((text) => text.insert(0, "New: "));
    await vi.advanceTimersByTimeAsync(3000);
    expect(body.toString()).toBe("New: Text.");
    expect(edits).toHaveBeenCalled();
    expect(desk.calls).toHaveLength(0);
  });

  it("a field changed elsewhere shows in the editor, unless it was changed here too", async () => {
    const desk = fakeDesk();
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0 });
    const shown: ArticleFields[] = [];
    session.onFields((fields) => shown.push(fields));
    session.edit({ standfirst: "Mine" });
    desk.fieldsElsewhere({ headline: "Theirs", standfirst: "Theirs too" });
    await session.catchUp();
    expect(shown.at(-1)).toMatchObject({ headline: "Theirs", standfirst: "Mine" });
    // The standfirst kept its old base: the save reports the clash.
    await vi.advanceTimersByTimeAsync(400);
    expect(desk.calls.at(-1)).toMatchObject({ kind: "fields", base: { headline: "Theirs", standfirst: "" }, fields: { standfirst: "Mine" } });
  });

  it("what is typed but not yet stored is at hand for the preview, until the store has it", async () => {
    const desk = fakeDesk("Seoul.");
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    body.text.insert(6, " One.");
    const typed = body.unstored();
    expect(typed).not.toBeNull();
    const saving = session.flush();
    await settle();
    // In flight: still not stored.
    expect(body.unstored()).not.toBeNull();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(desk.open().doc));
    Y.applyUpdate(copy, body.unstored()!);
    expect(copy.getText("body").toString()).toBe("Seoul. One.");
    desk.commit();
    await saving;
    expect(body.unstored()).toBeNull();
  });

  it("the preview hears each edit as it is made, with the typing already at hand, until it stops listening", async () => {
    const desk = fakeDesk("Seoul.");
    const body = desk.open();
    const order: string[] = [];
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0, onEdit: () => order.push("owner") });
    const seen: (string | null)[] = [];
    const stop = session.onEdit(() => {
      order.push("preview");
      const typed = session.unstored();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(desk.open().doc));
      if (typed) Y.applyUpdate(copy, typed);
      seen.push(copy.getText("body").toString());
    });
    body.text.insert(6, " One.");
    // At once, in the edit's own call, before the owner's counter moves.
    expect(seen).toEqual(["Seoul. One."]);
    expect(order).toEqual(["preview", "owner"]);
    session.edit({ headline: "Seoul" });
    desk.elsewhere((text) => text.insert(0, "New: "));
    await session.catchUp();
    expect(seen).toHaveLength(3);
    stop();
    body.text.insert(0, "More ");
    expect(seen).toHaveLength(3);
    expect(order.at(-1)).toBe("owner");
  });

  it("a preview that fails on an edit does not cost the edit: it is still saved", async () => {
    const desk = fakeDesk("Seoul.");
    const body = desk.open();
    const session = new ArticleSession(article, body, desk.saver, { catchUpMs: 0 });
    const reported = vi.spyOn(console, "error").mockImplementation(() => {});
    session.onEdit(() => {
      throw new Error("the preview could not ask for its page");
    });
    body.text.insert(6, " One.");
    expect(reported).toHaveBeenCalledOnce();
    reported.mockRestore();
    await vi.advanceTimersByTimeAsync(400);
    expect(desk.calls.at(-1)).toMatchObject({ kind: "body" });
  });

  it("a flush with nothing unsaved resolves at once without calling Rust", async () => {
    const desk = fakeDesk();
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0 });
    expect(await session.flush()).toBe(true);
    expect(desk.calls).toHaveLength(0);
  });

  it("a save that ends after the session was closed does not report on the next article", async () => {
    const desk = fakeDesk();
    const reported: SaveStatus[] = [];
    const session = new ArticleSession(article, desk.open(), desk.saver, { catchUpMs: 0, onStatus: (s) => reported.push(s) });
    session.edit({ headline: "Leaving" });
    const inFlight = session.flush();
    await settle();
    session.dispose();
    const before = reported.length;
    desk.fail({ code: "conflict", message: "changed elsewhere" });
    await inFlight;
    expect(reported.length).toBe(before);
  });
});
