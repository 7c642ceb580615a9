/** Replay (issue #12, item 3): log values mapped to what-if conditions, would-block outcomes, fidelity. */
import { fromGraph } from "../../model/signins/record";
import { ReplayAccumulator } from "../../model/signins/replay";
import { clientAppType, devicePlatform, satisfiedControls, toSignIn, trustType, UserResolver } from "../../model/signins/toSignIn";
import { nextStage } from "../../model/rollout";
import { stackBreakGlass, stackLocations, stackPolicies, standInId } from "../../model/whatif/fromProfile";
import { profileVariant } from "../helpers/stacks";

describe("log values → what-if conditions", () => {
  test.each([
    ["Browser", "browser"], ["Mobile Apps and Desktop clients", "mobileAppsAndDesktopClients"], ["Exchange ActiveSync", "exchangeActiveSync"],
    ["IMAP4", "other"], ["Authenticated SMTP", "other"], ["Other clients", "other"],
  ])("client app %s → %s", (used, type) => expect(clientAppType(used)).toBe(type));
  test.each([
    ["Windows10", "windows"], ["Windows 11", "windows"], ["Windows Phone", "windowsPhone"], ["Ios", "iOS"], ["iPadOS", "iOS"],
    ["Android", "android"], ["MacOs", "macOS"], ["Linux", "linux"], ["ChromeOS", undefined],
  ])("operating system %s → %s", (os, platform) => expect(devicePlatform(os)).toBe(platform));
  test.each([["Hybrid Azure AD joined", "ServerAD"], ["Microsoft Entra joined", "AzureAD"], ["Azure AD registered", "Workplace"], ["ServerAD", "ServerAD"]])(
    "join type %s → %s", (t, v) => expect(trustType(t)).toBe(v));
  test("the resource is the application; MFA already performed satisfies an MFA grant; risk levels carried", () => {
    const r = fromGraph({ createdDateTime: "2026-11-20T10:00:00Z", appId: "app", resourceId: "00000002-0000-0ff1-ce00-000000000000", clientAppUsed: "Browser", riskLevelDuringSignIn: "medium", riskLevelAggregated: "High", deviceDetail: { operatingSystem: "Windows10", isCompliant: true, trustType: "Hybrid Azure AD joined" } });
    const s = toSignIn(r, undefined);
    expect(satisfiedControls(r)).toEqual(new Set());
    expect(satisfiedControls({ ...r, authenticationRequirement: "multiFactorAuthentication" })).toEqual(new Set(["mfa"]));
    expect(s).toMatchObject({ applications: ["00000002-0000-0ff1-ce00-000000000000"], clientAppType: "browser", devicePlatform: "windows", signInRiskLevel: "medium", userRiskLevel: "high", deviceInfo: { isCompliant: true, trustType: "ServerAD" } });
  });
  test("users resolve by object id; by UPN only without an id; unknown ids are unknown users, counted", () => {
    const users = new UserResolver({ users: [{ id: "u1", userPrincipalName: "a@x", userType: "Member", memberOf: ["g"], roles: [] }], groups: [] });
    expect(users.resolve(fromGraph({ createdDateTime: "2026-11-20T10:00:00Z", userId: "U1" }))!.memberOf).toEqual(["g"]);
    expect(users.resolve(fromGraph({ createdDateTime: "2026-11-20T10:00:00Z", userPrincipalName: "A@X" }))!.id).toBe("u1");
    expect(users.resolve(fromGraph({ createdDateTime: "2026-11-20T10:00:00Z", userId: "other", userPrincipalName: "a@x" }))!.memberOf).toEqual([]);
    expect(users.unknownUsers).toBe(1);
  });
});

