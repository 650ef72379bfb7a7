// The shared desk in the real window. A reporter's laptop (the command line on a data folder of
// its own) and the editor's desk (this window, on another) meet on the real PostgreSQL that
// scripts/postgres/start.sh runs: the editor joins on the Desk page, a story the reporter
// submits reaches the editor's review queue within a second of her sync, and the editor's
// comment reaches her laptop; a name he keeps as written is flagged on hers no more. Another
// editor's laptop then publishes it on the loopback WordPress, and the window shows the post,
// claimed and recorded on the desk. A change the desk refused is sent again from the Shared desk
// page once its cause has passed; and a reporter whose laptop loses the desk mid-story sees the
// bar say Offline with what waits, and everything goes once the desk answers again.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CLI, Desk } from "./harness.mjs";

const FIXTURES = new URL("../fixtures/photos/", import.meta.url).pathname;

const desk = new Desk({ port: 4492 });
/** The other laptops' data folders, removed at the end. */
const folders = [];
before(() => desk.start());
afterEach(() => desk.dropSession());
after(async () => {
  await desk.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const PASSWORDS = {
  Boss: "boss's long password",
  Ana: "ana's long password",
  Erik: "erik's long password",
  Frida: "frida's long password",
};

function server() {
  const url = process.env.NEWSROOM_TEST_PG_URL;
  const password = process.env.NEWSROOM_TEST_PG_PASSWORD;
  const ca = process.env.NEWSROOM_TEST_PG_CA;
  assert.ok(url && password && ca, "these tests need the loopback PostgreSQL: bash scripts/postgres/start.sh, then NEWSROOM_TEST_PG_URL, _PASSWORD and _CA (scripts/test.sh sets them)");
  const { hostname, port, username } = new URL(url);
  return { hostname, port, username, password, ca };
}

/** A loopback door to PostgreSQL that a test can shut (every connection through it cut, new
 * ones refused, as when a laptop loses the network) and open again on the same port. */
async function door(targetPort) {
  const through = new Set();
  let server = null;
  let port = 0;
  const open = () =>
    new Promise((resolve) => {
      server = net.createServer((laptop) => {
        const desk = net.connect(targetPort, "127.0.0.1");
        for (const end of [laptop, desk]) {
          through.add(end);
          end.on("error", () => {});
          end.on("close", () => {
            through.delete(end);
            laptop.destroy();
            desk.destroy();
          });
        }
        laptop.pipe(desk);
        desk.pipe(laptop);
      });
      server.listen(port, "127.0.0.1", () => {
        port = server.address().port;
        resolve();
      });
    });
  const shut = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const end of through) end.destroy();
    });
  await open();
  return { port, open, shut };
}

/** The command line on the data folder `dir`. */
function cli(dir, args, { input, env = {} } = {}) {
  return execFileSync(CLI, args, {
    input,
    env: { ...process.env, NEWSROOM_DATA_DIR: dir, NEWSROOM_DESK_PASSWORD: "", ...env },
    encoding: "utf8",
  });
}

/** A new desk on the loopback PostgreSQL: its own database (named from `prefix`, short: the
 * desk names its logins after the database's first 20 characters), set up from the folder
 * `hub` by its admin Boss, with `people` ([name, role]) added; its address has no login. */
function newDesk(prefix, people) {
  const pg = server();
  const database = `${prefix}_${Date.now().toString(36)}`;
  execFileSync("psql", [`host=${pg.hostname} port=${pg.port} user=${pg.username} dbname=postgres sslmode=verify-full sslrootcert=${pg.ca}`, "-qc", `CREATE DATABASE ${database}`], {
    env: { ...process.env, PGPASSWORD: pg.password },
  });
  const hub = mkdtempSync(path.join(tmpdir(), `newsroom-${prefix}-hub-`));
  folders.push(hub);
  cli(hub, ["desk", "init", `postgres://${pg.username}@${pg.hostname}:${pg.port}/${database}?sslrootcert=${pg.ca}`, "--admin", "Boss"], {
    env: { PGPASSWORD: pg.password, NEWSROOM_DESK_PASSWORD: PASSWORDS.Boss },
  });
  for (const [name, role] of people) {
    cli(hub, ["desk", "add-person", name, "--role", role], { env: { NEWSROOM_DESK_PASSWORD: PASSWORDS[name] } });
  }
  return { pg, database, hub, address: `postgres://${pg.hostname}:${pg.port}/${database}?sslrootcert=${pg.ca}` };
}

