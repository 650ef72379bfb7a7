import { spawn, execFileSync } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk } from "./harness.mjs";
const desk = new Desk({ port: 4494 });
await desk.start();
let source;
try {
  await desk.launch();
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).addValue("Dropped");
  await desk.typeBody("First paragraph.\nSecond paragraph.");
  await desk.waitSaved();
  source = spawn("/usr/bin/python3", ["/tmp/dnd/source.py", path.resolve("tests/fixtures/photos/photo-xmp-only.jpg"), "1100", "700"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => source.stdout.once("data", resolve));
  await sleep(500);
  const box = await desk.browser.execute(() => {
    const lines = document.querySelectorAll('[data-testid="body"] .cm-line');
    const r = lines[0].getBoundingClientRect();
    return { x: Math.round(r.left + 40), y: Math.round(r.top + r.height / 2) };
  });
  console.log("target", box);
  const run = (...args) => execFileSync("xdotool", args.map(String));
  run("mousemove", 1140, 720);
  await sleep(200);
  run("mousedown", 1);
  for (let i = 1; i <= 20; i++) {
    run("mousemove", Math.round(1140 + ((box.x - 1140) * i) / 20), Math.round(720 + ((box.y - 720) * i) / 20));
    await sleep(40);
  }
  await sleep(300);
  run("mouseup", 1);
  await sleep(3000);
  console.log("items", (await desk.all("photo-item")).length);
  console.log("body", JSON.stringify(await desk.bodyText()));
  await desk.screenshot("debug-dnd");
} finally {
  source?.kill();
  await desk.stop();
}
