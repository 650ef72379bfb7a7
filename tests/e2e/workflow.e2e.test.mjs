// The workflow's first steps in the real window: a story moved on the command line shows its
// state in the list, the list filters by state, and typing into an approved story sends it back
// to Submitted with the reason in its trail (the approved text stays as it was approved).
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { CLI, Desk } from "./harness.mjs";

const desk = new Desk({ port: 4480 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** The command line as an editor, the passphrase in the environment as the CLI expects it. */
function asEditor(args) {
  return execFileSync(CLI, args, {
    env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir, NEWSROOM_PASSPHRASE: "correct horse battery" },
    encoding: "utf8",
  });
}

test("an approved story edited in the window goes back to Submitted, its approval in the trail", async () => {
  desk.cli(["profiles", "add", "Ana", "--role", "reporter"]);
  asEditor(["profiles", "add", "Erik", "--role", "editor"]);
  const body = "Putin avoided confirming the reports. ".repeat(12);
  const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Approved story", body, byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);
  asEditor(["workflow", "approve", id, "--as", "Erik"]);
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A draft beside it" }));

  await desk.launch();
  const badgeOf = async (headline) => {
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes(headline)) return (await item.$('[data-testid="state-badge"]')).getText();
    }
    return null;
  };
  assert.match(await badgeOf("Approved story"), /^approved$/i);
  assert.match(await badgeOf("A draft beside it"), /^draft$/i);

  await (await desk.el("filter-status")).selectByAttribute("value", "approved");
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 1, {
    timeout: 5000,
    timeoutMsg: "the filter shows approved stories only",
  });
  await (await desk.el("filter-status")).selectByAttribute("value", "");

  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Approved story")) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();
  await desk.typeBody(" A late change.");
  await desk.waitSaved();
  await desk.browser.waitUntil(async () => /^submitted$/i.test(await badgeOf("Approved story")), {
    timeout: 5000,
    timeoutMsg: "the list shows the story back in Submitted",
  });
  const shown = JSON.parse(desk.cli(["articles", "show", id, "--json"]));
  assert.equal(shown.status, "submitted");
  assert.equal(shown.approvedRevisionId, null);
  const last = shown.workflow.at(-1);
  assert.deepEqual([last.fromState, last.toState], ["approved", "submitted"]);
  assert.match(last.note, /Edited after approval/);
});
