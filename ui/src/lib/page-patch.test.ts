import { describe, expect, it } from "vitest";
import { changedSpan } from "./page-patch";

const eq = (a: string, b: string) => a === b;

describe("changedSpan", () => {
  it("finds the one paragraph typed into", () => {
    expect(changedSpan(["h1", "p1", "p2", "p3"], ["h1", "p1", "p2!", "p3"], eq)).toEqual({ start: 2, beforeEnd: 3, afterEnd: 3 });
  });

  it("finds a paragraph inserted or removed, whatever follows it", () => {
    expect(changedSpan(["a", "b", "c"], ["a", "new", "b", "c"], eq)).toEqual({ start: 1, beforeEnd: 1, afterEnd: 2 });
    expect(changedSpan(["a", "b", "c"], ["a", "c"], eq)).toEqual({ start: 1, beforeEnd: 2, afterEnd: 1 });
  });

  it("is empty for the same page, and whole for a different one", () => {
    expect(changedSpan(["a", "b"], ["a", "b"], eq)).toEqual({ start: 2, beforeEnd: 2, afterEnd: 2 });
    expect(changedSpan(["a", "b"], ["c", "d", "e"], eq)).toEqual({ start: 0, beforeEnd: 2, afterEnd: 3 });
  });

  it("never lets the prefix and the suffix overlap when a block repeats", () => {
    // "x x" → "x x x": one x was added; the span must not count the middle x twice.
    const span = changedSpan(["x", "x"], ["x", "x", "x"], eq);
    expect(span).toEqual({ start: 2, beforeEnd: 2, afterEnd: 3 });
    expect(span.beforeEnd - span.start).toBe(0);
  });
});
