import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrails } from "../helpers/cli";
import { guardrailsInProcess } from "../helpers/inProcess";
import { stackFile } from "../helpers/stacks";

function packConfig(content: unknown): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), "incident-pack-")), "pack.json");
  writeFileSync(f, JSON.stringify(content));
  return f;
}

function copyOfProd(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "incident-"));
  const f = path.join(dir, "Pulumi.prod.yaml");
  copyFileSync(stackFile("prod"), f);
  return f;
}

describe("guardrails incident (in this process; the apply → revert round trip through the real bin)", () => {
  test("plan shows only whitelisted changes and the blast radius before and after", async () => {
    const r = await guardrailsInProcess("incident", "plan", "--stack", "prod", "--profile", "relaxed-risk", "--synthetic-users", "1000", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const changed = out.diff.resources.map((c: { name: string; op: string }) => `${c.op} ${c.name}`).sort();
    expect(changed).toEqual([
      "create incidentExpired", "update leakedCredentialBurst", "update lockoutStorm", "update riskSpike-sev0", "update riskSpike-sev1",
      "update signInRiskMfa", "update userRiskRemediation",
    ]);
    expect(out.blastRadius.before.combined).toMatchObject({ blocked: 0, passwordChange: 1000 });
    expect(out.blastRadius.after.combined).toMatchObject({ blocked: 0, passwordChange: 0, mfa: 1000 });
    expect(out.blastRadius.after.examples).toEqual({ unaffected: ["breakglass-01@contoso.example", "breakglass-02@contoso.example"] });
  });

  test("apply → revert round trip: the file is byte-identical and the diff against the pre-incident plan is empty", () => {
    const f = copyOfProd();
    const before = readFileSync(f, "utf8");
    const dir = path.dirname(f);
    const prePlan = path.join(dir, "pre.json");
    writeFileSync(prePlan, guardrails("plan", "--config-file", f, "--format", "json", "--no-policy-pack").stdout);
    const applied = guardrails("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-123", "--expires", "8h");
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain("  pulumi up --stack prod --policy-pack policies --parallel 2");
    expect(readFileSync(f, "utf8")).toContain("  guardrails:incident:\n    profile: relaxed-risk\n");
    expect(guardrails("diff", "--config-file", f, "--against-plan", prePlan, "--detailed-exitcode", "--no-policy-pack").status).toBe(4);
    expect(guardrails("incident", "revert", "--config-file", f).status).toBe(0);
    expect(readFileSync(f, "utf8")).toBe(before);
    const after = guardrails("diff", "--config-file", f, "--against-plan", prePlan, "--detailed-exitcode", "--no-policy-pack");
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("No changes.");
  });

  test("forbidden knobs and over-long relaxations are refused before anything is written", async () => {
    const f = copyOfProd();
    const before = readFileSync(f, "utf8");
    const bad = path.join(path.dirname(f), "too-broad.yaml");
    writeFileSync(bad, "reason: trying to turn off admin protection\napprovedBy: [x]\nchanges:\n  reportOnly: [adminPhishingResistantMfa]\n  logs: { omit: [AuditLogs] }\n");
    const r = await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", bad, "--ticket", "INC-9", "--expires", "8h");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("changes.reportOnly: 'adminPhishingResistantMfa' is marked neverRelax (admin protection, legacy-auth block) and cannot be relaxed; changes.logs: not a whitelisted knob");
    const long = await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-9", "--expires", "4d");
    expect(long.status).toBe(2);
    expect(long.stderr).toContain("expiresAt: the relaxation lasts 96.0 hours, more than the 72-hour maximum");
    expect(readFileSync(f, "utf8")).toBe(before);
  });

  test("the pack refuses an expired profile and a hand-edited over-broad one", async () => {
    const f = copyOfProd();
    expect((await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-7", "--expires", "1h")).status).toBe(0);
    const later = packConfig({ "incident-expired": { now: new Date(Date.now() + 3 * 3_600_000).toISOString() }, "incident-profile-valid": { now: new Date(Date.now() + 3 * 3_600_000).toISOString() } });
    const expired = await guardrailsInProcess("plan", "--config-file", f, "--policy-pack-config", later);
    expect(expired.status).toBe(1);
    expect(expired.stdout).toContain("[mandatory] incident-expired (1)");
    expect((await guardrailsInProcess("incident", "status", "--config-file", f, "--now", new Date(Date.now() + 3 * 3_600_000).toISOString())).status).toBe(1);
    // Hand-edit the applied profile to relax the legacy-auth block.
    writeFileSync(f, readFileSync(f, "utf8").replace("      reportOnly:\n        - userRiskRemediation", "      reportOnly:\n        - blockLegacyAuthentication"));
    const broad = await guardrailsInProcess("plan", "--config-file", f, "--format", "json");
    expect(broad.status).toBe(1);
    const v = JSON.parse(broad.stdout).policyPack.violations.map((x: { policy: string; message: string }) => `${x.policy}: ${x.message}`);
    expect(v).toContain("incident-profile-valid: incident INC-7: changes.reportOnly: 'blockLegacyAuthentication' is marked neverRelax (admin protection, legacy-auth block) and cannot be relaxed");
    expect(v).toContain("incident-profile-valid: incident INC-7: changes: differ from the reviewed profile stacks/incident/relaxed-risk.yaml; apply the reviewed profile, do not edit guardrails:incident by hand");
  });

  test("limits come from the reviewed profile: a hand-edited maxDurationHours does not stretch the window", async () => {
    const f = copyOfProd();
    expect((await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-8", "--expires", "8h")).status).toBe(0);
    const text = readFileSync(f, "utf8");
    const expires = /expiresAt: (\S+)/.exec(text)![1];
    const stretched = new Date(Date.parse(expires) + 900 * 3_600_000).toISOString();
    writeFileSync(f, text.replace("maxDurationHours: 72", "maxDurationHours: 1000").replace(expires, stretched));
    const r = await guardrailsInProcess("plan", "--config-file", f, "--format", "json");
    expect(r.status).toBe(1);
    const v = JSON.parse(r.stdout).policyPack.violations.map((x: { message: string }) => x.message);
    expect(v).toContain("incident INC-8: maxDurationHours: 1000 differs from the reviewed profile's 72 (stacks/incident/relaxed-risk.yaml); the reviewed limit applies");
    expect(v.some((m: string) => /^incident INC-8: expiresAt: the relaxation lasts 908\.0 hours, more than the 72-hour maximum$/.test(m))).toBe(true);
  });

  test("a start in the future, an expiry in the past and an over-long derived description are refused before writing", async () => {
    const f = copyOfProd();
    const before = readFileSync(f, "utf8");
    const future = await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-1", "--expires", "72h", "--starts-at", "2099-12-28T00:00:00Z");
    expect(future.status).toBe(2);
    expect(future.stderr).toContain("startsAt: 2099-12-28T00:00:00.000Z is in the future; an incident is live from the moment it is deployed (at most 5 minutes ahead)");
    const past = await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-1", "--expires", "1h", "--starts-at", "2020-01-01T00:00:00Z");
    expect(past.status).toBe(2);
    expect(past.stderr).toContain("expiresAt: expired at 2020-01-01T01:00:00.000Z");
    const long = await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-" + "9".repeat(4100), "--expires", "8h");
    expect(long.status).toBe(2);
    // Once written first and then refused (leaving a file every command rejected); now refused before anything is written.
    expect(long.stderr).toBe("guardrails: --ticket: is 4104 characters long (at most 256)\n");
    expect(long.stderr.length).toBeLessThan(600);
    expect(readFileSync(f, "utf8")).toBe(before);
  });

  test("while an incident is applied, plan opens with an INCIDENT banner", async () => {
    const f = copyOfProd();
    expect((await guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", "--ticket", "INC-5", "--expires", "8h", "--approved-by", "ciso@contoso.example")).status).toBe(0);
    const r = await guardrailsInProcess("plan", "--config-file", f, "--no-policy-pack");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[2]).toMatch(/^INCIDENT INC-5 applied \(profile relaxed-risk\): relaxed until \S+Z \(since \S+Z\)$/);
    expect(lines[3]).toBe("  approved by ciso@contoso.example: Identity Protection false positives put many users at high user risk; relax risk-based enforcement while Microsoft fixes the detection.");
    expect(lines).toContain("  relaxed: reportOnly: userRiskRemediation");
    expect(lines).toContain('  relaxed: riskLevels: {"signInRiskMfa":["high"]}');
  });

  test("runbook prints the steps for the window", async () => {
    const r = await guardrailsInProcess("incident", "runbook", "--from", "2025-04-19T00:00:00Z", "--to", "2025-04-20T06:00:00Z");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("TimeGenerated between (datetime(2025-04-19T00:00:00.000Z) .. datetime(2025-04-20T06:00:00.000Z))");
    expect(r.stdout).toContain("$ npx guardrails incident revert --stack prod");
    expect((await guardrailsInProcess("incident", "runbook", "--from", "2025-04-20", "--to", "2025-04-19")).status).toBe(2);
  });
});

describe("one program run per side, one pack run (issue #15)", () => {
  const engine = require("../../cli/engine/run") as typeof import("../../cli/engine/run");
  const analyzer = require("../../cli/engine/analyzer") as typeof import("../../cli/engine/analyzer");

  test("incident plan runs each side's program once and reuses the runs for the blast radius", async () => {
    const runs = jest.spyOn(engine, "runProgram");
    try {
      const r = await guardrailsInProcess("incident", "plan", "--stack", "prod", "--profile", "relaxed-risk", "--synthetic-users", "200", "--format", "json");
      expect(r.status).toBe(0);
      expect(runs).toHaveBeenCalledTimes(2);
      expect(JSON.parse(r.stdout).blastRadius.after.combined.mfa).toBe(200);
    } finally {
      runs.mockRestore();
    }
  });

  test("diff runs each side once and the pack once", async () => {
    const runs = jest.spyOn(engine, "runProgram");
    const packs = jest.spyOn(analyzer, "analyze");
    try {
      const r = await guardrailsInProcess("diff", "--stack", "staging", "--against", "prod");
      expect(r.status).toBe(0);
      expect(runs).toHaveBeenCalledTimes(2);
      expect(packs).toHaveBeenCalledTimes(1);
    } finally {
      runs.mockRestore();
      packs.mockRestore();
    }
  });
});
