/** `guardrails evidence` (issue #12, item 2): the same figures from the same day in every format. */
import { guardrailsInProcess } from "../helpers/inProcess";
import { day, inputs, write } from "./formats";

async function evidence(...args: string[]) {
  const r = await guardrailsInProcess("evidence", "--stack", "prod", "--format", "json", ...args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("evidence figures do not depend on the export format", () => {
  let reference: any;
  beforeAll(async () => { reference = await evidence("--signins", ...inputs["Graph JSON array (portal download)"]); });

  test("the reference figures, per declared policy", () => {
    expect(reference).toMatchObject({ signIns: 60, interactive: 40, nonInteractive: 20, withoutPolicyResults: 0 });
    const legacy = reference.policies.find((p: { key: string }) => p.key === "blockLegacyAuthentication");
    // Applied: the nine Exchange ActiveSync sign-ins (i % 7 === 0), users 0..4 among them; rates over all 60.
    expect(legacy).toMatchObject({ signIns: 60, applied: 9, users: 5, results: { failure: 9, notApplied: 51 }, clientApps: [["Exchange ActiveSync", 9]], failureRate: 0.15, interruptionRate: 0, nonInteractiveSignIns: 20 });
    const compliant = reference.policies.find((p: { key: string }) => p.key === "office365DesktopCompliantDevice");
    expect(compliant).toMatchObject({ signIns: 60, applied: 60, results: { reportOnlyFailure: 30, reportOnlySuccess: 30 }, countries: [["NL", 45], ["BE", 15]], failureRate: 0.5 });
    expect(reference.unknownPolicies).toEqual([]);
  });

  test.each(Object.keys(inputs).filter((k) => !k.startsWith("Graph JSON array")))("%s", async (name) => {
    const got = await evidence("--signins", ...inputs[name]);
    expect(got.policies).toEqual(reference.policies);
    expect({ signIns: got.signIns, interactive: got.interactive, nonInteractive: got.nonInteractive }).toEqual({ signIns: 60, interactive: 40, nonInteractive: 20 });
  });

  test("--from/--to bound the window; break-glass sign-ins are called out by name", async () => {
    const bg = write("bg.ndjson", JSON.stringify({ ...day[1], userId: "eeeeeeee-0002-4000-8000-000000000001", userPrincipalName: "breakglass-01@contoso.example" }) + "\n");
    const got = await evidence("--signins", ...inputs.NDJSON, bg, "--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T08:03:30Z");
    expect(got.signIns).toBe(31);
    expect(got.breakGlass).toEqual([{ account: "breakglass-01@contoso.example", signIns: 1, failed: 0, results: { "office365DesktopCompliantDevice:reportOnlyFailure": 1 } }]);
  });
});

describe("the KQL twin (evidence --kql) and the workbook", () => {
  const { kqlErrors } = require("../../model/kql/check") as typeof import("../../model/kql/check");
  const { evidenceQueries } = require("../../model/signins/kql") as typeof import("../../model/signins/kql");
  const blocks = (text: string) => text.split("\n\n").filter((b) => !/^\/\/[^\n]*$/.test(b.trim()));

  test("type-checks against SigninLogs and AADNonInteractiveUserSignInLogs, per table for a Basic-plan stack, with and without a window", async () => {
    for (const window of [[], ["--from", "2026-11-01T00:00:00Z", "--to", "2026-11-15T00:00:00Z"]]) {
      const r = await guardrailsInProcess("evidence", "--stack", "prod", "--kql", ...window);
      expect(r.status).toBe(0);
      // prod keeps AADNonInteractiveUserSignInLogs on Basic (single-table queries only): no union.
      expect(r.stdout).toContain("Basic plan");
      expect(r.stdout).not.toContain("union");
      expect(r.stdout).toContain("todynamic(ConditionalAccessPolicies)");
      expect(r.stdout).toContain('"GR-001 Block legacy authentication"');
      for (const b of blocks(r.stdout)) expect(kqlErrors(b)).toEqual([]);
    }
    for (const q of evidenceQueries({ policyNames: ["GR-001 Block legacy authentication"], breakGlassUpns: ["bg@contoso.example"] })) {
      expect(q.query).toContain("union");
      expect(kqlErrors(q.query)).toEqual([]);
    }
  });

  test("every offline figure has a KQL column", () => {
    const text = evidenceQueries({ policyNames: ["x"], breakGlassUpns: ["bg@x"] }).map((q) => q.query).join("\n");
    const twin: Record<string, string> = {
      signIns: "SignIns = count()", applied: "Applied = countif(Applied)", users: "Users = count_distinctif(", interactive: "Interactive = countif(Applied and Interactive)",
      nonInteractive: "NonInteractive = countif(Applied and not(Interactive))", nonInteractiveSignIns: "NonInteractiveSignIns = countif(not(Interactive))", nonInteractiveShare: "NonInteractiveShare = round(",
      failureRate: "FailureRate = round(", interruptionRate: "InterruptionRate = round(", topApplications: "by PolicyName, App", clientApps: "by PolicyName, ClientAppUsed", countries: "by PolicyName, Location",
      results: "ReportOnlyInterrupted = countif(Result == \"reportOnlyInterrupted\")", key: "by PolicyName", displayName: "by PolicyName",
    };
    const { EvidenceAccumulator } = require("../../model/signins/evidence") as typeof import("../../model/signins/evidence");
    const offline = Object.keys(new EvidenceAccumulator([{ key: "k", displayName: "x" }], { ids: [], upns: [] }).report().policies[0]);
    expect(offline.filter((k) => !(k in twin))).toEqual([]);
    for (const k of offline) expect(text).toContain(twin[k]);
    expect(text).toContain("summarize SignIns = count(), Failed = countif(ResultType != \"0\") by UserPrincipalName");
  });

  test("the checker would catch a wrong column", () => {
    const [q] = evidenceQueries({ policyNames: ["x"] });
    expect(kqlErrors(q.query.replace("ClientAppUsed,", "ClientApp,")).length).toBeGreaterThan(0);
  });

  test("the workbook: Notebook/1.0, one type-checked query item per figure group, over the sign-in workspaces", () => {
    const { rolloutEvidenceWorkbook } = require("../../model/signins/workbook") as typeof import("../../model/signins/workbook");
    const ws = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w";
    const wb = JSON.parse(rolloutEvidenceWorkbook({ policyNames: ["GR-001 Block legacy authentication"], perTable: true }, [ws]));
    expect(wb.version).toBe("Notebook/1.0");
    const queries = wb.items.filter((i: { type: number }) => i.type === 3);
    expect(queries.length).toBe(10);
    for (const q of queries) {
      expect(q.content).toMatchObject({ version: "KqlItem/1.0", queryType: 0, resourceType: "microsoft.operationalinsights/workspaces", crossComponentResources: [ws] });
      expect(kqlErrors(q.content.query)).toEqual([]);
    }
  });
});

test("--state: a policy renamed in the portal is still matched by its real object id", async () => {
  const urn = "urn:pulumi:prod::entra-guardrails::guardrails:tenant:Baseline$guardrails:ca:StagedConditionalAccessPolicy$azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::blockLegacyAuthentication";
  const realId = "99999999-0000-4000-8000-000000000001";
  const state = write("state.json", JSON.stringify({ version: 3, deployment: { resources: [{ urn, type: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy", outputs: { objectId: realId } }] } }));
  const log = write("renamed.ndjson", JSON.stringify({ ...day[0], appliedConditionalAccessPolicies: [{ id: realId, displayName: "Legacy auth block (renamed in the portal)", result: "failure" }] }) + "\n");
  const without = await evidence("--signins", log, "--no-replay");
  expect(without.unknownPolicies).toEqual([["Legacy auth block (renamed in the portal)", 1]]);
  const withState = await evidence("--signins", log, "--no-replay", "--state", state);
  expect(withState.unknownPolicies).toEqual([]);
  expect(withState.policies.find((p: { key: string }) => p.key === "blockLegacyAuthentication").results).toEqual({ failure: 1 });
});
