// The writing desk in the real window: nothing typed is lost, search and history work.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { ADMIN, Desk, Key } from "./harness.mjs";

const desk = new Desk({ port: 4444 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** Opens the article whose headline is `headline` in the list. */
async function openFromList(headline) {
  let found;
  await desk.browser.waitUntil(
    async () => {
      for (const item of await desk.all("article-item")) {
        if ((await item.getText()).includes(headline)) found = item;
      }
      return Boolean(found);
    },
    { timeout: 5000, timeoutMsg: `"${headline}" is not in the list` },
  );
  await found.click();
  await (await desk.el("headline")).waitForDisplayed();
}

test("write, see Saved, quit, start again: the text is there", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  const headline = await desk.el("headline");
  await headline.waitForDisplayed();
  await headline.addValue("Ukraine: First North Korean soldiers in combat");
  await desk.typeBody("Russia's president does not deny the reports.\n## Significant escalation\nAround 3,000 soldiers have arrived.");
  const saved = await desk.waitSaved();
  assert.match(saved, /^Saved \d\d:\d\d:\d\d$/);
  assert.equal(await desk.text("word-count"), "14 words");
  assert.equal(await desk.text("reading-time"), "1 MIN READ");
  await desk.screenshot("editor");
  await desk.quitWithCtrlQ();

  await desk.launch();
  const item = await desk.el("article-item");
  await item.waitForDisplayed({ timeout: 5000 });
  assert.match(await item.getText(), /Ukraine: First North Korean soldiers in combat/);
  assert.match(await item.getText(), /14 words/);
  await item.click();
  assert.equal(await (await desk.el("headline")).getValue(), "Ukraine: First North Korean soldiers in combat");
  assert.equal(await desk.bodyText(), "Russia's president does not deny the reports.\n## Significant escalation\nAround 3,000 soldiers have arrived.");
  await desk.quitWithCtrlQ();
});

test("the keyboard: Enter goes headline → standfirst → body, Tab skips the toolbar, an empty quote line ends the quote, Ctrl+/ lists the shortcuts, Esc closes", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  // Each field is typed into where the keyboard is (the focused element); only Enter moves on.
  const focusedField = () => desk.browser.execute(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid"));
  await (await desk.el("headline")).addValue("Kursk: the first week");
  await desk.browser.keys(Key.Enter);
  assert.equal(await focusedField(), "standfirst");
  await (await desk.el("standfirst")).addValue("Troops from the east are fighting.");
  await desk.browser.keys(Key.Enter);
  assert.equal(await focusedField(), "body");
  const content = await desk.browser.$('[data-testid="body"] .cm-content');
  await content.addValue("The ministry said:");
  await desk.browser.keys(Key.Enter);
  await desk.browser.keys([Key.Ctrl, "'"]);
  await content.addValue("We will not comment.");
  await desk.browser.keys(Key.Enter);
  await desk.browser.keys(Key.Enter);
  await content.addValue("Next paragraph.");
  await desk.waitSaved();
  assert.equal(await (await desk.el("headline")).getValue(), "Kursk: the first week");
  assert.equal(await (await desk.el("standfirst")).getValue(), "Troops from the east are fighting.");
  const id = JSON.parse(desk.cli(["articles", "list", "--json"])).find((a) => a.headline === "Kursk: the first week").id;
  const { body } = JSON.parse(desk.cli(["articles", "show", id, "--json"]));
  assert.equal(body, "The ministry said:\n> We will not comment.\n\nNext paragraph.", "the quote ends where its empty line was");

  // Tab from the standfirst goes to the text, not through the formatting buttons.
  await (await desk.el("standfirst")).click();
  await desk.browser.keys(Key.Tab);
  const focused = await desk.browser.execute(() => document.activeElement?.closest('[data-testid="body"]') !== null);
  assert.ok(focused, "the text has the keyboard after one Tab");

  // Ctrl+/ lists the shortcuts; Esc closes the list (and the Export menu: export.e2e).
  await desk.browser.keys([Key.Ctrl, "/"]);
  const sheet = await desk.el("shortcut-sheet");
  await sheet.waitForDisplayed({ timeout: 3000 });
  assert.match(await sheet.getText(), /Ctrl\+N\s+New story[\s\S]*Ctrl\+'\s+Quote/);
  await desk.browser.keys(Key.Escape);
  await sheet.waitForDisplayed({ reverse: true, timeout: 3000 });

  // The panels beside the text by keyboard, each listed on the sheet.
  await desk.browser.keys([Key.Ctrl, Key.Shift, "h"]);
  await (await desk.el("history-panel")).waitForDisplayed({ timeout: 3000 });
  await desk.browser.keys([Key.Ctrl, Key.Shift, "d"]);
  await (await desk.el("details-panel")).waitForDisplayed({ timeout: 3000 });
  await desk.browser.keys([Key.Ctrl, Key.Shift, "d"]);
  await (await desk.el("details-panel")).waitForDisplayed({ reverse: true, timeout: 3000 });
  await desk.browser.keys([Key.Ctrl, Key.Shift, "d"]);
  await (await desk.el("details-panel")).waitForDisplayed({ timeout: 3000 });
});

test("Ctrl+Q right after typing, before autosave fires, keeps the text", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  await desk.typeBody("Typed and quit at once");
  await desk.quitWithCtrlQ();

  await desk.launch();
  await openFromList("Untitled");
  assert.equal(await desk.bodyText(), "Typed and quit at once");
  await desk.quitWithCtrlQ();
});

test("kill -9 half a second after Saved: the text is there", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  const headline = await desk.el("headline");
  await headline.waitForDisplayed();
  await headline.addValue("Netanyahu: Agreement on Hostages Ready");
  await desk.typeBody("Text that must survive a crash.");
  await desk.waitSaved();
  await sleep(500);
  await desk.killApp();

  await desk.launch();
  await openFromList("Netanyahu: Agreement on Hostages Ready");
  assert.equal(await desk.bodyText(), "Text that must survive a crash.");
  const integrity = desk.cli(["doctor"]);
  assert.match(integrity, /Integrity:\s+ok/);
});

