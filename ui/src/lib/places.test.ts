import { describe, expect, it } from "vitest";
import { nearest } from "./places";

describe("a finding's place, found again", () => {
  const text = "Kiev is calm. Troops left Kiev today. Kiev again.";
  it("is where it was while the text there is the same", () => {
    expect(nearest(text, { from: 26, text: "Kiev" })).toBe(26);
  });
  it("is the nearest occurrence once typing moved it", () => {
    expect(nearest(`More words. ${text}`, { from: 26, text: "Kiev" })).toBe(38);
    expect(nearest(text, { from: 3, text: "Kiev" })).toBe(0);
  });
  it("is nowhere when the text no longer holds it", () => {
    expect(nearest(text.replaceAll("Kiev", "Kyiv"), { from: 26, text: "Kiev" })).toBe(-1);
    expect(nearest(text, { from: 0, text: "" })).toBe(-1);
  });
});
