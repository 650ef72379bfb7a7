// Spelling and house style in the real window: a misspelling and a house-style match are
// underlined as they are typed, each with its explanation, and Ctrl+. with the cursor in one
// writes the fix, which is saved like any typing. A headline's matches are listed under it; a
// place kept as written stays so after a restart; an editor's new rule, tried across the desk
// before it is saved, underlines a reporter's open story in her own window.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { CLI, Desk, Key } from "./harness.mjs";

const desk = new Desk({ port: 4492 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** The underlined words of `kind` ("cm-misspelt", "cm-house-style") and their titles. */
const underlined = (kind) =>
  desk.browser.execute((cls) => [...document.querySelectorAll(`[data-testid="body"] .${cls}`)].map((m) => [m.textContent, m.title]), kind);

/** Puts the cursor inside the first underlined `word`. */
async function cursorInto(word) {
  await desk.browser.execute((text) => {
    const mark = [...document.querySelectorAll('[data-testid="body"] .cm-misspelt, [data-testid="body"] .cm-house-style')].find((m) => m.textContent === text);
    const range = document.createRange();
    range.setStart(mark.firstChild, 2);
    range.collapse(true);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }, word);
  await desk.browser.pause(100);
}

test("a misspelling and a house-style match are underlined as typed and fixed with Ctrl+.", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Troops in the capital");
  await desk.typeBody("The reprots say Kiev is calm.");
  await desk.browser.waitUntil(async () => (await underlined("cm-misspelt")).length === 1 && (await underlined("cm-house-style")).length === 1, {
    timeout: 5000,
    timeoutMsg: "both are underlined",
  });
  const [[misspelt, why]] = await underlined("cm-misspelt");
  assert.equal(misspelt, "reprots");
  assert.match(why, /not in the English dictionary/);
  const [[styled, rule]] = await underlined("cm-house-style");
  assert.equal(styled, "Kiev");
  assert.match(rule, /^Names: The capital of Ukraine is Kyiv/);
  await desk.screenshot("text-checks");

  await cursorInto("Kiev");
  await desk.browser.keys([Key.Ctrl, "."]);
  await cursorInto("reprots");
  await desk.browser.keys([Key.Ctrl, "."]);
  await desk.browser.waitUntil(async () => (await desk.bodyText()) === "The reports say Kyiv is calm.", {
    timeout: 5000,
    timeoutMsg: `both fixed: ${await desk.bodyText()}`,
  });
  await desk.browser.waitUntil(async () => (await underlined("cm-misspelt")).length + (await underlined("cm-house-style")).length === 0, {
    timeout: 5000,
    timeoutMsg: "nothing is underlined once fixed (the house style's Kyiv is not a misspelling)",
  });
  await desk.waitSaved();
  const [story] = JSON.parse(desk.cli(["articles", "list", "--json"])).filter((a) => a.headline === "Troops in the capital");
  assert.equal(JSON.parse(desk.cli(["articles", "show", story.id, "--json"])).body, "The reports say Kyiv is calm.");

  // A story's tags are names that are right in it: tagged, a name is not a misspelling.
  await desk.typeBody(" Dakhlallah spoke.");
  await desk.browser.waitUntil(async () => (await underlined("cm-misspelt")).some(([word]) => word === "Dakhlallah"), { timeout: 5000 });
  desk.cli(["articles", "tag", story.id, "Farah Dakhlallah"]);
  await desk.typeBody(" ");
  await desk.browser.waitUntil(async () => !(await underlined("cm-misspelt")).some(([word]) => word === "Dakhlallah"), {
    timeout: 5000,
    timeoutMsg: "the tagged name is no longer underlined",
  });

  // A name the dictionary lacks goes in the newsroom's dictionary with Ctrl+Shift+., for good.
  await desk.typeBody(" Brics met.");
  await desk.browser.waitUntil(async () => (await underlined("cm-misspelt")).some(([word]) => word === "Brics"), { timeout: 5000 });
  await cursorInto("Brics");
  await desk.browser.keys([Key.Ctrl, Key.Shift, "."]);
  await desk.browser.waitUntil(async () => !(await underlined("cm-misspelt")).some(([word]) => word === "Brics"), {
    timeout: 5000,
    timeoutMsg: "the newsroom's word is no longer underlined",
  });
  assert.match(desk.cli(["style", "words"]), /^Brics$/m);
  // (`check` exits 1 for the story's blockers, a section and a byline; its list is what counts.)
  const checked = spawnSync(CLI, ["check", story.id], { env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir }, encoding: "utf8" }).stdout;
  assert.match(checked, /BLOCKER/);
  assert.ok(!checked.includes("Brics"), `nor is it a spelling warning in pre-flight: ${checked}`);
});

