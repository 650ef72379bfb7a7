// Real-window figures for docs/PERFORMANCE.md (a bench, not a test): `npm run bench:window`
// under Xvfb, after scripts/test.sh has built the app.
//
// - start to editable window: from asking WebKitWebDriver for a session (which starts the app)
//   until the "New article" button is clickable; median of 5 starts.
// - key to painted glyph: with a 50,000-word body open, 200 single key presses at the end of
//   the text, one WebDriver call each. In the page, a capturing keydown listener stamps the
//   time; a requestAnimationFrame callback followed by a MessageChannel message fires after the
//   frame that shows the glyph has been painted, and stamps again.
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk, Key } from "./harness.mjs";

const cli = process.env.NEWSROOM_CLI ?? "newsroom";
const desk = new Desk({ port: 4460 });
/** Opens the article `headline` and measures 200 key presses at the end of its body. */
async function typingLatencies(headline) {
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes(headline)) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();
  const words = await desk.text("word-count");
  await desk.browser.execute(() => {
    window.__latencies = [];
    if (window.__measuring) return;
    window.__measuring = true;
    document.addEventListener(
      "keydown",
      () => {
        const pressed = performance.now();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => window.__latencies.push(performance.now() - pressed);
          channel.port2.postMessage(null);
        });
      },
      true,
    );
  });
  const content = await desk.browser.$('[data-testid="body"] .cm-content');
  await content.click();
  await desk.browser.keys([Key.Ctrl, Key.End]);
  await sleep(300);
  await desk.browser.execute(() => (window.__latencies = []));
  for (let i = 0; i < 200; i++) await desk.browser.keys(i % 6 === 5 ? " " : "abcdefgh"[i % 8]);
  await desk.waitSaved(20_000);
  return { words, latencies: await desk.browser.execute(() => window.__latencies) };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
};

try {
  await desk.start();
  const paragraph = "Around three thousand soldiers have arrived, according to intelligence services in Seoul. ";
  const body = Array.from({ length: 50_000 / 12 / 8 }, () => paragraph.repeat(8)).join("\n\n") + "\n\nThe end";
  execFileSync(cli, ["articles", "create", "--json", "-"], {
    input: JSON.stringify({ headline: "A 50,000-word long read", body }),
    env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir },
  });
  execFileSync(cli, ["articles", "create", "--json", "-"], {
    input: JSON.stringify({ headline: "A short story", body: paragraph.repeat(8) }),
    env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir },
  });

  const starts = [];
  for (let i = 0; i < 5; i++) {
    await desk.launch();
    starts.push(desk.startupMs);
    await desk.dropSession();
    await sleep(300);
  }

  await desk.launch();
  const long = await typingLatencies("A 50,000-word long read");
  const short = await typingLatencies("A short story");

  const row = (name, value, target) => console.log(`| ${name} | ${value} | ${target} |`);
  console.log(`(bodies: ${long.words} and ${short.words}; ${long.latencies.length} key presses each)`);
  console.log("| measure | figure | target |\n|---|---|---|");
  row("app start to editable window (Xvfb, median of 5)", `${percentile(starts, 0.5).toFixed(0)} ms`, "< 1 s");
  row("key to painted glyph, 50,000 words, p50", `${percentile(long.latencies, 0.5).toFixed(1)} ms`, "");
  row("key to painted glyph, 50,000 words, p95", `${percentile(long.latencies, 0.95).toFixed(1)} ms`, "≤ 16 ms");
  row("key to painted glyph, 100 words (control), p50", `${percentile(short.latencies, 0.5).toFixed(1)} ms`, "");
  row("key to painted glyph, 100 words (control), p95", `${percentile(short.latencies, 0.95).toFixed(1)} ms`, "");
} finally {
  await desk.stop();
}
