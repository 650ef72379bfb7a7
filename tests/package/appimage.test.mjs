// The AppImage as a newsroom on another Linux gets it: one file, not installed. scripts/test.sh
// builds it (scripts/package.sh) and runs this with APP_BIN set to it. The AppImage runtime
// extracts itself and starts the app (APPIMAGE_EXTRACT_AND_RUN=1: a machine without FUSE, as
// this one and many containers are, runs it so too); here it is started on an empty data folder
// under Xvfb, its first start is answered in the window, a story is written in it, and the
// story is on disk where the command line finds it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, APP, Desk } from "../e2e/harness.mjs";

const desk = new Desk({ port: 4520 });
before(() => desk.start());
after(() => desk.stop());

test("the AppImage starts on an empty folder, and what is written in it is kept", async () => {
  assert.match(APP, /\.AppImage$/, "run with APP_BIN=…/Newsroom_<version>_<arch>.AppImage");
  assert.equal(process.env.APPIMAGE_EXTRACT_AND_RUN, "1", "run with APPIMAGE_EXTRACT_AND_RUN=1");

  const browser = await desk.launch({ people: false });
  console.log(`| the AppImage, start to editable window (Xvfb, extracted at each start) | ${Math.round(desk.startupMs)} ms | |`);
  assert.equal(await browser.getTitle(), "Newsroom");
  await (await desk.el("first-start")).waitForDisplayed({ timeout: 5000, timeoutMsg: "the first start asks who is at the desk" });
  await (await desk.el("first-name")).setValue(ADMIN.name);
  await (await desk.el("first-passphrase")).setValue(ADMIN.passphrase);
  await (await desk.el("first-start-submit")).click();
  await (await desk.el("first-start")).waitForDisplayed({ reverse: true, timeout: 5000 });

  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).setValue("Written in the AppImage");
  await browser.waitUntil(
    () => JSON.parse(desk.cli(["articles", "list", "--json"])).some((a) => a.headline === "Written in the AppImage"),
    { timeout: 10_000, timeoutMsg: "the story written in the AppImage is not on disk" },
  );
});
