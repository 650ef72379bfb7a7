// The renderer's peer, measured on the same machine in the same run: markdown-it (the Markdown
// library most JavaScript editors and CMS plugins use) turning the render bench's 5,132-word
// story into HTML. It does less than the desk's page does (no sanitiser, no photo resolution,
// no page around the body), so the ratio flatters it.
//   node scripts/bench/markdown-it.mjs DIR   (DIR/story.md, as the render bench writes it)
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import MarkdownIt from "markdown-it";

const { version } = createRequire(import.meta.url)("markdown-it/package.json");

const short = Boolean(process.env.NEWSROOM_BENCH_SHORT);
const markdown = readFileSync(path.join(process.argv[2], "story.md"), "utf8");
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// The engine compiles and optimises as it goes: the first renders are not the steady state.
for (let i = 0; i < 50; i++) md.render(markdown);
const samples = [];
for (let i = 0; i < (short ? 100 : 300); i++) {
  const started = performance.now();
  const html = md.render(markdown);
  samples.push(performance.now() - started);
  if (!html.includes("<h2>Sub-heading 28</h2>")) throw new Error("markdown-it lost the story's end");
}
samples.sort((a, b) => a - b);
const p50 = samples[Math.round((samples.length - 1) * 0.5)];
console.log(
  `| markdown-it ${version} on the same story (Markdown to HTML only: no sanitiser, no page), p50 | ${p50.toFixed(2)} ms | peer |`,
);
