import { describe, expect, it } from "vitest";
import { openThreads } from "./comments";

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
