import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DeskAwareness } from "./desk-awareness";

describe("DeskAwareness", () => {
  const docWith = (text: string) => {
    const doc = new Y.Doc();
    doc.getText("body").insert(0, text);
    return doc;
  };

  it("says this person's caret as the editor sets it, and nothing when the text loses it", () => {
    const doc = docWith("Pyongyang sent troops.");
    const said: (number[] | null)[] = [];
    const awareness = new DeskAwareness(doc, (cursor) => said.push(cursor));
    const at = Y.createRelativePositionFromTypeIndex(doc.getText("body"), 9);
    awareness.setLocalStateField("cursor", { anchor: at, head: at });
    awareness.setLocalStateField("cursor", null);
    expect(said).toEqual([Array.from(Y.encodeRelativePosition(at)), null]);
  });

  it("shows another's caret where it follows the text, and takes it away when they go", () => {
    const doc = docWith("Pyongyang sent troops.");
    const theirs = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(doc.getText("body"), 15));
    const awareness = new DeskAwareness(doc, () => {});
    const changes: string[] = [];
    awareness.on("change", (change) => changes.push(JSON.stringify([change.added.length, change.updated.length, change.removed.length])));
    awareness.showOthers([{ name: "Ana", cursor: Array.from(theirs) }]);
    doc.getText("body").insert(0, "Officials: ");
    const [, state] = [...awareness.getStates()].find(([client]) => client !== doc.clientID)!;
    expect(state.user?.name).toBe("Ana");
    const now = Y.createAbsolutePositionFromRelativePosition(state.cursor!.head, doc);
    expect(now?.index).toBe(15 + "Officials: ".length);
    awareness.showOthers([{ name: "Ana", cursor: [255, 255, 255] }]);
    awareness.showOthers([]);
    expect([...awareness.getStates().keys()]).toEqual([doc.clientID]);
    expect(changes[0]).toBe("[1,0,0]");
    expect(changes.at(-1)).toBe("[0,0,1]");
  });
});
