import { describe, expect, it } from "vitest";
import { photoMarkdown } from "./photos";

const photo = (alt: string) => ({
  id: "0193aaaa-0000-7000-8000-000000000001",
  metadata: { altText: { value: alt, source: null, inFile: [] } } as never,
});

describe("photoMarkdown", () => {
  it("names the photo by id with its alt text", () => {
    expect(photoMarkdown(photo("Two men shaking hands"))).toBe(
      "![Two men shaking hands](photo:0193aaaa-0000-7000-8000-000000000001)",
    );
  });
  it("keeps brackets and line breaks from ending the Markdown early", () => {
    expect(photoMarkdown(photo("A [quoted]\nsign"))).toBe("![A  quoted  sign](photo:0193aaaa-0000-7000-8000-000000000001)");
  });
});
