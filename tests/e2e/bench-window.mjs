// Real-window figures for docs/PERFORMANCE.md (a bench, not a test): `npm run bench:window`
// under Xvfb, after scripts/test.sh has built the app.
//
// - start to editable window: from asking WebKitWebDriver for a session (which starts the app)
//   until the "New article" button is clickable; median of 5 starts.
// - key to painted glyph: with a 50,000-word body open, 200 single key presses at the end of
//   the text, one WebDriver call each. In the page, a capturing keydown listener stamps the
//   time; a requestAnimationFrame callback followed by a MessageChannel message fires after the
//   frame that shows the glyph has been painted, and stamps again.
// - preview: with a 10,000-word article open and the preview shown, 15 keys typed one at a
//   time, 800 ms apart; from the last keydown until the frame that shows the re-rendered page
//   (the iframe's load event, then the same frame wait) has been painted.
// - tag suggestions: with 50,000 tags in the vocabulary, 40 letters typed into the tag input,
//   one WebDriver call each; from keydown until the frame that shows the new suggestion list
//   has been painted (a MutationObserver on the list, then the same frame wait).
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { Desk, Key } from "./harness.mjs";

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

/** Opens `headline` with the preview shown; measures last key to the re-rendered page painted. */
async function previewLatencies(headline) {
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes(headline)) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();
  await (await desk.el("preview-toggle")).click();
  await (await desk.el("preview-frame")).waitForDisplayed();
  await sleep(1500);
  await desk.browser.execute(() => {
    window.__previews = [];
    let pressed = null;
    document.addEventListener("keydown", () => (pressed = performance.now()), true);
    document.querySelector('[data-testid="preview-frame"]').addEventListener("load", () => {
      if (pressed === null) return;
      const started = pressed;
      pressed = null;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__previews.push(performance.now() - started);
        channel.port2.postMessage(null);
      });
    });
  });
  const content = await desk.browser.$('[data-testid="body"] .cm-content');
  await content.click();
  await desk.browser.keys([Key.Ctrl, Key.End]);
  for (let i = 0; i < 15; i++) {
    await desk.browser.keys("x");
    await sleep(800);
  }
  return desk.browser.execute(() => window.__previews);
}

/** Types into the tag input of the open article and measures until the suggestions are painted. */
async function suggestionLatencies() {
  await desk.browser.execute(() => {
    window.__suggestions = [];
    const field = document.querySelector(".tag-field");
    let pressed = null;
    field.addEventListener("keydown", () => (pressed = performance.now()), true);
    new MutationObserver(() => {
      if (pressed === null) return;
      const started = pressed;
      pressed = null;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__suggestions.push(performance.now() - started);
        channel.port2.postMessage(null);
      });
    }).observe(field, { childList: true, subtree: true, characterData: true });
  });
  const input = await desk.el("tag-input");
  for (let round = 0; round < 10; round++) {
    await input.click();
    for (const letter of "kalo") {
      await desk.browser.keys(letter);
      await sleep(60);
    }
    await input.clearValue();
    await sleep(100);
  }
  return desk.browser.execute(() => window.__suggestions);
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
};

try {
  await desk.start();
  const paragraph = "Around three thousand soldiers have arrived, according to intelligence services in Seoul. ";
  const body = Array.from({ length: 50_000 / 12 / 8 }, () => paragraph.repeat(8)).join("\n\n") + "\n\nThe end";
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A 50,000-word long read", body }));
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A short story", body: paragraph.repeat(8) }));
  const tenThousand = Array.from({ length: 10_000 / 12 / 8 }, () => paragraph.repeat(8)).join("\n\n");
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "A 10,000-word feature", body: tenThousand }));

  const tagFile = `${desk.dataDir}/tags.json`;
  const syllables = ["ka", "lo", "mi", "ne", "sa", "tor", "vik", "berg", "an", "el", "is", "un", "rad", "hem", "ost"];
  const tagNames = new Set();
  for (let i = 0; tagNames.size < 50_000; i++) {
    const word = () => Array.from({ length: 2 + (i % 3) }, () => syllables[Math.floor(Math.random() * syllables.length)]).join("");
    tagNames.add(`${word()} ${word()}`);
  }
  const slugs = new Set();
  const tags = [...tagNames].map((name) => {
    let slug = name.replace(" ", "-");
    while (slugs.has(slug)) slug += "-x";
    slugs.add(slug);
    return { slug, name };
  });
  writeFileSync(tagFile, JSON.stringify({ format: 1, sections: [], tags }));
  desk.cli(["vocabularies", "import", tagFile]);

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
  const suggestions = await suggestionLatencies();
  const previews = await previewLatencies("A 10,000-word feature");

  const row = (name, value, target) => console.log(`| ${name} | ${value} | ${target} |`);
  console.log(`(bodies: ${long.words} and ${short.words}; ${long.latencies.length} key presses each)`);
  console.log("| measure | figure | target |\n|---|---|---|");
  row("app start to editable window (Xvfb, median of 5)", `${percentile(starts, 0.5).toFixed(0)} ms`, "< 1 s");
  row("key to painted glyph, 50,000 words, p50", `${percentile(long.latencies, 0.5).toFixed(1)} ms`, "");
  row("key to painted glyph, 50,000 words, p95", `${percentile(long.latencies, 0.95).toFixed(1)} ms`, "≤ 16 ms");
  row("key to painted glyph, 100 words (control), p50", `${percentile(short.latencies, 0.5).toFixed(1)} ms`, "");
  row("key to painted glyph, 100 words (control), p95", `${percentile(short.latencies, 0.95).toFixed(1)} ms`, "");
  row("last key to painted preview, 10,000 words, p50", `${percentile(previews, 0.5).toFixed(0)} ms`, "");
  row("last key to painted preview, 10,000 words, p95", `${percentile(previews, 0.95).toFixed(0)} ms`, "≤ 50 ms");
  row("key to painted tag suggestions, 50,000 tags, p50", `${percentile(suggestions, 0.5).toFixed(1)} ms`, "");
  row("key to painted tag suggestions, 50,000 tags, p95", `${percentile(suggestions, 0.95).toFixed(1)} ms`, "one frame");
} finally {
  await desk.stop();
}
