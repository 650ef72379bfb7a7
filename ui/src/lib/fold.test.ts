import { describe, expect, it } from "vitest";
import { fold } from "./fold";

describe("fold", () => {
  it("ignores case, accents and extra spaces", () => {
    expect(fold("  Malmö  FF ")).toBe("malmo ff");
    expect(fold("ÅRE")).toBe("are");
  });
});
