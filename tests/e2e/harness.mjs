// Drives the real app window: tauri-driver (-> WebKitWebDriver) + webdriverio, under Xvfb.
//
// One Desk per test file: its own data folder (NEWSROOM_DATA_DIR, inherited by tauri-driver,
// WebKitWebDriver and the app) and its own tauri-driver. A test starts the app with launch(),
// and may quit it, kill it or launch it again on the same data, as a journalist would.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote, Key } from "webdriverio";

export { Key };

const root = path.resolve(import.meta.dirname, "../..");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
export const APP = process.env.APP_BIN ?? path.join(targetDir, "debug/newsroom-app");
/** The `newsroom` command line built beside the app. */
export const CLI = process.env.NEWSROOM_CLI ?? path.join(targetDir, "debug/newsroom");
export const ARTIFACTS = path.join(root, "tests/e2e/artifacts");
const DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";

/** The people `Desk.addPeople` adds. */
export const ADMIN = { name: "Desk Admin", passphrase: "staple battery horse" };
export const REPORTER = { name: "Ana" };
export const EDITOR = { name: "Erik", passphrase: "correct horse battery" };

export class Desk {
  constructor({ port = 4444 } = {}) {
    this.port = port;
    this.dataDir = mkdtempSync(path.join(tmpdir(), "newsroom-e2e-"));
    this.browser = null;
  }

