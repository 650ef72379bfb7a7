// How a photo is written into the body: ![alt](photo:ID), the one form the renderer resolves.
import type { Photo } from "../bindings/Photo";

/** The Markdown that shows `photo` in the text, with its alt text (brackets and line breaks
 * would end the Markdown early, so they become spaces). */
export function photoMarkdown(photo: Pick<Photo, "id" | "metadata">): string {
  const alt = photo.metadata.altText.value.replace(/[[\]\r\n]/g, " ").trim();
  return `![${alt}](photo:${photo.id})`;
}
