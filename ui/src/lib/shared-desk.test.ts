import { describe, expect, it } from "vitest";
import type { SharedDeskStatus } from "../bindings/SharedDeskStatus";
import { atTheDesk, deskNeedsAttention, deskStatusLine, othersCursors, othersEditing, sentAgainMessage } from "./shared-desk";

const joined: SharedDeskStatus = {
  joined: true,
  address: "postgres://desk.example/newsroom",
  login: "newsroom_ana",
  online: true,
  waiting: 0,
  refused: [],
  lastSyncAt: null,
  problem: "",
  present: [],
};

describe("the shared desk's line in the bar", () => {
  it("says nothing on a laptop that joined no desk", () => {
    expect(deskStatusLine(null)).toBeNull();
    expect(deskStatusLine({ ...joined, joined: false })).toBeNull();
  });

  it("says when it last synced, in local time", () => {
    const at = new Date(2026, 10, 30, 14, 3).toISOString();
    expect(deskStatusLine({ ...joined, lastSyncAt: at })).toBe("Synced 14:03");
  });

  it("counts what waits while offline", () => {
    expect(deskStatusLine({ ...joined, online: false, waiting: 12 })).toBe("Offline: 12 changes waiting");
    expect(deskStatusLine({ ...joined, online: false, waiting: 1 })).toBe("Offline: 1 change waiting");
    expect(deskStatusLine({ ...joined, online: false })).toBe("Offline");
    expect(deskNeedsAttention({ ...joined, online: false })).toBe(true);
  });

  it("draws the eye to a refusal, not to a quiet desk", () => {
    expect(deskNeedsAttention(joined)).toBe(false);
    expect(deskNeedsAttention({ ...joined, refused: [{ storyId: "0190f2a4-0000-7000-8000-000000000000", headline: "Ceasefire holds", why: "Only an editor can approve a story." }] })).toBe(true);
  });
});

describe("who is at the desk", () => {
  const present = [
    { name: "Ana", storyId: "s1", isMe: false, cursor: [1, 2, 3] },
    { name: "Bo", storyId: "s1", isMe: false, cursor: null },
    { name: "Erik", storyId: "s1", isMe: true, cursor: [4, 5] },
    { name: "Kim", storyId: null, isMe: false, cursor: null },
  ];
  it("names the others in the same story, never me", () => {
    expect(othersEditing({ ...joined, present }, "s1")).toBe("Ana and Bo are editing");
    expect(othersEditing({ ...joined, present: present.slice(1) }, "s1")).toBe("Bo is editing");
    expect(othersEditing({ ...joined, present }, "s2")).toBeNull();
    expect(othersEditing({ ...joined, present }, null)).toBeNull();
  });
  it("draws only the others' carets in the same story", () => {
    expect(othersCursors({ ...joined, present }, "s1")).toEqual([{ name: "Ana", cursor: [1, 2, 3] }]);
    expect(othersCursors({ ...joined, present }, "s2")).toEqual([]);
  });
  it("lists everyone at the desk, me as you", () => {
    expect(atTheDesk({ ...joined, present })).toBe("Ana, Bo, you and Kim");
    expect(atTheDesk(joined)).toBeNull();
  });
});

describe("sentAgainMessage", () => {
  it("says what goes again and which moves left the list", () => {
    expect(sentAgainMessage({ changes: 1, movesCleared: 0 })).toBe(
      "One change goes to the desk again now; what it still refuses comes back with the reason.",
    );
    expect(sentAgainMessage({ changes: 2, movesCleared: 1 })).toBe(
      "2 changes go to the desk again now; what it still refuses comes back with the reason. " +
        "The refused move is off the list: the story shows the desk's state; move it again if it should move.",
    );
    expect(sentAgainMessage({ changes: 0, movesCleared: 3 })).toMatch(/^3 refused moves are off the list/);
    expect(sentAgainMessage({ changes: 0, movesCleared: 0 })).toBe("Nothing to send again.");
  });
});
