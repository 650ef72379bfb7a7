// Export in the real window against the real loopback WordPress (scripts/test.sh starts it and
// sets NEWSROOM_TEST_WP_*): an editor pushes an approved story with three photos through a
// link as slow as hotel wifi, the progress bar moves, the outbox says "Sent", the story is
// Published; an edit made on the site then stops the next push with both versions side by
// side until the editor chooses. The Sites view tests the connection in words.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ADMIN, CLI, Desk, Key } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PHOTOS = path.join(here, "../fixtures/photos");
const WP = {
  url: process.env.NEWSROOM_TEST_WP_URL,
  user: process.env.NEWSROOM_TEST_WP_USER,
  password: process.env.NEWSROOM_TEST_WP_PASSWORD,
};

const desk = new Desk({ port: 4486 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

/** A proxy in front of the site that holds each request 400 ms: a slow link, nothing else. */
function slowLink() {
  const upstream = new URL(WP.url);
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      setTimeout(() => {
        const forward = http.request(
          { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: { ...request.headers, host: upstream.host } },
          (answer) => {
            response.writeHead(answer.statusCode, answer.headers);
            answer.pipe(response);
          },
        );
        forward.on("error", () => response.destroy());
        forward.end(Buffer.concat(chunks));
      }, 400);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The site's REST API as its administrator. */
async function wp(method, route, body) {
  const answer = await fetch(`${WP.url}/wp-json/wp/v2${route}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${WP.user}:${WP.password}`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return answer.json();
}

/** Export menu › "Publish on Test site" (the menu lists the targets once it has them). */
async function publishOnTheSite() {
  await (await desk.el("export-menu")).click();
  let publish;
  await desk.browser.waitUntil(async () => {
    for (const item of await desk.all("push")) {
      if ((await item.getAttribute("data-status")) === "publish" && (await item.getText()).includes("Test site")) publish = item;
    }
    return Boolean(publish);
  }, { timeout: 5000, timeoutMsg: "the menu offers Publish on Test site" });
  await publish.click();
}

function asEditor(args, extraEnv = {}) {
  return execFileSync(CLI, args, {
    env: { ...process.env, NEWSROOM_DATA_DIR: desk.dataDir, NEWSROOM_PASSPHRASE: "correct horse battery", ...extraEnv },
    encoding: "utf8",
  });
}

test("an editor pushes a story with its photos, watches it go, and settles an edit made on the site", async () => {
  assert.ok(WP.url && WP.user && WP.password, "NEWSROOM_TEST_WP_* are set (scripts/test.sh starts the site)");
  const link = await slowLink();
  try {
    desk.addPeople();
    const headline = `Window push ${Date.now()}`;
    const body = "North Korean troops are in Kursk, Kyiv says. ".repeat(12);
    const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline, standfirst: "The first soldiers have been in combat.", body, byline: "TT" })).trim();
    desk.cli(["articles", "set-section", id, "world"]);
    const photos = ["photo-iptc-iim.jpg", "photo-xmp-only.jpg", "photo-plain.png"].map((file, index) =>
      desk.cli(["photos", "add", id, path.join(PHOTOS, file), ...(index === 0 ? ["--lead"] : [])]).trim(),
    );
    for (const photo of photos) {
      desk.cli(["photos", "set", photo, "altText", "Soldiers at a parade"]);
      desk.cli(["photos", "set", photo, "credit", "TT Nyhetsbyrån"]);
    }
    desk.cli(["workflow", "submit", id, "--as", "Ana"]);
    asEditor(["workflow", "approve", id, "--as", "Erik"]);
    const { port } = link.address();
    // Sites are the admin's to add.
    desk.cliAs(ADMIN, ["targets", "add", "Test site", "--wordpress", `http://127.0.0.1:${port}`, "--user", WP.user], undefined, { NEWSROOM_CMS_PASSWORD: WP.password });

    await desk.launch();
    const browser = desk.browser;
    await desk.switchProfile("Erik", "correct horse battery");
    await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });

    // Sites: the password is in a keychain, and the connection works.
    await (await desk.el("open-sites")).click();
    await (await desk.el("target-settings")).waitForDisplayed();
    assert.match(await desk.text("target-item"), /Password kept in/);
    await (await desk.el("target-test")).click();
    await browser.waitUntil(async () => /^Connected to/.test(await desk.text("target-test-result").catch(() => "")), {
      timeout: 15000,
      timeoutMsg: "Test connection says it is connected",
    });
    // A folder target, added in the form by the admin, is tested by writing to it.
    assert.match(await desk.text("target-settings"), /Only an admin can add or remove sites/);
    await desk.switchProfile(ADMIN.name, ADMIN.passphrase);
    await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith(ADMIN.name), { timeout: 5000 });
    await (await desk.el("target-kind")).waitForDisplayed({ timeout: 5000 });
    const wireOut = path.join(desk.dataDir, "wire-out");
    mkdirSync(wireOut);
    await (await desk.el("target-kind")).selectByAttribute("value", "folder");
    await (await desk.el("target-name")).setValue("Wire out");
    await (await desk.el("target-folder-choose")).click();
    await desk.answerFileDialog("Choose a folder", wireOut, { folder: true });
    await browser.waitUntil(async () => (await desk.text("target-folder")) === wireOut, { timeout: 10000, timeoutMsg: "the chosen folder is shown" });
    await (await desk.el("target-format")).selectByAttribute("value", "newsml");
    await (await desk.el("target-add")).click();
    await browser.waitUntil(async () => {
      for (const result of await desk.all("target-test-result")) if (/can be written to/.test(await result.getText())) return true;
      return false;
    }, { timeout: 10000, timeoutMsg: "the folder target is added and tested" });
    await (await desk.el("open-sites")).click();
    await desk.switchProfile("Erik", "correct horse battery");
    await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });

    // Open the story and publish it on the site.
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes(headline)) await item.click();
    }
    await (await desk.el("headline")).waitForDisplayed();
    await publishOnTheSite();

    // The progress bar moves while the photos go up (each request waits 400 ms on this link).
    const seen = new Set();
    await browser.waitUntil(async () => {
      const bar = await desk.el("export-progress");
      if (await bar.isExisting()) seen.add(Number(await bar.getAttribute("value")));
      return /Sent/.test(await desk.text("export-state").catch(() => ""));
    }, { timeout: 30000, interval: 100, timeoutMsg: "the push finishes" });
    const fractions = [...seen].sort((a, b) => a - b);
    assert.ok(fractions.length >= 2 && fractions.at(-1) > fractions[0], `the bar moved: ${fractions.join(", ")}`);
    await browser.waitUntil(async () => /published/i.test(await desk.text("state-badge")), { timeout: 5000, timeoutMsg: "the story is Published" });

    await (await desk.el("open-outbox")).click();
    await (await desk.el("outbox")).waitForDisplayed();
    const [sent] = await desk.all("outbox-item");
    assert.equal(await sent.getAttribute("data-state"), "sent");
    await desk.screenshot("export-outbox-sent");
    assert.match(await sent.getText(), new RegExp(`${headline}[\\s\\S]*Sent[\\s\\S]*On the site: http`, "i"));

    // Someone edits the post on the site; the next push stops and shows both versions.
    const [post] = await wp("GET", `/posts?search=${encodeURIComponent(headline)}&context=edit`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await wp("POST", `/posts/${post.id}`, { title: "Changed on the site" });
    await (await desk.el("open-outbox")).click();
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes(headline)) await item.click();
    }
    await publishOnTheSite();
    await browser.waitUntil(async () => /Edited on the site/.test(await desk.text("export-state").catch(() => "")), {
      timeout: 30000,
      timeoutMsg: "the push stops at the site's edit",
    });
    await (await desk.el("open-outbox")).click();
    await (await desk.el("outbox-compare")).click();
    const dialog = await desk.el("conflict-dialog");
    await dialog.waitForDisplayed();
    assert.match(await desk.text("conflict-site"), /Changed on the site/);
    assert.match(await desk.text("conflict-desk"), new RegExp(headline));
    assert.equal((await wp("GET", `/posts/${post.id}?context=edit`)).title.raw, "Changed on the site", "nothing overwritten yet");
    await (await desk.el("conflict-overwrite")).click();
    await browser.waitUntil(async () => (await (await desk.all("outbox-item"))[0].getAttribute("data-state")) === "sent", {
      timeout: 30000,
      timeoutMsg: "the desk's version is sent",
    });
    assert.equal((await wp("GET", `/posts/${post.id}?context=edit`)).title.raw, headline);
    assert.equal((await wp("GET", `/posts?search=${encodeURIComponent(headline)}`)).length, 1, "still one post");
  } finally {
    link.close();
  }
});

