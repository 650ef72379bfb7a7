// Sections and tags in the real window: pickers by keyboard alone, filters, and the editors'
// vocabulary view (a section in use is retired, not deleted).
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { Desk, EDITOR, Key, REPORTER } from "./harness.mjs";

const desk = new Desk({ port: 4462 });
const cli = (args, input) => desk.cli(args, input);
before(async () => {
  await desk.start();
  desk.addPeople();
});

/** Puts the editor at the desk: the sections and tags are editors' to change. */
async function asEditor() {
  await desk.switchProfile(EDITOR.name, EDITOR.passphrase);
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(EDITOR.name), { timeout: 5000 });
}
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** The visible texts of the elements with data-testid `id` (a chip's × button left out). */
async function texts(id) {
  const found = [];
  for (const element of await desk.all(id)) found.push((await element.getText()).replace(/\s*×$/, ""));
  return found;
}

async function waitForTexts(id, expected, message) {
  await desk.browser.waitUntil(async () => JSON.stringify(await texts(id)) === JSON.stringify(expected), {
    timeout: 5000,
    timeoutMsg: `${message}: saw ${JSON.stringify(await texts(id))}`,
  });
}

test("file an article under a section and tags using the keyboard alone", async () => {
  const other = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Tennis legend's trophies stolen" })).trim();
  cli(["articles", "tag", other, "Malmö"]);
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Derby ends in a draw");

  const picker = await desk.el("section-picker");
  await picker.click();
  await desk.browser.waitUntil(async () => (await desk.all("section-option")).length === 9, { timeout: 5000 });
  await desk.browser.keys("socc");
  await waitForTexts("section-option", ["Soccer0"], "typing narrows the sections");
  await desk.browser.keys(Key.Enter);
  await desk.browser.waitUntil(async () => (await picker.getText()).startsWith("Sports › Soccer"), { timeout: 5000 });

  const tags = await desk.el("tag-input");
  await tags.click();
  await tags.addValue("North Korea");
  await desk.browser.keys(Key.Enter);
  await waitForTexts("tag-chip", ["North Korea"], "Enter creates the tag");
  await tags.addValue("malmo");
  const suggestion = await desk.el("tag-suggestion");
  await suggestion.waitForDisplayed({ timeout: 5000 });
  assert.match(await suggestion.getText(), /^Malmö/);
  await desk.browser.keys([Key.ArrowDown, Key.Enter]);
  await waitForTexts("tag-chip", ["North Korea", "Malmö"], "the suggestion is added");
  await desk.browser.keys(Key.Backspace);
  await waitForTexts("tag-chip", ["North Korea"], "Backspace removes the last chip");
  await desk.screenshot("filing");

  const filed = JSON.parse(cli(["articles", "list", "--json"])).find((a) => a.headline === "Derby ends in a draw");
  assert.ok(filed, "the article is saved");
});

test("the list filters by section (with its sub-sections) and by tag", async () => {
  await desk.launch();
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 2, { timeout: 5000 });
  const sectionFilter = await desk.el("filter-section");
  await sectionFilter.selectByVisibleText("Sports (0)");
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 1, {
    timeout: 5000,
    timeoutMsg: "Sports should list its Soccer story",
  });
  assert.match(await (await desk.el("article-item")).getText(), /Derby ends in a draw/);
  await sectionFilter.selectByVisibleText("All sections");
  await (await desk.el("filter-tag")).addValue("malm");
  await desk.browser.keys(Key.Enter);
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 1, { timeout: 5000 });
  assert.match(await (await desk.el("article-item")).getText(), /Tennis legend/);
});

