// The workflow's first steps in the real window: a story moved on the command line shows its
// state in the list, the list filters by state, and typing into an approved story sends it back
// to Submitted with the reason in its trail (the approved text stays as it was approved).
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { ADMIN, CLI, Desk, Key } from "./harness.mjs";

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
  desk.addPeople();
  const body = "Putin avoided confirming the reports. ".repeat(12);
  const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Approved story", body, byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);
  asEditor(["workflow", "approve", id, "--as", "Erik"]);
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A draft beside it" }));

  await desk.launch();
  // The reporter is at the desk: what follows (typing, an embargo) is hers to do.
  await desk.switchProfile("Ana");
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Ana"), { timeout: 5000 });
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
  // The details beside the text: the language by its name, the embargo off until switched on.
  await (await desk.el("details-panel")).waitForDisplayed({ timeout: 5000 });
  assert.equal(await desk.browser.execute(() => document.querySelector('[data-testid="language"]').selectedOptions[0].textContent), "English");
  assert.match(await desk.text("embargo-state"), /^Off/);
  assert.equal(await (await desk.el("embargo")).isExisting(), false, "no date field while the embargo is off");
  await (await desk.el("embargo-switch")).click();
  // An embargo set in the editor shows in the list.
  // WebKitWebDriver cannot type into a datetime-local control's segments; the value is set as
  // its picker sets it, and the change event the desk listens to is sent.
  await (await desk.el("embargo")).waitForDisplayed({ timeout: 5000 });
  await desk.browser.execute(() => {
    const input = document.querySelector('[data-testid="embargo"]');
    input.value = "2030-01-02T06:30";
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await desk.browser.waitUntil(async () => {
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes("Approved story")) return /Embargo 2 Jan 06:30/i.test(await item.getText());
    }
    return false;
  }, { timeout: 5000, timeoutMsg: "the list shows the embargo" });
  assert.match(await desk.text("embargo-state"), /^On: not before 2 Jan 06:30$/);
  await desk.screenshot("details-panel");

  const shown = JSON.parse(desk.cli(["articles", "show", id, "--json"]));
  assert.equal(shown.status, "submitted");
  assert.equal(shown.approvedRevisionId, null);
  const last = shown.workflow.at(-1);
  assert.deepEqual([last.fromState, last.toState], ["approved", "submitted"]);
  assert.match(last.note, /Edited after approval/);
});

