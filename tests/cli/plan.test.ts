import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CATALOG, CATALOG_KEYS } from "../../model/catalog";
import { checkKql } from "../../model/kql/check";
import { REQUIRED_CATEGORIES } from "../../model/logs/categories";
import { nextStage } from "../../model/rollout";
import type { PlanDocument } from "../../cli/plan/document";
import { guardrails } from "../helpers/cli";
import { guardrailsInProcess } from "../helpers/inProcess";
import { writeVariant } from "../helpers/stacks";

const BG_USERS = ["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002"];
const BG_GROUP = "eeeeeeee-0001-4000-8000-000000000001";

describe("guardrails plan (the real bin for the shared plans, usage and --help; the rest in this process)", () => {
  let prod: PlanDocument;
  let staging: PlanDocument;
  beforeAll(() => {
    const p = guardrails("plan", "--stack", "prod", "--format", "json");
    expect(p.stderr).toBe("");
    expect(p.status).toBe(0);
    prod = JSON.parse(p.stdout);
    const s = guardrails("plan", "--stack", "staging", "--format", "json");
    expect(s.status).toBe(0);
    staging = JSON.parse(s.stdout);
  });

  test("prod JSON lists every catalog policy, each excluding every break-glass account and the group", async () => {
    expect(prod.schemaVersion).toBe(1);
    expect(prod.stack).toBe("prod");
    expect(prod.conditionalAccess.map((p) => p.key).sort()).toEqual([...CATALOG_KEYS].sort());
    for (const p of prod.conditionalAccess) {
      const excluded = p.exclude.map((r) => r.id);
      expect({ policy: p.key, excluded }).toEqual({ policy: p.key, excluded: expect.arrayContaining([...BG_USERS, BG_GROUP]) });
    }
  });

  test("exclusions and inclusions carry names as well as ids", async () => {
    const legacy = prod.conditionalAccess.find((p) => p.key === "blockLegacyAuthentication")!;
    expect(legacy.exclude).toEqual([
      { id: BG_USERS[0], name: "breakglass-01@contoso.example", kind: "user" },
      { id: BG_USERS[1], name: "breakglass-02@contoso.example", kind: "user" },
      { id: BG_GROUP, name: "CA-BreakGlass-Exclude", kind: "group" },
    ]);
    const canary = prod.conditionalAccess.find((p) => p.key === "adminCompliantDevice")!;
    expect(canary.include).toEqual([{ id: "eeeeeeee-0001-4000-8000-000000000002", name: "CA-Canary", kind: "group" }]);
    expect(canary.canaryGroup).toBe("CA-Canary");
    const countries = prod.conditionalAccess.find((p) => p.key === "blockDisallowedCountries")!;
    expect(countries.conditions).toContain("locations: All except Allowed countries, AllTrusted");
  });

  test("staging is one stage ahead of prod for every policy", async () => {
    for (const c of CATALOG) {
      const p = prod.conditionalAccess.find((x) => x.key === c.key)!;
      const s = staging.conditionalAccess.find((x) => x.key === c.key)!;
      expect({ key: c.key, staging: s.stage }).toEqual({ key: c.key, staging: nextStage(p.stage) });
    }
  });

  test("resources carry urn, type, name, parent and inputs; the CA resource inputs match the summary", async () => {
    expect(prod.summary.resources).toBe(prod.resources.length);
    expect(prod.summary.byType["azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy"]).toBe(CATALOG.length);
    for (const r of prod.resources) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(["urn", "type", "name", "parent", "inputs"]));
    }
    const legacy = prod.resources.find((r) => r.urn === prod.conditionalAccess.find((p) => p.key === "blockLegacyAuthentication")!.urn)!;
    expect(legacy.inputs).toMatchObject({ displayName: "GR-001 Block legacy authentication", state: "enabled", grantControls: { operator: "OR", builtInControls: ["block"] } });
  });

  test("prod JSON has the diagnostic settings and at least 7 alert rules, each with its kind and full, type-checking KQL", async () => {
    const settings = prod.resources.filter((r) => r.type === "azure-native:aadiam:DiagnosticSetting");
    expect(settings.length).toBeGreaterThanOrEqual(1);
    const routedToWorkspaces = prod.logStreams.filter((s) => s.destination.kind === "workspace").map((s) => s.category);
    expect(routedToWorkspaces.sort()).toEqual([...REQUIRED_CATEGORIES].sort());
    expect(prod.alerts.length).toBeGreaterThanOrEqual(7);
    const rules = prod.resources.filter((r) => r.type === "azure-native:monitor:ScheduledQueryRule");
    expect(rules).toHaveLength(prod.alerts.length);
    for (const a of prod.alerts) {
      const resource = rules.find((r) => r.inputs.ruleName === a.name)!;
      expect(resource.inputs.kind).toBe(a.kind);
      expect((resource.inputs.criteria as any).allOf[0].query).toBe(a.query);
      expect({ rule: a.name, diagnostics: checkKql(a.query) }).toEqual({ rule: a.name, diagnostics: [] });
    }
  });

  test("two plans of the same stack are identical (deterministic)", async () => {
    expect(JSON.parse((await guardrailsInProcess("plan", "--stack", "prod", "--format", "json")).stdout)).toEqual(prod);
  });

  test("text: one line per policy with stage, state and names, then counts by type", async () => {
    const r = await guardrailsInProcess("plan", "--stack", "prod");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const policyLines = lines.filter((l) => l.startsWith("  GR-"));
    expect(policyLines).toHaveLength(CATALOG.length);
    const legacy = policyLines.find((l) => l.includes("GR-001"))!;
    expect(legacy).toContain("enforced (enabled)");
    expect(legacy).toContain("exclude breakglass-01@contoso.example, breakglass-02@contoso.example, CA-BreakGlass-Exclude");
    expect(legacy).toContain("grant block");
    expect(lines).toContain("   11  azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy");
    expect(lines).toContain("  NonInteractiveUserSignInLogs → AADNonInteractiveUserSignInLogs → Basic (30d interactive, 90d total) → workspace law-entra-prod");
    expect(lines).toContain("  Sev1 · Conditional Access block / lockout storm · LogAlert, every PT5M over PT15M · DistinctUsers ≥ 25 (Maximum per ResultType) · → entra-guardrails-sev1");
  });

  test("markdown: a table row per policy for a PR comment", async () => {
    const r = await guardrailsInProcess("plan", "--stack", "staging", "--format", "markdown");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("| Policy | Stage | State | Include | Exclude | Applications | Conditions | Grant | Session |");
    expect(r.stdout.split("\n").filter((l) => l.startsWith("| GR-"))).toHaveLength(CATALOG.length);
    expect(r.stdout).toContain("| GR-011 MFA for guests and external users | reportOnly | `enabledForReportingButNotEnforced` |");
    expect(r.stdout).toContain("| SignInLogs | SigninLogs | Analytics | 90d interactive, 365d total | workspace law-entra-staging |");
    expect(r.stdout).toContain("| Sev0 | Break-glass account sign-in | LogAlert | every PT5M over PT5M | rows > 0 per UserPrincipalName, ResultType | entra-guardrails-sev0 |");
  });

  test("the Microsoft ranges the leaked-credential alert ignores are shown (issue #9 §4)", async () => {
    expect(prod.ignoredIpRanges).toEqual([]);
    const f = writeVariant("prod", (c) => { c["guardrails:alerts"].microsoftIpRanges = ["20.190.128.0/18", "2603:1006::/40"]; });
    const r = await guardrailsInProcess("plan", "--config-file", f, "--no-policy-pack");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("  Leaked-credential burst ignores detections from 20.190.128.0/18, 2603:1006::/40 (guardrails:alerts.microsoftIpRanges)\n");
  });

  test("--out writes the file and nothing to stdout; --config-file reads any stack file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "plan-out-"));
    const out = path.join(dir, "plan.json");
    const r = await guardrailsInProcess("plan", "--config-file", "stacks/Pulumi.prod.yaml", "--format", "json", "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(prod);
    expect(readdirSync(dir)).toEqual(["plan.json"]);
  });

  test("bad config: exit 2, one line naming file and key, nothing written", async () => {
    const file = writeVariant("prod", (c) => c["guardrails:breakGlass"].accounts.pop());
    const out = path.join(path.dirname(file), "plan.json");
    const r = await guardrailsInProcess("plan", "--config-file", file, "--out", out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`guardrails: ${file}: guardrails:breakGlass.accounts: at least two emergency-access accounts are required (Microsoft's emergency-access guidance)\n`);
    expect(existsSync(out)).toBe(false);
  });

  test("usage errors exit 2", () => {
    expect(guardrails("plan").status).toBe(2);
    expect(guardrails("plan", "--stack", "nope").stderr).toMatch(/^guardrails: stacks\/Pulumi\.nope\.yaml: cannot read the stack config file \(ENOENT\)\n$/);
    expect(guardrails("plan", "--stack", "prod", "--format", "xml").status).toBe(2);
    expect(guardrails("plan", "--stack", "prod", "--config-file", "x").status).toBe(2);
    const unwritable = guardrails("plan", "--stack", "prod", "--out", "/nonexistent-dir/plan.txt");
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toBe("guardrails: /nonexistent-dir/plan.txt: cannot write --out file (ENOENT)\n");
  });

  test("--help exits 0 and lists the options", () => {
    const r = guardrails("plan", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--config-file <path>");
    expect(r.stdout.replace(/\s+/g, " ")).toContain('(choices: "text", "markdown", "json", "graph", default: "text")');
  });
});
