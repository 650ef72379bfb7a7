// Windows as the window manager sees them: closing the main window saves what was typed, and
// the preview detaches into a window of its own that follows the editor until it is closed.
// Xvfb has no window manager, so this file runs a tiny one (matchbox) and asks it to close
// windows (wmctrl -c): a real close request, as a click on × sends.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk } from "./harness.mjs";

/** Waits until the preview frame's page satisfies `predicate`. */
async function waitForPreview(predicate, message) {
  await desk.browser.waitUntil(async () => predicate(await desk.previewHtml()), { timeout: 8000, timeoutMsg: message });
}

const desk = new Desk({ port: 4468 });
let windowManager;
before(async () => {
  windowManager = spawn("matchbox-window-manager", ["-use_titlebar", "no"], { stdio: "ignore" });
  await desk.start();
});
after(async () => {
  await desk.stop();
  windowManager?.kill();
});

test("closing the window right after typing saves the text, then the app quits", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  await desk.typeBody("Closed straight after typing");
  const pid = desk.appPid();
  // Sooner than the 400 ms autosave: what saves the text is the close request's flush.
  execFileSync("wmctrl", ["-c", "Newsroom"]);
  let exited = false;
  for (let i = 0; i < 100 && !exited; i++) {
    try {
      process.kill(pid, 0);
      await sleep(100);
    } catch {
      exited = true;
    }
  }
  await desk.dropSession();
  assert.ok(exited, "the app quit after saving");
  const [article] = JSON.parse(desk.cli(["articles", "list", "--json"]));
  assert.equal(JSON.parse(desk.cli(["articles", "show", article.id, "--json"])).body, "Closed straight after typing");
});

test("the preview detaches into a window of its own that follows the editor", async () => {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Second screen");
  await desk.typeBody("Written in the main window.");
  await (await desk.el("preview-toggle")).click();
  await (await desk.el("preview-detach")).click();
  const main = await desk.browser.getWindowHandle();
  await desk.browser.waitUntil(async () => (await desk.browser.getWindowHandles()).length === 2, {
    timeout: 8000,
    timeoutMsg: "a second window opens",
  });
  const detached = (await desk.browser.getWindowHandles()).find((handle) => handle !== main);
  assert.equal(await desk.el("preview-frame").then((f) => f.isExisting()), false, "the pane leaves the main window");

  await desk.browser.switchToWindow(detached);
  await (await desk.el("preview-window")).waitForExist({ timeout: 8000 });
  await waitForPreview((h) => h.includes("Written in the main window."), "the detached preview shows the text");
  assert.equal(await desk.browser.getTitle(), "Newsroom – Preview");

  await desk.browser.switchToWindow(main);
  await desk.typeBody(" And more, not saved yet.");
  await desk.browser.switchToWindow(detached);
  await waitForPreview((h) => h.includes("And more, not saved yet."), "it follows the typing");

  // A finding clicked there puts the cursor in the main window's field.
  for (const item of await desk.all("preflight-item")) {
    if ((await item.getText()).includes("no byline")) await item.click();
  }
  await desk.browser.switchToWindow(main);
  await desk.browser.waitUntil(
    async () => (await desk.browser.execute(() => document.activeElement?.getAttribute("data-testid"))) === "byline",
    { timeout: 5000, timeoutMsg: "the byline field has the cursor" },
  );

  // Closed through the window manager (WebDriver's own close only drops the web view).
  execFileSync("wmctrl", ["-F", "-c", "Newsroom – Preview"]);
  await desk.browser.waitUntil(async () => (await desk.browser.getWindowHandles()).length === 1, {
    timeout: 8000,
    timeoutMsg: "the preview window closes",
  });
  const toggle = await desk.el("preview-toggle");
  await desk.browser.waitUntil(async () => (await toggle.getAttribute("aria-pressed")) === "false", {
    timeout: 5000,
    timeoutMsg: "the main window knows the preview window is gone",
  });
  await toggle.click();
  await (await desk.el("preview-frame")).waitForExist({ timeout: 5000, timeoutMsg: "the preview returns to the pane" });
});
