import { applyIncidentToConfig, incidentProblems, parseDurationHours, type IncidentConfig } from "../../model/incident/profile";
import { relaxableTenant } from "../../model/incident/relaxable";
import { alertSpecs } from "../../model/alerts/build";
import { declarePolicies } from "../../model/tenant";
import { kqlErrors } from "../../model/kql/check";
import { runbookSteps } from "../../cli/incident/runbook";
import { profileVariant } from "../helpers/stacks";

const prod = profileVariant("prod");
const tenant = relaxableTenant(prod);
const base: IncidentConfig = {
  profile: "relaxed-risk", reason: "false positive wave in Identity Protection", ticket: "INC-1", approvedBy: ["ciso@x"],
  startsAt: "2026-11-22T10:00:00Z", expiresAt: "2026-11-22T18:00:00Z", maxDurationHours: 72,
  changes: { reportOnly: ["userRiskRemediation"], riskLevels: { signInRiskMfa: ["high"] }, alerts: { lockoutStorm: { threshold: 200 } } },
};

describe("incident profile validation", () => {
  test("a reviewed profile passes", () => {
    expect(incidentProblems(base, tenant)).toEqual([]);
  });
  test.each([
    ["break-glass", { breakGlass: { accounts: [] } }, "changes.breakGlass: not a whitelisted knob (reportOnly, remediate, riskLevels, risk, alerts); break-glass, logging and the break-glass alert can never change"],
    ["logging", { logs: { omit: ["AuditLogs"] } }, "changes.logs: not a whitelisted knob (reportOnly, remediate, riskLevels, risk, alerts); break-glass, logging and the break-glass alert can never change"],
    ["remediation for a policy without user risk", { remediate: ["blockDisallowedCountries"] }, "changes.remediate: 'blockDisallowedCountries' has no user-risk condition; only user-risk policies may switch from block to MFA + password change"],
    ["a neverRelax policy", { reportOnly: ["blockLegacyAuthentication"] }, "changes.reportOnly: 'blockLegacyAuthentication' is marked neverRelax (admin protection, legacy-auth block) and cannot be relaxed"],
    ["admin protection", { reportOnly: ["adminPhishingResistantMfa"] }, "changes.reportOnly: 'adminPhishingResistantMfa' is marked neverRelax (admin protection, legacy-auth block) and cannot be relaxed"],
    ["an unknown policy", { reportOnly: ["nope"] }, "changes.reportOnly: 'nope' is not a policy of this stack"],
    ["risk levels of a policy without risk", { riskLevels: { guestMfa: ["high"] } }, "changes.riskLevels.guestMfa: only risk-based policies' thresholds may change"],
    ["the break-glass alert", { alerts: { breakGlassSignIn: { enabled: false } } }, "changes.alerts.breakGlassSignIn: only riskSpike, lockoutStorm, leakedCredentialBurst thresholds may change (never the break-glass alerts)"],
    ["an alert setting other than a threshold", { alerts: { lockoutStorm: { enabled: false } } }, "changes.alerts.lockoutStorm.enabled: not a relaxable threshold (threshold)"],
    ["a bad threshold", { alerts: { lockoutStorm: { threshold: -1 } } }, "changes.alerts.lockoutStorm: threshold: Too small: expected number to be >0"],
    ["a bad risk level", { risk: { userRisk: "extreme" } }, "changes.risk.userRisk: must be low, medium or high"],
  ])("refuses %s", (_n, changes, message) => {
    expect(incidentProblems({ ...base, changes }, tenant)).toEqual([message]);
  });
  test("every problem is reported, not only the first knob's", () => {
    expect(incidentProblems({ ...base, changes: { reportOnly: ["nope"], alerts: { lockoutStorm: { threshold: -1 } } } }, tenant)).toEqual([
      "changes.reportOnly: 'nope' is not a policy of this stack",
      "changes.alerts.lockoutStorm: threshold: Too small: expected number to be >0",
    ]);
  });

  test("refuses missing fields and a relaxation longer than the maximum", () => {
    expect(incidentProblems({ ...base, ticket: "", approvedBy: [], expiresAt: "2026-11-26T10:00:00Z" }, tenant)).toEqual([
      "ticket: is required",
      "approvedBy: needs at least one approver",
      "expiresAt: the relaxation lasts 96.0 hours, more than the 72-hour maximum",
    ]);
  });
  test("expiry against a pinned clock", () => {
    expect(incidentProblems(base, tenant, { now: new Date("2026-11-22T17:59:00Z") })).toEqual([]);
    expect(incidentProblems(base, tenant, { now: new Date("2026-11-22T18:00:00Z") })).toEqual(["expiresAt: expired at 2026-11-22T18:00:00Z; revert it (guardrails incident revert)"]);
  });
  test("durations", () => {
    expect([parseDurationHours("8h"), parseDurationHours("90m"), parseDurationHours("2d"), parseDurationHours("soon")]).toEqual([8, 1.5, 48, undefined]);
  });
});

