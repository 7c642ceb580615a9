import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import type { GraphCaPolicy } from "../../model/graph";
import { proofDomain, proveBreakGlass, unsatisfiable } from "../../model/whatif/breakGlassProof";
import { evaluateAll } from "../../model/whatif/compiled";
import { decodeJson, locationsFromJson, policiesFromJson, signInFromRequest } from "../../model/whatif/decode";
import { DeviceFilterError, compileDeviceFilter } from "../../model/whatif/deviceFilter";
import { combineOutcome } from "../../model/whatif/outcome";
import { evaluatePolicy } from "../../model/whatif/reference";
import type { DirectoryUser, NamedLocation, SignIn } from "../../model/whatif/types";

const SPO = "00000003-0000-0ff1-ce00-000000000000"; // SharePoint Online, a member of the Office365 group
const OTHER_APP = "11111111-0000-4000-8000-000000000001";
const LOC = "22222222-0000-4000-8000-000000000001";
const BG_GROUP = "33333333-0000-4000-8000-000000000001";
const GUEST_TYPES = "b2bCollaborationGuest,internalGuest";
const ctx = { locations: new Map<string, NamedLocation>([[LOC, { id: LOC, displayName: "Risky country", kind: "country", isTrusted: false, ipRanges: [], countries: ["ZZ"], includeUnknownCountriesAndRegions: false }]]) };
const alice: DirectoryUser = { id: "u-alice", userPrincipalName: "alice@x", userType: "Member", memberOf: [], roles: [] };
const bgDirect: DirectoryUser = { id: "u-bg1", userPrincipalName: "bg1@x", userType: "Member", memberOf: [], roles: [] };
const bgViaGroup: DirectoryUser = { id: "u-bg2", userPrincipalName: "bg2@x", userType: "Member", memberOf: [BG_GROUP], roles: [] };
const guest: DirectoryUser = { id: "u-guest", userPrincipalName: "g@x", userType: "Guest", guestOrExternalUserTypes: ["b2bCollaborationGuest"], memberOf: [], roles: [] };

const policy = (over: Partial<GraphCaPolicy> & { conditions?: GraphCaPolicy["conditions"] }): GraphCaPolicy => ({
  displayName: "p", state: "enabled",
  conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  ...over,
});

describe("Microsoft's What If example: All users + Office 365 + a location + sign-in risk high", () => {
  const p = policy({
    conditions: {
      users: { includeUsers: ["All"] }, applications: { includeApplications: ["Office365"] }, clientAppTypes: ["all"],
      locations: { includeLocations: [LOC] }, signInRiskLevels: ["high"],
    },
  });
  const full: SignIn = { user: alice, applications: [SPO], country: "ZZ", ipAddress: "192.0.2.1", signInRiskLevel: "high" };
  test("applies once every condition is supplied", () => {
    expect(evaluatePolicy(p, full, ctx)).toEqual({ applies: true, reasons: [] });
  });
  test.each([
    ["no location", { country: undefined, ipAddress: undefined }, ["location"]],
    ["no sign-in risk", { signInRiskLevel: undefined }, ["signInRisk"]],
    ["an app outside Office 365", { applications: [OTHER_APP] }, ["application"]],
    ["another country and low risk", { country: "NL", signInRiskLevel: "low" as const }, ["location", "signInRisk"]],
  ])("does not apply with %s (analysisReasons %j)", (_n, change, reasons) => {
    const s = { ...full, ...change } as SignIn;
    for (const k of Object.keys(s) as (keyof SignIn)[]) if (s[k] === undefined) delete s[k];
    expect(evaluatePolicy(p, s, ctx)).toEqual({ applies: false, reasons });
  });
});

describe("users", () => {
  const block = policy({ grantControls: { operator: "OR", builtInControls: ["block"] }, conditions: { users: { includeUsers: ["All"], excludeUsers: ["u-bg1"], excludeGroups: [BG_GROUP] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] } });
  test("break-glass excluded directly and through a group; everyone else in scope", () => {
    for (const u of [bgDirect, bgViaGroup]) expect(evaluatePolicy(block, { user: u, applications: [SPO] }, ctx)).toEqual({ applies: false, reasons: ["users"] });
    expect(evaluatePolicy(block, { user: alice, applications: [SPO] }, ctx).applies).toBe(true);
  });
  test("exclusion wins over inclusion", () => {
    const p = policy({ conditions: { users: { includeUsers: ["u-alice"], excludeUsers: ["u-alice"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] } });
    expect(evaluatePolicy(p, { user: alice, applications: [SPO] }, ctx).applies).toBe(false);
  });
  test("guests by type, and the GuestsOrExternalUsers keyword", () => {
    const byType = policy({ conditions: { users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: GUEST_TYPES, externalTenants: { membershipKind: "all" } } }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] } });
    expect(evaluatePolicy(byType, { user: guest, applications: [SPO] }, ctx).applies).toBe(true);
    expect(evaluatePolicy(byType, { user: alice, applications: [SPO] }, ctx).applies).toBe(false);
    const keyword = policy({ conditions: { users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] } });
    expect(evaluatePolicy(keyword, { user: guest, applications: [SPO] }, ctx).applies).toBe(false);
  });
  test("disabled policies never apply", () => {
    expect(evaluatePolicy(policy({ state: "disabled" }), { user: alice, applications: [SPO] }, ctx)).toEqual({ applies: false, reasons: ["policyNotEnabled"] });
  });
});

