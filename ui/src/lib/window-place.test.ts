import { describe, expect, it } from "vitest";
import { placeFor, storyIn } from "./window-place";

describe("the open story in the page's address", () => {
  it("names the story and reads it back, whatever its characters", () => {
    for (const id of ["0190f2a4-5b6c-7d8e-9f00-112233445566", "a b#c&d/é"]) {
      expect(storyIn(placeFor(id))).toBe(id);
    }
  });

  it("names nothing when no story is open, and reads nothing from other fragments", () => {
    expect(placeFor(null)).toBe("");
    expect(storyIn("")).toBeNull();
    expect(storyIn("#story=")).toBeNull();
    expect(storyIn("#other=1")).toBeNull();
    expect(storyIn("#story=%E0%A4%A")).toBeNull();
  });
});
