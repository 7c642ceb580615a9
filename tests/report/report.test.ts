/** What the report says: the coverage model's outcomes and gaps, refused promotions, the incident banner, size at 195 policies. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { write195PolicyStack } from "../../bench/generate";
import { coverageMatrix, stackPersonas } from "../../model/report/coverage";
import { stackLocations, stackPolicies } from "../../model/whatif/fromProfile";
import { loadProfileFile } from "../../model/profile/load";
import { guardrailsInProcess } from "../helpers/inProcess";
import { profileVariant, ROOT, writeVariant } from "../helpers/stacks";

function matrixOf(profile: ReturnType<typeof loadProfileFile>) {
  return coverageMatrix(stackPolicies(profile).map((p) => p.policy), stackLocations(profile), stackPersonas(profile), "NL");
}

describe("coverage", () => {
  const prod = matrixOf(loadProfileFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml")));
  const cell = (persona: string, app: string, client: string, location: string) => prod.rows.find((r) => r.persona.key === persona)!.cells.find((c) => c.app === app && c.client === client && c.location === location)!;

  test("a member meets MFA outside the office and nothing inside it; legacy clients are blocked", () => {
    expect(cell("member", "office365", "browser", "untrusted")).toMatchObject({ category: "mfa", enforcedBy: ["GR-003 MFA for all users outside trusted locations"] });
    expect(cell("member", "office365", "browser", "trusted").category).toBe("unaffected");
    expect(cell("member", "all", "other", "trusted")).toMatchObject({ category: "blocked", enforcedBy: ["GR-001 Block legacy authentication"] });
  });

  test("break-glass accounts are unaffected everywhere, and that is marked as expected, not as a gap", () => {
    const bg = prod.rows.filter((r) => r.persona.kind === "breakGlass");
    expect(bg).toHaveLength(2);
    for (const r of bg) {
      expect(r.cells.every((c) => c.category === "unaffected")).toBe(true);
      expect(r.gap).toMatch(/expected, break-glass accounts are excluded/);
    }
    expect(prod.rows.filter((r) => r.gap && r.persona.kind !== "breakGlass")).toEqual([]);
  });

  test("with MFA outside trusted locations and legacy blocking off, members and guests show a gap", () => {
    const m = matrixOf(profileVariant("prod", (c) => {
      c["guardrails:rollout"].policies.mfaOutsideTrustedLocations.stage = "off";
      c["guardrails:rollout"].policies.blockLegacyAuthentication.stage = "off";
    }));
    const gaps = m.rows.filter((r) => r.gap?.endsWith("a gap")).map((r) => r.persona.kind);
    expect(gaps).toContain("member");
    expect(gaps).toContain("guest");
    expect(gaps).not.toContain("admin");
  });
});

test("a promotion the pack refuses is marked on the timeline, and an applied incident opens the report", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-"));
  const f = writeVariant("prod", (c) => {
    // Canary only three days after report-only began: rollout-order refuses it.
    c["guardrails:rollout"].policies.office365DesktopCompliantDevice = { stage: "canary", since: { reportOnly: "2026-11-10", canary: "2026-11-13" } };
  });
  const html = path.join(dir, "r.html");
  const first = await guardrailsInProcess("report", "--config-file", f, "--out", html, "--synthetic-users", "100");
  // The report is written either way; `plan` is the gate.
  expect(first.stderr).toContain("the pack reports 1 mandatory violation(s)");
  expect(first.status).toBe(0);
  const text = readFileSync(html, "utf8");
  expect(text).toMatch(/✕ refused: [^<]*rollout-order/);
  expect(text).not.toContain('id="incident"');

  const copy = path.join(dir, "Pulumi.prod.yaml");
  copyFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), copy);
  const applied = await guardrailsInProcess("incident", "apply", "--config-file", copy, "--profile", "relaxed-risk", "--ticket", "INC-42", "--expires", "4h");
  expect(applied.stderr).toBe("");
  expect(applied.status).toBe(0);
  const second = await guardrailsInProcess("report", "--config-file", copy, "--out", html, "--synthetic-users", "100");
  expect(second.stderr).toMatch(/^guardrails: wrote \S+ \(\d+ bytes\)\n$/);
  expect(second.status).toBe(0);
  expect(readFileSync(html, "utf8")).toMatch(/<div class="banner" id="incident"><strong>INCIDENT INC-42<\/strong>: profile relaxed-risk applied/);
}, 60_000);

test("the timeline's soak comes from the pack's reconciled config (--policy-pack-config), not a default", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-cfg-"));
  const cfg = path.join(dir, "pack.json");
  writeFileSync(cfg, JSON.stringify({ "rollout-order": { reportOnlySoakDays: 21 }, "maintenance-window": { days: ["Mon"] } }));
  const html = path.join(dir, "r.html");
  expect((await guardrailsInProcess("report", "--stack", "prod", "--policy-pack-config", cfg, "--out", html, "--synthetic-users", "50")).status).toBe(0);
  const text = readFileSync(html, "utf8");
  expect(text).toContain("dashed: 21 days in report-only, 7 in canary");
  expect(text).toContain("shaded: Mon, UTC");
}, 60_000);

test("a 195-policy tenant's report stays under 2 MB with a timeline row per policy", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-195-"));
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, "Pulumi.large.yaml");
  write195PolicyStack(ROOT, f);
  const html = path.join(dir, "large.html");
  expect((await guardrailsInProcess("report", "--config-file", f, "--out", html, "--synthetic-users", "200")).status).toBe(0);
  expect(statSync(html).size).toBeLessThan(2 * 1024 * 1024);
  expect(readFileSync(html, "utf8").match(/<div class="policy" id="policy-/g)).toHaveLength(195);
}, 60_000);

test("bad input: --out is required, a bad scenario file is one line", async () => {
  expect((await guardrailsInProcess("report", "--stack", "prod")).stderr).toContain("required option '-o, --out <file>' not specified");
  const r = await guardrailsInProcess("report", "--stack", "prod", "--out", path.join(os.tmpdir(), "x.html"), "--scenario", "/nonexistent.yaml");
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
});