test("a section in use is retired instead of deleted, and its article keeps it", async () => {
  await desk.launch();
  // A reporter reads the vocabularies; nothing there offers what the desk would refuse them.
  await desk.switchProfile(REPORTER.name);
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(REPORTER.name), { timeout: 5000 });
  await (await desk.el("open-vocabulary")).click();
  await (await desk.el("vocabulary-read-only")).waitForDisplayed({ timeout: 5000 });
  assert.ok((await desk.all("section-row")).length > 0, "the reporter sees the sections");
  for (const id of ["delete-section", "merge-tag", "vocabulary-import", "add-section"]) {
    assert.equal((await desk.all(id)).length, 0, `a reporter is offered no ${id}`);
  }
  await (await desk.el("open-vocabulary")).click();
  await asEditor();
  await (await desk.el("open-vocabulary")).click();
  const rows = await desk.all("section-row");
  let soccer;
  for (const row of rows) if ((await row.getText()).startsWith("Soccer")) soccer = row;
  // Delete asks first; Keep leaves the section as it was.
  await (await soccer.$('[data-testid="delete-section"]')).click();
  await (await soccer.$("button=Keep")).click();
  await (await soccer.$('[data-testid="delete-section"]')).click();
  await (await soccer.$('[data-testid="delete-section-confirm"]')).click();
  const message = await desk.el("vocabulary-message");
  await message.waitForDisplayed({ timeout: 5000 });
  assert.match(await message.getText(), /"Soccer" is used by 1 article\(s\) and cannot be deleted/);
  await (await desk.el("retire-instead")).click();
  await desk.browser.waitUntil(async () => /Retired “Soccer”/.test(await (await desk.el("vocabulary-message")).getText()), { timeout: 5000 });
  await desk.screenshot("vocabulary");

  let malmo;
  for (const row of await desk.all("tag-row")) if ((await row.getText()).startsWith("Malmö")) malmo = row;
  await (await malmo.$("button=Topic")).click();
  const code = await desk.browser.$('input[aria-label="Media Topic code for Malmö"]');
  await code.addValue("sport");
  await desk.browser.keys(Key.Enter);
  await desk.browser.waitUntil(async () => /not an IPTC Media Topic code/.test(await (await desk.el("vocabulary-message")).getText()), {
    timeout: 5000,
    timeoutMsg: "a wrong code is explained",
  });
  await code.clearValue();
  await code.addValue("medtop:20000538");
  await desk.browser.keys(Key.Enter);
  await desk.browser.waitUntil(
    async () => {
      for (const row of await desk.all("tag-row")) if ((await row.getText()).includes("medtop:20000538")) return true;
      return false;
    },
    { timeout: 5000, timeoutMsg: "the code is shown on the tag" },
  );

  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Derby")) await item.click();
  }
  const picker = await desk.el("section-picker");
  await picker.waitForDisplayed();
  await desk.browser.waitUntil(async () => (await picker.getText()).startsWith("Sports › Soccer (retired)"), { timeout: 5000 });
  await picker.click();
  const offered = await texts("section-option");
  assert.ok(!offered.some((t) => t.startsWith("Soccer")), `a retired section is not offered: ${offered}`);
});

test("a vocabulary file from another desk is chosen in the system's dialog and imported; the page cannot name a file", async () => {
  const other = new Desk({ port: 4464 });
  const file = `${other.dataDir}/shared-vocabularies.json`;
  other.cli(["vocabularies", "export", file]);
  const exported = JSON.parse(readFileSync(file, "utf8"));
  exported.sections.push({ slug: "padel", name: "Padel", parent: "sports", position: 9 });
  writeFileSync(file, JSON.stringify(exported));

  await desk.launch();
  // A script in the page that names a file gets nothing: the command takes only a ticket the
  // app handed out for a file the person chose.
  const named = await desk.browser.execute(
    (path) => window.__TAURI_INTERNALS__.invoke("import_vocabularies", { path }).then(() => "imported", (error) => String(error?.message ?? error)),
    file,
  );
  assert.match(named, /ticket/, "a path is not an argument any more");
  const forged = await desk.browser.execute(() =>
    window.__TAURI_INTERNALS__.invoke("import_vocabularies", { ticket: "01900000-0000-7000-8000-000000000000" }).then(() => "imported", (error) => error.message),
  );
  assert.match(forged, /no longer open; choose them again/);

  // Nobody at the desk: no Import is offered (the store would refuse it, as the command line
  // shows), only the sections and tags to read.
  await (await desk.el("open-vocabulary")).click();
  await (await desk.el("vocabulary-read-only")).waitForDisplayed({ timeout: 5000 });
  assert.equal(await (await desk.el("vocabulary-import")).isExisting(), false);
  await (await desk.el("open-vocabulary")).click();
  await asEditor();
  if (!(await (await desk.el("vocabulary-import")).isDisplayed())) await (await desk.el("open-vocabulary")).click();
  await (await desk.el("vocabulary-import")).click();
  await desk.answerFileDialog("Import sections and tags", file);
  await desk.browser.waitUntil(async () => /sections added: padel/.test(await desk.text("vocabulary-message").catch(() => "")), {
    timeout: 10000,
    timeoutMsg: "the report names the new section",
  });
  await (await desk.el("new-article")).click();
  await (await desk.el("section-picker")).click();
  await desk.browser.keys("padel");
  await waitForTexts("section-option", ["Padel0"], "the imported section is offered");
  await other.stop();
});
