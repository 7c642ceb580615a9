import { runProgram } from "../../cli/engine/run";
import type { RecordedResource } from "../../cli/engine/recordingMonitor";
import { REQUIRED_CATEGORIES, CATEGORIES } from "../../model/logs/categories";
import { profileVariant } from "../helpers/stacks";

const ofType = (rs: RecordedResource[], t: string) => rs.filter((r) => r.type === t);

describe("log streams and alerts (prod, under the mock runtime)", () => {
  let resources: RecordedResource[];
  beforeAll(async () => { resources = (await runProgram(profileVariant("prod"))).resources; });

  test("each destination receives each category exactly once, and every required category reaches a workspace", () => {
    const settings = ofType(resources, "azure-native:aadiam:DiagnosticSetting");
    const toWorkspace: string[] = [];
    for (const s of settings) {
      const cats = (s.inputs.logs as { category: string; enabled: boolean }[]).map((l) => l.category);
      expect(new Set(cats).size).toBe(cats.length);
      if (s.inputs.workspaceId) toWorkspace.push(...cats);
    }
    expect(toWorkspace.sort()).toEqual([...REQUIRED_CATEGORIES].sort());
    // Destinations are distinct settings (one destination of each type per setting).
    expect(settings.map((s) => s.inputs.workspaceId ?? s.inputs.storageAccountId)).toHaveLength(new Set(settings.map((s) => s.inputs.workspaceId ?? s.inputs.storageAccountId)).size);
  });

  test("diagnostic settings point at the workspace's ARM id, tenant-scoped, with plain-string categories", () => {
    const [ws] = ofType(resources, "azure-native:aadiam:DiagnosticSetting").filter((s) => s.inputs.workspaceId);
    expect(ws.inputs.workspaceId).toBe("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-entra-guardrails-prod/providers/Microsoft.OperationalInsights/workspaces/law-entra-prod");
    expect(ws.inputs.resourceGroupName).toBeUndefined();
    expect((ws.inputs.logs as { category: string }[]).map((l) => l.category)).toContain("NonInteractiveUserSignInLogs");
  });

  test("tables: Basic for the token-refresh stream without interactive retention, Analytics with it", () => {
    const tables = new Map(ofType(resources, "azure-native:operationalinsights:Table").map((t) => [t.inputs.tableName, t.inputs]));
    expect(tables.get("AADNonInteractiveUserSignInLogs")).toMatchObject({ plan: "Basic", totalRetentionInDays: 90 });
    expect(tables.get("AADNonInteractiveUserSignInLogs")!.retentionInDays).toBeUndefined();
    expect(tables.get("SigninLogs")).toMatchObject({ plan: "Analytics", retentionInDays: 90, totalRetentionInDays: 365 });
    expect(tables.get("AuditLogs")).toMatchObject({ plan: "Analytics", totalRetentionInDays: 730 });
  });

  test("no LogAlert reads a Basic or Auxiliary table; the Basic half of break-glass is a SimpleLogAlert", () => {
    const plans = new Map(ofType(resources, "azure-native:operationalinsights:Table").map((t) => [t.inputs.tableName as string, t.inputs.plan as string]));
    const tablesIn = (q: string) => Object.values(CATEGORIES).map((c) => c.table).filter((t) => new RegExp(`\\b${t}\\b`).test(q));
    const rules = ofType(resources, "azure-native:monitor:ScheduledQueryRule");
    expect(rules.length).toBeGreaterThanOrEqual(7);
    for (const r of rules) {
      const query = (r.inputs.criteria as any).allOf[0].query as string;
      const read = tablesIn(query);
      expect(read.length).toBeGreaterThan(0);
      if (r.inputs.kind === "LogAlert") for (const t of read) expect({ rule: r.name, table: t, plan: plans.get(t) }).toEqual({ rule: r.name, table: t, plan: "Analytics" });
      else expect({ rule: r.name, read: read.map((t) => plans.get(t)) }).toEqual({ rule: r.name, read: ["Basic"] });
    }
    const simple = rules.find((r) => r.inputs.kind === "SimpleLogAlert")!;
    expect(simple.name).toBe("breakGlassSignIn-noninteractive");
  });

  test("rule shape: string-literal operators, Sev0 break-glass rule every 5 minutes covering both accounts, tiered action groups", () => {
    const rules = new Map(ofType(resources, "azure-native:monitor:ScheduledQueryRule").map((r) => [r.name, r.inputs as any]));
    const bg = rules.get("breakGlassSignIn");
    expect(bg).toMatchObject({ kind: "LogAlert", severity: 0, evaluationFrequency: "PT5M", windowSize: "PT5M" });
    expect(bg.criteria.allOf[0]).toMatchObject({ operator: "GreaterThan", threshold: 0, timeAggregation: "Count" });
    for (const id of ["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002"]) expect(bg.criteria.allOf[0].query).toContain(id);
    expect(bg.actions.actionGroups[0]).toMatch(/actionGroups\/entra-guardrails-sev0$/);
    expect(rules.get("lockoutStorm").criteria.allOf[0]).toMatchObject({ operator: "GreaterThanOrEqual", threshold: 25, metricMeasureColumn: "DistinctUsers" });
    expect(rules.get("riskSpike-sev1")).toMatchObject({ severity: 1, overrideQueryTimeRange: "P2D" });
    expect(rules.get("mfaMethodRemoved").actions.actionGroups[0]).toMatch(/entra-guardrails-sev2$/);
    for (const r of rules.values()) expect(["GreaterThan", "GreaterThanOrEqual", undefined]).toContain(r.criteria.allOf[0].operator);
  });

  test("webhook URLs are secrets; every receiver comes from config", () => {
    const groups = new Map(ofType(resources, "azure-native:monitor:ActionGroup").map((g) => [g.inputs.actionGroupName, g.inputs as any]));
    expect(groups.get("entra-guardrails-sev0")).toMatchObject({
      groupShortName: "gr-sev0", location: "Global", enabled: true,
      emailReceivers: [{ name: "email-1", emailAddress: "secops-oncall@contoso.example", useCommonAlertSchema: true }],
      smsReceivers: [{ name: "sms-1", countryCode: "31", phoneNumber: "0000000000" }],
      webhookReceivers: [{ name: "webhook", serviceUri: "[secret]", useCommonAlertSchema: true }],
    });
    expect(groups.get("entra-guardrails-sev2").webhookReceivers).toEqual([]);
  });
});

