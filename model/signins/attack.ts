/**
 * The `attack` scenario's events (synthetic.ts), shaped like Graph beta `signIn` records: the cases
 * suspicious-sign-in triage must tell apart. Addresses are from ranges reserved for documentation and
 * benchmarking (RFC 5737, RFC 2544); the test fixture `tests/fixtures/triage/ServiceTags_Public_example.json`
 * names 198.18.0.0/24 as Azure compute (AzureCloud.westeurope) and 198.18.10.0/24 as Microsoft Entra ID.
 */
import type { DirectoryUser } from "../whatif/types";

export const ATTACK_BACKGROUND = {
  officeStartHour: 8,
  officeHours: 10,
  /** Share of token refreshes that carry a Microsoft service's address, and that address block. */
  microsoftServiceShare: 0.3,
  microsoftServicePrefix: "198.18.10.",
  microsoftServicesTenant: "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
  /** The fourth day of the week (index 3). */
  attackDay: 3,
};

/** What the scenario plants, for tests and the README. */
export const ATTACK = {
  spray: { ip: "192.0.2.66", asn: 14061, users: 25, hour: 2, userAgent: "python-requests/2.31.0" },
  compromise: { ip: "198.18.0.25", asn: 8075, failures: 5, hour: 3, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0" },
  offHours: { hour: 23 },
} as const;

type SignIn = Record<string, unknown>;

function event(user: DirectoryUser, at: number, fields: SignIn, id: string): SignIn {
  return {
    id, createdDateTime: new Date(at).toISOString(),
    userDisplayName: user.userPrincipalName.split("@")[0], userPrincipalName: user.userPrincipalName, userId: user.id, userType: "member",
    appId: "4765445b-32c6-49b0-83e6-1d93765276ca", appDisplayName: "OfficeHome", appOwnerTenantId: ATTACK_BACKGROUND.microsoftServicesTenant,
    resourceId: "00000003-0000-0000-c000-000000000000", resourceDisplayName: "Microsoft Graph",
    clientAppUsed: "Browser", isInteractive: true, signInEventTypes: ["interactiveUser"], tokenIssuerType: "AzureAD",
    riskDetail: "none", riskLevelAggregated: "none", riskLevelDuringSignIn: "none", riskState: "none", riskEventTypes_v2: [],
    deviceDetail: { deviceId: "", displayName: "", operatingSystem: "Linux", browser: "Chrome 120.0.0", isCompliant: false, isManaged: false, trustType: "" },
    conditionalAccessStatus: "notApplied", appliedConditionalAccessPolicies: [],
    ...fields,
  };
}

const failed = (code: number, reason: string) => ({ status: { errorCode: code, failureReason: reason, additionalDetails: null } });
const succeeded = { status: { errorCode: 0, failureReason: "Other.", additionalDetails: null } };

/**
 * The day's planted events: a password spray from one hosting address against 25 users; a victim's
 * failures then an interactive single-factor success from an Azure compute address; a user signing
 * in from the office, with MFA, at 23:00.
 */
export function attackEvents(users: readonly DirectoryUser[], dayStart: number, r: () => number, guid: (r: () => number) => string): SignIn[] {
  const members = users.filter((u) => !/^breakglass/i.test(u.userPrincipalName));
  const out: SignIn[] = [];
  const { spray, compromise, offHours } = ATTACK;
  for (let i = 0; i < spray.users; i++) {
    out.push(event(members[(i * 7) % members.length], dayStart + spray.hour * 3_600_000 + i * 70_000, {
      ipAddress: spray.ip, autonomousSystemNumber: spray.asn, userAgent: spray.userAgent, authenticationRequirement: "singleFactorAuthentication",
      location: { city: "Frankfurt am Main", state: "Hessen", countryOrRegion: "DE", geoCoordinates: { latitude: 50.11, longitude: 8.68 } },
      ...failed(50126, "Error validating credentials due to invalid username or password."),
    }, guid(r)));
  }
  const victim = members[Math.floor(members.length / 2)];
  const base = dayStart + compromise.hour * 3_600_000;
  const from = {
    ipAddress: compromise.ip, autonomousSystemNumber: compromise.asn, userAgent: compromise.userAgent, authenticationRequirement: "singleFactorAuthentication",
    location: { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: "NL", geoCoordinates: { latitude: 52.37, longitude: 4.89 } },
  };
  for (let i = 0; i < compromise.failures; i++) out.push(event(victim, base + i * 45_000, { ...from, ...failed(50126, "Error validating credentials due to invalid username or password.") }, guid(r)));
  out.push(event(victim, base + compromise.failures * 45_000 + 30_000, {
    ...from, ...succeeded, authenticationDetails: [{ authenticationMethod: "Password", succeeded: true, authenticationStepResultDetail: "Correct password" }],
  }, guid(r)));
  const nightOwl = members[Math.floor(members.length / 3)];
  out.push(event(nightOwl, dayStart + offHours.hour * 3_600_000 + 20 * 60_000, {
    ipAddress: "203.0.113.40", autonomousSystemNumber: 64500, authenticationRequirement: "multiFactorAuthentication",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0.0.0",
    deviceDetail: { deviceId: guid(r), displayName: "", operatingSystem: "Windows10", browser: "Edge 131.0.0", isCompliant: true, isManaged: true, trustType: "Microsoft Entra joined" },
    location: { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: "NL", geoCoordinates: { latitude: 52.37, longitude: 4.89 } },
    ...succeeded, authenticationDetails: [{ authenticationMethod: "Password", succeeded: true }, { authenticationMethod: "Mobile app notification", succeeded: true }],
  }, guid(r)));
  return out;
}
