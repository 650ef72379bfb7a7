// The preview in the real window: the site's page beside the editor, following the text,
// sandboxed, at two widths, with pre-flight findings that jump to what must be fixed.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk, EDITOR, Key } from "./harness.mjs";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/photos");

const desk = new Desk({ port: 4466 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

async function frameHtml() {
  return desk.previewHtml();
}

/** A listener on loopback that notes every request made to it: `origin` is its address. */
async function requestCounter() {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    res.end("");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, requests, server };
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

  let frame = await desk.el("preview-frame");
  await frame.waitForDisplayed();
  assert.equal(await frame.getAttribute("sandbox"), "allow-same-origin allow-popups", "no scripts, no forms, no navigation; links ask for a window");
  await waitForFrame((html) => html.includes("<h2>Significant escalation</h2>") && html.includes("<blockquote>"), "the page shows the body");
  const html = await frameHtml();
  assert.match(html, /<h1>Ukraine: First North Korean soldiers in combat<\/h1>/);
  assert.match(html, /<p class="byline">By TT<\/p>/);
  assert.match(html, /Not published yet/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/);

  await desk.typeBody(" Around 3,000 soldiers.");
  await waitForFrame((h) => h.includes("Around 3,000 soldiers."), "the preview follows the text before it is saved");

  // Read in one go: the list is rebuilt on every render, so element handles can go stale.
  const items = () =>
    desk.browser.execute(() => [...document.querySelectorAll('[data-testid="preflight-item"]')].map((item) => item.textContent));
  await desk.browser.waitUntil(async () => (await items()).some((t) => t.includes("Choose the section")), { timeout: 5000 });
  await desk.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="preflight-item"]')].find((item) => item.textContent.includes("Choose the section")).click(),
  );
  // The section is among the story's details: their panel opens in the preview's place.
  await (await desk.el("details-panel")).waitForDisplayed({ timeout: 5000 });
  // The picker appears once the panel has read the story's filing; the cursor goes to it then.
  await desk.browser.waitUntil(async () => (await desk.browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "section-picker", {
    timeout: 5000,
    timeoutMsg: "the finding jumps to the section picker",
  });
  await desk.browser.keys(Key.Enter);
  await desk.browser.keys("world");
  await desk.browser.keys(Key.Enter);
  await (await desk.el("preview-toggle")).click();
  frame = await desk.el("preview-frame");
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

  // The desk's limits are the editors': a reporter is not offered them; the editor tightens
  // them, and the 46-character headline becomes a blocker.
  assert.equal(await (await desk.browser.$(".limits summary")).isExisting(), false);
  desk.addPeople();
  await desk.switchProfile(EDITOR.name, EDITOR.passphrase);
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(EDITOR.name), { timeout: 5000 });
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

  // Desktop is the site's page at a desktop browser's width, scaled down to fit the pane; mobile
  // is a phone's 375 px, as it is.
  const desktop = await desk.browser.execute(() => {
    const frame = document.querySelector('[data-testid="preview-frame"]');
    const stage = document.querySelector(".preview-stage");
    return { layout: frame.offsetWidth, shown: frame.getBoundingClientRect().width, stage: stage.clientWidth };
  });
  assert.equal(desktop.layout, 1024, "the page is laid out at a desktop width");
  assert.ok(desktop.shown <= desktop.stage && desktop.shown > 0.6 * desktop.stage, `scaled to fit: ${JSON.stringify(desktop)}`);
  assert.match(await desk.text("preview-scale"), /^shown at \d+ %$/);
  await (await desk.el("preview-width")).selectByAttribute("value", "mobile");
  await desk.browser.waitUntil(async () => (await frame.getSize("width")) === 375, { timeout: 5000, timeoutMsg: "mobile width" });
});

