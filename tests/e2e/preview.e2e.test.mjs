// The preview in the real window: the site's page beside the editor, following the text,
// sandboxed, at two widths, with pre-flight findings that jump to what must be fixed.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { Desk, Key } from "./harness.mjs";

const desk = new Desk({ port: 4466 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

async function frameHtml() {
  return (await desk.el("preview-frame")).getAttribute("srcdoc");
}

async function waitForFrame(predicate, message) {
  await desk.browser.waitUntil(async () => predicate(await frameHtml()), { timeout: 5000, timeoutMsg: message });
}

test("the preview follows typing, is sandboxed, and pre-flight jumps to the fix", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Ukraine: First North Korean soldiers in combat");
  await (await desk.el("byline")).addValue("TT");
  await desk.typeBody("Putin did not deny it, [AFP](https://afp.com/story) reports.\n## Significant escalation\n> \"A provocation\"");
  await (await desk.el("preview-toggle")).click();

  const frame = await desk.el("preview-frame");
  await frame.waitForDisplayed();
  assert.equal(await frame.getAttribute("sandbox"), "allow-popups", "no scripts, no same origin; links ask for a window");
  await waitForFrame((html) => html.includes("<h2>Significant escalation</h2>") && html.includes("<blockquote>"), "the page shows the body");
  const html = await frameHtml();
  assert.match(html, /<h1>Ukraine: First North Korean soldiers in combat<\/h1>/);
  assert.match(html, /<p class="byline">By TT<\/p>/);
  assert.match(html, /Not published yet/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);

  await desk.typeBody(" Around 3,000 soldiers.");
  await waitForFrame((h) => h.includes("Around 3,000 soldiers."), "the preview follows the text before it is saved");

  const items = async () => {
    const texts = [];
    for (const item of await desk.all("preflight-item")) texts.push(await item.getText());
    return texts;
  };
  await desk.browser.waitUntil(async () => (await items()).some((t) => t.includes("Choose the section")), { timeout: 5000 });
  for (const item of await desk.all("preflight-item")) {
    if ((await item.getText()).includes("Choose the section")) await item.click();
  }
  const focused = await desk.browser.execute(() => document.activeElement?.getAttribute("data-testid"));
  assert.equal(focused, "section-picker", "the finding jumps to the section picker");
  await desk.browser.keys(Key.Enter);
  await desk.browser.keys("world");
  await desk.browser.keys(Key.Enter);
  await desk.browser.waitUntil(async () => !(await items()).some((t) => t.includes("Choose the section")), {
    timeout: 5000,
    timeoutMsg: "choosing a section clears the blocker",
  });
  await waitForFrame((h) => h.includes('<p class="section">World</p>'), "the section label appears");
  await desk.screenshot("preview");

  // A link in the preview opens nothing by itself: the window asks first.
  await desk.browser.switchToFrame(frame);
  await (await desk.browser.$("a=AFP")).click();
  await desk.browser.switchToParentFrame();
  const confirm = await desk.el("link-confirm");
  await confirm.waitForDisplayed({ timeout: 5000 });
  assert.match(await confirm.getText(), /Open https:\/\/afp\.com\/story in your browser\?/);
  assert.equal(await desk.browser.getTitle(), "Newsroom", "the window did not navigate");
  await (await desk.el("link-cancel")).click();
  await confirm.waitForDisplayed({ reverse: true, timeout: 5000 });

  // The desk tightens its limits: the 46-character headline becomes a blocker.
  await (await desk.browser.$(".limits summary")).click();
  const warnAt = await desk.el("limit-headline-warn");
  await warnAt.setValue("20");
  const blockAt = await desk.el("limit-headline-block");
  await blockAt.setValue("40");
  await desk.browser.keys(Key.Tab);
  await desk.browser.waitUntil(async () => (await items()).some((t) => t.includes("The headline is 46 characters; shorten it to at most 40.")), {
    timeout: 5000,
    timeoutMsg: "the tighter limit applies",
  });
  assert.match(desk.cli(["articles", "list", "--json"]), /Ukraine/);

  await (await desk.el("preview-width")).selectByAttribute("value", "mobile");
  await desk.browser.waitUntil(async () => (await frame.getSize("width")) === 375, { timeout: 5000, timeoutMsg: "mobile width" });
});

test("scripts and dangerous links typed into the story never reach the page", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue('<img src=x onerror="alert(1)">');
  // (A line that starts with a tag is a raw HTML block and is dropped whole; text first.)
  await desk.typeBody('Text <script>alert(2)</script> [click](javascript:alert(3)) <a href="https://x" onclick="alert(4)">y</a>');
  await (await desk.el("preview-toggle")).click();
  await waitForFrame((h) => h.includes("click"), "the page is rendered");
  const html = await frameHtml();
  // Tags and attributes, not the same words shown as escaped text.
  for (const bad of ["<script", "<img", "javascript:", 'onclick="', 'onerror="']) {
    assert.ok(!html.includes(bad), `${bad} reached the preview`);
  }
  assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/, "the headline is shown as typed text");
  // Nothing ran: no alert is open, and the window is still the app.
  await assert.rejects(desk.browser.getAlertText(), /no such alert/i);
  assert.equal(await desk.browser.getTitle(), "Newsroom");
});