describe("combined outcome", () => {
  const s: SignIn = { user: alice, applications: [SPO], clientAppType: "browser" };
  const combine = (ps: GraphCaPolicy[]) => combineOutcome(ps, evaluateAll(ps, s, ctx), s);
  test("an enforced block wins over grants", () => {
    const o = combine([policy({ displayName: "mfa" }), policy({ displayName: "block", grantControls: { operator: "OR", builtInControls: ["block"] } })]);
    expect(o).toMatchObject({ decision: "block", blockedBy: ["block"], category: "blocked" });
  });
  test("AND and OR operators are kept per policy; every policy's grant is required", () => {
    const o = combine([
      policy({ displayName: "risk", grantControls: { operator: "AND", builtInControls: ["mfa", "passwordChange"] } }),
      policy({ displayName: "device", grantControls: { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] } }),
    ]);
    expect(o.requirements).toEqual([
      { policy: "risk", operator: "AND", controls: ["mfa", "passwordChange"] },
      { policy: "device", operator: "OR", controls: ["compliantDevice", "domainJoinedDevice"] },
    ]);
    expect(o.category).toBe("passwordChange");
  });
  test("report-only policies are evaluated but never enforced", () => {
    const o = combine([
      policy({ displayName: "ro-block", state: "enabledForReportingButNotEnforced", grantControls: { operator: "OR", builtInControls: ["block"] } }),
      policy({ displayName: "ro-mfa", state: "enabledForReportingButNotEnforced" }),
      policy({ displayName: "ro-elsewhere", state: "enabledForReportingButNotEnforced", conditions: { users: { includeUsers: ["None"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] } }),
      policy({ displayName: "ro-session", state: "enabledForReportingButNotEnforced", grantControls: null, sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } } }),
    ]);
    expect(o.decision).toBe("allow");
    expect(o.reportOnly).toEqual([
      { policy: "ro-block", result: "reportOnlyFailure" },
      { policy: "ro-mfa", result: "reportOnlyInterrupted" },
      { policy: "ro-elsewhere", result: "reportOnlyNotApplied" },
      { policy: "ro-session", result: "reportOnlySuccess" },
    ]);
  });
  test("the most restrictive sign-in frequency wins", () => {
    const o = combine([
      policy({ sessionControls: { signInFrequency: { isEnabled: true, value: 1, type: "days" } } }),
      policy({ sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: "hours" } } }),
    ]);
    expect(o.session.signInFrequency).toBe("4 hours");
  });
});

describe("device filter subset", () => {
  test("supported rules evaluate", () => {
    const f = compileDeviceFilter('device.trustType -eq "ServerAD" -or (device.operatingSystem -startsWith "Win" -and device.isCompliant -eq True)');
    expect(f({ trustType: "ServerAD" })).toBe(true);
    expect(f({ operatingSystem: "Windows", isCompliant: "True" })).toBe(true);
    expect(f({ operatingSystem: "Windows", isCompliant: "False" })).toBe(false);
    expect(compileDeviceFilter('device.model -in ["A","B"]')({ model: "b" })).toBe(true);
  });
  test.each([
    ['device.displayName -match "x.*"', "unsupported operator '-match'"],
    ['device.extensionAttribute1 -eq', "missing value"],
    ['user.department -eq "x"', "unsupported device filter syntax"],
  ])("%s is rejected clearly", (rule, message) => {
    expect(() => compileDeviceFilter(rule)).toThrow(DeviceFilterError);
    expect(() => compileDeviceFilter(rule)).toThrow(message);
  });
});