describe("ReplayAccumulator", () => {
  const prod = profileVariant("prod");
  const current = stackPolicies(prod).map((c) => ({ ...c, policy: { ...c.policy, id: standInId("conditionalAccessPolicy", c.key) } }));
  const promote = new Set(["blockLegacyAuthentication"]);
  // prod's block of legacy authentication is enforced; replay it as if it were still in canary → enforced.
  const canaryProd = profileVariant("prod", (c) => { c["guardrails:rollout"].policies.blockLegacyAuthentication.stage = "canary"; });
  const withIds = (ps: ReturnType<typeof stackPolicies>) => ps.map((c) => ({ ...c, policy: { ...c.policy, id: standInId("conditionalAccessPolicy", c.key) } }));
  const make = () => new ReplayAccumulator({
    current: withIds(stackPolicies(canaryProd)),
    next: stackPolicies(canaryProd, (d) => (promote.has(d.key) ? nextStage(d.stage) : d.stage)).filter((n) => promote.has(n.key)),
    locations: stackLocations(prod),
    directory: { users: [{ id: "5a000000-0001-4000-8000-000000000001", userPrincipalName: "admin@contoso.example", userType: "Member", memberOf: [], roles: ["62e90394-69f5-4237-9190-012177145e10"] }, ...stackBreakGlass(prod).users], groups: [] },
    breakGlass: { ids: stackBreakGlass(prod).users.map((u) => u.id), upns: stackBreakGlass(prod).users.map((u) => u.userPrincipalName) },
    adminRoleIds: ["62e90394-69f5-4237-9190-012177145e10"],
    adminsKnown: true,
  });
  const legacy = (user: Record<string, string>, results: Record<string, string> = {}) => fromGraph({
    createdDateTime: "2026-11-20T10:00:00Z", ...user, appId: "00000002-0000-0ff1-ce00-000000000000", clientAppUsed: "IMAP4", isInteractive: false,
    appliedConditionalAccessPolicies: Object.entries(results).map(([k, result]) => ({ id: current.find((c) => c.key === k)!.policy.id, displayName: "renamed in the portal", result })),
  });

  test("would block per policy and per user; admins and break-glass by name", () => {
    const replay = make();
    replay.add(legacy({ userId: "5a000000-0001-4000-8000-000000000001", userPrincipalName: "admin@contoso.example" }));
    replay.add(legacy({ userId: "5a000000-0001-4000-8000-000000000001", userPrincipalName: "admin@contoso.example" }));
    replay.add(legacy({ userId: "ffffffff-0000-4000-8000-000000000009", userPrincipalName: "someone@contoso.example" }));
    const bg = stackBreakGlass(prod).users[0];
    replay.add(legacy({ userId: bg.id, userPrincipalName: bg.userPrincipalName })); // excluded: never blocked
    replay.add(legacy({ userId: "0b0b0b0b-0000-4000-8000-00000000bad1", userPrincipalName: bg.userPrincipalName })); // another id: not excluded
    const [p] = replay.report().promotions;
    expect(p).toMatchObject({ key: "blockLegacyAuthentication", from: "canary", to: "enforced", applies: 4, wouldBlock: 4, users: { blocked: 3, interrupted: 0 } });
    expect(p.breakGlass).toEqual({ wouldBlock: 1, accounts: [bg.userPrincipalName] });
    expect(p.admins).toEqual({ wouldBlock: 2, accounts: ["admin@contoso.example"] });
    expect(p.topUsers[0]).toEqual({ user: "admin@contoso.example", blocked: 2, interrupted: 0 });
  });

  test("fidelity: Microsoft's result for the same policy (matched by id, not by its portal name) compared with ours", () => {
    const replay = make();
    const canaryMember = { userId: "ffffffff-0000-4000-8000-000000000009", userPrincipalName: "someone@contoso.example" };
    replay.add(legacy(canaryMember, { blockLegacyAuthentication: "notApplied" })); // agrees: not in the canary group
    replay.add(legacy(canaryMember, { blockLegacyAuthentication: "failure" })); // disagrees: we say not applied
    const r = replay.report();
    expect(r.fidelity.find((f) => f.key === "blockLegacyAuthentication")).toMatchObject({ compared: 2, agreed: 1 });
    expect(r.disagreements).toEqual([{ time: "2026-11-20T10:00:00.000Z", user: "someone@contoso.example", policy: "GR-001 Block legacy authentication", recorded: "failure", evaluated: "notApplied" }]);
  });
});
