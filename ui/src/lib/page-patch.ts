// The preview's page, changed in place. Loading a new document for every edit made the frame
// parse, style and lay out a 10,000-word page whole, and paint it from the top, tens of
// milliseconds per key; a paragraph typed into changes one paragraph of the page. So the frame
// is same-origin (it still runs nothing: its sandbox has no allow-scripts, its page's CSP is
// `default-src 'none'`, and its content comes sanitised from Rust), and the pane puts the new
// page's changed nodes into the document that is already there.
//
// The new page is parsed with DOMParser into a document that has no window: nothing in it
// loads or runs. Its nodes are moved into the frame's document, whose sandbox and CSP then
// apply to them.

/** The part of two lists that differs: `before[start..beforeEnd]` became
 * `after[start..afterEnd]`; what lies before `start` and after the ends is pairwise `same`. */
export interface ChangedSpan {
  start: number;
  beforeEnd: number;
  afterEnd: number;
}

/** The common prefix and suffix of `before` and `after` under `same`, and what lies between. */
export function changedSpan<T>(before: readonly T[], after: readonly T[], same: (a: T, b: T) => boolean): ChangedSpan {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && same(before[start]!, after[start]!)) start++;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (beforeEnd > start && afterEnd > start && same(before[beforeEnd - 1]!, after[afterEnd - 1]!)) {
    beforeEnd--;
    afterEnd--;
  }
  return { start, beforeEnd, afterEnd };
}

/** The preview's line anchors (`<span id="line-N"></span>` before each block of the body): a
 * line typed above one renames every anchor after it, and nothing else about them changes. */
function isLineAnchor(node: Node): node is HTMLSpanElement {
  return node.nodeName === "SPAN" && (node as Element).id.startsWith("line-") && !node.hasChildNodes();
}

/** Whether `a` stands for `b` as it is (a line anchor stands for any other one). */
function same(a: Node, b: Node): boolean {
  return a.isEqualNode(b) || (isLineAnchor(a) && isLineAnchor(b));
}

/** Whether `node` is an element. Not `instanceof Element`: the frame's nodes are of the
 * frame's window, whose Element is not this window's. */
function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

/** Whether `a` can become `b` by changing what is inside it: the same element, same attributes. */
function sameShell(a: Node, b: Node): a is Element {
  if (!isElement(a) || !isElement(b) || a.tagName !== b.tagName) return false;
  if (a.attributes.length !== b.attributes.length) return false;
  for (const attribute of a.attributes) {
    if (b.getAttribute(attribute.name) !== attribute.value) return false;
  }
  return true;
}

/** Makes the children of `shown` (in the frame) those of `wanted` (in the parsed page),
 * replacing only what differs; returns how many nodes were put in. */
function patchChildren(shown: Node, wanted: Node): number {
  const before = [...shown.childNodes];
  const after = [...wanted.childNodes];
  const { start, beforeEnd, afterEnd } = changedSpan(before, after, same);
  // The nodes kept, each with its counterpart: anchors among them take their new names.
  const kept = [...before.slice(0, start).entries(), ...before.slice(beforeEnd).map((node, i) => [afterEnd + i, node] as const)];
  for (const [j, node] of kept) {
    const counterpart = after[j];
    if (isLineAnchor(node) && counterpart && isElement(counterpart) && node.id !== counterpart.id) node.id = counterpart.id;
  }
  const removed = before.slice(start, beforeEnd);
  const added = after.slice(start, afterEnd);
  if (removed.length === 1 && added.length === 1 && sameShell(removed[0]!, added[0]!)) {
    return patchChildren(removed[0]!, added[0]!);
  }
  const next = before[beforeEnd] ?? null;
  for (const node of removed) shown.removeChild(node);
  const document = shown.ownerDocument ?? (shown as Document);
  for (const node of added) shown.insertBefore(document.adoptNode(node), next);
  return added.length;
}

/** What in a page's head decides how its body may load and look: a page whose head differs
 * in these is loaded anew (a CSP put in place cannot be loosened, only added to). */
function headKey(page: Document): string {
  const policies = [...page.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.getAttribute("content"));
  const styles = [...page.querySelectorAll("style")].map((s) => s.textContent);
  return JSON.stringify([page.documentElement.lang, policies, styles]);
}

/**
 * Makes the page shown in `frame` (a same-origin document, loaded from an earlier page of the
 * same kind) the page `html`, changing only the nodes that differ. Returns false, changing
 * nothing, when the page must be loaded anew instead (its head differs: the language, the
 * policy, the style).
 */
export function patchPage(frame: Document, html: string): boolean {
  const page = new DOMParser().parseFromString(html, "text/html");
  if (headKey(page) !== headKey(frame)) return false;
  if (frame.title !== page.title) frame.title = page.title;
  patchChildren(frame.body, page.body);
  return true;
}
