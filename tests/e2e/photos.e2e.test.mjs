// Photos in the real window: pasted, dropped and attached photos arrive with the credits their
// files carry, a journalist's correction wins and survives a restart, the preview shows the lead photo
// with its credit line, bad files are refused by name, and the library finds photos again.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { Desk, Key } from "./harness.mjs";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/photos");
const desk = new Desk({ port: 4474 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** Pastes `bytes` as an image file into the body, as the clipboard would hand it over. */
async function pastePhoto(name, bytes, type = "image/jpeg") {
  await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
  await desk.browser.execute(
    (fileName, base64, mime) => {
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([raw], fileName, { type: mime }));
      const target = document.querySelector('[data-testid="body"] .cm-content');
      target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    name,
    Buffer.from(bytes).toString("base64"),
    type,
  );
}

async function items() {
  return desk.all("photo-item");
}

async function waitForItems(count) {
  await desk.browser.waitUntil(async () => (await items()).length === count, {
    timeout: 10000,
    timeoutMsg: `expected ${count} photo(s) in the panel`,
  });
  return items();
}

async function fieldOf(item, testid) {
  return item.$(`[data-testid="${testid}"]`);
}

async function waitForValue(item, testid, expected) {
  const field = await fieldOf(item, testid);
  await desk.browser.waitUntil(async () => (await field.getValue()) === expected, {
    timeout: 5000,
    timeoutMsg: `${testid} should read "${expected}", reads "${await field.getValue()}"`,
  });
}

async function waitForText(element, pattern, message) {
  await desk.browser.waitUntil(async () => pattern.test(await element.getText()), {
    timeout: 8000,
    timeoutMsg: `${message}: saw ${JSON.stringify(await element.getText().catch(() => null))}`,
  });
}

/** True once the <img> has loaded a real picture through the photo: protocol. */
async function pictureLoaded(img) {
  return desk.browser.waitUntil(async () => img.isExisting() && (await desk.browser.execute((el) => el.complete && el.naturalWidth > 0, img)), {
    timeout: 8000,
    timeoutMsg: "the picture did not load",
  });
}

test("a pasted photo brings its credit; a correction wins, reaches the preview and survives a restart", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Putin does not deny North Korean soldiers");
  await desk.typeBody("Putin avoided confirming the reports.");

  await pastePhoto("kazan.jpg", readFileSync(path.join(FIXTURES, "photo-iptc-iim.jpg")));
  let [lead] = await waitForItems(1);
  await waitForValue(lead, "photo-credit", "Officiell pool via AP/TT");
  await waitForValue(lead, "photo-creator", "Alexander Zemlianichenko");
  assert.match(await (await fieldOf(lead, "photo-caption")).getValue(), /^Vladimir Putin at the final press conference/);
  // Where the credit came from is said on hover, not under every field.
  assert.match(await (await fieldOf(lead, "photo-credit")).$("..").getAttribute("title"), /^Credit: from IPTC$/);
  assert.equal(await (await fieldOf(lead, "photo-credit-source")).isExisting(), false, "no source line while nothing overrides the file");
  assert.equal(await (await fieldOf(lead, "photo-lead")).isSelected(), true, "the first photo is the lead photo");
  assert.equal(
    await (await fieldOf(lead, "photo-credit-line")).getText(),
    "Photo: Alexander Zemlianichenko/Officiell pool via AP/TT",
  );
  await pictureLoaded(await lead.$("img"));

  // A second photo goes into the text at the cursor, with the alt text its XMP carries.
  await pastePhoto("seoul.jpg", readFileSync(path.join(FIXTURES, "photo-xmp-only.jpg")));
  const [, second] = await waitForItems(2);
  await waitForValue(second, "photo-alt", "Two men in suits shaking hands in front of flags");
  assert.match(await (await fieldOf(second, "photo-alt")).$("..").getAttribute("title"), /^Alt text: from XMP$/);
  const secondId = await second.getAttribute("data-photo-id");
  await desk.browser.waitUntil(async () => (await desk.bodyText()).includes("![Two men in suits shaking hands in front of flags]"), {
    timeout: 5000,
    timeoutMsg: "the second photo is placed in the text",
  });
  const shownInText = await desk.browser.$(`[data-testid="body"] img.cm-photo[data-photo-id="${secondId}"]`);
  await pictureLoaded(shownInText);
  await desk.waitSaved();
  const articleId = JSON.parse(desk.cli(["articles", "list", "--json"]))[0].id;
  assert.match(
    JSON.parse(desk.cli(["articles", "show", articleId, "--json"])).body,
    new RegExp(`\\n\\n!\\[Two men in suits shaking hands in front of flags\\]\\(photo:${secondId}\\)\\n`),
    "the text holds the photo's Markdown on its own paragraph",
  );

  // The journalist corrects the credit: typed beats the file.
  const credit = await fieldOf(lead, "photo-credit");
  await credit.setValue("TT Nyhetsbyrån");
  await desk.browser.keys(Key.Tab);
  await waitForText(await fieldOf(lead, "photo-credit-source"), /typed · file says “Officiell pool via AP\/TT”/, "the source says typed");
  await waitForText(await fieldOf(lead, "photo-credit-line"), /^Photo: Alexander Zemlianichenko\/TT Nyhetsbyrån$/, "the credit line follows");
  await desk.waitSaved();

  // The preview shows the lead photo with its credit line, and the inline photo, both loaded.
  await (await desk.el("preview-toggle")).click();
  const frame = await desk.el("preview-frame");
  await desk.browser.waitUntil(async () => {
    const html = await desk.previewHtml();
    return html.includes('<figure class="photo lead">') && html.includes("Photo: Alexander Zemlianichenko/TT Nyhetsbyrån");
  }, { timeout: 8000, timeoutMsg: "the preview shows the lead photo and its credit" });
  const html = await desk.previewHtml();
  assert.equal((html.match(/<figure class="photo/g) ?? []).length, 2, "lead photo and the one in the text");
  const preflight = [];
  for (const item of await desk.all("preflight-item")) preflight.push(await item.getText());
  assert.ok(preflight.some((t) => /has no alt text/.test(t)), `the photo without alt text is flagged: ${preflight}`);
  await desk.browser.switchToFrame(frame);
  for (const img of await desk.browser.$$("figure img")) await pictureLoaded(img);
  await desk.browser.switchToParentFrame();
  await desk.screenshot("photos");

  await desk.quitWithCtrlQ();
  await desk.launch();
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Putin does not deny")) await item.click();
  }
  [lead] = await waitForItems(2);
  await waitForValue(lead, "photo-credit", "TT Nyhetsbyrån");
  assert.match(await (await fieldOf(lead, "photo-credit-source")).getText(), /^typed/);
  assert.equal(await (await fieldOf(lead, "photo-lead")).isSelected(), true);

  // The command line sees the same photo and where each value came from.
  const id = await lead.getAttribute("data-photo-id");
  const shown = JSON.parse(desk.cli(["photos", "show", id, "--json"]));
  assert.equal(shown.metadata.credit.value, "TT Nyhetsbyrån");
  assert.equal(shown.metadata.credit.source, "typed");
  assert.equal(shown.metadata.creator.source, "iim");
});

test("bad files are refused by name, the article untouched; the library finds photos again", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Bad files");
  await desk.typeBody("Text that must stay.");
  await desk.waitSaved();

  const good = readFileSync(path.join(FIXTURES, "photo-iptc-iim.jpg"));
  await pastePhoto("cut-short.jpg", good.subarray(0, Math.floor(good.length / 2)));
  const notice = await desk.el("notice");
  await notice.waitForDisplayed({ timeout: 8000 });
  assert.match(await notice.getText(), /"cut-short\.jpg" was not attached: the picture in it is damaged or incomplete/);
  assert.equal((await items()).length, 0);
  assert.equal(await desk.bodyText(), "Text that must stay.");

  // Three files chosen at once in the system's dialog: the one that is no photo is refused by
  // name, the others are attached, the first good one as the lead photo.
  const earlier = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Earlier story" })).trim();
  const inEarlier = desk.cli(["photos", "add", earlier, path.join(FIXTURES, "photo-iptc-iim.jpg")]).trim();
  const chosen = path.join(desk.dataDir, "to-attach");
  mkdirSync(chosen);
  writeFileSync(path.join(chosen, "holiday.jpg"), "%PDF-1.7 not a photo at all");
  for (const name of ["photo-plain.png", "photo-iptc-iim.jpg"]) copyFileSync(path.join(FIXTURES, name), path.join(chosen, name));
  await (await desk.el("attach-photo")).click();
  await desk.answerFileDialog("Attach photos", chosen, { several: true });
  await waitForItems(2);
  assert.match(await desk.text("notice"), /"holiday\.jpg" was not attached: it is not a JPEG, PNG or WebP photo/);
  const attached = await desk.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="photo-item"]')].map((item) => ({
      id: item.getAttribute("data-photo-id"),
      facts: item.querySelector(".facts").textContent,
      lead: item.querySelector('[data-testid="photo-lead"]').checked,
    })),
  );
  const iptc = attached.find((photo) => photo.facts.includes("JPEG"));
  const plainPhoto = attached.find((photo) => photo.facts.includes("PNG"));
  assert.equal(iptc.lead, true, "the first good file (in the dialog's order) is the lead photo");
  assert.equal(plainPhoto.lead, false);
  assert.equal(iptc.id, inEarlier, "the same file is the same photo in the library, used by both stories");
  assert.ok(JSON.parse(desk.cli(["photos", "show", iptc.id, "--json"])).usedBy >= 2);
  await desk.waitSaved();
  const story = JSON.parse(desk.cli(["articles", "list", "--json"])).find((a) => a.headline === "Bad files");
  const saved = JSON.parse(desk.cli(["articles", "show", story.id, "--json"]));
  assert.match(saved.body, new RegExp(`\\(photo:${plainPhoto.id}\\)`), "the photo that is not the lead is placed in the text");
  // The journalist takes it out of the text again.
  await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
  await desk.browser.keys([Key.Ctrl, "a"]);
  await desk.browser.keys("Text that must stay.");
  await desk.waitSaved();

  await (await desk.el("open-photo-library")).click();
  const library = await desk.el("photo-library");
  await library.waitForDisplayed();
  const count = await desk.el("photo-library-count");
  await waitForText(count, /^\d+ photos$/, "the library lists the desk's photos");
  await (await desk.el("photo-library-search")).setValue("zemlianichenko");
  await waitForText(count, /^1 photo$/, "search finds the photographer");
  await desk.screenshot("photo-library");
  assert.match(await (await desk.el("photo-library-item")).getProperty("textContent"), /Vladimir Putin/);
  await pictureLoaded(await (await desk.el("photo-library-item")).$("img"));

  // Removed from its only story in the panel, the PNG is unused; clean-up asks first, in the
  // window, then removes it.
  const plain = plainPhoto.id;
  await (await desk.el("open-photo-library")).click();
  const panelItem = await desk.browser.$(`[data-testid="photo-item"][data-photo-id="${plain}"]`);
  await panelItem.waitForDisplayed({ timeout: 5000 });
  await (await panelItem.$('[data-testid="photo-remove"]')).click();
  await panelItem.waitForExist({ reverse: true, timeout: 5000 });
  await (await desk.el("open-photo-library")).click();
  await (await desk.el("photo-clean-up")).click();
  await (await desk.el("photo-clean-up-confirm")).click();
  await waitForText(await desk.el("notice"), /Removed 1 unused photo/, "the clean-up reports what it removed");
  assert.throws(() => desk.cli(["photos", "show", plain]), "the unused photo is gone");
});