test("a reporter submits, an editor reviews from the queue, sends back, and approves", async () => {
  const fresh = new Desk({ port: 4482 });
  await fresh.start();
  try {
    await fresh.launch({ people: false });
    const { browser } = fresh;
    /** The state the editor's bar shows (the list has badges too). */
    const editorState = async () => (await browser.$('.editor-bar [data-testid="state-badge"]').then((b) => b.getText())).toLowerCase();
    // First start: one question, "Who are you?", before anything is written. New article waits
    // for the answer; the first person is the desk's admin, with a passphrase.
    await (await fresh.el("first-start")).waitForDisplayed({ timeout: 5000 });
    await fresh.screenshot("first-start");
    await (await fresh.el("new-article")).click();
    await (await fresh.el("first-start-asked")).waitForDisplayed({ timeout: 5000 });
    assert.equal(await (await fresh.el("headline")).isExisting(), false, "no story is started before anyone is named");
    assert.equal(await browser.execute(() => document.activeElement?.getAttribute("data-testid")), "first-name", "the name field has the cursor");
    await (await fresh.el("first-name")).setValue(ADMIN.name);
    await (await fresh.el("first-passphrase")).setValue("short");
    await (await fresh.el("first-start-submit")).click();
    await (await fresh.el("first-start-error")).waitForDisplayed({ timeout: 5000 });
    await (await fresh.el("first-passphrase")).setValue(ADMIN.passphrase);
    await (await fresh.el("first-start-submit")).click();
    await (await fresh.el("first-start")).waitForDisplayed({ reverse: true, timeout: 5000 });
    await browser.waitUntil(async () => (await fresh.text("profile-switcher")).startsWith(ADMIN.name), {
      timeout: 5000,
      timeoutMsg: "the first profile, the admin, is at the desk",
    });
    // The admin adds the reporter, who takes the desk.
    await (await fresh.el("profile-switcher")).click();
    await (await fresh.el("profile-new")).click();
    await (await fresh.el("profile-name")).setValue("Ana");
    await (await fresh.browser.$('[aria-label="Byline"]')).setValue("Ana Berg/TT");
    await (await fresh.el("profile-role")).selectByAttribute("value", "reporter");
    await (await fresh.el("profile-add")).click();
    await browser.waitUntil(async () => (await fresh.all("profile-item")).length === 2, { timeout: 5000, timeoutMsg: "Ana is added" });
    await (await fresh.el("profile-switcher")).click();
    await fresh.switchProfile("Ana");
    await browser.waitUntil(async () => (await fresh.text("profile-switcher")).startsWith("Ana"), {
      timeout: 5000,
      timeoutMsg: "the reporter is at the desk",
    });

    await (await fresh.el("new-article")).click();
    await (await fresh.el("headline")).addValue("Putin does not deny North Korean soldiers");
    assert.equal(await (await fresh.el("byline")).getValue(), "Ana Berg/TT", "a new story starts with its writer's byline");
    await fresh.typeBody("Putin avoided confirming the reports. ".repeat(10));
    assert.equal(await editorState(), "draft");
    // Submit stopped by pre-flight: each thing to fix on its own line, one click from its place.
    await (await fresh.el("details-toggle")).click();
    await (await fresh.el("submit")).click();
    const blockers = await fresh.el("submit-blockers");
    await blockers.waitForDisplayed({ timeout: 5000 });
    const blocker = await fresh.el("submit-blocker");
    assert.match(await blocker.getText(), /^Choose the section/);
    await blocker.click();
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "section-picker", {
      timeout: 5000,
      timeoutMsg: "the blocker jumps to the section picker, the details opened for it",
    });
    await browser.keys("Enter");
    await browser.keys("world");
    await browser.keys("Enter");
    await (await fresh.el("submit")).click();
    await blockers.waitForDisplayed({ reverse: true, timeout: 5000 });
    assert.match(await fresh.text("notice"), /Sent to the editors\. You can take it back until one of them opens it\./);
    await browser.waitUntil(async () => (await editorState()) === "submitted", {
      timeout: 5000,
      timeoutMsg: "the story is submitted",
    });
    assert.equal(await (await fresh.el("open-review-queue")).isExisting(), false, "a reporter has no review queue");
    // Until an editor opens it, the reporter may take it back and keep writing.
    await (await fresh.el("take-back")).click();
    await browser.waitUntil(async () => (await editorState()) === "draft", { timeout: 5000, timeoutMsg: "the story is a draft again" });
    await (await fresh.el("submit")).click();
    await browser.waitUntil(async () => (await editorState()) === "submitted", {
      timeout: 5000,
      timeoutMsg: "the story is submitted again",
    });

    // The overview counts it and lists it among Ana's stories.
    await (await fresh.el("open-overview")).click();
    const overview = await fresh.el("desk-overview");
    await overview.waitForDisplayed({ timeout: 5000 });
    const states = [];
    for (const row of await fresh.all("overview-state")) states.push((await row.getProperty("textContent")).replace(/\s+/g, " ").trim());
    assert.ok(states.includes("Submitted1") || states.includes("Submitted 1"), states.join(" | "));
    // Every count is a filter: the Submitted figure shows the submitted stories in the list.
    fresh.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A second draft, not submitted" }));
    const submittedCount = (await fresh.all("overview-state"))[states.findIndex((s) => s.startsWith("Submitted"))];
    await submittedCount.click();
    await overview.waitForDisplayed({ reverse: true, timeout: 5000 });
    assert.equal(await (await fresh.el("filter-status")).getValue(), "submitted");
    await browser.waitUntil(async () => (await fresh.all("article-item")).length === 1, { timeout: 5000, timeoutMsg: "only the submitted story is listed" });
    assert.match(await (await fresh.el("article-item")).getText(), /Putin does not deny/);
    await (await fresh.el("filter-status")).selectByAttribute("value", "");
    await browser.waitUntil(async () => (await fresh.all("article-item")).length === 2, { timeout: 5000, timeoutMsg: "both stories listed again" });
    await (await fresh.el("open-overview")).click();
    assert.match(await (await fresh.el("overview-mine")).getText(), /Putin does not deny/);
    await (await fresh.el("overview-mine")).click();
    await (await fresh.el("headline")).waitForDisplayed({ timeout: 5000 });

    // A crafted call cannot approve as a reporter: the window acts as the profile at the desk.
    const story = JSON.parse(fresh.cli(["articles", "list", "--json"])).find((a) => /Putin does not deny/.test(a.headline));
    const crafted = await browser.execute(
      (id) => window.__TAURI_INTERNALS__.invoke("move_story", { articleId: id, action: "approve", seenVersion: 99, note: "" }).then(
        () => "approved",
        (error) => error.message,
      ),
      story.id,
    );
    assert.equal(crafted, "Only an editor can approve a story.");

    // The editor (added by the admin from the command line, passphrases in the environment)
    // takes over.
    fresh.cliAs(ADMIN, ["profiles", "add", "Erik", "--role", "editor"], undefined, { NEWSROOM_NEW_PASSPHRASE: "correct horse battery" });
    const switchTo = (name, passphrase) => fresh.switchProfile(name, passphrase);
    await switchTo("Erik", "wrong horse battery");
    await browser.waitUntil(async () => /passphrase is not right/.test(await browser.$(".profile-menu").then((m) => m.getText())), {
      timeout: 5000,
      timeoutMsg: "a wrong passphrase is refused",
    });
    await (await fresh.el("profile-passphrase")).setValue("correct horse battery");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await fresh.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });

    // The editor's home is at the top of the sidebar, with how many stories wait.
    await browser.waitUntil(async () => (await fresh.text("open-review-queue").catch(() => "")) === "Review (1)", {
      timeout: 5000,
      timeoutMsg: "Review (1) at the top for the editor",
    });
    await (await fresh.el("open-review-queue")).click();
    const queued = await fresh.el("review-item");
    await queued.waitForDisplayed({ timeout: 5000 });
    assert.match(await queued.getProperty("textContent"), /Putin does not deny[\s\S]*Ana · World · 50 words · waiting \d+ min/);
    await queued.click();
    await browser.waitUntil(async () => (await editorState()) === "in review", { timeout: 5000 });

    // A comment on a passage: the word double-clicked in the text.
    await (await browser.$('[data-testid="body"] .cm-line')).doubleClick();
    const picked = (await browser.execute(() => window.getSelection().toString())).trim();
    assert.ok(picked.length > 0, "a word is selected");
    await (await fresh.el("comments-toggle")).click();
    await (await fresh.el("comment-input")).setValue("Which service?");
    await (await fresh.el("comment-add")).click();
    await browser.waitUntil(async () => (await fresh.all("comment-item")).length === 1, { timeout: 5000 });
    const commented = await (await fresh.el("comment-item")).getText();
    assert.ok(commented.includes(`“${picked}”`) && commented.includes("Which service?"), commented);
    await (await fresh.el("comments-toggle")).click();

    await (await fresh.el("request-changes")).click();
    await (await fresh.el("request-changes-note")).setValue("Name the intelligence service");
    await browser.keys([Key.Ctrl, Key.Enter]);
    await browser.waitUntil(async () => (await editorState()) === "changes requested", { timeout: 5000 });

    await switchTo("Ana");
    // The hand-off is where the work is: who sent it back, when, and their note, above the text.
    const sentBack = await fresh.el("sent-back");
    await sentBack.waitForDisplayed({ timeout: 5000 });
    assert.match(await sentBack.getText(), /Erik sent it back · \d\d:\d\d[\s\S]*“Name the intelligence service”/);
    // The open comments are in the banner too; one click shows the passage, comments beside it.
    const toAnswer = await fresh.el("sent-back-comment");
    await toAnswer.waitForDisplayed({ timeout: 5000 });
    assert.match(await toAnswer.getText(), new RegExp(`^“${picked}”\\s*Erik: Which service\\?$`));
    // The list marks the story as waiting on Ana.
    await browser.waitUntil(async () => (await fresh.all("waiting-on-me")).length === 1, { timeout: 5000, timeoutMsg: "the list marks it waiting on Ana" });
    const marked = await (await fresh.el("waiting-on-me")).$("..").$("..");
    assert.match(await marked.getText(), /Putin does not deny[\s\S]*Waiting on you/i);
    await fresh.screenshot("sent-back");
    await toAnswer.click();
    await browser.waitUntil(async () => (await fresh.el("comments-toggle")).getAttribute("aria-pressed").then((p) => p === "true"), {
      timeout: 5000,
      timeoutMsg: "the comments open beside the text",
    });
    assert.equal((await browser.execute(() => window.getSelection().toString())).trim(), picked, "the passage is selected");
    // The reporter answers the comment and resolves it.
    assert.equal(await fresh.text("comments-toggle"), "Comments (1)");
    await (await browser.$("button=Reply")).click();
    await (await fresh.el("comment-reply")).setValue("GRU, named now.");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await fresh.all("comment-item")).length === 2, { timeout: 5000 });
    await (await fresh.el("comment-resolved")).click();
    await browser.waitUntil(async () => (await fresh.text("comments-toggle")) === "Comments", { timeout: 5000, timeoutMsg: "resolved" });
    await (await fresh.el("comments-toggle")).click();
    assert.equal((await fresh.all("sent-back-comment")).length, 0, "nothing left to answer in the banner");
    await (await fresh.el("resubmit")).click();
    await browser.waitUntil(async () => (await editorState()) === "submitted", { timeout: 5000 });
    await (await fresh.el("sent-back")).waitForDisplayed({ reverse: true, timeout: 5000 });
    assert.equal((await fresh.all("waiting-on-me")).length, 0, "resubmitted, it waits on an editor now");
    await switchTo("Erik", "correct horse battery");
    await browser.waitUntil(async () => (await fresh.all("waiting-on-me")).length === 1, { timeout: 5000, timeoutMsg: "the editor's list marks it" });
    await browser.waitUntil(async () => (await fresh.el("approve")).isExisting(), { timeout: 5000 });
    // The editor's bar keeps to one line at 1280 px with the History or Comments panel open:
    // the state and the primary actions on the left, the panels and "⋯" on the right, nothing
    // cut off.
    const measureBar = () =>
      browser.execute(() => {
        const bar = document.querySelector(".editor-bar");
        const shown = [...bar.children].filter((child) => {
          const box = child.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        });
        const boxes = shown.map((child) => child.getBoundingClientRect());
        return {
          // On one line, every item crosses the same horizontal line.
          oneLine: Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom)),
          spill: bar.scrollWidth - bar.clientWidth,
          window: window.innerWidth,
          words: shown.map((child) => (child.tagName === "SELECT" ? child.selectedOptions[0].textContent : child.textContent).trim()).join(" | "),
        };
      });
    for (const panel of ["history", "comments-toggle"]) {
      await (await fresh.el(panel)).click();
      await browser.pause(300);
      const bar = await measureBar();
      await fresh.screenshot(`editor-bar-with-${panel}`);
      assert.equal(bar.window, 1280);
      assert.ok(bar.oneLine, `${panel}: one line: ${bar.words}`);
      assert.ok(bar.spill <= 0, `${panel}: nothing cut off (${bar.spill} px): ${bar.words}`);
      assert.match(bar.words, /Submitted \| Approve \| Send back \| Details\s*Preview\s*Comments\s*History \| ⋯$/);
      await (await fresh.el(panel)).click();
    }
    // Beside the wide preview the panels are one control, and the bar still keeps to one line.
    await (await fresh.el("preview-toggle")).click();
    await browser.pause(300);
    const besidePreview = await measureBar();
    assert.ok(besidePreview.oneLine && besidePreview.spill <= 0, `beside the preview: ${besidePreview.words}`);
    assert.match(besidePreview.words, /^Submitted \| Approve \| Send back \| Preview \| ⋯$/);
    await fresh.screenshot("editor-bar-with-preview");
    await (await fresh.el("panel-select")).selectByAttribute("value", "history");
    await (await fresh.el("history-panel")).waitForDisplayed({ timeout: 5000 });
    await (await fresh.el("history")).click();
    // Approving takes a note too, in the same popover (optional; Ctrl+Enter approves).
    await (await fresh.el("approve")).click();
    await (await fresh.el("approve-note")).setValue("Good. Lead the site with it.");
    await browser.keys([Key.Ctrl, Key.Enter]);
    await browser.waitUntil(async () => (await editorState()) === "approved", { timeout: 5000 });

    await (await fresh.el("history")).click();
    await fresh.screenshot("workflow");
    await browser.waitUntil(async () => (await fresh.all("audit-item")).length === 7, { timeout: 5000, timeoutMsg: "seven moves in the trail" });
    const trail = [];
    for (const item of await fresh.all("audit-item")) trail.push(await item.getText());
    assert.match(trail[0], /Erik: Submitted → Approved · “Good\. Lead the site with it\.”/);
    assert.ok(trail.some((t) => /Erik: In review → Changes requested · “Name the intelligence service”/.test(t)), trail.join("\n"));

    const shown = JSON.parse(fresh.cli(["articles", "show", story.id, "--json"]));
    assert.deepEqual(shown.workflow.map((e) => e.actor), ["Ana", "Ana", "Ana", "Erik", "Erik", "Ana", "Erik"]);
    assert.deepEqual(shown.workflow.slice(0, 3).map((e) => e.action), ["submit", "take_back", "submit"]);
    assert.equal(shown.approvedRevisionId, shown.workflow.at(-1).revisionId);
    // The history names the revision each move was made at, as people know it (whose, and
    // when; never its id), and marks who approved which.
    assert.match(trail[0], /on the revision \w+’s of .*\d\d:\d\d:\d\d/);
    assert.ok(!trail.join("\n").includes(shown.approvedRevisionId.slice(-8)), "no revision ids in the window");
    const approvedMarks = [];
    for (const mark of await fresh.all("revision-approved")) approvedMarks.push(await mark.getText());
    assert.deepEqual(approvedMarks, ["Approved by Erik"]);

    // The editor withdraws it (after a confirmation) and brings it back as a draft.
    await (await fresh.el("more-actions")).click();
    await (await fresh.el("kill")).click();
    await (await fresh.el("kill-confirm")).click();
    await browser.waitUntil(async () => (await editorState()) === "killed", { timeout: 5000 });
    // A killed story takes no typing: the text is locked and the editor says why.
    assert.match(await fresh.text("locked-notice"), /was killed\. Reopen it to change it/);
    assert.equal(await browser.$('[data-testid="body"] .cm-content').then((c) => c.getAttribute("contenteditable")), "false");
    assert.equal(await (await fresh.el("headline")).getAttribute("readonly"), "true");
    await (await fresh.el("reopen")).click();
    await browser.waitUntil(async () => (await editorState()) === "draft", { timeout: 5000 });
    assert.equal(await browser.$('[data-testid="body"] .cm-content').then((c) => c.getAttribute("contenteditable")), "true");
  } finally {
    await fresh.stop();
  }
});