describe("real Graph exports (tests/fixtures/graph, UTF-16LE and UTF-8 with BOM)", () => {
  const dir = path.join(__dirname, "..", "fixtures", "graph", "j0eyv-conditional-access-baseline", "Config");
  const files = readdirSync(path.join(dir, "ConditionalAccess"));
  const policies = files.flatMap((f) => policiesFromJson(decodeJson(readFileSync(path.join(dir, "ConditionalAccess", f)), f), f));
  const locations = readdirSync(path.join(dir, "NamedLocations")).flatMap((f) => locationsFromJson(decodeJson(readFileSync(path.join(dir, "NamedLocations", f)), f), f));
  const lctx = { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) };
  const bg: DirectoryUser = { id: "bg", userPrincipalName: "bg@x", userType: "Member", memberOf: ["2802b872-ccfb-4b29-a9a9-459808dfb11b"], roles: ["62e90394-69f5-4237-9190-012177145e10"] };

  test("all 36 policies and 3 locations load, with their states", () => {
    expect(policies).toHaveLength(36);
    expect(policies.filter((p) => p.state === "enabled")).toHaveLength(31);
    expect(policies.filter((p) => p.state === "enabledForReportingButNotEnforced")).toHaveLength(5);
    expect(locations.map((l) => l.kind).sort()).toEqual(["country", "country", "other"]);
    expect(files.some((f) => readFileSync(path.join(dir, "ConditionalAccess", f))[0] === 0xff)).toBe(true);
  });

  test("legacy authentication is blocked for a member, and the break-glass group is never blocked", () => {
    const member: DirectoryUser = { id: "m", userPrincipalName: "m@x", userType: "Member", memberOf: [], roles: [] };
    const s: SignIn = { user: member, applications: ["00000002-0000-0ff1-ce00-000000000000"], clientAppType: "exchangeActiveSync", devicePlatform: "windows", country: "NL", ipAddress: "192.0.2.10" };
    const o = combineOutcome(policies, evaluateAll(policies, s, lctx), s);
    expect(o.blockedBy).toContain("CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication");
    const proof = proveBreakGlass(policies, locations, [bg]);
    expect(proof.combinations).toBeGreaterThan(100_000);
    expect(proof.counterexamples).toEqual([]);
  });

  test("the ScubaGear PowerShell export (PascalCase, wrapped list) loads too", () => {
    const f = path.join(__dirname, "..", "fixtures", "graph", "scubagear-sample-export", "conditional_access_policies.json");
    const ps = policiesFromJson(decodeJson(readFileSync(f), f), f);
    expect(ps).toHaveLength(7);
    expect(ps.every((p) => p.state === "enabled" && Array.isArray(p.conditions.clientAppTypes))).toBe(true);
  });

  test("a Graph evaluate request resolves against the directory", () => {
    const req = { signInIdentity: { "@odata.type": "#microsoft.graph.userSignIn", userId: "bg@x" }, signInContext: { userAction: "registerSecurityInformation" }, signInConditions: { authenticationFlow: { transferMethod: "deviceCodeFlow" } } };
    expect(signInFromRequest(req, { users: [bg], groups: [] }, "req.json")).toEqual({ user: bg, userAction: "urn:user:registersecurityinfo", authenticationFlow: "deviceCodeFlow" });
    expect(() => signInFromRequest({ ...req, signInIdentity: { userId: "nobody" } }, { users: [bg], groups: [] }, "req.json")).toThrow("req.json: signInIdentity.userId: 'nobody' is not in the directory");
  });
});

describe("the pruned break-glass proof agrees with brute force", () => {
  const BG: DirectoryUser = { id: "bg", userPrincipalName: "bg@x", userType: "Member", memberOf: [BG_GROUP], roles: ["r1"] };
  const arb = fc.array(fc.record({
    excludeGroup: fc.boolean(), block: fc.boolean(), device: fc.boolean(),
    clients: fc.constantFrom(["all"], ["exchangeActiveSync", "other"], ["browser"]),
    platforms: fc.option(fc.constantFrom(["iOS"], ["all"]), { nil: undefined }),
    risk: fc.constantFrom([], ["high"], ["medium", "high"]),
    byRole: fc.boolean(),
  }).map((r): GraphCaPolicy => ({
    displayName: JSON.stringify(r), state: "enabled",
    conditions: {
      users: { ...(r.byRole ? { includeRoles: ["r1"] } : { includeUsers: ["All"] }), ...(r.excludeGroup ? { excludeGroups: [BG_GROUP] } : {}) },
      applications: { includeApplications: ["All"] }, clientAppTypes: [...r.clients],
      ...(r.platforms ? { platforms: { includePlatforms: [...r.platforms] } } : {}), signInRiskLevels: [...r.risk],
    },
    grantControls: { operator: "OR", builtInControls: [r.block ? "block" : r.device ? "compliantDevice" : "mfa"] },
  })), { minLength: 1, maxLength: 6 });

  test("same combination count and the same verdict", () => {
    fc.assert(fc.property(arb, (policies) => {
      const proof = proveBreakGlass(policies, [], [BG]);
      const d = proofDomain(policies, []);
      let combinations = 0;
      let failing = false;
      for (const context of d.contexts) for (const clientAppType of d.clientAppTypes) for (const devicePlatform of d.platforms) for (const place of d.places)
        for (const signInRiskLevel of d.risks) for (const userRiskLevel of d.risks) for (const authenticationFlow of d.flows) for (const deviceInfo of d.devices) {
          combinations++;
          const s: SignIn = { user: BG, ...context, clientAppType, devicePlatform, ...place, signInRiskLevel, userRiskLevel, authenticationFlow, deviceInfo };
          if (unsatisfiable(combineOutcome(policies, evaluateAll(policies, s, { locations: new Map() }), s))) failing = true;
        }
      expect(proof.combinations).toBe(combinations);
      expect(proof.counterexamples.length > 0).toBe(failing);
    }), { numRuns: 25, seed: 7 });
  });
});
