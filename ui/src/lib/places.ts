// A place found in a text a moment ago (a pre-flight finding's), found again after typing
// moved it: where the same words now are nearest to where they were.

/** Where `place.text` is in `text`: at `place.from` when still there, else its occurrence
 * nearest to it; -1 when the text no longer holds it. */
export function nearest(text: string, place: { from: number; text: string }): number {
  if (!place.text) return -1;
  if (text.startsWith(place.text, place.from)) return place.from;
  let best = -1;
  for (let at = text.indexOf(place.text); at >= 0; at = text.indexOf(place.text, at + 1)) {
    if (best < 0 || Math.abs(at - place.from) < Math.abs(best - place.from)) best = at;
    if (at > place.from) break;
  }
  return best;
}
