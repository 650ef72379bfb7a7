// Closing the window the way a journalist does, through the window manager, saves what was
// typed. Xvfb has no window manager, so this file runs a tiny one (matchbox) for its test and
// asks it to close the window (wmctrl -c): a real close request, as a click on × sends.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk } from "./harness.mjs";

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