  async start() {
    // A driver left running from an earlier run would answer in ours' place and start the app
    // on another data folder: say so instead.
    if (await fetch(`http://127.0.0.1:${this.port}/status`).then(() => true, () => false)) {
      throw new Error(`port ${this.port} is taken: a tauri-driver left running? (pgrep -a tauri-driver)`);
    }
    this.driver = spawn(DRIVER, ["--port", String(this.port), "--native-port", String(this.port + 1)], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NEWSROOM_DATA_DIR: this.dataDir,
        NEWSROOM_LOG: "warn",
        // The GTK file chooser keeps its settings and its "Recent" list: in memory and in this
        // desk's folder, never in the home folder, the same on every run.
        GSETTINGS_BACKEND: "memory",
        XDG_DATA_HOME: path.join(this.dataDir, "xdg-data"),
      },
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${this.port}/status`).then((r) => r.ok, () => false);
      if (ok) return;
      if (i > 150) throw new Error("tauri-driver did not start");
      await sleep(100);
    }
  }

  /** Runs the `newsroom` command line on this desk's data folder; returns what it printed. */
  cli(args, input, env = {}) {
    return execFileSync(CLI, args, {
      input,
      env: { ...process.env, NEWSROOM_DATA_DIR: this.dataDir, ...env },
      encoding: "utf8",
    });
  }

  /** Runs the command line as `profile` ({ name, passphrase }), as `--as` and the environment
   * name it. */
  cliAs(profile, args, input, env = {}) {
    return this.cli(["--as", profile.name, ...args], input, { NEWSROOM_PASSPHRASE: profile.passphrase ?? "", ...env });
  }

  /** The desk's people, added on the command line: its admin (a desk's first profile), the
   * reporter Ana and the editor Erik. */
  addPeople() {
    // A desk launched earlier got them then (see `launch`).
    if (JSON.parse(this.cli(["profiles", "list", "--json"])).length > 0) return;
    this.cli(["profiles", "add", ADMIN.name, "--role", "admin"], undefined, { NEWSROOM_NEW_PASSPHRASE: ADMIN.passphrase });
    this.cliAs(ADMIN, ["profiles", "add", REPORTER.name, "--role", "reporter"]);
    this.cliAs(ADMIN, ["profiles", "add", EDITOR.name, "--role", "editor"], undefined, { NEWSROOM_NEW_PASSPHRASE: EDITOR.passphrase });
  }

  /**
   * Starts the app and waits until the window can be written in. A desk with nobody yet gets
   * its people first (`addPeople`), as the first start's "Who are you?" would have; pass
   * `people: false` to start on the desk as it is (the first start, a damaged file).
   */
  async launch({ people = true } = {}) {
    if (people) this.addPeople();
    await this.dropSession();
    const started = performance.now();
    const options = {
      hostname: "127.0.0.1",
      port: this.port,
      logLevel: "silent",
      connectionRetryCount: 0,
      // An app that starts takes a few seconds; one that has not answered in 40 is not coming.
      connectionRetryTimeout: 40_000,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: APP },
      },
    };
    try {
      this.browser = await remote(options);
    } catch (error) {
      // WebKitWebDriver now and then drops the connection while the previous session's app is
      // still going away (UND_ERR_SOCKET); a second request starts the app. An app that does
      // not start fails the second time too.
      if (!/UND_ERR_SOCKET|ECONNRESET|UND_ERR_HEADERS_TIMEOUT|timeout/i.test(String(error))) throw error;
      // Seen once in a CI run: GTK failed to reach the X display at start and the driver
      // waited for a window that never came. The app of that attempt is gone or stuck; end it.
      try {
        execFileSync("pkill", ["-f", `^${APP}`]);
      } catch {
        // Nothing was left.
      }
      await sleep(1000);
      this.browser = await remote(options);
    }
    // Polled every 10 ms, not every 100: the start figures would otherwise carry up to 100 ms
    // of waiting for the next poll.
    await this.el("new-article").then((e) => e.waitForClickable({ timeout: 20000, interval: 10 }));
    this.startupMs = performance.now() - started;
    return this.browser;
  }

  /**
   * Drags `file` from another program (a GTK window offering it as a file manager does, see
   * drag-source.py) and drops it on the body's first line with a real pointer (xdotool, XDND).
   */
  async dropFileOnBody(file) {
    const xdotool = (...args) => execFileSync("xdotool", args.map(String));
    const source = spawn("/usr/bin/python3", [path.join(import.meta.dirname, "drag-source.py"), file, "1100", "700"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise((resolve) => source.stdout.once("data", resolve));
      await sleep(300);
      const target = await this.browser.execute(() => {
        const box = document.querySelector('[data-testid="body"] .cm-line').getBoundingClientRect();
        return { x: Math.round(box.left + 40), y: Math.round(box.top + box.height / 2) };
      });
      xdotool("mousemove", 1140, 720);
      await sleep(150);
      xdotool("mousedown", 1);
      for (let step = 1; step <= 20; step++) {
        xdotool("mousemove", Math.round(1140 + ((target.x - 1140) * step) / 20), Math.round(720 + ((target.y - 720) * step) / 20));
        await sleep(30);
      }
      await sleep(300);
      xdotool("mouseup", 1);
    } finally {
      await sleep(300);
      source.kill();
    }
  }

  /**
   * Answers the system's file dialog titled `title` (the app's own GTK file chooser; the click
   * that opened it has returned) as a person would at the keyboard: the location field
   * (Ctrl+L) takes the absolute `location`, Return chooses it. With no window manager under
   * Xvfb, the dialog is given the keyboard by xdotool. `options.several`: `location` is a folder
   * whose files are all chosen (Ctrl+A in its list). `options.folder`: the folder `location`
   * itself is chosen. `options.save`: the name field (focused, holding the suggested name)
   * takes `location`.
   */
  async answerFileDialog(title, location, { several = false, folder = false, save = false } = {}) {
    const xdotool = (...args) => execFileSync("xdotool", args.map(String), { encoding: "utf8", timeout: 15000 }).trim();
    // --onlyvisible: a dialog has its title before it is mapped, and an unmapped window cannot
    // take the focus.
    const dialog = xdotool("search", "--sync", "--onlyvisible", "--name", `^${title}$`).split("\n")[0];
    xdotool("windowfocus", "--sync", dialog);
    await sleep(300);
    if (save) {
      xdotool("key", "--clearmodifiers", "ctrl+a");
    } else {
      // A folder chooser opens on Recent, where Return chooses nothing: home first.
      if (folder) {
        xdotool("key", "--clearmodifiers", "alt+Home");
        await sleep(300);
      }
      xdotool("key", "--clearmodifiers", "ctrl+l");
      await sleep(150);
    }
    xdotool("type", "--delay", 10, several ? `${location}/` : location);
    await sleep(400);
    // GTK completes what is typed and leaves the completion selected: Delete drops it, so
    // Return acts on exactly the typed location.
    xdotool("key", "Delete");
    await sleep(150);
    if (several) {
      // Return opens the folder; its file list then has the keyboard.
      xdotool("key", "Return");
      await sleep(800);
      xdotool("key", "--clearmodifiers", "ctrl+a");
      await sleep(300);
    }
    // A Return that comes while GTK is still completing is ignored now and then: press it until
    // the dialog is gone.
    const open = () => {
      try {
        return xdotool("search", "--onlyvisible", "--name", `^${title}$`) !== "";
      } catch {
        return false;
      }
    };
    for (let press = 0; press < 5 && open(); press++) {
      xdotool("key", "Return");
      for (let wait = 0; wait < 10 && open(); wait++) await sleep(100);
    }
  }

  /** Puts profile `name` at the desk through the profile switcher (with its passphrase). */
  async switchProfile(name, passphrase) {
    await (await this.el("profile-switcher")).click();
    let found;
    await this.browser.waitUntil(async () => {
      for (const item of await this.all("profile-item")) {
        if ((await item.getText()).startsWith(name)) found = item;
      }
      return Boolean(found);
    }, { timeout: 5000, timeoutMsg: `${name} is offered` });
    await found.click();
    if (passphrase) {
      await (await this.el("profile-passphrase")).setValue(passphrase);
      await this.browser.keys("Enter");
    }
  }

  /** The element with data-testid `id`. */
  el(id) {
    return this.browser.$(`[data-testid="${id}"]`);
  }

  all(id) {
    return this.browser.$$(`[data-testid="${id}"]`);
  }

  async text(id) {
    return (await this.el(id)).getText();
  }

  /** Waits until the save status says "Saved HH:MM:SS"; returns it. */
  async waitSaved(timeout = 10000) {
    const status = await this.el("save-status");
    await status.waitUntil(async () => /^Saved \d\d:\d\d:\d\d$/.test(await status.getText()), {
      timeout,
      timeoutMsg: "the status never said Saved",
    });
    return status.getText();
  }

  /** Opens the story's details beside the text (section, tags, byline, authors, related). */
  async showDetails() {
    if (await (await this.el("details-panel")).isExisting()) return;
    const toggle = await this.el("details-toggle");
    if (await toggle.isDisplayed()) await toggle.click();
    else await (await this.el("panel-select")).selectByAttribute("value", "details");
    await (await this.el("details-panel")).waitForDisplayed({ timeout: 5000 });
  }

  /** Types into the CodeMirror body; "\n" becomes Enter. */
  async typeBody(text) {
    const content = await this.browser.$('[data-testid="body"] .cm-content');
    // A click lands mid-text once a line is wider than half the column: type at the end.
    await content.click();
    await this.browser.keys([Key.Ctrl, Key.End]);
    for (const [i, line] of text.split("\n").entries()) {
      if (i > 0) await this.browser.keys(Key.Enter);
      if (line) await content.addValue(line);
    }
  }

  /** The HTML of the page in the preview frame, as the frame's document holds it now. */
  async previewHtml() {
    const frame = await this.el("preview-frame");
    // switchToFrame: the classic WebDriver command, which WebKitWebDriver implements.
    await this.browser.switchToFrame(frame);
    try {
      // (Get Page Source would answer with the window's document, not the frame's.)
      return await this.browser.execute(() => document.documentElement.outerHTML);
    } finally {
      await this.browser.switchToParentFrame();
    }
  }

  async bodyText() {
    return this.browser.execute(() => {
      const lines = [...document.querySelectorAll('[data-testid="body"] .cm-line')];
      return lines.map((l) => l.textContent).join("\n");
    });
  }

  /** The pid of the app this desk started. */
  appPid() {
    const out = execFileSync("pgrep", ["-n", "-f", `^${APP}`], { encoding: "utf8" }).trim();
    return Number(out);
  }

  /** kill -9 the app (no chance to save anything), then drop the dead session. */
  async killApp() {
    process.kill(this.appPid(), "SIGKILL");
    await this.dropSession();
  }

  /** Presses Ctrl+Q in the window, and waits for the app to be gone. */
  async quitWithCtrlQ() {
    const pid = this.appPid();
    // The app may exit before WebKitWebDriver answers the key action: that is the point.
    await this.browser.keys([Key.Ctrl, "q"]).catch(() => {});
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await sleep(100);
    }
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    await this.dropSession();
    if (alive) throw new Error("the app did not quit on Ctrl+Q");
  }

  async dropSession() {
    const browser = this.browser;
    this.browser = null;
    if (browser) await browser.deleteSession().catch(() => {});
  }

  async screenshot(name) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
  }

  /**
   * Saves the window as `file`. WebKitGTK takes a screenshot at the window's next painted
   * frame, and a still page painted without compositing (as the app paints: src-tauri's
   * paint_without_compositing) has none coming, so the request would wait for ever: one pixel
   * in the corner changes every frame for a second meanwhile.
   */
  async saveScreenshot(file) {
    await this.browser.execute(() => {
      const mark = document.createElement("div");
      mark.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647";
      document.documentElement.append(mark);
      let frames = 0;
      const next = () => {
        mark.style.opacity = frames % 2 ? "0.01" : "0.02";
        if (++frames < 60) requestAnimationFrame(next);
        else mark.remove();
      };
      requestAnimationFrame(next);
    });
    await this.browser.saveScreenshot(file);
  }

  async stop() {
    await this.dropSession();
    this.driver?.kill();
    // An app whose session ended without its window closing would outlive the test and hold
    // the test runner's output open (the run then never ends): this desk's apps, and only
    // them (found by the data folder they were started on), are ended here.
    for (const pid of this.appProcesses()) {
      try {
        process.kill(pid, "SIGKILL");
        console.log(`# an app was still running on ${this.dataDir} after its session: ended`);
      } catch {
        // It ended meanwhile.
      }
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The ids of the app processes running on this desk's data folder. An AppImage's app runs
   * from where its runtime extracted it, and the runtime gives it the AppImage's path in
   * APPIMAGE; ended, the runtime leaves it running. */
  appProcesses() {
    const pids = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0")[0];
        const environment = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
        if (command !== APP && !environment.includes(`APPIMAGE=${APP}`)) continue;
        if (environment.includes(`NEWSROOM_DATA_DIR=${this.dataDir}`)) pids.push(Number(entry));
      } catch {
        // Gone, or not ours to read.
      }
    }
    return pids;
  }
}