test("a story submitted on a reporter's laptop reaches the editor's window within a second, and the comment goes back", async () => {
  const { pg, database, hub, address } = newDesk("nrt_e2e", [["Ana", "reporter"], ["Erik", "editor"], ["Frida", "editor"]]);
  const ana = mkdtempSync(path.join(tmpdir(), "newsroom-ana-"));
  folders.push(ana);

  // Ana writes on her laptop, offline, then joins and syncs: a draft, hers alone.
  const id = cli(ana, ["articles", "create", "--json", "-"], {
    input: JSON.stringify({ headline: "Soldiers cross the border", body: "Pyongyang sent troops on Monday, officials in Seoul said." }),
  }).trim();
  cli(ana, ["articles", "set-section", id, "world"]);
  // With her lead photo (its credit from the file, the alt text she typed).
  const photo = cli(ana, ["photos", "add", id, path.join(FIXTURES, "photo-iptc-iim.jpg"), "--lead"]).trim().split("\n")[0];
  cli(ana, ["photos", "set", photo, "altText", "Soldiers at the border crossing"]);
  cli(ana, ["desk", "join", address, "--as", "Ana"], { env: { NEWSROOM_DESK_PASSWORD: PASSWORDS.Ana } });
  cli(ana, ["desk", "sync"]);

  // Erik's window, on its first start, joins the desk instead of naming a local person.
  await desk.launch({ people: false });
  await (await desk.el("first-start-join")).click();
  await (await desk.el("shared-desk-address")).setValue(address);
  await (await desk.el("shared-desk-name")).setValue("Erik");
  await (await desk.el("shared-desk-password")).setValue("not his password");
  await (await desk.el("shared-desk-join-button")).click();
  const refused = await desk.el("shared-desk-error");
  await refused.waitForDisplayed({ timeout: 10000 });
  assert.match(await refused.getText(), /did not accept the name and password/);
  await (await desk.el("shared-desk-password")).setValue(PASSWORDS.Erik);
  await (await desk.el("shared-desk-join-button")).click();
  await desk.browser.waitUntil(async () => /^Synced \d\d:\d\d$/.test(await desk.text("desk-sync-status").catch(() => "")), {
    timeout: 10000,
    timeoutMsg: "the bar says when the laptop synced",
  });
  // He is at the desk now, as the desk knows him: an editor, offered the review queue.
  await desk.browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), {
    timeout: 5000,
    timeoutMsg: "Erik is at the desk after joining",
  });
  await (await desk.el("open-review-queue")).waitForDisplayed({ timeout: 5000 });
  await desk.screenshot("shared-desk-joined");
  assert.equal(await desk.text("open-review-queue"), "Review (0)", "Ana's draft is not the editor's to see");

  // Ana files it; her sync returns, and the editor's queue has it within a second.
  await (await desk.el("open-review-queue")).click();
  await (await desk.el("review-queue")).waitForDisplayed();
  cli(ana, ["workflow", "submit", id, "--as", "Ana"]);
  cli(ana, ["desk", "sync"]);
  const sent = performance.now();
  await desk.browser.waitUntil(async () => (await desk.all("review-item")).length === 1, {
    timeout: 5000,
    interval: 20,
    timeoutMsg: "the story never reached the editor's queue",
  });
  const arrivedMs = performance.now() - sent;
  console.log(`shared desk: submitted on the reporter's laptop to the editor's queue in ${Math.round(arrivedMs)} ms`);
  assert.ok(arrivedMs < 1000, `the story took ${Math.round(arrivedMs)} ms to reach the queue`);
  assert.match(await (await desk.el("review-item")).getProperty("textContent"), /Soldiers cross the border[\s\S]*Ana · World/, "filed under World on her laptop");

  // He opens it: her photo came with it, its credit and her alt text. He comments; his window
  // sends it; her next sync brings it.
  await (await desk.el("review-item")).click();
  await (await desk.el("headline")).waitForDisplayed();
  const shownPhoto = await desk.el("photo-item");
  await shownPhoto.waitForDisplayed({ timeout: 5000 });
  assert.equal(await shownPhoto.getAttribute("data-photo-id"), photo, "the same photo on both laptops");
  assert.match(await desk.text("photo-credit-line"), /Zemlianichenko/);
  await (await desk.el("comments-toggle")).click();
  await (await desk.el("comment-input")).setValue("Which officials?");
  await (await desk.el("comment-add")).click();
  await desk.browser.waitUntil(async () => (await desk.all("comment-item")).length === 1, { timeout: 5000 });
  await desk.browser.waitUntil(async () => (await desk.text("desk-sync-status")).startsWith("Synced"), { timeout: 5000 });
  let comments = [];
  for (let round = 0; round < 20 && comments.length === 0; round++) {
    cli(ana, ["desk", "sync"]);
    comments = JSON.parse(cli(ana, ["articles", "show", id, "--json"])).comments;
    if (comments.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(comments.length, 1, "the comment reached the reporter's laptop");
  assert.equal(comments[0].body, "Which officials?");
  assert.equal(comments[0].author, "Erik");
  const shown = JSON.parse(cli(ana, ["articles", "show", id, "--json"]));
  assert.equal(shown.status, "in_review", "the editor took it into review");
  // Her revisions are in his history, made on her laptop; the text of one comes from the desk
  // while the story is open, and shows what changed since.
  await (await desk.el("history")).click();
  await (await desk.el("history-panel")).waitForDisplayed();
  await desk.browser.waitUntil(async () => (await desk.all("revision-elsewhere")).length >= 1, {
    timeout: 5000,
    timeoutMsg: "Ana's revisions never reached Erik's history",
  });
  assert.equal(await desk.text("revision-elsewhere"), "on Ana’s laptop");
  for (const item of await desk.all("revision-item")) {
    if ((await item.getText()).includes("on Ana’s laptop")) {
      await item.click();
      break;
    }
  }
  await (await desk.el("revision-diff")).waitForDisplayed({ timeout: 5000, timeoutMsg: "the text of Ana's revision never came" });
  await desk.screenshot("shared-desk-history");
  await (await desk.el("history")).click();

  // Ana opens it on her laptop: the editor's window says so while he has it open.
  cli(ana, ["desk", "here", id]);
  await desk.browser.waitUntil(async () => (await desk.text("presence").catch(() => "")) === "Ana is editing", {
    timeout: 3000,
    timeoutMsg: "the editor's window never said Ana is editing",
  });
  await desk.screenshot("shared-desk-presence");
  // Her caret shows in his text, with her name, as soon as her laptop says where it is.
  cli(ana, ["desk", "here", id, "--at", "10"]);
  const said = performance.now();
  await desk.browser.waitUntil(async () => (await desk.browser.$$(".cm-ySelectionCaret")).length === 1, {
    timeout: 3000,
    interval: 20,
    timeoutMsg: "Ana's caret never showed in Erik's text",
  });
  console.log(`shared desk: the other's caret shown in ${Math.round(performance.now() - said)} ms`);
  assert.equal(await (await desk.browser.$(".cm-ySelectionInfo")).getProperty("textContent"), "Ana");
  await desk.screenshot("shared-desk-cursor");
  // His goes to the desk as he moves it in the text.
  await (await desk.browser.$('[data-testid="body"] .cm-content')).click();
  const psql = (sql) =>
    execFileSync("psql", [`host=${pg.hostname} port=${pg.port} user=${pg.username} dbname=${database} sslmode=verify-full sslrootcert=${pg.ca}`, "-tAc", sql], {
      env: { ...process.env, PGPASSWORD: pg.password },
      encoding: "utf8",
    }).trim();
  await desk.browser.waitUntil(
    async () => psql("SELECT p.cursor IS NOT NULL FROM desk.presence p JOIN desk.people e ON e.id = p.person WHERE e.name = 'Erik'") === "t",
    { timeout: 3000, interval: 100, timeoutMsg: "Erik's caret never reached the desk" },
  );
  // What she writes reaches his open text within a second of her laptop sending it.
  cli(ana, ["articles", "update", id, "--json", "-", "--as", "Ana"], {
    input: JSON.stringify({ body: "Pyongyang sent troops on Monday, officials in Seoul said. Ten thousand more may follow. Dakhlallah said so." }),
  });
  cli(ana, ["desk", "sync"]);
  const written = performance.now();
  await desk.browser.waitUntil(async () => (await desk.bodyText()).includes("Ten thousand more may follow."), {
    timeout: 3000,
    interval: 20,
    timeoutMsg: "her words never reached Erik's open text",
  });
  const textMs = performance.now() - written;
  console.log(`shared desk: the other's words in the open text in ${Math.round(textMs)} ms`);
  assert.ok(textMs < 1000, `her words took ${Math.round(textMs)} ms to reach his open text`);
  // Both laptops hold the same story, comments and all.
  assert.equal(cli(ana, ["desk", "digest", id]), cli(desk.dataDir, ["desk", "digest", id]));

  // The name she quoted is not in the dictionary: underlined in his text, and in her checks.
  // He keeps it as written; his window sends that at once, and her laptop flags it no more.
  const anaChecks = () => spawnSync(CLI, ["check", id], { env: { ...process.env, NEWSROOM_DATA_DIR: ana }, encoding: "utf8" }).stdout;
  assert.match(anaChecks(), /Spelling in the text: .*“Dakhlallah”/);
  const misspelt = async () => {
    for (const mark of await desk.browser.$$('[data-testid="body"] .cm-misspelt')) if ((await mark.getText()) === "Dakhlallah") return mark;
    return null;
  };
  await desk.browser.waitUntil(async () => (await misspelt()) !== null, { timeout: 5000, timeoutMsg: "the name is not underlined in the editor's text" });
  await (await misspelt()).click();
  await (await desk.el("check-keep")).waitForDisplayed({ timeout: 3000, timeoutMsg: "a click on the underline opens its menu" });
  await (await desk.el("check-keep")).click();
  await desk.browser.waitUntil(async () => (await misspelt()) === null, { timeout: 5000, timeoutMsg: "the kept name is still underlined" });
  let keptThere = false;
  for (let round = 0; round < 20 && !keptThere; round++) {
    cli(ana, ["desk", "sync"]);
    keptThere = !/Dakhlallah/.test(anaChecks());
    if (!keptThere) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(keptThere, "the name Erik kept as written is still flagged on Ana's laptop");
  assert.equal(cli(ana, ["desk", "digest", id]), cli(desk.dataDir, ["desk", "digest", id]), "the same places kept on both laptops");

  // Quiet when nothing happens: the window's rounds follow notifications, saves and a quiet
  // half minute, never one another.
  const lastSync = () => JSON.parse(cli(desk.dataDir, ["desk", "status", "--json"])).lastSyncAt;
  // The round that brought her words ends (and stamps its time) just after they show: the
  // quiet starts once that stamp stands still.
  let before = lastSync();
  for (let settled = false, tries = 0; !settled; tries++) {
    assert.ok(tries < 20, "the window kept syncing for ten seconds with nothing happening");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = lastSync();
    settled = now === before;
    before = now;
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.equal(lastSync(), before, "the window does not sync in a loop");

  // Erik leaves the story; Ana sharpens its headline on her laptop meanwhile. When he comes
  // back, the window says what it was and who changed it.
  await (await desk.el("new-article")).click();
  await (await desk.el("headline")).waitForDisplayed();
  await desk.browser.pause(500);
  cli(ana, ["articles", "update", id, "--json", "-", "--as", "Ana"], {
    input: JSON.stringify({ headline: "Soldiers cross the border at dawn" }),
  });
  cli(ana, ["desk", "sync"]);
  await desk.browser.waitUntil(async () => (await desk.all("article-item")).length === 2 && /at dawn/.test(await desk.text("article-list").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "Ana's headline never reached Erik's list",
  });
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes("at dawn")) await item.click();
  }
  const awayField = await desk.el("away-field");
  await awayField.waitForDisplayed({ timeout: 5000 });
  assert.equal(await awayField.getText(), "Headline was “Soldiers cross the border” (Ana)");
  await desk.screenshot("shared-desk-away-field");
  await (await desk.el("away-seen")).click();

  // Erik approves in the window. Frida's laptop (set up with the site by its own admin before
  // it joined) publishes it; her push is claimed on the desk, and Erik's window shows the post
  // and the story published, though his laptop never sent it.
  const site = { url: process.env.NEWSROOM_TEST_WP_URL, user: process.env.NEWSROOM_TEST_WP_USER, password: process.env.NEWSROOM_TEST_WP_PASSWORD };
  assert.ok(site.url && site.user && site.password, "this part needs the loopback WordPress (scripts/test.sh starts it)");
  await (await desk.el("approve")).click();
  await (await desk.el("approve-confirm")).click();
  await desk.browser.waitUntil(async () => /^approved$/i.test(await desk.text("state-badge").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the story never showed Approved",
  });
  const frida = mkdtempSync(path.join(tmpdir(), "newsroom-frida-"));
  folders.push(frida);
  const itPassphrase = "the laptop admin's passphrase";
  cli(frida, ["profiles", "add", "Laptop Admin", "--role", "admin"], { env: { NEWSROOM_NEW_PASSPHRASE: itPassphrase } });
  cli(frida, ["targets", "add", "Main site", "--wordpress", site.url, "--user", site.user, "--as", "Laptop Admin"], {
    env: { NEWSROOM_PASSPHRASE: itPassphrase, NEWSROOM_CMS_PASSWORD: site.password },
  });
  cli(frida, ["desk", "join", address, "--as", "Frida"], { env: { NEWSROOM_DESK_PASSWORD: PASSWORDS.Frida } });
  let heard = "";
  for (let round = 0; round < 20 && heard !== "approved"; round++) {
    cli(frida, ["desk", "sync"]);
    heard = JSON.parse(cli(frida, ["articles", "show", id, "--json"])).status;
    if (heard !== "approved") await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(heard, "approved", "Erik's approval reached Frida's laptop");
  // (An editor's profile on the laptop is unlocked with her desk password.)
  const pushed = cli(frida, ["push", id, "--target", "Main site", "--status", "publish", "--as", "Frida"], {
    env: { NEWSROOM_PASSPHRASE: PASSWORDS.Frida },
  });
  assert.match(pushed, /^Sent to Main site: /);
  const onSite = await desk.el("post-on-site");
  await onSite.waitForDisplayed({ timeout: 5000 });
  assert.match(await onSite.getText(), /: published, post \d+ \(sent by Frida\)$/);
  await desk.browser.waitUntil(async () => /^published$/i.test(await desk.text("state-badge").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the story never showed Published in Erik's window",
  });
  await desk.screenshot("shared-desk-published-elsewhere");
  cli(frida, ["desk", "sync"]);
  assert.equal(JSON.parse(cli(frida, ["articles", "show", id, "--json"])).status, "published");
  // Erik's Outbox lists her export, as her laptop put it on the desk (the outbox is shared).
  await (await desk.el("open-outbox")).click();
  const hers = await desk.el("outbox-elsewhere-item");
  await hers.waitForDisplayed({ timeout: 5000, timeoutMsg: "Frida's export never reached Erik's Outbox" });
  assert.equal(await hers.getAttribute("data-state"), "sent");
  // (Named by its address: Erik's laptop has no target for that site yet.)
  assert.ok((await hers.getText()).includes(`to ${site.url.replace(/\/$/, "")} · publish · on Frida’s laptop`), await hers.getText());
  await desk.screenshot("shared-desk-outbox");
  await (await desk.el("open-outbox")).click();
  assert.equal(cli(frida, ["desk", "digest", id]), cli(desk.dataDir, ["desk", "digest", id]), "the same post on both laptops");

  // The desk's admin adds the newsroom's site once; Erik's window lists it within a round and
  // he gives his own login for it there (the password to this computer's keychain, never the
  // desk).
  cli(hub, ["targets", "add", "Newsroom site", "--wordpress", site.url, "--user", site.user, "--as", "Boss"], {
    env: { NEWSROOM_PASSPHRASE: PASSWORDS.Boss, NEWSROOM_CMS_PASSWORD: site.password },
  });
  cli(hub, ["desk", "sync"]);
  await (await desk.el("open-sites")).click();
  await (await desk.el("target-settings")).waitForDisplayed();
  await desk.browser.waitUntil(async () => (await desk.all("target-login")).length === 1, {
    timeout: 5000,
    timeoutMsg: "the desk's site never reached Erik's Sites page",
  });
  assert.match(await desk.text("target-settings"), /Newsroom site[\s\S]*No login on this computer yet/);
  await (await desk.el("target-login-user")).setValue(site.user);
  await (await desk.el("target-login-password")).setValue(site.password);
  await (await desk.el("target-login-save")).click();
  await desk.browser.waitUntil(async () => /Password kept in/.test(await desk.text("target-settings")), {
    timeout: 5000,
    timeoutMsg: "the login was not kept",
  });
  await desk.screenshot("shared-desk-site-login");

  // Erik starts a draft of his own and adds Ana as its author in the window: until the desk
  // took her she shows as waiting; then her laptop has the draft, and the desk lists both.
  await (await desk.el("new-article")).click();
  const headline = await desk.el("headline");
  await headline.waitForDisplayed();
  await headline.setValue("Talks called off");
  await desk.browser.waitUntil(async () => /^Saved/.test(await desk.text("save-status").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "Erik's draft was never saved",
  });
  await desk.showDetails();
  // Each name, with " …" while the desk has not taken them yet (read in the page at once: the
  // line is drawn again after each round).
  const authorNames = () =>
    desk.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="story-author"]')].map((chip) => {
        const name = chip.querySelector('[data-testid="story-author-name"]')?.textContent ?? "";
        return chip.textContent.includes("…") ? `${name} …` : name;
      }),
    );
  await desk.browser.waitUntil(async () => (await authorNames()).join(",") === "Erik", {
    timeout: 5000,
    timeoutMsg: "the draft's Authors line never showed Erik alone",
  });
  await (await desk.el("add-author")).selectByVisibleText("Ana (reporter)");
  await desk.browser.waitUntil(async () => (await authorNames()).join(",") === "Erik,Ana", {
    timeout: 5000,
    timeoutMsg: "Ana never showed as taken by the desk",
  });
  await desk.screenshot("shared-desk-authors");
  cli(ana, ["desk", "sync"]);
  const draft = JSON.parse(cli(ana, ["articles", "list", "--json"])).find((a) => a.headline === "Talks called off");
  assert.ok(draft, "Erik's draft is on Ana's laptop");
  assert.equal(cli(ana, ["desk", "authors", draft.id]).trim(), "Erik\nAna");

  // He takes her off again: her laptop says so, keeps its copy and sends nothing of it.
  await desk.browser.waitUntil(
    async () => {
      try {
        await (await desk.el("remove-author")).click();
        return true;
      } catch {
        return false; // the line was drawn again under the click
      }
    },
    { timeout: 5000, timeoutMsg: "the × on Ana's name could not be clicked" },
  );
  await desk.browser.waitUntil(async () => (await authorNames()).join(",") === "Erik", {
    timeout: 5000,
    timeoutMsg: "Ana's name stayed on the Authors line",
  });
  await desk.browser.waitUntil(async () => JSON.parse(cli(desk.dataDir, ["desk", "status", "--json"])).waiting.changes === 0, {
    timeout: 5000,
    timeoutMsg: "the window never sent the change to the desk",
  });
  cli(ana, ["desk", "sync"]);
  assert.match(cli(ana, ["desk", "authors", draft.id]), /Erik took you off this story: this laptop keeps its copy/);
});

