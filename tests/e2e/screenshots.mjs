// The pictures in docs/screens/, taken from the real window at 1280 px as a reporter and an
// editor go through a night's hand-offs: first start, writing with the details beside the
// text, the preview, the review queue, a story sent back, the overview and the history.
// `npm run screenshots` (under Xvfb: xvfb-run -a -s "-screen 0 1280x820x24") writes them
// again; nothing in them is staged by hand beyond the story's text and photo.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ADMIN, Desk, EDITOR, Key, REPORTER } from "./harness.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const SCREENS = path.join(root, "docs/screens");
const FIXTURES = path.join(root, "../shared/fixtures");

/** The model story as the desk keeps it: the seed article's text in Markdown. */
function modelStory() {
  const lines = readFileSync(path.join(FIXTURES, "seed-article-north-korean-soldiers.txt"), "utf8").split("\n");
  const start = lines.findIndex((line) => line.startsWith("Ukraine's intelligence service GRU"));
  const end = lines.findIndex((line, i) => i > start && line.startsWith("The development in the Russian invasion war"));
  const body = lines
    .slice(start, end + 1)
    .filter((line) => line.trim())
    .map((line) => (line.trim() === "Significant escalation" ? "## Significant escalation" : line.trim()))
    .join("\n\n");
  return {
    headline: "Ukraine: First North Korean soldiers in combat",
    standfirst:
      "Russia's president Vladimir Putin does not deny reports that North Korean soldiers are in Russia. According to Ukrainian intelligence reports, the special forces unit from North Korea is fighting in the Kursk region where Ukraine has advanced.",
    body,
    byline: "TT",
    editorsNote: "This article has been altered and translated by Newsroom Daily.",
  };
}

const desk = new Desk({ port: 4496 });
const shot = async (name) => {
  mkdirSync(SCREENS, { recursive: true });
  await desk.browser.pause(400);
  await desk.saveScreenshot(path.join(SCREENS, `${name}.png`));
  console.log(`docs/screens/${name}.png`);
};
const openStory = async (headline) => {
  for (const item of await desk.all("article-item")) if ((await item.getText()).includes(headline)) return item.click();
  throw new Error(`${headline} is not listed`);
};

await desk.start();
try {
  const browser = await desk.launch({ people: false });
  await (await desk.el("first-start")).waitForDisplayed({ timeout: 5000 });
  await shot("01-first-start");
  await (await desk.el("first-name")).setValue(ADMIN.name);
  await (await desk.el("first-passphrase")).setValue(ADMIN.passphrase);
  await (await desk.el("first-start-submit")).click();
  await (await desk.el("first-start")).waitForDisplayed({ reverse: true, timeout: 5000 });
  desk.cliAs(ADMIN, ["profiles", "add", REPORTER.name, "--role", "reporter", "--byline", "Ana Berg/TT"]);
  desk.cliAs(ADMIN, ["profiles", "add", EDITOR.name, "--role", "editor"], undefined, { NEWSROOM_NEW_PASSPHRASE: EDITOR.passphrase });

  // The model story, with its photo and filing; two more beside it in the list.
  const story = modelStory();
  const id = desk.cliAs(REPORTER, ["articles", "create", "--json", "-"], JSON.stringify(story)).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["articles", "tag", id, "North Korea", "Ukraine", "Russia"]);
  const photo = desk.cli(["photos", "add", id, path.join(FIXTURES, "photos/photo-iptc-iim.jpg"), "--lead"]).trim().split("\n")[0];
  desk.cli(["photos", "set", photo, "altText", "Vladimir Putin speaks at a lectern in Kazan"]);
  const other = desk.cliAs(REPORTER, ["articles", "create", "--json", "-"], JSON.stringify({ headline: "Malmö derby ends in a draw", standfirst: "Two late goals in front of a sold-out stadium.", body: "The derby ended 2–2. ".repeat(40), byline: "Ana Berg/TT" })).trim();
  desk.cli(["articles", "set-section", other, "sports"]);
  desk.cliAs(REPORTER, ["workflow", "submit", other]);
  desk.cliAs(REPORTER, ["articles", "create", "--json", "-"], JSON.stringify({ headline: "Storm warning for the west coast", body: "SMHI warns of gusts. ".repeat(10) }));

  // The reporter writes, the details beside the text.
  await desk.switchProfile(REPORTER.name);
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(REPORTER.name), { timeout: 5000 });
  await openStory(story.headline);
  await (await desk.el("details-panel")).waitForDisplayed({ timeout: 5000 });
  await shot("02-writing-with-details");
  await (await desk.el("preview-toggle")).click();
  await (await desk.el("preview-frame")).waitForDisplayed({ timeout: 5000 });
  await browser.pause(1000);
  await shot("03-preview");
  await (await desk.el("panel-select")).selectByAttribute("value", "");
  await (await desk.el("submit")).click();
  await browser.waitUntil(async () => /Sent to the editors/.test(await desk.text("notice").catch(() => "")), { timeout: 5000 });

  // The editor's home: the queue; a comment on a passage; the story sent back with a note.
  await desk.switchProfile(EDITOR.name, EDITOR.passphrase);
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(EDITOR.name), { timeout: 5000 });
  await (await desk.el("open-review-queue")).click();
  await (await desk.el("review-item")).waitForDisplayed({ timeout: 5000 });
  await shot("04-review-queue");
  const queued = await desk.all("review-item");
  let ours;
  for (const item of queued) if ((await item.getProperty("textContent")).includes(story.headline)) ours = item;
  await ours.click();
  await (await desk.el("headline")).waitForDisplayed({ timeout: 5000 });
  const gru = await browser.$('[data-testid="body"] .cm-line');
  await gru.doubleClick();
  await (await desk.el("comments-toggle")).click();
  await (await desk.el("comment-input")).setValue("Which service? Name it in full the first time.");
  await (await desk.el("comment-add")).click();
  await browser.waitUntil(async () => (await desk.all("comment-item")).length === 1, { timeout: 5000 });
  await (await desk.el("request-changes")).click();
  await (await desk.el("request-changes-note")).setValue("Good story. Say who confirmed the 3,000 and answer the comment, then send it again.");
  await shot("05-send-back-note");
  await browser.keys([Key.Ctrl, Key.Enter]);
  await browser.waitUntil(async () => /changes requested/i.test(await browser.$('.editor-bar [data-testid="state-badge"]').then((b) => b.getText())), { timeout: 5000 });

  await desk.switchProfile(REPORTER.name);
  await (await desk.el("sent-back")).waitForDisplayed({ timeout: 5000 });
  await shot("06-reporter-sees-sent-back");

  await desk.switchProfile(EDITOR.name, EDITOR.passphrase);
  await (await desk.el("open-overview")).click();
  await (await desk.el("desk-overview")).waitForDisplayed({ timeout: 5000 });
  await shot("07-overview");
  await (await desk.el("open-overview")).click();
  await (await desk.el("history")).click();
  await (await desk.el("history-panel")).waitForDisplayed({ timeout: 5000 });
  await shot("08-history");
} catch (error) {
  await desk.saveScreenshot(path.join(root, "tests/e2e/artifacts/screenshots-failed.png")).catch(() => {});
  throw error;
} finally {
  await desk.stop();
}
