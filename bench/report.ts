/**
 * The HTML report (issue #14): generation time of a 195-policy tenant's report in a fresh process,
 * its size, and the time headless Chromium (Debian's) takes to load and lay it out.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** Load-to-layout time in the browser: navigation to the load event, then a forced layout of the whole page. */
const RENDER = `
const { chromium } = require("playwright-core");
(async () => {
  const b = await chromium.launch({ executablePath: process.env.GUARDRAILS_CHROMIUM || "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  const out = [];
  for (let i = 0; i < 5; i++) {
    const p = await b.newPage({ viewport: { width: 1400, height: 900 } });
    const t0 = Date.now();
    await p.goto("file://" + process.argv[1], { waitUntil: "load" });
    await p.evaluate(() => document.body.getBoundingClientRect().height);
    out.push(Date.now() - t0);
    await p.close();
  }
  await b.close();
  out.sort((a, b) => a - b);
  console.log(JSON.stringify({ renderMs: out[2] }));
})();
`;

export function benchReport(bigStack: string, runs: number): { generateMs: number; bytes: number; renderMs: number | null } {
  const bin = path.join(ROOT, "cli", "bin", "guardrails.js");
  const html = path.join(path.dirname(bigStack), "report-195.html");
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, "report", "--config-file", bigStack, "--out", html], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    if (r.status !== 0) throw new Error(`report failed: ${r.stderr}`);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const render = spawnSync(process.execPath, ["-e", RENDER, html], { cwd: ROOT, encoding: "utf8" });
  return { generateMs: samples[Math.floor(samples.length / 2)], bytes: statSync(html).size, renderMs: render.status === 0 ? JSON.parse(render.stdout).renderMs : null };
}
