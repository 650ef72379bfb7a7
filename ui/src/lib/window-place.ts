// The open story, kept in the page's address (`#story=ID`). When the engine's process that
// draws the window ends on its own (a crash in WebKit, the system's memory limit), the app
// loads the page again (src-tauri lib.rs: web_process) and the window comes back to the story
// that was open, saying what happened.

const PREFIX = "#story=";

/** The address's fragment naming `id` as the open story, or none. */
export function placeFor(id: string | null): string {
  return id ? PREFIX + encodeURIComponent(id) : "";
}

/** The story an address's fragment names, or null. */
export function storyIn(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    return decodeURIComponent(hash.slice(PREFIX.length)) || null;
  } catch {
    return null;
  }
}

/** Keeps the open story in this page's address, without a history entry. */
export function keepPlace(id: string | null): void {
  const url = new URL(window.location.href);
  url.hash = placeFor(id);
  if (url.href !== window.location.href) history.replaceState(history.state, "", url);
}

/** The query the app adds when it loads the page again after its process ended (src-tauri
 * lib.rs: web_process). */
const RESTARTED = "restarted";

/** The story to go back to when the app loaded this page again after its process ended (""
 * when none was open); null on an ordinary start. The mark is taken out of the address. */
export function storyToReturnTo(): string | null {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(RESTARTED)) return null;
  url.searchParams.delete(RESTARTED);
  history.replaceState(history.state, "", url);
  return storyIn(url.hash) ?? "";
}

/** What the window says when it came back after its process ended, with the story that was
 * open (`withStory`) or without. */
export function restartedNotice(withStory: boolean): string {
  const said = "The window stopped unexpectedly and was opened again.";
  return withStory ? `${said} Your story was saved as you typed: check the last words you wrote.` : said;
}
