import { describe, expect, it } from "vitest";
import { can, canEdit, canMove, NO_PERMISSIONS } from "./permissions";
import type { Permissions } from "../bindings/Permissions";

// As the desk sends them for a reporter under "only editors edit approved stories".
const reporter: Permissions = {
  acts: ["hold_back", "trash_draft", "restore"],
  moves: [
    { from: "draft", action: "submit" },
    { from: "changes_requested", action: "submit" },
    { from: "correction", action: "submit" },
  ],
  editable: ["draft", "submitted", "in_review", "changes_requested", "correction"],
};

describe("permissions", () => {
  it("answers from what the desk sent, not from the role", () => {
    expect(can(reporter, "hold_back")).toBe(true);
    expect(can(reporter, "push")).toBe(false);
    expect(canMove(reporter, "draft", "submit")).toBe(true);
    expect(canMove(reporter, "submitted", "approve")).toBe(false);
    expect(canEdit(reporter, "approved")).toBe(false);
    expect(canEdit(reporter, "draft")).toBe(true);
  });

  it("offers nothing before the desk answers", () => {
    expect(can(NO_PERMISSIONS, "restore")).toBe(false);
    expect(canMove(NO_PERMISSIONS, "draft", "submit")).toBe(false);
  });
});
