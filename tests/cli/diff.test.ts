import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrails } from "../helpers/cli";
import { guardrailsInProcess } from "../helpers/inProcess";

const EXPORT = path.join(__dirname, "..", "fixtures", "export", "prod-export.json");

describe("guardrails diff (the first through the real bin, the rest in this process)", () => {
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

  test("staging against prod as a PR comment: risk summary, pack verdict, collapsible details", async () => {
    const r = await guardrailsInProcess("diff", "--stack", "staging", "--against", "prod", "--format", "markdown");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("### entra-guardrails diff");
    expect(r.stdout).toContain("**Risk summary**");
    expect(r.stdout).toContain("- 2 policies move from canary to enforced: GR-004 Compliant or hybrid-joined device for administrators, GR-009 Block device code flow");
    expect(r.stdout).toContain("**Policy pack** `entra-guardrails@0.1.0`: ✅ 0 mandatory");
    expect(r.stdout).toMatch(/<details><summary><code>~<\/code> azuread:ConditionalAccessPolicy <b>guestMfa<\/b> \(\d+ changes?\)<\/summary>/);
    expect(r.stdout).toContain('~ state: "disabled" → "enabledForReportingButNotEnforced"');
  });

  test("--detailed-exitcode: 0 without changes, 4 with (2 stays bad input); against a saved plan", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "diff-"));
    const saved = path.join(dir, "prod.json");
    writeFileSync(saved, (await guardrailsInProcess("plan", "--stack", "prod", "--format", "json", "--no-policy-pack")).stdout);
    const same = await guardrailsInProcess("diff", "--stack", "prod", "--against-plan", saved, "--detailed-exitcode", "--no-policy-pack");
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("No changes.");
    expect((await guardrailsInProcess("diff", "--stack", "staging", "--against-plan", saved, "--detailed-exitcode", "--no-policy-pack")).status).toBe(4);
    expect((await guardrailsInProcess("diff", "--stack", "staging", "--against-plan", path.join(dir, "missing.json"), "--detailed-exitcode", "--no-policy-pack")).status).toBe(2);
  });

  test("bad input exits 2", async () => {
    expect((await guardrailsInProcess("diff", "--stack", "prod")).status).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), "diff-"));
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 2, deployment: {} }));
    const r = await guardrailsInProcess("diff", "--stack", "prod", "--against-export", bad, "--no-policy-pack");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`guardrails: ${bad}: version: not a Pulumi stack export of deployment schema v3 (expected { "version": 3, "deployment": { "resources": [...] } })\n`);
  });
});

describe("diff inputs it did not write (issue #10)", () => {
  // In-process: the readers throw the one-line UsageError main() prints with exit 2 (the subprocess test above shows that path).
  const { exportSide, savedPlanSide } = require("../../cli/diff/sources") as typeof import("../../cli/diff/sources");
  const { profileVariant } = require("../helpers/stacks") as typeof import("../helpers/stacks");
  const profile = profileVariant("prod");
  const dir = mkdtempSync(path.join(tmpdir(), "diff-hostile-"));
  const exportJson = JSON.parse(require("node:fs").readFileSync(EXPORT, "utf8"));
  const write = (name: string, content: string | Buffer) => { const f = path.join(dir, name); writeFileSync(f, content); return f; };

  test.each([
    ["null resources", { version: 3, deployment: { resources: [null] } }, "deployment.resources.0: Invalid input: expected object, received null"],
    ["a resource without urn", { version: 3, deployment: { resources: [{ type: "x" }] } }, "deployment.resources.0.urn: Invalid input: expected string, received undefined"],
    ["inputs of the wrong type", { version: 3, deployment: { resources: [{ urn: "urn:pulumi:prod::entra-guardrails::a:b:C::n", type: "a:b:C", inputs: "x" }] } }, "deployment.resources.0.inputs: Invalid input: expected record, received string"],
    ["state of another project", { version: 3, deployment: { resources: [{ urn: "urn:pulumi:prod::other-project::a:b:C::n", type: "a:b:C" }] } }, "project: 'other-project' is not entra-guardrails; compare state and plans of this project only"],
    ["nesting 10,000 deep", (`{"version":3,"deployment":{"resources":[{"urn":"urn:pulumi:prod::entra-guardrails::a:b:C::n","type":"a:b:C","inputs":{"x":${"[".repeat(10000)}${"]".repeat(10000)}}}]}}`), /deployment\.resources\.0\.inputs\.x(\.0)+: nested more than 64 levels deep/],
  ])("a stack export with %s is refused with file and key", (name, doc, message) => {
    const f = write(`${String(name).replace(/\W/g, "-")}.json`, typeof doc === "string" ? doc : JSON.stringify(doc));
    expect(() => exportSide(f, profile)).toThrow(typeof message === "string" ? `${f}: ${message}` : message);
  });

  test("a saved plan of another project is refused, not reported as 'No changes'", async () => {
    const plan = { schemaVersion: 1, project: "someone-else", resources: [{ urn: "urn:pulumi:prod::someone-else::a:b:C::n", type: "a:b:C", name: "n", inputs: {} }] };
    const f = write("foreign-plan.json", JSON.stringify(plan));
    expect(() => savedPlanSide(f, profile)).toThrow(`${f}: project: 'someone-else' is not entra-guardrails; compare state and plans of this project only`);
    const notAPlan = write("not-a-plan.json", JSON.stringify({ schemaVersion: 1, project: "entra-guardrails", resources: "x" }));
    expect(() => savedPlanSide(notAPlan, profile)).toThrow(`${notAPlan}: resources: Invalid input: expected array, received string`);
  });

  test.each([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(exportJson))])],
    ["UTF-16LE with BOM (Windows PowerShell)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(exportJson), "utf16le")])],
  ])("an export saved as %s is read", (name, bytes) => {
    const side = exportSide(write(`${name.replace(/\W/g, "-")}.json`, bytes), profile);
    expect(side.resources.map((r) => r.name)).toContain("legacyPilot");
  });
});