test("when the desk lets only editors edit approved stories, a reporter finds one locked", async () => {
  // The first test's desk: Ana (reporter) and Erik (editor) exist; approve a fresh story.
  const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Locked once approved", body: "Troops moved. ".repeat(20), byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);
  asEditor(["workflow", "approve", id, "--as", "Erik"]);

  await desk.launch();
  const { browser } = desk;
  await desk.switchProfile("Erik", "correct horse battery");
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });
  await (await desk.el("open-overview")).click();
  await (await desk.el("edit-policy")).selectByAttribute("value", "editors_only");
  await browser.waitUntil(async () => (await (await desk.el("edit-policy")).getValue()) === "editors_only", { timeout: 5000 });
  await (await desk.el("open-overview")).click();

  await desk.switchProfile("Ana");
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Ana"), { timeout: 5000 });
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("Locked once approved")) await item.click();
  }
  await browser.waitUntil(async () => /only an editor can change it now/.test(await desk.text("locked-notice").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the reporter is told the approved story is the editors' now",
  });
  assert.equal(await browser.$('[data-testid="body"] .cm-content').then((c) => c.getAttribute("contenteditable")), "false");
  assert.equal(JSON.parse(desk.cli(["articles", "show", id, "--json"])).status, "approved");
});

test("the lists and the open panels follow moves made elsewhere, without a click", async () => {
  // The first test's desk. The window is Erik's, with a story and its History open.
  desk.addPeople();
  const id = desk.cli(["--as", "Ana", "articles", "create", "--json", "-"], JSON.stringify({ headline: "Moved from the command line", body: "Troops moved. ".repeat(20), byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  await desk.launch();
  const { browser } = desk;
  await desk.switchProfile("Erik", "correct horse battery");
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });
  const rowOf = async (headline) => {
    for (const item of await desk.all("article-item")) if ((await item.getText()).includes(headline)) return item;
    return null;
  };
  await (await rowOf("Moved from the command line")).click();
  await (await desk.el("history")).click();
  const trailLength = (await desk.all("audit-item")).length;
  const review = await desk.text("open-review-queue");

  // Ana submits it from the command line (another program on the same desk).
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);
  await browser.waitUntil(async () => (await desk.all("audit-item")).length === trailLength + 1, {
    timeout: 3000,
    timeoutMsg: "the History panel shows the move",
  });
  assert.match(await browser.$('.editor-bar [data-testid="state-badge"]').then((b) => b.getText()), /^submitted$/i, "the editor's bar shows it");
  await browser.waitUntil(async () => (await desk.text("open-review-queue")) !== review, { timeout: 3000, timeoutMsg: "the review count follows" });
  await browser.waitUntil(async () => /Submitted/i.test(await (await rowOf("Moved from the command line")).getText()), {
    timeout: 3000,
    timeoutMsg: "the list shows the new state",
  });
  // A story made on the command line appears in the list as it is.
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Made elsewhere, listed here" }));
  await browser.waitUntil(async () => (await rowOf("Made elsewhere, listed here")) !== null, {
    timeout: 3000,
    timeoutMsg: "the new story is listed without a filter change",
  });

  // A second window on the same desk (another app on the same folder): Ana has the story open
  // there when Erik, in the first, opens it for review and sends it back.
  const second = new Desk({ port: 4486 });
  rmSync(second.dataDir, { recursive: true, force: true });
  second.dataDir = desk.dataDir;
  await second.start();
  try {
    const other = await second.launch();
    await second.switchProfile("Ana");
    await other.waitUntil(async () => (await second.text("profile-switcher")).startsWith("Ana"), { timeout: 5000 });
    for (const item of await second.all("article-item")) if ((await item.getText()).includes("Moved from the command line")) await item.click();
    const state = () => other.$('.editor-bar [data-testid="state-badge"]').then((b) => b.getText());
    await other.waitUntil(async () => /^submitted$/i.test(await state()), { timeout: 5000 });

    await (await desk.el("open-review-queue")).click();
    await (await desk.el("review-item")).waitForClickable({ timeout: 5000 });
    let queued;
    for (const item of await desk.all("review-item")) if ((await item.getProperty("textContent")).includes("Moved from the command line")) queued = item;
    await queued.click();
    await (await desk.el("review-queue")).waitForDisplayed({ reverse: true, timeout: 5000, timeoutMsg: "the story opens from the queue" });
    await other.waitUntil(async () => /^in review$/i.test(await state()), { timeout: 3000, timeoutMsg: "the second window shows it in review" });
    await (await desk.el("request-changes")).click();
    await (await desk.el("request-changes-note")).setValue("Who moved them?");
    await browser.keys([Key.Ctrl, Key.Enter]);
    const banner = await second.el("sent-back");
    await banner.waitForDisplayed({ timeout: 3000, timeoutMsg: "the second window shows the send-back" });
    assert.match(await banner.getText(), /Erik sent it back[\s\S]*“Who moved them\?”/);
    await other.waitUntil(async () => (await second.all("waiting-on-me")).length > 0, { timeout: 3000, timeoutMsg: "and marks it waiting on Ana" });
  } finally {
    // Its session only: the folder and the first window are the file's own desk's.
    await second.dropSession();
    second.driver?.kill();
  }
});