test("search finds the article as you type, with the match highlighted", async () => {
  await desk.launch();
  await (await desk.el("search")).addValue("korea");
  const result = await desk.el("search-result");
  await result.waitForDisplayed({ timeout: 5000 });
  assert.match(await result.getText(), /Ukraine: First North Korean soldiers in combat/);
  const marks = await result.$$("mark");
  assert.equal(await marks[0].getText(), "Korean");
  await desk.screenshot("search");
  await result.click();
  assert.equal(await (await desk.el("headline")).getValue(), "Ukraine: First North Korean soldiers in combat");
});

test("restore an older revision: the text comes back and the replaced text stays in history", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  await desk.typeBody("First version of the story.");
  await desk.waitSaved();
  await desk.browser.keys([Key.Ctrl, "s"]);
  await desk.waitSaved();
  await desk.typeBody(" Then more.");
  await desk.browser.keys([Key.Ctrl, "s"]);
  await desk.waitSaved();
  assert.equal(await desk.bodyText(), "First version of the story. Then more.");

  await (await desk.el("history")).click();
  await desk.browser.waitUntil(async () => (await desk.all("revision-item")).length >= 3, {
    timeout: 5000,
    timeoutMsg: "the history did not list the revisions",
  });
  const revisions = await desk.all("revision-item");
  assert.ok(revisions.length >= 3, `expected at least 3 revisions, saw ${revisions.length}`);
  // The newest revision is the current text; the one below it is "First version…".
  await revisions[1].click();
  const diff = await desk.el("revision-diff");
  await diff.waitForDisplayed();
  assert.equal((await (await diff.$("ins")).getText()).trim(), "Then more.");
  await desk.screenshot("history");
  await (await desk.el("restore-revision")).click();
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === "First version of the story.", {
    timeout: 5000,
    timeoutMsg: "the older text did not come back",
  });
  await desk.browser.waitUntil(async () => (await desk.all("revision-item")).length === revisions.length + 1, {
    timeout: 5000,
    timeoutMsg: "restoring did not add a revision",
  });
  const after = await desk.all("revision-item");
  assert.match(await after[0].getText(), /Restored/);
});

test("Trash: move an article there, undo, restore it, and the list follows", async () => {
  // Emptying the Trash deletes for good: the desk's admin does it.
  desk.addPeople();
  await desk.launch();
  await desk.switchProfile(ADMIN.name, ADMIN.passphrase);
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(ADMIN.name), { timeout: 5000 });
  await openFromList("Netanyahu");
  const before = (await desk.all("article-item")).length;
  assert.ok(before >= 2);
  // Undo right after Move to Trash brings the story back, open.
  const headline = await (await desk.el("headline")).getValue();
  await (await desk.el("more-actions")).click();
  await (await desk.el("trash-article")).click();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === before - 1, { timeout: 5000 });
  assert.match(await desk.text("notice"), /is in the Trash/);
  await (await desk.el("undo-trash")).click();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === before, { timeout: 5000, timeoutMsg: "Undo brings it back" });
  await desk.browser.waitUntil(async () => (await (await desk.el("headline")).getValue()) === headline, { timeout: 5000, timeoutMsg: "and opens it" });

  await (await desk.el("more-actions")).click();
  await (await desk.el("trash-article")).click();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === before - 1, { timeout: 5000 });
  await (await desk.el("trash")).click();
  const trashed = await desk.all("trash-item");
  assert.equal(trashed.length, 1);
  await (await desk.el("restore-article")).click();
  await desk.browser.waitUntil(async () => (await desk.all("trash-item")).length === 0, { timeout: 5000 });
  await (await desk.el("trash")).click();
  assert.equal((await desk.all("article-item")).length, before);

  // Emptying the Trash asks first, then deletes for good.
  await openFromList("Netanyahu");
  await (await desk.el("more-actions")).click();
  await (await desk.el("trash-article")).click();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === before - 1, { timeout: 5000 });
  await (await desk.el("trash")).click();
  await (await desk.el("empty-trash")).click();
  await (await desk.el("empty-trash-confirm")).click();
  await desk.browser.waitUntil(async () => (await desk.all("trash-item")).length === 0, { timeout: 5000 });
  assert.match(await desk.text("notice"), /1 article deleted for good\./);
  assert.equal(JSON.parse(desk.cli(["articles", "list", "--json"])).length, before - 1);
});

test("a long list shows 200 articles, and Show more brings the rest", async () => {
  const existing = JSON.parse(desk.cli(["articles", "list", "--json"])).length;
  for (let i = existing; i < 205; i++) {
    desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: `Wire item ${i}` }));
  }
  await desk.launch();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 200, {
    timeout: 5000,
    timeoutMsg: "the first page is not 200 articles",
  });
  await (await desk.el("show-more")).click();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 205, {
    timeout: 5000,
    timeoutMsg: "Show more did not bring the rest",
  });
  assert.equal(await (await desk.el("show-more")).isExisting(), false);
});