/** Runs xdotool with `args`. */

test("photos dropped from another program land in the text where they are dropped", async () => {
  const id = desk
    .cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Dropped photos", body: "First paragraph.\n\nSecond paragraph." }))
    .trim();
  await desk.launch();
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Dropped photos")) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();

  /** Drags `file` from a GTK window (as a file manager offers it) onto the body's first line. */
  const drop = (file) => desk.dropFileOnBody(path.join(FIXTURES, file));

  await drop("photo-iptc-iim.jpg");
  const [lead] = await waitForItems(1);
  await waitForValue(lead, "photo-creator", "Alexander Zemlianichenko");
  assert.equal(await (await fieldOf(lead, "photo-lead")).isSelected(), true, "the first photo is the lead photo");

  await drop("photo-xmp-only.jpg");
  const [, second] = await waitForItems(2);
  const secondId = await second.getAttribute("data-photo-id");
  await desk.waitSaved();
  assert.equal(
    JSON.parse(desk.cli(["articles", "show", id, "--json"])).body,
    `First paragraph.\n\n![Two men in suits shaking hands in front of flags](photo:${secondId})\n\nSecond paragraph.`,
    "the second photo is its own paragraph after the one it was dropped on",
  );
});

test("an image or a photo file on the system clipboard is pasted as a photo", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Pasted screenshot");
  await desk.typeBody("Text.");
  // As a screenshot tool leaves it: PNG data on the CLIPBOARD selection.
  const clipboard = spawn("xclip", ["-selection", "clipboard", "-t", "image/png", "-i", path.join(FIXTURES, "photo-plain.png")], { stdio: "ignore" });
  try {
    await sleep(300);
    await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
    await desk.browser.keys([Key.Ctrl, "v"]);
    const [photo] = await waitForItems(1);
    assert.match(await (await photo.$(".facts")).getText(), /^800 × 600 · PNG · pasted photo\.png$/);
    assert.match(await (await fieldOf(photo, "photo-credit-line")).getText(), /No credit/, "a clipboard carries no credit: the panel asks for one");
    assert.equal(await desk.bodyText(), "Text.", "the text is unchanged");
  } finally {
    clipboard.kill();
  }
  // A photo file copied in a file manager: its address is on the clipboard, and the app (not
  // the page) reads it there.
  const copied = spawn("xclip", ["-selection", "clipboard", "-t", "text/uri-list"], { stdio: ["pipe", "ignore", "ignore"] });
  copied.stdin.end(`file://${path.join(FIXTURES, "photo-xmp-only.jpg")}\r\n`);
  try {
    await sleep(300);
    await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
    await desk.browser.keys([Key.Ctrl, "v"]);
    const [, file] = await waitForItems(2);
    // The same bytes as the photo pasted in the first test: the library's photo, with its name.
    assert.match(await (await file.$(".facts")).getText(), /^1200 × 800 · JPEG · /);
  } finally {
    copied.kill();
  }
});

test("back from the photo library the editor still holds what was typed, and the photo used", async () => {
  const other = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Another story" })).trim();
  desk.cli(["photos", "add", other, path.join(FIXTURES, "photo-xmp-only.jpg")]);
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Typed before the library");
  await desk.typeBody("Words typed before opening the library.");
  await (await desk.el("open-photo-library")).click();
  const use = await desk.el("photo-library-use");
  await use.waitForDisplayed({ timeout: 5000 });
  await use.click();
  await (await desk.el("open-photo-library")).click();
  await (await desk.el("headline")).waitForDisplayed({ timeout: 5000 });
  assert.equal(await (await desk.el("headline")).getValue(), "Typed before the library");
  assert.equal(await desk.bodyText(), "Words typed before opening the library.");
  await waitForItems(1);
  await desk.typeBody(" And after.");
  await desk.waitSaved();
  const [saved] = JSON.parse(desk.cli(["articles", "list", "--json"])).filter((a) => a.headline === "Typed before the library");
  assert.match(JSON.parse(desk.cli(["articles", "show", saved.id, "--json"])).body, /^Words typed before opening the library\..* And after\.|And after\..*Words typed/);
});
