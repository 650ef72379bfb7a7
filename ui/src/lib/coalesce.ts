// Runs a refresh at once when asked, and, while one runs or soon after, at most once more at
// the end: a burst of asks (the shared desk's rounds, several a second while others type)
// costs two refreshes, not one per ask, and the last ask is always answered.

/** `run`, coalesced: at once, then at most once per `gapMs` while asks keep coming. */
export function coalesced(run: () => Promise<void>, gapMs: number): () => void {
  let busy = false;
  let again = false;
  const go = async () => {
    busy = true;
    try {
      await run();
    } finally {
      setTimeout(() => {
        busy = false;
        if (again) {
          again = false;
          void go();
        }
      }, gapMs);
    }
  };
  return () => {
    if (busy) again = true;
    else void go();
  };
}
