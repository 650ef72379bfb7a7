// The package as a newsroom installs it: scripts/test.sh builds the .deb (scripts/package.sh)
// and installs it with dpkg; here the installed app is started from /usr/bin on an empty data
// folder under Xvfb, its window is seen and can be written in, and the command line installed
// beside it works on the same folder. Run with APP_BIN=/usr/bin/newsroom-app.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { APP, Desk } from "../e2e/harness.mjs";

const INSTALLED_CLI = "/usr/bin/newsroom";
const desk = new Desk({ port: 4510 });
before(() => desk.start());
after(() => desk.stop());

test("the installed app starts on an empty folder, and the command line is installed beside it", async () => {
  assert.equal(APP, "/usr/bin/newsroom-app", "run with APP_BIN=/usr/bin/newsroom-app");
  const owner = execFileSync("dpkg", ["-S", APP], { encoding: "utf8" });
  assert.match(owner, /^newsroom: /, "the app is the newsroom package's");
  assert.ok(existsSync(INSTALLED_CLI), "the command line is installed beside the app");
  assert.match(execFileSync("dpkg", ["-S", INSTALLED_CLI], { encoding: "utf8" }), /^newsroom: /);

  // Started as a journalist starts it, on a desk with nobody yet: the first start asks who.
  const starts = [];
  for (let i = 0; i < 5; i++) {
    await desk.launch({ people: false });
    starts.push(desk.startupMs);
    if (i === 0) {
      assert.equal(await desk.browser.getTitle(), "Newsroom");
      await (await desk.el("first-start")).waitForDisplayed({ timeout: 5000, timeoutMsg: "the first start asks who is at the desk" });
    }
    await desk.dropSession();
  }
  starts.sort((a, b) => a - b);
  console.log(`| installed release app, start to editable window (Xvfb, median of 5) | ${Math.round(starts[2])} ms | ≤ 500 ms |`);

  // The installed command line, on the same folder the app made.
  const run = (args, input) =>
    execFileSync(INSTALLED_CLI, args, { input, env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir }, encoding: "utf8" });
  const id = run(["articles", "create", "--json", "-"], JSON.stringify({ headline: "From the installed command line" })).trim();
  assert.equal(JSON.parse(run(["articles", "show", id, "--json"])).headline, "From the installed command line");
});