/** The first underline of `kind` whose text is `word`, clicked as a person clicks it. */
async function clickUnderline(kind, word) {
  for (const mark of await desk.browser.$$(`[data-testid="body"] .${kind}`)) {
    if ((await mark.getText()) === word) return mark.click();
  }
  throw new Error(`no ${kind} underline on ${word}`);
}

/** How many times `check` lists a house-style warning for `word` in the body. */
function warningsFor(id, word) {
  const checked = spawnSync(CLI, ["check", id], { env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir }, encoding: "utf8" }).stdout;
  return checked.split("\n").filter((line) => line.includes(`House style in the text: “${word}”`)).length;
}

test("a headline's match is fixed from its list, and a place kept as written stays so after a restart", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Troops leave Kiev");
  const fix = await desk.el("field-fix");
  await fix.waitForDisplayed({ timeout: 5000, timeoutMsg: "the headline's match is listed under it with its fix" });
  assert.equal(await fix.getText(), "→ Kyiv");
  await fix.click();
  await desk.browser.waitUntil(async () => (await (await desk.el("headline")).getValue()) === "Troops leave Kyiv", { timeout: 3000 });
  await desk.browser.waitUntil(async () => (await desk.all("field-finding")).length === 0, { timeout: 5000, timeoutMsg: "and nothing is listed once fixed" });

  await desk.typeBody("He said Kiev in 1991. Troops left Kiev today.");
  await desk.browser.waitUntil(async () => (await underlined("cm-house-style")).length === 2, { timeout: 5000, timeoutMsg: "both underlined" });
  await clickUnderline("cm-house-style", "Kiev");
  const keep = await desk.el("check-keep");
  await keep.waitForDisplayed({ timeout: 3000, timeoutMsg: "a click on the underline opens its menu" });
  const offered = [];
  for (const suggestion of await desk.all("check-suggestion")) offered.push(await suggestion.getText());
  assert.deepEqual(offered, ["Kyiv"]);
  await keep.click();
  await desk.browser.waitUntil(async () => (await underlined("cm-house-style")).length === 1, { timeout: 5000, timeoutMsg: "the kept place is no longer underlined" });
  await desk.waitSaved();
  const [story] = JSON.parse(desk.cli(["articles", "list", "--json"])).filter((a) => a.headline === "Troops leave Kyiv");
  await desk.browser.waitUntil(async () => warningsFor(story.id, "Kiev") === 1, { timeout: 5000, timeoutMsg: "pre-flight passes over the kept place too" });

  // After a restart, the mark is the story's: the quotation stays as written, the other is flagged.
  await desk.dropSession();
  await desk.launch();
  for (const item of await desk.all("article-item")) if ((await item.getText()).includes("Troops leave Kyiv")) await item.click();
  await desk.browser.waitUntil(async () => (await underlined("cm-house-style")).length === 1, { timeout: 8000, timeoutMsg: "one underline after the restart" });
  const marks = await desk.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="body"] .cm-house-style')].map((m) => {
      const line = m.closest(".cm-line")?.textContent ?? "";
      return line.indexOf(m.textContent, line.indexOf("Troops"));
    }),
  );
  assert.ok(marks[0] > 0, "the one still underlined is the second, in “Troops left Kiev”");

  // Pre-flight lists it, and a click on it selects it where it is in the text.
  await (await desk.el("preview-toggle")).click();
  let warning;
  await desk.browser.waitUntil(
    async () => {
      for (const item of await desk.all("preflight-item")) if ((await item.getText()).includes("House style in the text: “Kiev”")) warning = item;
      return warning !== undefined;
    },
    { timeout: 8000, timeoutMsg: "pre-flight lists the house-style match" },
  );
  await warning.click();
  await desk.browser.waitUntil(
    async () =>
      desk.browser.execute(() => {
        const selection = document.getSelection();
        const line = selection?.anchorNode?.parentElement?.closest(".cm-line")?.textContent ?? "";
        return selection?.toString() === "Kiev" && line.includes("Troops left Kiev");
      }),
    { timeout: 3000, timeoutMsg: "the click selects the flagged place in the text" },
  );
});

