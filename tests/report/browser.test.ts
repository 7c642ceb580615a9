/**
 * The HTML report in a real browser (Debian's headless Chromium via playwright-core): no console
 * errors, no request leaves the file, a matrix cell for every persona × application group, and a
 * non-blank screenshot of each section (saved under test-output/report/).
 */
import { mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { PNG } from "pngjs";
import { APP_GROUPS } from "../../model/report/coverage";
import { CHROMIUM_ARGS, ensureChromium } from "../helpers/chromium";
import { guardrailsInProcess } from "../helpers/inProcess";
import { ROOT } from "../helpers/stacks";

const OUT = path.join(ROOT, "test-output", "report");
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}, 300_000);
afterAll(async () => { await browser?.close(); });

/** Distinct colours in a PNG (a blank screenshot has one). */
function colours(png: Buffer): number {
  const img = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length && seen.size < 50; i += 4 * 7) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return seen.size;
}

describe.each(["prod", "staging"])("the %s report", (stack) => {
  const file = path.join(OUT, `${stack}.html`);

  test("renders offline without errors, with the whole matrix and every section drawn", async () => {
    const r = await guardrailsInProcess("report", "--stack", stack, "--out", file, "--synthetic-users", "500");
    expect(r.status).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (q) => { if (!q.url().startsWith("file:")) problems.push(`request left the file: ${q.url()}`); });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    expect(problems).toEqual([]);

    const cells = await page.locator("table.matrix td.cell").evaluateAll((tds) => tds.map((td) => `${td.getAttribute("data-persona")}|${td.getAttribute("data-app")}`));
    const personas = await page.locator("table.matrix tr td:first-child").count();
    const pairs = new Set(cells);
    expect(personas).toBeGreaterThan(15);
    expect(pairs.size).toBe(personas * APP_GROUPS.length);
    for (const a of APP_GROUPS) expect(cells.filter((c) => c.endsWith(`|${a.key}`)).length).toBeGreaterThan(0);
    // Every cell's links go to a policy on the page.
    const targets = await page.locator("table.matrix td.cell a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!.slice(1)));
    for (const id of new Set(targets)) expect(await page.locator(`[id="${id}"]`).count()).toBe(1);

    for (const id of ["coverage", "timeline", "blast-radius", "logs-alerts", "pack", "policies"]) {
      const shot = await page.locator(`#${id}`).screenshot({ path: path.join(OUT, `${stack}-${id}.png`) });
      expect(colours(shot)).toBeGreaterThan(3);
    }
    await page.close();
  }, 120_000);
});

test("with --signins the evidence section is there; the file stays self-contained", async () => {
  const exports = path.join(OUT, "signins");
  expect((await guardrailsInProcess("signins", "generate", "--stack", "prod", "--users", "40", "-f", "ndjson", "-o", exports)).status).toBe(0);
  const file = path.join(OUT, "prod-evidence.html");
  expect((await guardrailsInProcess("report", "--stack", "prod", "--signins", exports, "--out", file, "--synthetic-users", "200")).status).toBe(0);
  const html = readFileSync(file, "utf8");
  expect(html).toContain('<section id="evidence">');
  expect(html).not.toMatch(/<script|<link |src="http|href="http|@import|url\(/i);
  const page = await browser.newPage();
  await page.goto(`file://${file}`);
  expect(colours(await page.locator("#evidence").screenshot({ path: path.join(OUT, "prod-evidence.png") }))).toBeGreaterThan(3);
  await page.close();
}, 120_000);
