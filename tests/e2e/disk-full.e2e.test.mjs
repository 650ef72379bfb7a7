// A full disk in the real window: the data folder is a small tmpfs that the test fills up.
// Needs root (mount); skipped, with the reason, where mounting is not allowed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { Desk } from "./harness.mjs";

const desk = new Desk({ port: 4456 });
let mounted = false;
before(async () => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", desk.dataDir], { stdio: "ignore" });
    mounted = true;
  } catch {
    mounted = false;
  }
  await desk.start();
});
after(async () => {
  await desk.dropSession();
  if (mounted) execFileSync("umount", [desk.dataDir]);
  await desk.stop();
});

test("a full disk: Not saved in plain words, the text kept, saved once space is freed", async (t) => {
  if (!mounted) return t.skip("cannot mount a tmpfs here (needs root)");
  const filler = path.join(desk.dataDir, "filler");
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Good news: More water in the northern Aral Sea");
  await desk.waitSaved();

  try {
    execFileSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=4k"], { stdio: "ignore" });
  } catch {
    // dd stops with "No space left on device": the disk is now full.
  }
  await desk.typeBody("Written on a full disk. ".repeat(20));
  const status = await desk.el("save-status");
  await status.waitUntil(async () => (await status.getText()) === "Not saved: The disk is full. Your text is kept in the editor; free some space and it will be saved.", {
    timeout: 5000,
    timeoutMsg: "the full disk was not reported in words",
  });
  assert.match(await desk.bodyText(), /^Written on a full disk\./);

  rmSync(filler);
  await desk.waitSaved(40_000);
  await desk.quitWithCtrlQ();
  const list = JSON.parse(desk.cli(["articles", "list", "--json"]));
  assert.equal(list[0].headline, "Good news: More water in the northern Aral Sea");
  assert.equal(list[0].wordCount, 100);
  const integrity = desk.cli(["doctor"]);
  assert.match(integrity, /Integrity:\s+ok/);
});