test("a change the desk refused is sent again from the window once its cause has passed", async () => {
  const { address } = newDesk("nrt_again", [["Ana", "reporter"], ["Erik", "editor"], ["Frida", "editor"]]);
  // Erik's laptop is a window of its own, on a folder of its own.
  const window = new Desk({ port: 4494 });
  await window.start();
  const erik = window.dataDir;
  try {
    const [ana, frida] = ["ana", "frida"].map((name) => mkdtempSync(path.join(tmpdir(), `newsroom-again-${name}-`)));
    folders.push(ana, frida);
    const id = cli(ana, ["articles", "create", "--json", "-"], {
      input: JSON.stringify({ headline: "Ceasefire holds", body: "The ceasefire held for a ninth day." }),
    }).trim();
    cli(ana, ["articles", "set-section", id, "world"]);
    cli(ana, ["desk", "join", address, "--as", "Ana"], { env: { NEWSROOM_DESK_PASSWORD: PASSWORDS.Ana } });
    cli(ana, ["workflow", "submit", id, "--as", "Ana"]);
    cli(ana, ["desk", "sync"]);
    for (const [folder, name] of [[erik, "Erik"], [frida, "Frida"]]) {
      cli(folder, ["desk", "join", address, "--as", name], { env: { NEWSROOM_DESK_PASSWORD: PASSWORDS[name] } });
      cli(folder, ["desk", "sync"]);
    }
    // Frida approves and publishes while Erik's laptop, not hearing of it, sharpens the text.
    const asFrida = { env: { NEWSROOM_PASSPHRASE: PASSWORDS.Frida } };
    for (const move of ["review", "approve", "publish"]) cli(frida, ["workflow", move, id, "--as", "Frida"], asFrida);
    cli(frida, ["desk", "sync"]);
    cli(erik, ["articles", "update", id, "--json", "-", "--as", "Erik"], {
      input: JSON.stringify({ body: "The ceasefire held for a tenth day." }),
      env: { NEWSROOM_PASSPHRASE: PASSWORDS.Erik },
    });
    assert.throws(
      () => cli(erik, ["desk", "sync"]),
      (refusal) => /The desk refused a change to .*published/.test(refusal.stdout) && /1 change\(s\) refused/.test(refusal.stderr),
      "the desk refused the edit to a published story",
    );
    // She reopens it as a correction; his window starts on the refusal.
    cli(frida, ["workflow", "reopen", id, "--as", "Frida"], asFrida);
    cli(frida, ["desk", "sync"]);

    await window.launch({ people: false });
    await (await window.el("desk-sync-status")).click();
    const refusals = await window.el("shared-desk-refused");
    await refusals.waitForDisplayed({ timeout: 10000, timeoutMsg: "the window does not list what the desk refused" });
    assert.match(await refusals.getText(), /^Ceasefire holds: .*published/, "the refusal names its story and why");
    assert.match(cli(erik, ["desk", "status"]), new RegExp(`Ceasefire holds \\(${id}\\): .*published`), "and so does the command line");
    await window.screenshot("shared-desk-refused");
    // The headline opens the story; its text is still his.
    await (await window.el("shared-desk-refused-story")).click();
    await window.browser.waitUntil(async () => (await (await window.el("headline")).getValue()) === "Ceasefire holds", {
      timeout: 5000,
      timeoutMsg: "the refused story did not open",
    });
    assert.equal(await window.bodyText(), "The ceasefire held for a tenth day.");
    await (await window.el("desk-sync-status")).click();
    await (await window.el("shared-desk-send-again")).click();
    await window.browser.waitUntil(async () => /goes to the desk again now/.test(await window.text("shared-desk-message").catch(() => "")), {
      timeout: 5000,
      timeoutMsg: "the window did not say the change goes again",
    });
    await (await window.el("shared-desk-refused")).waitForExist({ reverse: true, timeout: 10000, timeoutMsg: "the refusal stayed after it was sent again" });
    let body = "";
    for (let round = 0; round < 20 && !body.includes("tenth"); round++) {
      cli(frida, ["desk", "sync"]);
      body = JSON.parse(cli(frida, ["articles", "show", id, "--json"])).body;
      if (!body.includes("tenth")) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(body, "The ceasefire held for a tenth day.", "his edit reached the desk once sent again");
    assert.equal(cli(frida, ["desk", "digest", id]), cli(erik, ["desk", "digest", id]));
  } finally {
    await window.stop();
  }
});

test("a reporter writes with the desk out of reach: the bar says Offline with what waits, and it all goes when the desk answers", async () => {
  const { pg, database, address } = newDesk("nrt_off", [["Ana", "reporter"]]);
  const network = await door(Number(pg.port));
  const phone = mkdtempSync(path.join(tmpdir(), "newsroom-offline-phone-"));
  folders.push(phone);
  // Ana's laptop reaches the desk through the door; her second device goes straight to it.
  const window = new Desk({ port: 4495 });
  await window.start();
  try {
    const throughTheDoor = `postgres://${pg.hostname}:${network.port}/${database}?sslrootcert=${pg.ca}`;
    // Not with `cli`: a call that waits would stop this process, and the door in it with it.
    await new Promise((resolve, reject) =>
      execFile(
        CLI,
        ["desk", "join", throughTheDoor, "--as", "Ana"],
        { env: { ...process.env, NEWSROOM_DATA_DIR: window.dataDir, NEWSROOM_DESK_PASSWORD: PASSWORDS.Ana } },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    cli(phone, ["desk", "join", address, "--as", "Ana"], {
      env: { NEWSROOM_DESK_PASSWORD: PASSWORDS.Ana },
    });
    await window.launch({ people: false });
    const bar = await window.el("desk-sync-status");
    const barSays = async (pattern, timeout, timeoutMsg) => {
      await window.browser.waitUntil(async () => pattern.test(await bar.getText()), { timeout, timeoutMsg });
    };
    await barSays(/^Synced \d\d:\d\d$/, 10000, "the bar never said Synced");

    // The train enters the tunnel: she writes a new story.
    await network.shut();
    await (await window.el("new-article")).click();
    await (await window.el("headline")).addValue("Storm closes the bridge");
    await window.typeBody("Written on the train, with no network.");
    await window.waitSaved();
    await barSays(/^Offline: \d+ changes? waiting$/, 15000, "the bar never said Offline with the changes waiting");
    assert.match(await bar.getAttribute("title"), /cannot be reached.*working offline/, "the bar says why, in words");
    await window.screenshot("shared-desk-offline");
    cli(phone, ["desk", "sync"]);
    const onPhone = () => JSON.parse(cli(phone, ["articles", "list", "--json"])).find((a) => a.headline === "Storm closes the bridge");
    assert.equal(onPhone(), undefined, "nothing went while the desk was out of reach");

    // Out of the tunnel: she types on; each save makes the laptop try the desk again (without
    // one it tries on its own, at most a minute apart), and it finds it.
    await network.open();
    await window.typeBody(" The bridge reopens at six.");
    await window.waitSaved();
    await barSays(/^Synced \d\d:\d\d$/, 20000, "the bar never came back to Synced");
    cli(phone, ["desk", "sync"]);
    const story = onPhone();
    assert.ok(story, "the story written offline reached the desk");
    assert.equal(
      JSON.parse(cli(phone, ["articles", "show", story.id, "--json"])).body,
      "Written on the train, with no network. The bridge reopens at six.",
      "every word typed offline and after",
    );
    assert.equal(cli(phone, ["desk", "digest", story.id]), cli(window.dataDir, ["desk", "digest", story.id]));
  } finally {
    await window.stop();
    await network.shut().catch(() => {});
  }
});