test("an approved story is exported to the file chosen in the save dialog", async () => {
  // The people were added by the first test (one data folder per file).
  const headline = `Window export ${Date.now()}`;
  const id = desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline, body: "Kyiv says the troops are in Kursk. ".repeat(12), byline: "TT" })).trim();
  desk.cli(["articles", "set-section", id, "world"]);
  desk.cli(["workflow", "submit", id, "--as", "Ana"]);
  asEditor(["workflow", "approve", id, "--as", "Erik"]);
  const out = path.join(desk.dataDir, "exports", "kursk.json");
  mkdirSync(path.dirname(out));

  await desk.launch();
  for (const item of await desk.all("article-item")) {
    if ((await item.getText()).includes(headline)) await item.click();
  }
  await (await desk.el("headline")).waitForDisplayed();
  // Esc closes the menu.
  await (await desk.el("export-menu")).click();
  await (await desk.el("export-ninjs")).waitForDisplayed();
  await desk.browser.keys(Key.Escape);
  await (await desk.el("export-ninjs")).waitForDisplayed({ reverse: true, timeout: 3000 });
  await (await desk.el("export-menu")).click();
  await (await desk.el("export-ninjs")).click();
  await desk.answerFileDialog("Export as ninjs", out, { save: true });
  // The notice names the file as people know it, not by its path, and offers its folder.
  await desk.browser.waitUntil(async () => (await desk.text("notice").catch(() => "")).includes("Exported “kursk.json”."), {
    timeout: 10000,
    timeoutMsg: "the desk says which file the story went to",
  });
  assert.ok(!(await desk.text("notice")).includes(desk.dataDir), "no path in the window");
  assert.equal(await desk.text("show-in-folder"), "Show in folder");
  const ninjs = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(ninjs.headlines[0].value, headline);
});
