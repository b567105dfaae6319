// The browser test: kaohe serve --demo driven in Debian's headless Chromium.
//
//   node tests/browser/run.mjs            (from the repository root; .ci/run does this)
//
// KAOHE_BIN (default target/release/kaohe) is the binary; CHROMIUM (default
// /usr/bin/chromium) the browser. Screenshots of the main pages go to
// target/screenshots/. Any console error or uncaught page error fails the run.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(new URL("../..", import.meta.url).pathname);
const bin = process.env.KAOHE_BIN || join(root, "target/release/kaohe");
const shots = join(root, "target/screenshots");
mkdirSync(shots, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), "kaohe-browser-"));

function fail(message) {
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

/** Starts the demo server; resolves with its address and the demo logins. */
function startServer() {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(bin, ["serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir", dataDir], {
      env: { ...process.env, KAOHE_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const logins = {};
    let buffered = "";
    child.stdout.on("data", (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const login = line.match(/^\s+(\w+)\s+(\S+)\s+\S+$/);
        if (login) logins[login[1]] = login[2];
        const addr = line.match(/http:\/\/([0-9.:]+)\//);
        if (addr) resolveStart({ child, base: `http://${addr[1]}`, logins });
      }
    });
    child.on("exit", (code) => rejectStart(new Error(`kaohe serve exited early with ${code}`)));
  });
}

const { child, base, logins } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const consoleErrors = [];
let step = "start";

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`[${step}] console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => consoleErrors.push(`[${step}] page error: ${err.message}`));
  page.on("dialog", (dialog) => dialog.accept());
  return page;
}

async function login(page, user) {
  step = `login ${user}`;
  await page.goto(`${base}/`);
  check(page.url().includes("/login"), "an anonymous visit goes to the login page");
  await page.fill("#username", user);
  await page.fill("#password", logins[user] || fail(`no demo password for ${user}`));
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  check(!page.url().includes("/login"), `${user} is logged in`);
}

async function logout(page) {
  step = "logout";
  await Promise.all([page.waitForNavigation(), page.click("header form button")]);
  check(page.url().includes("/login"), "logged out");
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

try {
  // The administrator opens a new cycle with the demo reviewer.
  const page = await newPage();
  await page.goto(`${base}/login`);
  await shot(page, "00-login");
  await login(page, "admin");
  step = "admin";
  await page.goto(`${base}/admin`);
  await page.fill("form[action='/admin/cycles'] input[name=name]", "2023年度日常履职考核");
  await page.fill("form[action='/admin/cycles'] input[name=year]", "2023");
  await Promise.all([page.waitForNavigation(), page.click("form[action='/admin/cycles'] button")]);
  check((await page.textContent("body")).includes("已新建考核周期"), "cycle created");
  const reviewerForm = page.locator("tr", { hasText: "2023年度日常履职考核" }).locator("form");
  await reviewerForm.locator("input[type=checkbox]").first().check();
  await Promise.all([page.waitForNavigation(), reviewerForm.locator("button").click()]);
  await shot(page, "08-admin");
  await logout(page);

  // The editor imports the table, sees every task with verdicts.
  await login(page, "editor");
  await shot(page, "01-home-editor");
  step = "import";
  await page.goto(`${base}/import`);
  await page.setInputFiles("#file", join(root, "examples/beijing-2022.txt"));
  await page.selectOption("select[name=cycle_id]", { label: "2023年度日常履职考核" });
  await Promise.all([page.waitForNavigation(), page.click("#import-form button[type=submit]")]);
  check((await page.textContent("h1")).includes("导入预览"), "a preview before saving");
  await shot(page, "02-import-preview");
  await Promise.all([page.waitForNavigation(), page.click("#save-new")]);
  step = "table";
  check(/\/tables\/\d+/.test(page.url()), "saved and shown");
  const tableUrl = page.url().split("?")[0];
  const rows = await page.locator("table.official tbody tr").count();
  check(rows === 16, `all 16 tasks shown, saw ${rows}`);
  const badges = await page.locator("table.official .badge").count();
  check(badges >= 16, `a verdict on every target, saw ${badges}`);
  check((await page.locator(".badge.met").count()) >= 16, "met targets are marked");
  check((await page.locator("mark.actual").count()) >= 10, "actuals are highlighted");
  check((await page.locator("tr.flagged").count()) === 0, "nothing flagged yet");
  await shot(page, "03-table-editor");

  // Change a target so it is missed: the verdict and the completion flag change.
  step = "correct target";
  const row = page.locator("table.official tbody tr", { hasText: "新增5G基站6000个" });
  await Promise.all([page.waitForNavigation(), row.locator("a", { hasText: "修改本项" }).click()]);
  const targetForm = page.locator("form.target-form", { hasText: "5G基站" }).first();
  await targetForm.locator("input[name=value]").fill("50000");
  await Promise.all([page.waitForNavigation(), targetForm.locator("button", { hasText: "保存更正" }).click()]);
  check((await page.textContent("body")).includes("未达标"), "the corrected target is now missed");
  await shot(page, "04-task-editor");
  await page.goto(tableUrl);
  check((await page.locator("tr.flagged").count()) === 1, "the task claiming completion now stands out");
  check((await page.locator("tr.flagged .badge.not_met").count()) >= 1, "its badge says 未达标");

  // Submit, through the checklist.
  step = "submit";
  await Promise.all([page.waitForNavigation(), page.click("#submit-link")]);
  check((await page.locator("#checklist li").count()) >= 1, "the checklist is shown");
  await shot(page, "05-submit-checklist");
  await Promise.all([page.waitForNavigation(), page.click("#confirm-submit")]);
  check((await page.textContent("#table-status")).includes("已提交"), "submitted");
  await logout(page);

  // The reviewer scores, comments and returns with a reason.
  await login(page, "reviewer");
  step = "review";
  check((await page.textContent("body")).includes("等待我审核"), "the reviewer sees what waits");
  await page.goto(tableUrl);
  const reviewRow = page.locator("table.official tbody tr", { hasText: "新增5G基站6000个" });
  await reviewRow.locator("input[name=score]").fill("6");
  await reviewRow.locator("textarea[name=comment]").fill("基站数与目标不符，请补充说明");
  await Promise.all([page.waitForNavigation(), reviewRow.locator("button", { hasText: "保存评分" }).click()]);
  check((await page.textContent("body")).includes("评分已保存"), "score saved");
  await shot(page, "06-table-reviewer");
  await page.fill("#return-form input[name=reason]", "第5项请补充5G基站建设清单");
  await Promise.all([page.waitForNavigation(), page.click("#return-form button")]);
  check((await page.textContent("#table-status")).includes("已退回"), "returned");
  step = "overview";
  await page.click("a:has-text('本周期总览')");
  await page.waitForLoadState();
  check((await page.locator("svg.chart").count()) === 3, "three charts drawn on the server");
  await shot(page, "07-cycle-overview");
  await logout(page);

  // The editor sees the comment and the reason, then the history.
  await login(page, "editor");
  step = "editor again";
  await page.goto(tableUrl);
  const body = await page.textContent("body");
  check(body.includes("第5项请补充5G基站建设清单"), "the editor sees the return reason");
  check(body.includes("基站数与目标不符，请补充说明"), "the editor sees the reviewer's comment");
  step = "history";
  await page.click("a:has-text('修改历史')");
  await page.waitForLoadState();
  check((await page.locator("#history tbody tr").count()) >= 4, "the history lists the changes");
  await shot(page, "09-history");

  step = "end";
  if (consoleErrors.length) fail(`console errors:\n${consoleErrors.join("\n")}`);
  console.log(`browser test passed; screenshots in ${shots}`);
} catch (err) {
  console.error(`browser test failed at step "${step}": ${err.message}`);
  if (consoleErrors.length) console.error(consoleErrors.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
  child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