test("an editor adds a rule, sees what it would flag first, and a reporter's open story shows its matches", async () => {
  desk.addPeople();
  const body = "Rain fell on Bombay overnight and the trains stopped for hours. ".repeat(8);
  const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Floods in the city", body, byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);

  await desk.launch();
  await desk.switchProfile("Erik", "correct horse battery");
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });

  // Ana, at her own window on the same desk, has the story open: nothing of Bombay is flagged.
  const second = new Desk({ port: 4490 });
  rmSync(second.dataDir, { recursive: true, force: true });
  second.dataDir = desk.dataDir;
  await second.start();
  try {
    const ana = await second.launch();
    await second.switchProfile("Ana");
    for (const item of await second.all("article-item")) if ((await item.getText()).includes("Floods in the city")) await item.click();
    const anaUnderlines = () => ana.execute(() => [...document.querySelectorAll('[data-testid="body"] .cm-house-style')].map((m) => m.textContent));
    await ana.pause(1500);
    assert.deepEqual(await anaUnderlines(), []);

    // Erik writes the rule; before it is saved, he sees what it would flag across the desk.
    await (await desk.el("open-house-style")).click();
    await (await desk.el("new-style-rule")).click();
    await (await desk.el("rule-id")).setValue("bombay");
    await (await desk.el("rule-category")).setValue("Names");
    await (await desk.el("rule-words")).setValue("Bombay");
    await (await desk.el("rule-replacement")).setValue("Mumbai");
    await (await desk.el("rule-explanation")).setValue("The city has been Mumbai since 1995.");
    await (await desk.el("rule-matches")).setValue("Rain fell on Bombay.");
    await (await desk.el("rule-does-not-match")).setValue("Rain fell on Mumbai.");
    await desk.browser.waitUntil(async () => (await desk.text("rule-trial")).includes("Would flag 1 story (8 places)."), {
      timeout: 5000,
      timeoutMsg: `the trial: ${await desk.text("rule-trial")}`,
    });
    assert.match(await desk.text("trial-example"), /Floods in the city: Rain fell on Bombay overnight/);
    await desk.screenshot("house-style-rule");
    // No reason, no change.
    await (await desk.el("rule-save")).click();
    await desk.browser.waitUntil(async () => /Say why/.test(await desk.text("house-style-message")), { timeout: 3000 });
    await (await desk.el("rule-why")).setValue("Readers wrote in");
    await (await desk.el("rule-save")).click();
    await desk.browser.waitUntil(async () => /^Saved “bombay”/.test(await desk.text("house-style-message")), { timeout: 5000 });
    assert.match(await desk.text("style-change"), /Erik added bombay[\s\S]*“Readers wrote in”/);

    // Ana's open story shows the new rule's matches without her doing anything.
    await ana.waitUntil(async () => (await anaUnderlines()).length === 8 && (await anaUnderlines()).every((w) => w === "Bombay"), {
      timeout: 8000,
      timeoutMsg: "the reporter's open story is underlined by the editor's new rule",
    });
    // And she reads the rules, with nothing offered that the desk would refuse her.
    await (await second.el("open-house-style")).click();
    await (await second.el("house-style-read-only")).waitForDisplayed({ timeout: 3000 });
    assert.equal((await second.all("new-style-rule")).length, 0);
    await second.dropSession();
  } finally {
    // The second window's folder is the first's, removed with it.
    second.driver?.kill();
  }

  // Erik approving the story is told what is still flagged.
  for (const item of await desk.all("article-item")) if ((await item.getText()).includes("Floods in the city")) await item.click();
  await (await desk.el("approve")).waitForClickable({ timeout: 5000 });
  await desk.browser.pause(1000);
  await (await desk.el("approve")).click();
  await desk.browser.waitUntil(async () => /Still flagged: 8 house style \(“Bombay”\)/.test(await desk.text("approve-unresolved").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the approval says what is unresolved",
  });
});
