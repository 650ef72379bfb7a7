// Spelling and house style in the real window: a misspelling and a house-style match are
// underlined as they are typed, each with its explanation, and Ctrl+. with the cursor in one
// writes the fix, which is saved like any typing.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
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
