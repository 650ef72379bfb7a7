import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { StoryBody } from "./story-body";

/** A story as the store sends it, and a second copy of it (someone else's window). */
function twoCopies(text: string) {
  const stored = new Y.Doc();
  stored.getText("body").insert(0, text);
  const document = Y.encodeStateAsUpdate(stored);
  return [new StoryBody(document), new StoryBody(document)] as const;
}

/** Sends what `from` holds and `to` lacks, as the store would. */
function sync(from: StoryBody, to: StoryBody) {
  to.receive(Y.encodeStateAsUpdate(from.doc, to.stateVector()));
}

describe("StoryBody", () => {
  it("keeps local typing to send, and never sends back what came from the store", () => {
    const [mine, theirs] = twoCopies("Seoul.");
    mine.text.insert(6, " Mine.");
    expect(mine.hasUnsent).toBe(true);
    theirs.text.insert(0, "Theirs. ");
    mine.takeUnsent();
    sync(theirs, mine);
    expect(mine.toString()).toBe("Theirs. Seoul. Mine.");
    expect(mine.hasUnsent).toBe(false);
  });

  it("finds a commented passage through others' edits around and inside it", () => {
    const [mine, theirs] = twoCopies("Seoul. Kim Jong-un was not seen. Malmö 👍 talks go on.");
    const from = mine.toString().indexOf("Kim");
    const anchor = mine.anchor(from, from + "Kim Jong-un was not seen.".length);
    expect(anchor).not.toBeNull();

    theirs.text.insert(0, "Breaking. ");
    const at = theirs.toString().indexOf("not seen") + "not seen".length;
    theirs.text.insert(at, " in public");
    theirs.text.insert(theirs.toString().indexOf("public.") + "public.".length, " More.");
    sync(theirs, mine);

    const found = anchor && mine.find(anchor);
    expect(found && mine.toString().slice(found.from, found.to)).toBe("Kim Jong-un was not seen in public.");

    const start = mine.toString().indexOf("Kim");
    mine.text.delete(start, "Kim Jong-un was not seen in public.".length);
    expect(anchor && mine.find(anchor)).toBeNull();
  });

  it("an anchor that is not one is not found, and does not throw", () => {
    const [mine] = twoCopies("Text.");
    expect(mine.find({ start: "not base64!", end: "AAAA" })).toBeNull();
  });
});
