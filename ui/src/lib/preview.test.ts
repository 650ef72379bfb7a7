import { describe, expect, it } from "vitest";
import { PAUSE_MS, SETTLE_MS, renderDelay } from "./preview";

describe("renderDelay", () => {
  it("shows the first page at once", () => {
    expect(renderDelay(0, false)).toBe(0);
  });

  it("shows an edit after a pause at once", () => {
    expect(renderDelay(PAUSE_MS, true)).toBe(0);
    expect(renderDelay(5_000, true)).toBe(0);
  });

  it("holds the edits of a burst of typing until it settles", () => {
    expect(renderDelay(90, true)).toBe(SETTLE_MS);
    expect(renderDelay(PAUSE_MS - 1, true)).toBe(SETTLE_MS);
  });
});
