// The editor's code waits for the person to reach for the window (a pointer moved or pressed,
// a key pressed) before it is loaded, instead of a set time after start: a desk window left
// open and untouched (started with the session, a second window) does not hold the editor
// (13 MB of the page's memory here, docs/PERFORMANCE.md), and a person about to open a story
// has it by the time they click, as before.

/** What counts as reaching for the window. */
const REACHES = ["pointermove", "pointerdown", "keydown"] as const;

/**
 * Runs `run` once, at the first pointer movement or press or key on `target`, but not sooner
 * than `notBeforeMs` from now (the first moments are the person's first click). Returns what
 * stops waiting.
 */
export function onFirstReach(target: EventTarget, notBeforeMs: number, run: () => void): () => void {
  // The timer and the first reach each happen once (the listeners go with the first reach);
  // whichever comes second runs `run`.
  let reached = false;
  let waited = false;
  const listening = { capture: true, passive: true };
  const stopListening = () => REACHES.forEach((type) => target.removeEventListener(type, onReach, listening));
  function onReach() {
    reached = true;
    stopListening();
    if (waited) run();
  }
  const timer = setTimeout(() => {
    waited = true;
    if (reached) run();
  }, notBeforeMs);
  REACHES.forEach((type) => target.addEventListener(type, onReach, listening));
  return () => {
    clearTimeout(timer);
    stopListening();
  };
}