test("hostile text in every field never runs, navigates or sends a request", async () => {
  // A listener on loopback counts every request the payloads could make.
  const { origin, requests, server } = await requestCounter();
  const payload = (tag) =>
    `<script>alert('${tag}')</script><img src="${origin}/${tag}-img" onerror="alert('${tag}')">` +
    `<svg onload="alert('${tag}')"></svg><iframe src="${origin}/${tag}-frame"></iframe>` +
    `<link rel="stylesheet" href="${origin}/${tag}-css"><style>@import url(${origin}/${tag}-import);</style>` +
    `<a href="javascript:alert('${tag}')">go</a><p style="background:url(${origin}/${tag}-bg)">x</p>`;
  try {
    const id = desk
      .cli(["articles", "create", "--json", "-"], JSON.stringify({
        headline: "Hostile " + payload("headline"),
        standfirst: payload("standfirst"),
        byline: payload("byline"),
        editorsNote: payload("note"),
        body: `Text first. ${payload("body")}\n\n[link](javascript:alert('link')) ![remote](${origin}/md-img) <${origin}/autolink>\n\n> ${payload("quote")}`,
      }))
      .trim();
    desk.cli(["articles", "tag", id, `<img src=${origin}/tag onerror=alert(9)>`]);
    const photo = desk.cli(["photos", "add", id, `${FIXTURES}/photo-iptc-iim.jpg`, "--lead"]).trim();
    for (const field of ["caption", "credit", "creator", "altText"]) desk.cli(["photos", "set", photo, field, payload(field)]);

    await desk.launch();
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes("Hostile")) await item.click();
    }
    await (await desk.el("headline")).waitForDisplayed();
    const startUrl = await desk.browser.getUrl();
    await (await desk.el("preview-toggle")).click();
    await waitForFrame((h) => h.includes("Text first.") && h.includes('class="photo lead"'), "the page is rendered");

    const frame = await desk.el("preview-frame");
    await desk.browser.switchToFrame(frame);
    const found = await desk.browser.execute(() => {
      const all = [...document.querySelectorAll("*")];
      return {
        dangerous: all.filter((el) => ["SCRIPT", "IFRAME", "SVG", "OBJECT", "EMBED", "LINK"].includes(el.tagName.toUpperCase())).length,
        styles: document.querySelectorAll("style").length,
        handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
        styleAttributes: all.filter((el) => el.hasAttribute("style")).length,
        // Web and mail links only (comrak leaves a refused address empty, which goes nowhere).
        scriptLinks: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")).filter((href) => href !== "" && !/^(https?|mailto):/.test(href)),
        foreignImages: [...document.querySelectorAll("img")].map((i) => i.getAttribute("src")).filter((src) => !/^(photo:\/\/|http:\/\/photo\.localhost\/)/.test(src)),
        shownAsText: document.body.textContent.includes("<script>alert('headline')</script>"),
      };
    });
    await desk.browser.switchToParentFrame();
    assert.deepEqual(
      found,
      { dangerous: 0, styles: 1, handlers: 0, styleAttributes: 0, scriptLinks: [], foreignImages: [], shownAsText: true },
      "every payload is text; the only style is the page's own; pictures come from the desk only",
    );
    // Nothing ran: no alert is open, and the window is still the app, where it was.
    await assert.rejects(desk.browser.getAlertText(), /no such alert/i);
    assert.equal(await desk.browser.getTitle(), "Newsroom");
    assert.equal(await desk.browser.getUrl(), startUrl);
    await sleep(1500);
    assert.deepEqual(requests, [], "no request left the window");
  } finally {
    server.close();
  }
});

test("the same-origin frame runs nothing and reaches nothing, even what gets past the sanitiser", async () => {
  const { origin, requests, server } = await requestCounter();
  try {
    // What the story may hold: the sanitiser's first line of defence.
    const id = desk
      .cli(["articles", "create", "--json", "-"], JSON.stringify({
        headline: "Reaching out of the frame",
        body:
          `Before. <a id="md-top" href="${origin}/md-top" target="_top">to the top</a> <a href="${origin}/md-parent" target="_parent">to the parent</a>\n\n` +
          `<form action="${origin}/md-form" target="_top"><button>Send</button></form><meta http-equiv="refresh" content="0;url=${origin}/md-refresh">` +
          `<base href="${origin}/"><a href="javascript:parent.document.title='md'">js</a>\n\nAfter.`,
      }))
      .trim();
    assert.ok(id);
    await desk.launch();
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes("Reaching out")) await item.click();
    }
    await (await desk.el("headline")).waitForDisplayed();
    const startUrl = await desk.browser.getUrl();
    await (await desk.el("preview-toggle")).click();
    await waitForFrame((h) => h.includes("After."), "the page is rendered");
    const story = (await frameHtml()).split('<div class="body">')[1].split("</article>")[0];
    assert.doesNotMatch(story, /<form|<meta|<base|javascript:|target="_(top|parent)"/i, "the sanitiser leaves none of it");

    // The second line: the frame itself. Its document is the window's origin, so a script of
    // the window can write into it what no sanitiser would let through; nothing of it may run.
    await desk.browser.execute((origin) => {
      const page = document.querySelector('[data-testid="preview-frame"]').contentDocument;
      page.body.insertAdjacentHTML(
        "beforeend",
        `<img id="img" src="${origin}/img" onerror="parent.document.title='img';top.location='${origin}/img-top'">` +
          `<svg onload="parent.document.title='svg'"></svg>` +
          `<form id="form" action="${origin}/form" target="_top"><button id="send">Send</button></form>` +
          `<a id="top" href="${origin}/top" target="_top">top</a> <a id="parent" href="${origin}/parent" target="_parent">parent</a> ` +
          `<a id="self" href="${origin}/self">self</a> <a id="js" href="javascript:parent.document.title='js'">js</a>`,
      );
      const script = page.createElement("script");
      script.textContent = `parent.document.title = 'script'; fetch('${origin}/fetch')`;
      page.body.append(script);
      const refresh = page.createElement("meta");
      refresh.httpEquiv = "refresh";
      refresh.content = `0;url=${origin}/refresh`;
      page.head.append(refresh);
    }, origin);
    await desk.browser.switchToFrame(await desk.el("preview-frame"));
    for (const link of ["send", "self", "js"]) await (await desk.browser.$(`#${link}`)).click();
    await desk.browser.switchToParentFrame();
    await sleep(1500);
    const confirm = await desk.el("link-confirm");
    assert.equal(await confirm.isDisplayed(), false, "a form, a link in the frame itself, javascript: nothing opens, nothing asks");
    // A link aimed at the window is, like every link, a question, and opens nothing by itself.
    for (const target of ["top", "parent"]) {
      await desk.browser.switchToFrame(await desk.el("preview-frame"));
      await (await desk.browser.$(`#${target}`)).click();
      await desk.browser.switchToParentFrame();
      await confirm.waitForDisplayed({ timeout: 5000 });
      assert.match(await confirm.getText(), new RegExp(`Open http://127\\.0\\.0\\.1:\\d+/${target} in your browser\\?`));
      await (await desk.el("link-cancel")).click();
      await confirm.waitForDisplayed({ reverse: true, timeout: 5000 });
    }

    const frameState = await desk.browser.execute(() => {
      const frame = document.querySelector('[data-testid="preview-frame"]');
      return { at: frame.contentWindow.location.href, stillThere: Boolean(frame.contentDocument.getElementById("img")) };
    });
    assert.deepEqual(frameState, { at: "about:srcdoc", stillThere: true }, "the frame did not navigate");
    await assert.rejects(desk.browser.getAlertText(), /no such alert/i);
    assert.equal(await desk.browser.getTitle(), "Newsroom", "nothing reached the window");
    assert.equal(await desk.browser.getUrl(), startUrl, "the window did not navigate");
    assert.deepEqual(requests, [], "no request left the frame");
  } finally {
    server.close();
  }
});