describe("when the non-interactive stream stays on Analytics", () => {
  test("break-glass and lockout rules union both sign-in tables and no SimpleLogAlert is needed", async () => {
    const { resources } = await runProgram(profileVariant("prod", (c) => { c["guardrails:logs"].routes = { NonInteractiveUserSignInLogs: { plan: "Analytics" } }; }));
    const rules = ofType(resources, "azure-native:monitor:ScheduledQueryRule");
    expect(rules.some((r) => r.inputs.kind === "SimpleLogAlert")).toBe(false);
    const bg = rules.find((r) => r.name === "breakGlassSignIn")!;
    expect((bg.inputs.criteria as any).allOf[0].query).toMatch(/^union SigninLogs, AADNonInteractiveUserSignInLogs\n/);
  });
});

describe("a second workspace", () => {
  test("gets its own diagnostic setting and tables; categories are not duplicated across workspaces", async () => {
    const { resources } = await runProgram(profileVariant("prod", (c) => {
      c["guardrails:logs"].workspaces.push({ name: "law-entra-tokens-prod", retentionInDays: 30 });
      c["guardrails:logs"].routes = { MicrosoftGraphActivityLogs: { workspace: "law-entra-tokens-prod", plan: "Basic", totalRetentionInDays: 30 } };
    }));
    const settings = ofType(resources, "azure-native:aadiam:DiagnosticSetting").filter((s) => s.inputs.workspaceId);
    expect(settings).toHaveLength(2);
    const all = settings.flatMap((s) => (s.inputs.logs as { category: string }[]).map((l) => l.category));
    expect(all.sort()).toEqual([...REQUIRED_CATEGORIES].sort());
    const tokens = settings.find((s) => String(s.inputs.workspaceId).endsWith("law-entra-tokens-prod"))!;
    expect((tokens.inputs.logs as { category: string }[]).map((l) => l.category)).toEqual(["MicrosoftGraphActivityLogs"]);
  });
});
