import fc from "fast-check";
import type { GraphCaPolicy } from "../../model/graph";
import { CompiledPolicySet, evaluateAll } from "../../model/whatif/compiled";
import type { DirectoryUser, NamedLocation, SignIn } from "../../model/whatif/types";

const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const USERS = [1, 2, 3, 4].map(G);
const GROUPS = [11, 12, 13].map(G);
const ROLES = [21, 22].map(G);
const APPS = ["00000003-0000-0ff1-ce00-000000000000", G(31), G(32)];
const LOC_TRUSTED = G(41);
const LOC_COUNTRIES = G(42);
const locations = new Map<string, NamedLocation>([
  [LOC_TRUSTED.toLowerCase(), { id: LOC_TRUSTED, displayName: "HQ", kind: "ip", isTrusted: true, ipRanges: ["203.0.113.0/24"], countries: [], includeUnknownCountriesAndRegions: false }],
  [LOC_COUNTRIES.toLowerCase(), { id: LOC_COUNTRIES, displayName: "Allowed", kind: "country", isTrusted: false, ipRanges: [], countries: ["NL", "BE"], includeUnknownCountriesAndRegions: true }],
]);
const ctx = { locations };

const sub = <T>(xs: readonly T[]) => fc.subarray([...xs]);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const RISK = ["low", "medium", "high", "none"] as const;
const CLIENTS = ["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"] as const;
const PLATFORMS = ["android", "iOS", "windows", "macOS", "linux"] as const;

const policyArb: fc.Arbitrary<GraphCaPolicy> = fc.record({
  state: fc.constantFrom("enabled", "disabled", "enabledForReportingButNotEnforced"),
  includeUsers: sub(["All", "None", "GuestsOrExternalUsers", ...USERS]),
  excludeUsers: sub(["GuestsOrExternalUsers", ...USERS]),
  includeGroups: sub(GROUPS), excludeGroups: sub(GROUPS), includeRoles: sub(ROLES), excludeRoles: sub(ROLES),
  guests: fc.boolean(),
  apps: fc.oneof(fc.constant<{ includeUserActions?: string[]; includeApplications?: string[]; excludeApplications?: string[] }>({ includeUserActions: ["urn:user:registersecurityinfo"] }),
    fc.record({ includeApplications: sub(["All", "Office365", ...APPS]), excludeApplications: sub(["Office365", ...APPS]) })),
  clientAppTypes: fc.oneof(fc.constant(["all"]), sub(CLIENTS).filter((x) => x.length > 0)),
  platforms: maybe(fc.record({ includePlatforms: fc.oneof(fc.constant(["all"]), sub(PLATFORMS).filter((x) => x.length > 0)), excludePlatforms: sub(PLATFORMS) })),
  locations: maybe(fc.record({ includeLocations: fc.constantFrom(["All"], ["AllTrusted"], [LOC_COUNTRIES]), excludeLocations: sub(["AllTrusted", LOC_TRUSTED, LOC_COUNTRIES]) })),
  signInRiskLevels: sub(RISK), userRiskLevels: sub(RISK),
  flows: maybe(fc.constantFrom("deviceCodeFlow", "authenticationTransfer", "deviceCodeFlow,authenticationTransfer")),
  device: maybe(fc.record({ mode: fc.constantFrom("include" as const, "exclude" as const), rule: fc.constantFrom('device.isCompliant -eq True', 'device.trustType -eq "ServerAD" -or device.operatingSystem -startsWith "Win"') })),
  block: fc.boolean(),
}).map((r, ): GraphCaPolicy => ({
  displayName: "p",
  state: r.state as GraphCaPolicy["state"],
  conditions: {
    users: {
      includeUsers: r.includeUsers, excludeUsers: r.excludeUsers, includeGroups: r.includeGroups, excludeGroups: r.excludeGroups,
      includeRoles: r.includeRoles, excludeRoles: r.excludeRoles,
      ...(r.guests ? { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest,internalGuest", externalTenants: { membershipKind: "all" as const } } } : {}),
    },
    applications: r.apps,
    clientAppTypes: [...r.clientAppTypes],
    ...(r.platforms ? { platforms: { includePlatforms: [...r.platforms.includePlatforms], excludePlatforms: [...r.platforms.excludePlatforms] } } : {}),
    ...(r.locations ? { locations: { includeLocations: [...r.locations.includeLocations], excludeLocations: [...r.locations.excludeLocations] } } : {}),
    signInRiskLevels: [...r.signInRiskLevels], userRiskLevels: [...r.userRiskLevels],
    ...(r.flows ? { authenticationFlows: { transferMethods: r.flows } } : {}),
    ...(r.device ? { devices: { deviceFilter: r.device } } : {}),
  },
  grantControls: { operator: "OR", builtInControls: [r.block ? "block" : "mfa"] },
}));

const userArb: fc.Arbitrary<DirectoryUser> = fc.record({
  id: fc.constantFrom(...USERS), guest: fc.boolean(), memberOf: sub(GROUPS), roles: sub(ROLES),
}).map((u) => ({ id: u.id, userPrincipalName: `${u.id}@x`, userType: u.guest ? "Guest" : "Member", guestOrExternalUserTypes: u.guest ? ["b2bCollaborationGuest"] : [], memberOf: u.memberOf, roles: u.roles }));

const signInArb: fc.Arbitrary<SignIn> = fc.record({
  user: userArb,
  context: fc.oneof(fc.record({ applications: sub(APPS).filter((a) => a.length > 0) }), fc.constant({ userAction: "urn:user:registersecurityinfo" })),
  clientAppType: maybe(fc.constantFrom(...CLIENTS)),
  devicePlatform: maybe(fc.constantFrom(...PLATFORMS)),
  ipAddress: maybe(fc.constantFrom("203.0.113.9", "198.51.100.1", "2001:db8::1")),
  country: maybe(fc.constantFrom("NL", "DE")),
  signInRiskLevel: maybe(fc.constantFrom(...RISK)), userRiskLevel: maybe(fc.constantFrom(...RISK)),
  authenticationFlow: maybe(fc.constantFrom("deviceCodeFlow", "authenticationTransfer")),
  deviceInfo: maybe(fc.record({ isCompliant: fc.constantFrom("True", "False"), trustType: fc.constantFrom("ServerAD", "AzureAD"), operatingSystem: fc.constantFrom("Windows", "iOS") })),
}).map(({ context, ...s }) => {
  const out: SignIn = { ...s, ...context };
  for (const k of Object.keys(out) as (keyof SignIn)[]) if (out[k] === undefined) delete out[k];
  return out;
});

describe("compiled evaluator ≡ reference evaluator", () => {
  test("same applies and same analysisReasons for random policy sets and sign-ins", () => {
    fc.assert(fc.property(fc.array(policyArb, { minLength: 1, maxLength: 40 }), fc.array(signInArb, { minLength: 1, maxLength: 10 }), (policies, signIns) => {
      const compiled = new CompiledPolicySet(policies, ctx);
      for (const s of signIns) {
        const ref = evaluateAll(policies, s, ctx);
        expect(compiled.evaluate(s)).toEqual(ref);
        expect(compiled.countApplying(s)).toBe(ref.filter((r) => r.applies).length);
      }
    }), { numRuns: 300, seed: 20261122 });
  });
});
