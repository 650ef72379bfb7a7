// Wire copy in the real window: agency items arriving in the watched folder and dropped on the
// window become drafts by the agency with the newsroom's translation note; the original stands
// beside the new text paragraph by paragraph and follows the typing; a newer version shows what
// changed without touching the text; related stories are picked for "More news".
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Desk } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const STANDARDS = path.join(here, "../../../shared/standards");
const TT = readFileSync(path.join(STANDARDS, "ninjs/examples/tt_text_image_2.json"), "utf8");

const PHOTO = path.join(here, "../fixtures/photos/photo-xmp-only.jpg");

// The second test's agency server is on this machine: the documented switch lets it answer.
process.env.NEWSROOM_FETCH_ALLOW_LOOPBACK = "1";
const desk = new Desk({ port: 4490 });
before(() => desk.start());
afterEach(() => desk.dropSession());
after(() => desk.stop());

test("agency items become drafts by the agency, the original beside the translation", async () => {
  desk.addPeople();
  desk.cli(["articles", "create", "--json", "-"], JSON.stringify({ headline: "Earlier: Kursk fighting", body: "word ".repeat(420) }));
  const inbox = path.join(desk.dataDir, "wire-in");
  mkdirSync(inbox);

  await desk.launch();
  const { browser } = desk;
  await desk.switchProfile("Erik", "correct horse battery");
  await browser.waitUntil(async () => (await desk.text("profile-switcher")).startsWith("Erik"), { timeout: 5000 });
  await (await desk.el("open-sites")).click();
  const name = await desk.el("wire-newsroom-name");
  await name.clearValue();
  await name.setValue("Newsroom Daily");
  await (await desk.el("wire-save")).click();
  await browser.waitUntil(async () => (await desk.text("wire-saved").catch(() => "")) === "Saved.", { timeout: 5000 });
  await (await desk.el("wire-folder-choose")).click();
  await desk.answerFileDialog("Choose a folder", inbox, { folder: true });
  await browser.waitUntil(async () => (await desk.text("wire-folder").catch(() => "")) === inbox, { timeout: 10000, timeoutMsg: "the watched folder is the one chosen" });
  await (await desk.el("open-sites")).click();

  // An item arrives in the watched folder.
  writeFileSync(path.join(inbox, "tt-militarovning.json"), TT);
  await browser.waitUntil(async () => /new draft “Militärövning i jätteformat hålls 2023” from TT/.test(await desk.text("notice").catch(() => "")), {
    timeout: 15000,
    timeoutMsg: "the watched folder's item becomes a draft and the desk says so",
  });
  // This machine has no way to TT's server, as a laptop on a train has none: the picture waits.
  assert.match(await desk.text("notice"), /could not be fetched now[\s\S]*waits with its credit \(Karl Melander\/TT\)/, "the picture on TT's server waits with its credit");
  const openStory = async (headline) => {
    for (const item of await desk.all("article-item")) {
      if ((await item.getText()).includes(headline)) await item.click();
    }
    await (await desk.el("headline")).waitForDisplayed();
  };
  await openStory("Militärövning i jätteformat");
  assert.equal(await (await desk.el("byline")).getValue(), "TT");
  assert.equal(await (await desk.el("ednote")).getValue(), "This article has been altered and translated by Newsroom Daily.");
  assert.equal(await desk.text("wire-source"), "From TT · v1");

  // The original beside the new text, following the typing.
  await (await desk.el("wire-source")).click();
  const pane = await desk.el("original-pane");
  await pane.waitForDisplayed();
  assert.match(await desk.text("waiting-picture"), /Karl Melander\/TT[\s\S]*could not be reached/, "the waiting picture is shown with its credit and why");
  const originals = await desk.all("original-paragraph");
  assert.match(await originals[0].getText(), /^Pandemin satte stopp/);
  await desk.typeBody(" TRANSLATED");
  await browser.waitUntil(async () => {
    for (const cell of await desk.all("draft-paragraph")) if ((await cell.getText()).includes("TRANSLATED")) return true;
    return false;
  }, { timeout: 5000, timeoutMsg: "the right column follows the typing" });
  await desk.waitSaved();

  // A related story for "More news", among the story's details.
  await desk.showDetails();
  await (await desk.el("related-search")).setValue("Kursk");
  const hit = await desk.el("related-hit");
  await hit.waitForDisplayed({ timeout: 5000 });
  await hit.click();
  await browser.waitUntil(async () => /Earlier: Kursk fighting · 3 MIN READ/.test(await desk.text("related-item").catch(() => "")), {
    timeout: 5000,
    timeoutMsg: "the pick is listed with its reading time",
  });
  await (await desk.el("preview-toggle")).click();
  await browser.waitUntil(async () => /Earlier: Kursk fighting[\s\S]*3 MIN READ/.test((await desk.previewHtml()) ?? ""), {
    timeout: 10000,
    timeoutMsg: "the preview's More news shows the pick",
  });

  // Version 2 arrives: the text is not touched; what changed in the original is shown.
  const v2 = JSON.parse(TT);
  v2.version = "2";
  v2.bodies[1].value = v2.bodies[1].value.replace("Pandemin satte stopp", "Coronapandemin satte stopp");
  writeFileSync(path.join(inbox, "tt-militarovning-v2.json"), JSON.stringify(v2));
  await browser.waitUntil(async () => /version 2 of .* arrived \(was 1\); your text is unchanged/.test(await desk.text("notice").catch(() => "")), {
    timeout: 15000,
    timeoutMsg: "the newer version is announced",
  });
  // The same version again, under another name: nothing new.
  writeFileSync(path.join(inbox, "copy-of-v2.json"), JSON.stringify(v2));
  await openStory("Earlier: Kursk fighting");
  await openStory("Militärövning i jätteformat");
  // Beside the wide preview the panels are one control; with nothing beside, the buttons show.
  await (await desk.el("panel-select")).selectByAttribute("value", "");
  assert.equal(await desk.text("wire-source"), "From TT · v2 · updated");
  assert.match(await desk.bodyText(), /TRANSLATED/, "the journalist's text is as it was");
  await (await desk.el("wire-source")).click();
  const changes = await desk.el("original-changes");
  await changes.waitForDisplayed();
  assert.match(await changes.getText(), /Coronapandemin/);

  // A NewsML-G2 item dropped on the window from a file manager becomes a draft too.
  await desk.dropFileOnBody(path.join(STANDARDS, "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml"));
  await browser.waitUntil(async () => /new draft “Fed to halt QE to avert "bubble"” from Acme News and Media LLC/.test(await desk.text("notice").catch(() => "")), {
    timeout: 10000,
    timeoutMsg: "the dropped item is imported",
  });
  await desk.screenshot("wire");
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const drafts = JSON.parse(desk.cli(["articles", "list", "--json"])).filter((a) => a.headline.startsWith("Militärövning"));
  assert.equal(drafts.length, 1, "the watched folder never imported a version twice");
});

