import { blockNeedsLongerSoak } from "../../policies/rules/blockNeedsLongerSoak";
import { canaryScope } from "../../policies/rules/canaryScope";
import { maintenanceWindow } from "../../policies/rules/maintenanceWindow";
import { newPolicyReportOnly } from "../../policies/rules/newPolicyReportOnly";
import { rolloutOrder } from "../../policies/rules/rolloutOrder";
import { staleReportOnly } from "../../policies/rules/staleReportOnly";
import type { PackResource } from "../../policies/framework/types";
import { byName, checkResources, checkStack, packResources } from "../helpers/pack";
import { profileVariant } from "../helpers/stacks";

const prod = profileVariant("prod");
let resources: PackResource[];
beforeAll(async () => { resources = await packResources(prod); });

/** prod with one policy's rollout entry replaced. */
const withRollout = (key: string, entry: unknown) => profileVariant("prod", (c) => { c["guardrails:rollout"].policies[key] = entry; });

describe("rollout-order", () => {
  test("compliant: the shipped stacks", () => {
    expect(checkStack(rolloutOrder, resources, prod)).toEqual([]);
    expect(checkStack(rolloutOrder, resources, profileVariant("staging"))).toEqual([]);
  });
  test("violation: report-only skipped", () => {
    const p = withRollout("guestMfa", { stage: "canary", since: { canary: "2026-11-10" } });
    expect(checkStack(rolloutOrder, resources, p)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' is at canary but has no reportOnly date: stage reportOnly was skipped"]);
  });
  test("violation: dates out of order", () => {
    const p = withRollout("guestMfa", { stage: "canary", since: { reportOnly: "2026-11-10", canary: "2026-10-01" } });
    expect(checkStack(rolloutOrder, resources, p)).toEqual([
      "guestMfa: policy 'GR-011 MFA for guests and external users' canary (2026-10-01) is dated before reportOnly (2026-11-10)",
      "guestMfa: policy 'GR-011 MFA for guests and external users' soaked -40 days in report-only before canary (minimum 14)",
    ]);
  });
  test("violation: report-only soak too short", () => {
    const p = withRollout("guestMfa", { stage: "canary", since: { reportOnly: "2026-11-03", canary: "2026-11-10" } });
    expect(checkStack(rolloutOrder, resources, p)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' soaked 7 days in report-only before canary (minimum 14)"]);
  });
  test("violation: canary soak too short (and the limit is configurable)", () => {
    const p = withRollout("guestMfa", { stage: "enforced", since: { reportOnly: "2026-10-01", canary: "2026-10-20", enforced: "2026-10-22" } });
    expect(checkStack(rolloutOrder, resources, p)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' soaked 2 days in canary before enforced (minimum 7)"]);
    expect(checkStack(rolloutOrder, resources, p, { canarySoakDays: 2 })).toEqual([]);
  });
  test("violation: a date in the future of the pinned clock", () => {
    const p = withRollout("guestMfa", { stage: "reportOnly", since: { reportOnly: "2026-12-01" } });
    expect(checkStack(rolloutOrder, resources, p)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' reportOnly is dated in the future (2026-12-01)"]);
    expect(checkStack(rolloutOrder, resources, p, { now: "2026-12-02T00:00:00Z" })).toEqual([]);
  });
});

describe("new-policy-report-only", () => {
  test("compliant: enabled policies all went through report-only", () => {
    expect(checkResources(newPolicyReportOnly, resources, prod)).toEqual([]);
  });
  test("violation: enabled without a report-only date", () => {
    const p = withRollout("adminCompliantDevice", { stage: "canary", since: { canary: "2026-11-10" } });
    expect(checkResources(newPolicyReportOnly, [byName(resources, "adminCompliantDevice")], p)).toEqual([
      "adminCompliantDevice: policy 'GR-004 Compliant or hybrid-joined device for administrators' is enabled (canary) without ever having been report-only",
    ]);
  });
  test("violation: enabled with no rollout entry at all", () => {
    const p = profileVariant("prod", (c) => { delete c["guardrails:rollout"].policies.blockDeviceCodeFlow; });
    expect(checkResources(newPolicyReportOnly, [byName(resources, "blockDeviceCodeFlow")], p)).toEqual([
      "blockDeviceCodeFlow: policy 'GR-009 Block device code flow' is enabled but has no rollout entry (guardrails:rollout.policies.blockDeviceCodeFlow)",
    ]);
  });
});

describe("canary-scope", () => {
  const canary = () => byName(resources, "adminCompliantDevice");
  test("compliant: canary policies include only the small canary group", () => {
    expect(checkResources(canaryScope, resources, prod)).toEqual([]);
  });
  test("violation: a canary policy includes All users", () => {
    const r = structuredClone(canary());
    (r.props.conditions as any).users.includedUsers = ["All"];
    expect(checkResources(canaryScope, [r], prod)).toEqual([
      "adminCompliantDevice: policy 'GR-004 Compliant or hybrid-joined device for administrators' in canary: includes users All; a canary policy includes only the canary group",
    ]);
  });
  test("violation: a canary policy includes another group", () => {
    const r = structuredClone(canary());
    (r.props.conditions as any).users.includedGroups = ["eeeeeeee-0001-4000-8000-000000000003"];
    expect(checkResources(canaryScope, [r], prod)[0]).toContain("includes groups eeeeeeee-0001-4000-8000-000000000003; expected only the canary group CA-Canary");
  });
  test("violation: the canary group is above the share cap", () => {
    const p = profileVariant("prod", (c) => { c["guardrails:directory"].memberCounts["CA-Canary"] = 1500; });
    expect(checkResources(canaryScope, [canary()], p)).toEqual([
      "adminCompliantDevice: policy 'GR-004 Compliant or hybrid-joined device for administrators' in canary: the canary group CA-Canary holds 1500 of 12000 users (12.5%), above the 10% cap",
    ]);
    expect(checkResources(canaryScope, [canary()], p, { maxCanaryShare: 0.2 })).toEqual([]);
  });
  test("violation: the canary group's size is not declared", () => {
    const p = profileVariant("prod", (c) => { delete c["guardrails:directory"].memberCounts["CA-Canary"]; });
    expect(checkResources(canaryScope, [canary()], p)[0]).toContain("the canary group's size is unknown: declare guardrails:directory.memberCounts.CA-Canary and guardrails:tenant.userCount");
  });
});

describe("block-needs-longer-soak (advisory)", () => {
  test("compliant: broad blocks soaked 21 days in canary", () => {
    expect(checkStack(blockNeedsLongerSoak, resources, prod)).toEqual([]);
  });
  test("violation: a broad block promoted after 7 days of canary", () => {
    const p = withRollout("blockLegacyAuthentication", { stage: "enforced", since: { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-10" } });
    expect(checkStack(blockNeedsLongerSoak, resources, p)).toEqual(["blockLegacyAuthentication: policy 'GR-001 Block legacy authentication' blocks broadly but soaked only 7 days in canary (recommended 14)"]);
  });
  test("a non-block policy may soak 7 days", () => {
    const p = withRollout("mfaOutsideTrustedLocations", { stage: "enforced", since: { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-10" } });
    expect(checkStack(blockNeedsLongerSoak, resources, p)).toEqual([]);
  });
});

describe("maintenance-window (advisory)", () => {
  test("compliant: every promotion to enforced on a Tuesday", () => {
    expect(checkStack(maintenanceWindow, resources, prod)).toEqual([]);
  });
  test("violation: promoted on a Friday", () => {
    const p = withRollout("guestMfa", { stage: "enforced", since: { reportOnly: "2026-09-01", canary: "2026-10-06", enforced: "2026-11-20" } });
    expect(checkStack(maintenanceWindow, resources, p)).toEqual(["guestMfa: policy 'GR-011 MFA for guests and external users' was promoted to enforced on a Fri (2026-11-20), outside Tue/Wed/Thu"]);
    // With a Friday-only window the Friday promotion passes and prod's six Tuesday promotions do not.
    const fridayOnly = checkStack(maintenanceWindow, resources, p, { days: ["Fri"] });
    expect(fridayOnly).toHaveLength(6);
    expect(fridayOnly.every((m) => m.includes("on a Tue"))).toBe(true);
  });
});

describe("stale-report-only (advisory)", () => {
  test("compliant: report-only for less than 90 days", () => {
    expect(checkStack(staleReportOnly, resources, prod)).toEqual([]);
  });
  test("violation: report-only for 100 days", () => {
    expect(checkStack(staleReportOnly, resources, prod, { now: "2027-02-04T00:00:00Z" })).toEqual([
      "office365DesktopCompliantDevice: policy 'GR-005 Compliant or hybrid-joined device for Office 365 on desktops' has been report-only for 100 days (since 2026-10-27)",
      "securityInfoFromTrustedLocations: policy 'GR-010 Security info registration only from trusted locations' has been report-only for 107 days (since 2026-10-20)",
    ]);
  });
  test("an incident's temporary report-only is not report-only history (issue #9 §3)", async () => {
    const relaxed = profileVariant("prod", (c) => {
      c["guardrails:incident"] = {
        profile: "relaxed-risk", reason: "Identity Protection false positives", ticket: "INC-3", approvedBy: ["ciso@contoso.example"],
        startsAt: "2026-11-22T11:00:00Z", expiresAt: "2026-11-22T19:00:00Z", maxDurationHours: 72,
        changes: { reportOnly: ["userRiskRemediation"] },
      };
    });
    expect(relaxed.incidentReportOnly).toEqual(["userRiskRemediation"]);
    const relaxedResources = await packResources(relaxed);
    expect(byName(relaxedResources, "userRiskRemediation").props.state).toBe("enabledForReportingButNotEnforced");
    // userRiskRemediation has been enforced since June; one hour of incident is not 200 days of report-only.
    expect(checkStack(staleReportOnly, relaxedResources, relaxed)).toEqual([]);
  });
});
