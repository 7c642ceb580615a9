import { alertsOnAlertableTables } from "../../policies/rules/alertsOnAlertableTables";
import { protectedInProduction } from "../../policies/rules/protectedInProduction";
import { referencesAreGuids } from "../../policies/rules/referencesAreGuids";
import { requiredLogCategories } from "../../policies/rules/requiredLogCategories";
import { riskRemediationOverBlock } from "../../policies/rules/riskRemediationOverBlock";
import type { PackResource } from "../../policies/framework/types";
import { byName, checkResources, checkStack, packResources } from "../helpers/pack";
import { profileVariant } from "../helpers/stacks";

const prod = profileVariant("prod");
let resources: PackResource[];
beforeAll(async () => { resources = await packResources(prod); });
const conditions = (r: PackResource) => r.props.conditions as any;

describe("references-are-guids", () => {
  test("compliant: the shipped policies", () => {
    expect(checkResources(referencesAreGuids, resources, prod)).toEqual([]);
  });
  test("violation: a named location referenced by its Pulumi id", () => {
    const r = structuredClone(byName(resources, "blockDisallowedCountries"));
    const id = conditions(r).locations.excludedLocations[0];
    conditions(r).locations.excludedLocations[0] = `/identity/conditionalAccess/namedLocations/${id}`;
    expect(checkResources(referencesAreGuids, [r], prod)).toEqual([
      `blockDisallowedCountries: policy 'GR-006 Block sign-ins from countries not allowed' conditions.locations.excludeLocations[0]: '/identity/conditionalAccess/namedLocations/${id}' is a Pulumi resource id; Graph wants the bare object id '${id}' (use .objectId, not .id)`,
    ]);
  });
  test("violation: a group by name", () => {
    const r = structuredClone(byName(resources, "guestMfa"));
    conditions(r).users.excludedGroups = ["CA-BreakGlass-Exclude"];
    expect(checkResources(referencesAreGuids, [r], prod)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' conditions.users.excludeGroups[0]: 'CA-BreakGlass-Exclude' is not a GUID"]);
  });
});

describe("required-log-categories", () => {
  const setting = (rs: PackResource[]) => rs.find((r) => r.type === "azure-native:aadiam:DiagnosticSetting" && r.props.workspaceId)!;
  test("compliant: every required category reaches the workspace", () => {
    expect(checkStack(requiredLogCategories, resources, prod)).toEqual([]);
  });
  test("violation: a category removed from the diagnostic setting", () => {
    const rs = structuredClone(resources);
    const s = setting(rs);
    s.props.logs = (s.props.logs as { category: string }[]).filter((l) => l.category !== "NonInteractiveUserSignInLogs");
    expect(checkStack(requiredLogCategories, rs, prod)).toEqual(["entra-to-law-entra-prod: log category NonInteractiveUserSignInLogs is not routed to any Log Analytics workspace"]);
  });
  test("violation: a category routed but disabled; archive-only does not count", () => {
    const rs = structuredClone(resources);
    const logs = setting(rs).props.logs as { category: string; enabled: boolean }[];
    logs.find((l) => l.category === "AuditLogs")!.enabled = false;
    expect(checkStack(requiredLogCategories, rs, prod)).toEqual(["entra-to-law-entra-prod: log category AuditLogs is not routed to any Log Analytics workspace"]);
  });
});

describe("alerts-on-alertable-tables", () => {
  test("compliant: LogAlerts read Analytics tables, the SimpleLogAlert a Basic one", () => {
    expect(checkStack(alertsOnAlertableTables, resources, prod)).toEqual([]);
  });
  test("violation: a LogAlert reads the Basic non-interactive table", () => {
    const rs = structuredClone(resources);
    const rule = byName(rs, "lockoutStorm", "azure-native:monitor:ScheduledQueryRule");
    const c = (rule.props.criteria as any).allOf[0];
    c.query = c.query.replace(/^SigninLogs/, "union SigninLogs, AADNonInteractiveUserSignInLogs");
    expect(checkStack(alertsOnAlertableTables, rs, prod)).toEqual([
      "lockoutStorm: alert rule 'Conditional Access block / lockout storm' is a LogAlert on AADNonInteractiveUserSignInLogs, which is on the Basic plan (log alerts need Analytics)",
    ]);
  });
  test("violation: a table an alert reads moved to Auxiliary", () => {
    const rs = structuredClone(resources);
    byName(rs, "law-entra-prod-AADUserRiskEvents", "azure-native:operationalinsights:Table").props.plan = "Auxiliary";
    expect(checkStack(alertsOnAlertableTables, rs, prod)).toHaveLength(3);
  });
});

describe("protected-in-production", () => {
  test("compliant: prod protects policies and diagnostic settings; staging need not", async () => {
    expect(checkResources(protectedInProduction, resources, prod)).toEqual([]);
    const staging = profileVariant("staging");
    expect(checkResources(protectedInProduction, await packResources(staging), staging)).toEqual([]);
  });
  test("violation: an unprotected policy and diagnostic setting in production", () => {
    const rs = structuredClone(resources).map((r) => ({ ...r, protect: false }));
    const found = checkResources(protectedInProduction, rs, prod);
    expect(found).toHaveLength(11 + 2);
    expect(found).toContain("blockLegacyAuthentication: policy 'GR-001 Block legacy authentication' is not protected");
    expect(found).toContain("entra-to-archive: diagnostic setting 'entra-guardrails-archive' is not protected");
  });
  test("violation in staging only with allStacks", async () => {
    const staging = profileVariant("staging");
    const rs = await packResources(staging);
    expect(checkResources(protectedInProduction, rs, staging, { allStacks: true })).toHaveLength(12);
  });
});

describe("risk-remediation-over-block (advisory)", () => {
  test("compliant: user risk is remediated with MFA and password change", () => {
    expect(checkResources(riskRemediationOverBlock, resources, prod)).toEqual([]);
  });
  test("violation: user risk answered with block, unless allowed", () => {
    const r = structuredClone(byName(resources, "userRiskRemediation"));
    (r.props.grantControls as any).builtInControls = ["block"];
    expect(checkResources(riskRemediationOverBlock, [r], prod)).toEqual([
      "userRiskRemediation: policy 'GR-007 Password change and MFA for risky users' blocks on user risk high; require MFA and a password change instead",
    ]);
    expect(checkResources(riskRemediationOverBlock, [r], prod, { allowBlock: true })).toEqual([]);
  });
});
