// The shared desk as the window shows it: one line in the sidebar's head, in words a
// journalist reads at a glance ("Synced 14:03", "Offline: 12 changes waiting").
import type { SentAgain } from "../bindings/SentAgain";
import type { SharedDeskStatus } from "../bindings/SharedDeskStatus";
import type { RemoteCursor } from "./desk-awareness";

function changes(n: number): string {
  return `${n} change${n === 1 ? "" : "s"} waiting`;
}

function clock(at: string): string {
  const time = new Date(at);
  return `${String(time.getHours()).padStart(2, "0")}:${String(time.getMinutes()).padStart(2, "0")}`;
}

/** The bar's line; null when this laptop is on no shared desk. */
export function deskStatusLine(status: SharedDeskStatus | null): string | null {
  if (!status?.joined) return null;
  if (!status.online) return status.waiting > 0 ? `Offline: ${changes(status.waiting)}` : "Offline";
  if (status.waiting > 0) return `Sending: ${changes(status.waiting)}`;
  return status.lastSyncAt ? `Synced ${clock(status.lastSyncAt)}` : "Online";
}

/** Whether the line should draw the eye: offline, refused changes, or a problem to fix. */
export function deskNeedsAttention(status: SharedDeskStatus | null): boolean {
  return !!status?.joined && (!status.online || status.refused.length > 0 || status.problem !== "");
}

/** "Anna is editing", "Anna and Bo are editing": the others at the desk with `storyId` open. */
export function othersEditing(status: SharedDeskStatus | null, storyId: string | null): string | null {
  if (!status?.joined || !storyId) return null;
  const names = status.present.filter((p) => !p.isMe && p.storyId === storyId).map((p) => p.name);
  const last = names.pop();
  if (last === undefined) return null;
  return names.length === 0 ? `${last} is editing` : `${names.join(", ")} and ${last} are editing`;
}

/** The others in story `storyId` whose caret the desk knows, for the editor to draw. */
export function othersCursors(status: SharedDeskStatus | null, storyId: string | null): RemoteCursor[] {
  if (!status?.joined || !storyId) return [];
  return status.present.flatMap((p) => (!p.isMe && p.storyId === storyId && p.cursor ? [{ name: p.name, cursor: p.cursor }] : []));
}

/** "Anna, Bo and you": who is at the desk now. */
export function atTheDesk(status: SharedDeskStatus | null): string | null {
  if (!status?.joined || status.present.length === 0) return null;
  const names = status.present.map((p) => (p.isMe ? "you" : p.name));
  const last = names.pop() ?? "";
  return names.length === 0 ? last : `${names.join(", ")} and ${last}`;
}

/** What the Shared desk page says after Send again. */
export function sentAgainMessage({ changes, movesCleared }: SentAgain): string {
  const said: string[] = [];
  if (changes > 0) {
    said.push(`${changes === 1 ? "One change goes" : `${changes} changes go`} to the desk again now; what it still refuses comes back with the reason.`);
  }
  if (movesCleared > 0) {
    said.push(
      `${movesCleared === 1 ? "The refused move is" : `${movesCleared} refused moves are`} off the list: the story shows the desk's state; move it again if it should move.`,
    );
  }
  return said.length > 0 ? said.join(" ") : "Nothing to send again.";
}