test("the preview shows the part of the story the cursor is in", async () => {
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the long read, with enough words to fill a line or two of the page.`);
  paragraphs.push("THE LAST PARAGRAPH of the story.");
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A long read", body: paragraphs.join("\n\n") }));
  await desk.launch();
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("A long read")) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();
  await (await desk.el("preview-toggle")).click();
  await waitForFrame((h) => h.includes("THE LAST PARAGRAPH"), "the page is rendered");

  /** Whether the paragraph containing `text` is inside the frame's viewport. */
  const inView = async (text) => {
    await desk.browser.switchToFrame(await desk.el("preview-frame"));
    try {
      return await desk.browser.execute((wanted) => {
        const el = [...document.querySelectorAll("p, h1")].find((p) => p.textContent.includes(wanted));
        const box = el?.getBoundingClientRect();
        return Boolean(box && box.top >= 0 && box.bottom <= window.innerHeight);
      }, text);
    } finally {
      await desk.browser.switchToParentFrame();
    }
  };
  assert.equal(await inView("THE LAST PARAGRAPH"), false, "the end of a long story starts out of view");

  await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
  await desk.browser.keys([Key.Ctrl, Key.End]);
  await desk.browser.waitUntil(() => inView("THE LAST PARAGRAPH"), { timeout: 5000, timeoutMsg: "the preview follows the cursor to the end" });
  // The page is changed in place, block by block: mark what is shown now (a property, which
  // the page's HTML does not carry), type, and see which nodes are still the same.
  const frameNodes = () =>
    desk.browser.execute(() => {
      const page = document.querySelector('[data-testid="preview-frame"]').contentDocument;
      const paragraph = (text) => [...page.querySelectorAll("p")].find((p) => p.textContent.includes(text));
      return {
        article: page.querySelector("article").__shown === true,
        first: paragraph("Paragraph 1 of")?.__shown === true,
        last: paragraph("THE LAST PARAGRAPH")?.__shown === true,
      };
    });
  await desk.browser.execute(() => {
    const page = document.querySelector('[data-testid="preview-frame"]').contentDocument;
    for (const node of [page.querySelector("article"), ...page.querySelectorAll("p")]) node.__shown = true;
  });
  await desk.typeBody(" Typed at the end.");
  await waitForFrame((h) => h.includes("Typed at the end."), "the edit is in the page");
  assert.deepEqual(
    await frameNodes(),
    { article: true, first: true, last: true },
    "the page and its paragraphs stay as they were; in the one typed in, only its text changed",
  );
  assert.equal(await inView("THE LAST PARAGRAPH"), true, "after the page is rendered again, the cursor's part is still shown");

  await desk.browser.keys([Key.Ctrl, Key.Home]);
  await desk.browser.waitUntil(() => inView("A long read"), { timeout: 5000, timeoutMsg: "back at the top, the headline is shown" });
});
