// Opens the page beside a consolidated workbook in Debian's chromium, headless,
// through puppeteer-core, as 庁議 and a 部長 would: from the file, with no
// network. Checks: one card per department with the JSON's counts; no request
// leaves the file and no external address is in it; no console error; axe-core
// finds no WCAG 2.x level A or AA violation; printed to PDF (A4), each department
// starts its own page, the day of the figures is on every page, no `###`.
// Screenshots of the summary (1366×768) and of one card go to the output folder.
//
// usage: node check_page.mjs PAGE.html DATA.json OUT_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(process.env.NPM_TOOLS + "/");
const puppeteer = require("puppeteer-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [pagePath, jsonPath, outDir] = process.argv.slice(2);
const html = readFileSync(pagePath, "utf8");
const data = JSON.parse(readFileSync(jsonPath, "utf8"));
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

// No address outside the file: only links to the workbooks on the share.
for (const m of html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)) {
  const before = html.slice(Math.max(0, m.index - 8), m.index);
  check(before.endsWith("file:"), `an address outside the file: ${m[0]}`);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
try {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setViewport({ width: 1366, height: 768 });
  const url = pathToFileURL(path.resolve(pagePath)).href;
  await page.goto(url, { waitUntil: "load" });
  const outside = requests.filter((r) => r !== url && !r.startsWith("data:"));
  check(outside.length === 0, `requests leave the file: ${outside.join(", ")}`);

  await page.screenshot({ path: path.join(outDir, "page_summary.png") });
  const card = await page.$(".card");
  check(card !== null, "no card");
  if (card) await card.screenshot({ path: path.join(outDir, "page_card.png") });

  // One card per department, with the JSON's counts.
  const cards = await page.$$eval(".card", (els) => els.map((e) => ({ ...e.dataset })));
  const departments = data.overview.departments;
  check(cards.length === departments.length,
    `${cards.length} cards for ${departments.length} departments`);
  const asked = (r) => r.submitted + r.not_submitted + r.late;
  departments.forEach((d, i) => {
    const c = cards[i] || {};
    const expected = {
      department: d.department, goals: d.goals, items: d.items, overdue: d.overdue,
      interimSubmitted: d.interim.submitted, interimAsked: asked(d.interim),
      interimLate: d.interim.late, yearEndSubmitted: d.year_end.submitted,
      yearEndAsked: asked(d.year_end), yearEndLate: d.year_end.late,
    };
    for (const [key, value] of Object.entries(expected)) {
      check(String(c[key]) === String(value), `${d.department} ${key}: ${c[key]} ≠ ${value}`);
    }
  });
  const rows = await page.$$eval("tr[data-status]", (els) => els.length);
  check(rows === data.items.length, `${rows} item rows for ${data.items.length} items`);

  // Every status word is written where its colour is.
  const bare = await page.$$eval(".red, .amber, .green",
    (els) => els.filter((e) => e.textContent.trim() === "").length);
  check(bare === 0, `${bare} coloured cells without a word`);

  // The filter the script shows hides the other departments.
  const filter = await page.$("#filter");
  check(filter && !(await filter.evaluate((f) => f.hidden)), "the filter is not shown");
  const first = departments[0].department;
  await page.select("#filter select[name=dept]", first);
  const shown = await page.$$eval("section.dept", (els) => els.filter((e) => !e.hidden).length);
  check(shown === 1, `${shown} departments shown when filtered to one`);
  await page.select("#filter select[name=dept]", "");

  // axe-core: no violation of WCAG 2.0/2.1 level A or AA (JIS X 8341-3).
  await page.evaluate(axeSource);
  const axe = await page.evaluate(() => axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  for (const v of axe.violations) {
    check(false, `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target).join(" | ")}`);
  }
  check(errors.length === 0, `console errors: ${errors.join(" | ")}`);

  // Printed: A4, each department from a new page.
  const pdfPath = path.join(outDir, "page.pdf");
  await page.pdf({ path: pdfPath, format: "A4", printBackground: true, preferCSSPageSize: true });
  const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"], { encoding: "utf8" });
  const pages = text.split("\f").filter((p) => p.trim() !== "");
  const asOf = data.as_of.replaceAll("-", "/");
  pages.forEach((p, i) => check(p.includes(`集計日 ${asOf}`), `page ${i + 1} without the day`));
  check(!text.includes("###"), "### in the printed text");
  const starts = departments.map((d) => pages.findIndex((p) =>
    new RegExp(`^\\s*${d.department}\\s*集計日`, "m").test(p)));
  departments.forEach((d, i) => check(starts[i] > 0, `${d.department} starts no page after the summary`));
  check(new Set(starts).size === starts.length, `departments share a page: ${starts}`);
  for (let i = 1; i < starts.length; i++) {
    check(starts[i] > starts[i - 1], `departments out of order: ${starts}`);
  }
  console.log(`page: ${cards.length} cards, ${rows} items, ${pages.length} printed pages,`
    + ` axe ${axe.passes.length} rules passed`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