describe("the remediate knob: user risk from block to MFA + password change", () => {
  test("switches a blocking custom user-risk policy, and only while the incident is applied", () => {
    const withBlock = (c: Record<string, any>) => {
      c["guardrails:customPolicies"] = { riskBlock: {
        displayName: "Block high user risk", conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"], userRiskLevels: ["high"] },
        grantControls: { operator: "OR", builtInControls: ["block"] } } };
      c["guardrails:rollout"].policies.riskBlock = { stage: "enforced", since: { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-17" } };
    };
    const blocking = profileVariant("prod", withBlock);
    const relaxedBlock = profileVariant("prod", (c) => { withBlock(c); c["guardrails:incident"] = { ...base, changes: { remediate: ["riskBlock"] } }; });
    expect(incidentProblems({ ...base, changes: { remediate: ["riskBlock"] } }, relaxableTenant(blocking))).toEqual([]);
    const grant = (p: typeof prod) => declarePolicies(p).find((d) => d.key === "riskBlock")!.policy.grantControls;
    expect(grant(blocking)).toEqual({ operator: "OR", builtInControls: ["block"] });
    expect(grant(relaxedBlock)).toEqual({ operator: "AND", builtInControls: ["mfa", "passwordChange"] });
  });
});

describe("the overlay", () => {
  const relaxed = profileVariant("prod", (c) => { c["guardrails:incident"] = base; });
  test("only the whitelisted knobs change; rollout history stays", () => {
    const before = declarePolicies(prod);
    const after = declarePolicies(relaxed);
    const byKey = (ds: typeof before) => new Map(ds.map((d) => [d.key, d]));
    expect(byKey(after).get("userRiskRemediation")!.policy.state).toBe("enabledForReportingButNotEnforced");
    expect(byKey(after).get("userRiskRemediation")!.since).toEqual(byKey(before).get("userRiskRemediation")!.since);
    expect(byKey(after).get("signInRiskMfa")!.policy.conditions.signInRiskLevels).toEqual(["high"]);
    for (const d of after) if (!["userRiskRemediation", "signInRiskMfa"].includes(d.key)) expect(d.policy).toEqual(byKey(before).get(d.key)!.policy);
    expect(relaxed.rollout.policies.userRiskRemediation.stage).toBe("enforced");
  });
  test("invalid knobs are never applied (the pack refuses them)", () => {
    const bad = applyIncidentToConfig(prod, { ...base, changes: { reportOnly: ["blockLegacyAuthentication"] } }, tenant);
    expect(bad.incidentReportOnly).toEqual([]);
  });
  test("alert thresholds change, and a reminder alert is deployed while the incident is applied", () => {
    const specs = alertSpecs(relaxed);
    expect(specs.find((s) => s.name === "lockoutStorm")!.condition!.threshold).toBe(200);
    const reminder = specs.find((s) => s.name === "incidentExpired")!;
    expect(reminder).toMatchObject({ severity: 2, tier: "sev2", evaluationFrequency: "PT1H" });
    expect(reminder.query).toContain("datetime(2026-11-22T18:00:00.000Z)");
    expect(kqlErrors(reminder.query)).toEqual([]);
    expect(alertSpecs(prod).some((s) => s.name === "incidentExpired")).toBe(false);
  });
});

test("every runbook query type-checks against the Entra table schemas", () => {
  const steps = runbookSteps("2025-04-19T00:00:00.000Z", "2025-04-20T06:00:00.000Z", "prod");
  const queries = steps.filter((s) => s.kql).map((s) => s.kql!);
  expect(queries.length).toBeGreaterThanOrEqual(4);
  for (const q of queries) expect({ q, errors: kqlErrors(q) }).toEqual({ q, errors: [] });
});
