/**
 * Debian's Chromium for the browser tests (no browser download: the npm registry has none). On a
 * fresh machine it is installed here when the tests run as root; otherwise the tests stop with the
 * one command to run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.GUARDRAILS_CHROMIUM ?? "/usr/bin/chromium";

export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`Chromium is missing at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium`);
  const install = () => spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { encoding: "utf8", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  let r = install();
  if (r.status !== 0) {
    spawnSync("apt-get", ["update"], { encoding: "utf8" });
    r = install();
  }
  if (r.status !== 0 || !existsSync(CHROMIUM)) throw new Error(`apt-get install chromium failed (exit ${r.status}): ${(r.stderr || r.stdout).split("\n").slice(-3).join(" ")}`);
  return CHROMIUM;
}

/** Flags for a headless run on a closed network (no background connections, no sandbox as root). */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
