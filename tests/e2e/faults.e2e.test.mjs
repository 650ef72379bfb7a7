// Faults in the real window: a change made elsewhere, a disk that refuses writes, a damaged
// database. Nothing typed may be lost, and the window must say what happened in plain words.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { ARTIFACTS, Desk, EDITOR, Key, REPORTER } from "./harness.mjs";

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
  // The cursor stayed where I was typing: the next keys land after my own text, not where the
  // other change moved the positions.
  await desk.browser.keys(["!"]);
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === `${merged}!`, {
    timeout: 5000,
    timeoutMsg: "the cursor moved when the other change arrived",
  });
  await desk.browser.keys([Key.Backspace]);
  const stored = JSON.parse(cli(["articles", "show", id, "--json"]));
  assert.equal(stored.body, merged, "both edits are stored, the accents and the emoji where they were typed");
  assert.equal(stored.headline, "Giuliani settles for millions in damages");

  // Undo takes back my typing only, never what arrived from elsewhere.
  for (let i = 0; i < 8; i++) await desk.browser.keys([Key.Ctrl, "z"]);
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === "Breaking. First text.", {
    timeout: 5000,
    timeoutMsg: "undo did not take back exactly my typing",
  });
  await desk.waitSaved();
  assert.equal(JSON.parse(cli(["articles", "show", id, "--json"])).body, "Breaking. First text.");
});

test("a comment keeps its passage when its words are changed elsewhere", async () => {
  const id = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Talks", body: "Pyongyang said nothing." })).trim();
  await desk.launch();
  await openOnly("Talks");
  // The first word, double-clicked, and a comment on it.
  const word = await desk.browser.execute(() => {
    const range = document.createRange();
    const text = document.querySelector('[data-testid="body"] .cm-line').firstChild;
    range.setStart(text, 2);
    range.setEnd(text, 3);
    const box = range.getBoundingClientRect();
    return { x: Math.round(box.left + box.width / 2), y: Math.round(box.top + box.height / 2) };
  });
  await desk.browser.action("pointer").move(word).down().up().pause(40).down().up().perform();
  assert.equal((await desk.browser.execute(() => window.getSelection().toString())).trim(), "Pyongyang");
  await (await desk.el("comments-toggle")).click();
  await (await desk.el("comment-input")).setValue("Which ministry?");
  await (await desk.el("comment-add")).click();
  await desk.browser.waitUntil(async () => (await desk.all("comment-item")).length === 1, { timeout: 5000 });

  // Elsewhere: a sentence before it, and the word itself corrected.
  cli(["articles", "update", id, "--json", "-"], JSON.stringify({ body: "Seoul (TT). PyongYang said nothing." }));
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === "Seoul (TT). PyongYang said nothing.", {
    timeout: 8000,
    timeoutMsg: "the change made elsewhere did not arrive",
  });
  // Its words are no longer in the text, yet the comment finds its passage.
  await (await desk.browser.$('[data-testid="comments-panel"] button.passage')).click();
  assert.equal(await desk.browser.execute(() => window.getSelection().toString()), "PyongYang");
  assert.equal(await desk.browser.$('[data-testid="comments-panel"] .hint').isExisting(), false, "not called gone");
});

test("what someone else changed while I was away is marked until I have seen it", async () => {
  desk.addPeople();
  const id = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Away", body: "The minister was not seen at the summit." })).trim();
  await desk.launch();
  await openOnly("Away");
  assert.equal(await desk.browser.$('[data-testid="away-banner"]').isExisting(), false, "nothing to show the first time");
  // I leave the story (a new one), and Ana rewrites part of it meanwhile.
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  await desk.browser.pause(500);
  desk.cliAs(REPORTER, ["articles", "update", id, "--json", "-"], JSON.stringify({ body: "The minister appeared at the summit at last." }));
  // And Erik takes out the first word.
  desk.cliAs(EDITOR, ["articles", "update", id, "--json", "-"], JSON.stringify({ body: "minister appeared at the summit at last." }));

  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Away")) await item.click();
  }
  const banner = await desk.el("away-banner");
  await banner.waitForDisplayed({ timeout: 5000 });
  assert.match(await banner.getText(), /Changed while you were away:\s*Ana \d\d:\d\d/);
  const inserted = await desk.browser.execute(() => [...document.querySelectorAll(".cm-away-inserted")].map((e) => e.textContent).join("|"));
  const deleted = await desk.browser.execute(() => [...document.querySelectorAll(".cm-away-deleted")].map((e) => e.textContent.trim()).join("|"));
  assert.match(inserted, /appeared/);
  const writers = await desk.browser.execute(() => [...new Set([...document.querySelectorAll(".cm-away-inserted")].map((e) => e.title))]);
  assert.deepEqual(writers, ["Written by Ana"], "each run names who wrote it");
  assert.match(inserted, /last\./);
  assert.match(deleted, /was not seen/);
  const removers = await desk.browser.execute(() => [...document.querySelectorAll(".cm-away-deleted")].map((e) => `${e.textContent.trim()}: ${e.title}`));
  // (The word diff also shows "the summit." replaced by "the summit at last."; nobody took
  // those letters out, so that run names everyone who changed the story.)
  assert.deepEqual(removers.slice(0, 2), ["The: Taken out by Erik", "was not seen: Taken out by Ana"], "each deleted run names who took it out");
  const textWithoutMarks = await desk.browser.execute(() => {
    const copy = document.querySelector('[data-testid="body"] .cm-content').cloneNode(true);
    for (const mark of copy.querySelectorAll(".cm-away-deleted")) mark.remove();
    return copy.textContent;
  });
  assert.equal(textWithoutMarks, "minister appeared at the summit at last.", "what was taken out is shown, not put back");

  await desk.screenshot("away");
  await (await desk.el("away-seen")).click();
  assert.equal(await desk.browser.$(".cm-away-inserted").isExisting(), false);
  // Seen: opening it again shows nothing new.
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Away")) await item.click();
  }
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === "minister appeared at the summit at last.", { timeout: 5000 });
  assert.equal(await desk.browser.$('[data-testid="away-banner"]').isExisting(), false);
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

