// Runs every benchmark of the repository and gathers their rows into one table: printed, and
// (full run) written into docs/PERFORMANCE.md between its bench:table markers. Each bench prints
// `| measure | figure | target |` rows; this adds how each was measured, marks a figure past its
// target, and puts beside each peer (WordPress, markdown-it: measured on this machine in the same
// run) how the desk's own figure compares. Started by `bash scripts/bench.sh`, which installs
// and builds what the benches need and provides the loopback WordPress.
//   node scripts/bench/report.mjs [--short]
// --short is CI's run: less data and fewer samples; it fails when a bench breaks or a figure is
// more than SHORT_RUN_SLACK times its target (a regression that size is no measuring noise).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SHORT = process.argv.includes("--short");
const SHORT_RUN_SLACK = 4;
const DOC = "docs/PERFORMANCE.md";
const BEGIN = "<!-- bench:table (written by scripts/bench.sh) -->";
const END = "<!-- /bench:table -->";

const out = mkdtempSync(path.join(tmpdir(), "newsroom-bench-"));
const env = { ...process.env, NEWSROOM_BENCH_OUT: out, NEWSROOM_BENCH_DIR: out };
if (SHORT) env.NEWSROOM_BENCH_SHORT = "1";
else delete env.NEWSROOM_BENCH_SHORT;

const cargoBench = (crate, bench) => ({
  how: `\`cargo bench -p ${crate} --bench ${bench}\``,
  command: ["cargo", "bench", "--locked", "--quiet", "-p", crate, "--bench", bench],
});
const parts = [
  cargoBench("newsroom-store", "desk"),
  cargoBench("newsroom-store", "body"),
  cargoBench("newsroom-core", "render"),
  cargoBench("newsroom-style", "style"),
  { how: "`node scripts/bench/markdown-it.mjs` (peer)", command: ["node", "scripts/bench/markdown-it.mjs", out] },
  cargoBench("newsroom-export", "ninjs"),
  cargoBench("newsroom-media", "photos"),
  cargoBench("newsroom-store", "photos"),
  { ...cargoBench("newsroom-publish", "push"), needs: "NEWSROOM_TEST_WP_URL" },
  { ...cargoBench("newsroom-desk", "sync"), needs: "NEWSROOM_TEST_PG_URL" },
  {
    how: `\`npm run bench:window\` (real window, Xvfb, ${process.env.APP_BIN?.includes("/release/") ? "release" : "debug"} build)`,
    command: ["xvfb-run", "-a", "-s", "-screen 0 1280x820x24", "node", "tests/e2e/bench-window.mjs"],
    needs: "NEWSROOM_CLI",
  },
];

/** The desk's figure each peer is compared with. */
const PEERS = [
  { peer: /^WordPress saving/, desk: /^autosave commit, .*p50$/ },
  { peer: /^WordPress showing/, desk: /^article page, .*p50$/ },
  { peer: /^markdown-it/, desk: /^article page, .*p50$/ },
];

/** "1,048 ms", "0.63 ms / 0.9 ms", "< 1 s" → milliseconds of the first number, or null. */
function milliseconds(text) {
  const found = /([\d,]+(?:\.\d+)?)\s*(ms|s)\b/.exec(text);
  if (!found) return null;
  const value = Number(found[1].replaceAll(",", ""));
  return found[2] === "s" ? value * 1000 : value;
}

const started = Date.now();
const rows = [];
const failures = [];
for (const part of parts) {
  if (part.needs && !process.env[part.needs]) {
    failures.push(`${part.how} did not run: ${part.needs} is not set (run it through scripts/bench.sh)`);
    continue;
  }
  console.error(`\n==> ${part.command.join(" ")}`);
  const run = spawnSync(part.command[0], part.command.slice(1), {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(run.stdout ?? "");
  if (run.status !== 0) {
    failures.push(`${part.how} failed (exit ${run.status ?? run.signal})`);
  }
  for (const line of (run.stdout ?? "").split("\n")) {
    const cells = /^\| (.+?) \| (.*?) \| (.*?) \|$/.exec(line.trim());
    if (!cells || cells[1] === "measure" || cells[1].startsWith("---")) continue;
    rows.push({ measure: cells[1], figure: cells[2], target: cells[3], how: part.how });
  }
}
rmSync(out, { recursive: true, force: true });

for (const row of rows) {
  const link = PEERS.find((p) => p.peer.test(row.measure));
  if (link) {
    const desk = rows.find((r) => link.desk.test(r.measure));
    const [theirs, ours] = [milliseconds(row.figure), desk && milliseconds(desk.figure)];
    if (theirs && ours) {
      const ratio = theirs / ours;
      const times = ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1);
      row.target = `peer of “${desk.measure}” (${desk.figure}): the desk is ${times}× ${ratio >= 1 ? "faster" : "slower"}`;
    }
    continue;
  }
  const [figure, target] = [milliseconds(row.figure), /^[≤<]/.test(row.target) ? milliseconds(row.target) : null];
  if (figure === null || target === null) continue;
  if (figure > target) row.target += " **(not met)**";
  if (SHORT && figure > target * SHORT_RUN_SLACK) {
    failures.push(`${row.measure}: ${row.figure}, more than ${SHORT_RUN_SLACK}× its target ${row.target}`);
  }
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`bash scripts/bench.sh\` in ${minutes} minutes` +
    " (2 cores, 24 GiB, Debian 12, ext4 on a virtual disk).",
  "",
  "| measure | figure | target | how |",
  "|---|---|---|---|",
  ...rows.map((r) => `| ${r.measure} | ${r.figure} | ${r.target} | ${r.how} |`),
].join("\n");
console.log(`\n${table}\n`);

if (!SHORT && failures.length === 0) {
  const doc = readFileSync(DOC, "utf8");
  const [begin, end] = [doc.indexOf(BEGIN), doc.indexOf(END)];
  if (begin < 0 || end < begin) throw new Error(`${DOC} has lost its bench:table markers`);
  writeFileSync(DOC, `${doc.slice(0, begin + BEGIN.length)}\n${table}\n${doc.slice(end)}`);
  console.log(`Written to ${DOC}.`);
}
if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
