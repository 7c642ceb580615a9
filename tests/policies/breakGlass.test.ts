import { breakGlassAlertPresent } from "../../policies/rules/breakGlassAlertPresent";
import { breakGlassExcluded } from "../../policies/rules/breakGlassExcluded";
import { breakGlassNeverBlocked } from "../../policies/rules/breakGlassNeverBlocked";
import type { PackResource } from "../../policies/framework/types";
import { byName, checkResources, checkStack, packResources } from "../helpers/pack";
import { profileVariant } from "../helpers/stacks";

const profile = profileVariant("prod");
const BG1 = "eeeeeeee-0002-4000-8000-000000000001";
const GROUP = "eeeeeeee-0001-4000-8000-000000000001";
let resources: PackResource[];
beforeAll(async () => { resources = await packResources(profile); });
const users = (r: PackResource) => (r.props.conditions as any).users;

describe("break-glass-excluded", () => {
  test("compliant: every shipped policy excludes both accounts and the group", () => {
    expect(checkResources(breakGlassExcluded, resources, profile)).toEqual([]);
  });
  test("violation: an account is missing from a policy's exclusions", () => {
    const r = structuredClone(byName(resources, "blockLegacyAuthentication"));
    users(r).excludedUsers = users(r).excludedUsers.filter((id: string) => id !== BG1);
    expect(checkResources(breakGlassExcluded, [r], profile)).toEqual([
      `blockLegacyAuthentication: policy 'GR-001 Block legacy authentication' does not exclude break-glass account breakglass-01@contoso.example (${BG1})`,
    ]);
  });
  test("violation: the group is missing, even from a disabled policy", () => {
    const r = structuredClone(byName(resources, "guestMfa"));
    expect(r.props.state).toBe("disabled");
    delete users(r).excludedGroups;
    expect(checkResources(breakGlassExcluded, [r], profile)).toEqual([
      `guestMfa: policy 'GR-011 MFA for guests and external users' does not exclude the break-glass group CA-BreakGlass-Exclude (${GROUP})`,
    ]);
  });
});

describe("break-glass-never-blocked", () => {
  test("compliant: enabled blocks exclude the accounts", () => {
    expect(checkStack(breakGlassNeverBlocked, resources, profile)).toEqual([]);
  });
  test("compliant: excluding only the group still covers its members", () => {
    const rs = structuredClone(resources);
    delete users(byName(rs, "blockLegacyAuthentication")).excludedUsers;
    expect(checkStack(breakGlassNeverBlocked, rs, profile)).toEqual([]);
  });
  test("violation: an enabled block excludes neither the group nor the accounts", () => {
    const rs = structuredClone(resources);
    const u = users(byName(rs, "blockLegacyAuthentication"));
    delete u.excludedGroups;
    u.excludedUsers = [BG1];
    expect(checkStack(breakGlassNeverBlocked, rs, profile)).toEqual([
      "blockLegacyAuthentication: enabled policy 'GR-001 Block legacy authentication' blocks break-glass account breakglass-02@contoso.example (client exchangeActiveSync, any application)",
    ]);
  });
  test("violation: a grant the account cannot satisfy (device compliance only) on a role it holds", () => {
    const rs = structuredClone(resources);
    const admin = byName(rs, "adminCompliantDevice");
    admin.props.state = "enabled";
    (admin.props.conditions as any).users = { includedRoles: ["62e90394-69f5-4237-9190-012177145e10"] };
    const found = checkStack(breakGlassNeverBlocked, rs, profile);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^adminCompliantDevice: enabled policy 'GR-004 Compliant or hybrid-joined device for administrators' requires a grant it cannot satisfy for break-glass account breakglass-0[12]@contoso.example/);
  });

  test("a disabled block is not a lockout", () => {
    const rs = structuredClone(resources);
    const p = byName(rs, "blockLegacyAuthentication");
    p.props.state = "disabled";
    delete users(p).excludedGroups;
    delete users(p).excludedUsers;
    expect(checkStack(breakGlassNeverBlocked, rs, profile)).toEqual([]);
  });
});

describe("break-glass-alert-present", () => {
  const rule = (rs: PackResource[]) => byName(rs, "breakGlassSignIn", "azure-native:monitor:ScheduledQueryRule");
  test("compliant: the Sev0 sign-in rule names both accounts", () => {
    expect(checkStack(breakGlassAlertPresent, resources, profile)).toEqual([]);
  });
  test("violation: the rule is disabled", () => {
    const rs = structuredClone(resources);
    rule(rs).props.enabled = false;
    expect(checkStack(breakGlassAlertPresent, rs, profile)).toEqual(["stack: no enabled Sev0 sign-in alert covers break-glass account(s) breakglass-01@contoso.example, breakglass-02@contoso.example"]);
  });
  test("violation: the rule is downgraded to Sev1", () => {
    const rs = structuredClone(resources);
    rule(rs).props.severity = 1;
    expect(checkStack(breakGlassAlertPresent, rs, profile)).toHaveLength(1);
  });
  test("violation: one account is not in the query", () => {
    const rs = structuredClone(resources);
    const c = (rule(rs).props.criteria as any).allOf[0];
    c.query = c.query.replace(', "eeeeeeee-0002-4000-8000-000000000002"', "").replace(', "breakglass-02@contoso.example"', "");
    expect(c.query).not.toContain("000000000002");
    expect(checkStack(breakGlassAlertPresent, rs, profile)).toEqual(["stack: no enabled Sev0 sign-in alert covers break-glass account(s) breakglass-02@contoso.example"]);
  });
});

describe("break-glass-group-size", () => {
  const { breakGlassGroupSize } = require("../../policies/rules/breakGlassGroupSize") as typeof import("../../policies/rules/breakGlassGroupSize");
  test("compliant: no declared count, or no more members than accounts", () => {
    expect(checkStack(breakGlassGroupSize, [], profile)).toEqual([]);
    const two = profileVariant("prod", (c) => { c["guardrails:directory"].memberCounts["CA-BreakGlass-Exclude"] = 2; });
    expect(checkStack(breakGlassGroupSize, [], two)).toEqual([]);
  });
  test("violation: the exclusion group has more members than the break-glass accounts", () => {
    const big = profileVariant("prod", (c) => { c["guardrails:directory"].memberCounts["CA-BreakGlass-Exclude"] = 12000; });
    expect(checkStack(breakGlassGroupSize, [], big)).toEqual([
      `stack: break-glass exclusion group 'CA-BreakGlass-Exclude' (${GROUP}) has 12000 members, more than the 2 break-glass accounts: every policy excludes all of them`,
    ]);
  });
});