test("a wire picture the network cannot give waits beside the story and arrives on Fetch now", async () => {
  // A port nothing answers on yet: the agency's picture server is out of reach.
  const server = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "image/jpeg" });
    response.end(readFileSync(PHOTO));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  const item = path.join(desk.dataDir, "offline-item.json");
  writeFileSync(
    item,
    JSON.stringify({
      uri: "urn:test:offline-picture", version: "1", copyrightholder: "TT", language: "sv",
      headlines: [{ role: "main", value: "Bilden kommer när nätet gör det" }],
      bodies: [{ contenttype: "text/plain", value: "Första stycket." }],
      associations: [
        { name: "a001", uri: "urn:test:pic", type: "picture", by: "Karl Melander/TT", descriptions: [{ value: "Soldater på parad." }],
          renditions: [{ name: "hires", href: `http://127.0.0.1:${port}/a001.jpg`, width: 1200 }] },
      ],
    }),
  );
  assert.match(desk.cli(["import", item]), /could not be fetched now[\s\S]*Karl Melander\/TT/);

  await desk.launch();
  const { browser } = desk;
  for (const story of await desk.all("article-item")) if ((await story.getText()).includes("Bilden kommer")) await story.click();
  await (await desk.el("headline")).waitForDisplayed();
  await (await desk.el("wire-source")).click();
  const waiting = await desk.el("waiting-picture");
  await waiting.waitForDisplayed();
  assert.match(await waiting.getText(), /Karl Melander\/TT · Soldater på parad\./);
  assert.equal((await desk.all("photo-item")).length, 0);

  // The network is back: Fetch now attaches it as the lead photo with the agency's credit.
  const back = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "image/jpeg" });
    response.end(readFileSync(PHOTO));
  });
  await new Promise((resolve) => back.listen(port, "127.0.0.1", resolve));
  try {
    await (await desk.el("fetch-waiting")).click();
    await browser.waitUntil(async () => (await desk.all("photo-item")).length === 1, {
      timeout: 15000,
      timeoutMsg: "the picture arrives in the story's photos",
    });
    await browser.waitUntil(async () => /Karl Melander\/TT/.test(await desk.text("photo-credit-line").catch(() => "")), {
      timeout: 5000,
      timeoutMsg: "with the agency's credit",
    });
    await browser.waitUntil(async () => (await desk.all("waiting-picture")).length === 0, {
      timeout: 5000,
      timeoutMsg: "and no longer waits",
    });
    // Only TT's picture from the first test (its server is out of this machine's reach) waits.
    assert.deepEqual(JSON.parse(desk.cli(["photos", "waiting", "--json"])).map((p) => p.credit), ["Karl Melander/TT"]);
  } finally {
    await new Promise((resolve) => back.close(resolve));
  }
});
