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
    expect(legacy).toMatchObject({ signIns: 60, users: 5, results: { failure: 9, notApplied: 51 }, clientApps: [["Browser", 51], ["Exchange ActiveSync", 9]] });
    const compliant = reference.policies.find((p: { key: string }) => p.key === "office365DesktopCompliantDevice");
    expect(compliant).toMatchObject({ signIns: 60, results: { reportOnlyFailure: 30, reportOnlySuccess: 30 }, countries: [["NL", 45], ["BE", 15]] });
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
    expect(got.breakGlass).toEqual([{ account: "breakglass-01@contoso.example", signIns: 1, results: { "blockLegacyAuthentication:notApplied": 1, "office365DesktopCompliantDevice:reportOnlyFailure": 1 } }]);
  });
});

describe("the KQL twin (evidence --kql)", () => {
  const { kqlErrors } = require("../../model/kql/check") as typeof import("../../model/kql/check");
  test("type-checks against SigninLogs and AADNonInteractiveUserSignInLogs, with and without a window", async () => {
    for (const window of [[], ["--from", "2026-11-01T00:00:00Z", "--to", "2026-11-15T00:00:00Z"]]) {
      const r = await guardrailsInProcess("evidence", "--stack", "prod", "--kql", ...window);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("AADNonInteractiveUserSignInLogs | project");
      expect(r.stdout).toContain("todynamic(ConditionalAccessPolicies)");
      expect(r.stdout).toContain('"GR-001 Block legacy authentication"');
      expect(kqlErrors(r.stdout)).toEqual([]);
    }
  });
  test("the checker would catch a wrong column", () => {
    const { evidenceKql } = require("../../model/signins/kql") as typeof import("../../model/signins/kql");
    expect(kqlErrors(evidenceKql({ policyNames: ["x"] }).replace("ClientAppUsed,", "ClientApp,")).length).toBeGreaterThan(0);
  });
});