/** The WebKitWebProcess that draws the app `appPid`'s window (its descendant). */
function webProcessOf(appPid) {
  const parentOf = (pid) => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  const candidates = execFileSync("pgrep", ["-f", "WebKitWebProcess"], { encoding: "utf8" }).trim().split("\n").map(Number);
  return candidates.find((pid) => {
    for (let at = pid; at > 1; at = parentOf(at)) if (at === appPid) return true;
    return false;
  });
}

/** Saves the screen as `name` among the artifacts; how many pixels are the colour `rgb`. */
function pixelsOfColour(name, [r, g, b]) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const script = path.join(import.meta.dirname, "screen-pixels.py");
  return Number(execFileSync("/usr/bin/python3", [script, path.join(ARTIFACTS, `${name}.png`), r, g, b], { encoding: "utf8" }));
}

test("the engine drawing the window crashes: the window comes back to the story, says so, and typing goes on", async () => {
  const id = cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Engine crash", body: "Typed before." })).trim();
  await desk.launch();
  await openOnly("Engine crash");
  await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
  await desk.browser.keys([Key.Ctrl, Key.End]);
  await desk.browser.keys(" And saved.");
  await desk.waitSaved();
  // Where the body is, and the colour of the window's notices, while WebDriver still reaches
  // the page: the crash ends the session (WebKitWebDriver: "page crash or hang").
  const body = await desk.browser.execute(() => {
    const box = document.querySelector('[data-testid="body"]').getBoundingClientRect();
    return { x: box.left, y: box.top, width: box.width, height: box.height };
  });
  const noticeColour = await desk.browser.execute(() => {
    const probe = Object.assign(document.createElement("div"), { className: "banner" });
    document.body.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour.match(/\d+/g).slice(0, 3).map(Number);
  });
  assert.equal(pixelsOfColour("engine-crash-before", noticeColour), 0, "no notice before the crash");

  const app = desk.appPid();
  // The session is left as it is: ending it would end the app (tauri-driver).
  process.kill(webProcessOf(app), "SIGKILL");

  // The window is drawn again with a notice (a band of the notice's colour across the editor).
  let noticePixels = 0;
  for (let i = 0; i < 50 && noticePixels < 10_000; i++) {
    await sleep(200);
    noticePixels = pixelsOfColour("engine-crash-after", noticeColour);
  }
  assert.ok(noticePixels >= 10_000, `the window shows a notice after the crash (${noticePixels} pixels of its colour)`);
  process.kill(app, 0); // the app itself is still running

  // The story is open again and takes keys: a click in the body (the notice has moved it down
  // a little), typing at its end.
  assert.ok(body.height > 150, "the body is tall enough to be hit after the notice moves it down");
  const xdotool = (...args) => execFileSync("xdotool", args.map(String));
  xdotool("mousemove", Math.round(body.x + body.width / 2), Math.round(body.y + body.height / 2));
  xdotool("click", 1);
  xdotool("key", "ctrl+End");
  xdotool("type", "--delay", "20", " Typed after.");
  let saved = "";
  for (let i = 0; i < 50 && !saved.endsWith("Typed after."); i++) {
    await sleep(200);
    saved = JSON.parse(cli(["articles", "show", id, "--json"])).body;
  }
  assert.equal(saved, "Typed before. And saved. Typed after.", "nothing typed before the crash is lost, and the reopened story takes keys");

  // Ctrl+Q ends the app as usual.
  xdotool("key", "ctrl+q");
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(app, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  process.kill(app, "SIGKILL");
  assert.fail("the app did not quit on Ctrl+Q after the crash");
});

test("a damaged database: the window opens, says so, and the file is not touched", async () => {
  const file = path.join(desk.dataDir, "newsroom.sqlite3");
  for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const garbage = Buffer.alloc(16384, 0x41);
  writeFileSync(file, garbage);
  await desk.launch({ people: false });
  const banner = await desk.el("store-error");
  await banner.waitForDisplayed({ timeout: 5000 });
  assert.match(await banner.getText(), /damaged or is not a Newsroom database/);
  await desk.screenshot("damaged-database");
  assert.deepEqual(readFileSync(file), garbage);
});
