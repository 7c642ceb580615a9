import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrails } from "../helpers/cli";

const EXPORT = path.join(__dirname, "..", "fixtures", "export", "prod-export.json");

describe("guardrails diff (subprocess)", () => {
  test("against real state (deployment v3): real changes only, noise and secrets handled", () => {
    const r = guardrails("diff", "--stack", "prod", "--against-export", EXPORT, "--format", "json", "--no-policy-pack");
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    const byName = (n: string) => d.resources.find((x: { name: string }) => x.name === n);
    expect(byName("blockLegacyAuthentication")).toEqual({
      key: "guardrails:ca:ConditionalAccessBaseline$guardrails:ca:StagedConditionalAccessPolicy$azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::blockLegacyAuthentication",
      type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", name: "blockLegacyAuthentication", op: "update", protected: true,
      changes: [{ path: "state", kind: "update", old: "enabledForReportingButNotEnforced", new: "enabled" }],
    });
    // The named location's id is the mock's offline and Azure's in state: both are references to the same resource.
    expect(byName("blockDisallowedCountries")).toBeUndefined();
    expect(byName("ag-sev0")).toBeUndefined(); // the secret is [secret] on both sides
    expect(byName("legacyPilot")).toMatchObject({ op: "delete" });
    expect(d.risk).toContain("1 policy moves to enforced: GR-001 Block legacy authentication");
    expect(d.risk[0]).toBe("Conditional Access policy 'Legacy pilot policy' is DELETED: protected: `pulumi up` will refuse");
    expect(r.stdout).not.toContain("Zm9vYmFyOnNlY3JldA");
  });

  test("staging against prod as a PR comment: risk summary, pack verdict, collapsible details", () => {
    const r = guardrails("diff", "--stack", "staging", "--against", "prod", "--format", "markdown");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("### entra-guardrails diff");
    expect(r.stdout).toContain("**Risk summary**");
    expect(r.stdout).toContain("- 2 policies move from canary to enforced: GR-004 Compliant or hybrid-joined device for administrators, GR-009 Block device code flow");
    expect(r.stdout).toContain("**Policy pack** `entra-guardrails@0.1.0`: ✅ 0 mandatory");
    expect(r.stdout).toMatch(/<details><summary><code>~<\/code> azuread:ConditionalAccessPolicy <b>guestMfa<\/b> \(\d+ changes?\)<\/summary>/);
    expect(r.stdout).toContain('~ state: "disabled" → "enabledForReportingButNotEnforced"');
  });

  test("--detailed-exitcode: 0 without changes, 4 with (2 stays bad input); against a saved plan", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "diff-"));
    const saved = path.join(dir, "prod.json");
    writeFileSync(saved, guardrails("plan", "--stack", "prod", "--format", "json", "--no-policy-pack").stdout);
    const same = guardrails("diff", "--stack", "prod", "--against-plan", saved, "--detailed-exitcode", "--no-policy-pack");
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("No changes.");
    expect(guardrails("diff", "--stack", "staging", "--against-plan", saved, "--detailed-exitcode", "--no-policy-pack").status).toBe(4);
    expect(guardrails("diff", "--stack", "staging", "--against-plan", path.join(dir, "missing.json"), "--detailed-exitcode", "--no-policy-pack").status).toBe(2);
  });

  test("bad input exits 2", () => {
    expect(guardrails("diff", "--stack", "prod").status).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), "diff-"));
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 2, deployment: {} }));
    const r = guardrails("diff", "--stack", "prod", "--against-export", bad, "--no-policy-pack");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`guardrails: ${bad}: version: not a Pulumi stack export of deployment schema v3 (expected { "version": 3, "deployment": { "resources": [...] } })\n`);
  });
});
