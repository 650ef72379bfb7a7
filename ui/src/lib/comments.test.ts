import { describe, expect, it } from "vitest";
import { openThreads, openThreadStarts } from "./comments";

describe("openThreads", () => {
  it("counts unresolved threads, not their replies", () => {
    expect(
      openThreads([
        { parentId: null, resolvedAt: null },
        { parentId: "a", resolvedAt: null },
        { parentId: null, resolvedAt: "2026-11-25T10:00:00Z" },
      ]),
    ).toBe(1);
  });
});

describe("openThreadStarts", () => {
  it("lists each open thread's first comment, oldest first, without replies or resolved threads", () => {
    const started = openThreadStarts([
      { parentId: null, resolvedAt: null, createdAt: "2026-11-25T10:05:00Z" },
      { parentId: "a", resolvedAt: null, createdAt: "2026-11-25T10:00:00Z" },
      { parentId: null, resolvedAt: "2026-11-25T11:00:00Z", createdAt: "2026-11-25T09:00:00Z" },
      { parentId: null, resolvedAt: null, createdAt: "2026-11-25T10:01:00Z" },
    ]);
    expect(started.map((c) => c.createdAt)).toEqual(["2026-11-25T10:01:00Z", "2026-11-25T10:05:00Z"]);
  });
});
