// Faults in the real window: a change made elsewhere, a disk that refuses writes, a damaged
// database. Nothing typed may be lost, and the window must say what happened in plain words.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Desk } from "./harness.mjs";

const desk = new Desk({ port: 4450 });
const cli = (args, input) => desk.cli(args, input);
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

async function openOnly(headline) {
  const item = await desk.el("article-item");
  await item.waitForDisplayed({ timeout: 5000 });
  assert.match(await item.getText(), new RegExp(headline));
  await item.click();
  await (await desk.el("headline")).waitForDisplayed();
}

test("a change made elsewhere while I type merges with mine: both land, and the window shows theirs", async () => {
  const id = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Giuliani settles", body: "First text." })).trim();
  await desk.launch();
  await openOnly("Giuliani settles");
  // The desk, on the command line: a new headline, and a sentence before the reporter's text.
  cli(["articles", "update", id, "--json", "-"], JSON.stringify({ headline: "Giuliani settles for millions in damages", body: "Breaking. First text." }));

  await desk.typeBody(" My addition. Malmö ");
  // WebDriver cannot type outside the Basic Multilingual Plane; the page inserts the emoji as
  // an input method would. A UTF-16 pair is where byte or code-point positions would go wrong.
  await desk.browser.execute(() => document.execCommand("insertText", false, "👍"));
  await desk.typeBody(" ok.");
  await desk.waitSaved();
  const merged = "Breaking. First text. My addition. Malmö 👍 ok.";
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === merged, {
    timeout: 8000,
    timeoutMsg: "the other change did not arrive in the editor",
  });
  await desk.browser.waitUntil(async () => (await (await desk.el("headline")).getValue()) === "Giuliani settles for millions in damages", {
    timeout: 8000,
    timeoutMsg: "the new headline did not show",
  });
  const stored = JSON.parse(cli(["articles", "show", id, "--json"]));
  assert.equal(stored.body, merged, "both edits are stored, the accents and the emoji where they were typed");
  assert.equal(stored.headline, "Giuliani settles for millions in damages");
});

test("the same headline changed here and elsewhere: not overwritten, and my text is kept as a copy", async () => {
  const id = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Giuliani settles", body: "First text." })).trim();
  await desk.launch();
  await openOnly("Giuliani settles");
  await (await desk.el("headline")).addValue(" (mine)");
  // Within the moment before autosave sends it, the command line changes the headline too.
  cli(["articles", "update", id, "--json", "-"], JSON.stringify({ headline: "Giuliani settles for millions in damages" }));

  const status = await desk.el("save-status");
  await status.waitUntil(async () => (await status.getText()).startsWith("Not saved: The headline was changed elsewhere"), {
    timeout: 5000,
    timeoutMsg: "the clash was not reported",
  });
  assert.equal(await (await desk.el("headline")).getValue(), "Giuliani settles (mine)", "my headline stays in the editor");
  await (await desk.el("conflict-keep-copy")).click();
  await desk.browser.waitUntil(async () => (await (await desk.el("headline")).getValue()) === "Giuliani settles (mine) (my version)", {
    timeout: 5000,
  });
  assert.equal(await desk.bodyText(), "First text.");
  await desk.waitSaved();

  const theirs = JSON.parse(cli(["articles", "show", id, "--json"]));
  assert.equal(theirs.headline, "Giuliani settles for millions in damages", "the other change survived");
  assert.equal(theirs.body, "First text.");
});

test("a disk that refuses writes: Not saved, text kept, saved once the disk is back", async (t) => {
  const wal = path.join(desk.dataDir, "newsroom.sqlite3-wal");
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Silent about Trump at NATO Meeting");
  await desk.waitSaved();
  if (!existsSync(wal)) return t.skip("no WAL file to protect");
  try {
    execFileSync("chattr", ["+i", wal]);
  } catch {
    return t.skip("chattr +i is not available on this file system");
  }
  try {
    await desk.typeBody("Typed while the disk refused.");
    const status = await desk.el("save-status");
    await status.waitUntil(async () => (await status.getText()).startsWith("Not saved: The article could not be written to the disk."), {
      timeout: 5000,
      timeoutMsg: "the write failure was not reported",
    });
    await desk.screenshot("not-saved");
    assert.equal(await desk.bodyText(), "Typed while the disk refused.");
  } finally {
    execFileSync("chattr", ["-i", wal]);
  }
  await desk.waitSaved(20_000);
  await desk.quitWithCtrlQ();
  const list = JSON.parse(cli(["articles", "list", "--json"]));
  const saved = list.find((a) => a.headline === "Silent about Trump at NATO Meeting");
  assert.equal(JSON.parse(cli(["articles", "show", saved.id, "--json"])).body, "Typed while the disk refused.");
});

test("a damaged database: the window opens, says so, and the file is not touched", async () => {
  const file = path.join(desk.dataDir, "newsroom.sqlite3");
  for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const garbage = Buffer.alloc(16384, 0x41);
  writeFileSync(file, garbage);
  await desk.launch();
  const banner = await desk.el("store-error");
  await banner.waitForDisplayed({ timeout: 5000 });
  assert.match(await banner.getText(), /damaged or is not a Newsroom database/);
  await desk.screenshot("damaged-database");
  assert.deepEqual(readFileSync(file), garbage);
});
