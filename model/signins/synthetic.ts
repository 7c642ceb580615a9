/**
 * Seeded synthetic sign-ins in Graph's `signIn` shape (beta fields included), for tests, benchmarks
 * and trying `evidence` without a tenant. Scenarios:
 *  - `normal`: ordinary days; about three quarters of sign-ins non-interactive (token refresh).
 *  - `canary-week`: seven ordinary days (the soak a canary promotion is judged on).
 *  - `april-2025`: an ordinary day with a wave like 2025-04-18/19, when a faulty leaked-credentials
 *    detection marked refresh tokens: for six hours a fifth of the users carry `leakedCredentials`
 *    at high risk, and their non-interactive sign-ins fail with 53003 wherever risk policies enforce.
 *  - `attack`: a working week (interactive sign-ins in office hours, MFA outside the office, a share
 *    of first-party token refreshes from Microsoft's ASN) with, on its fourth day, the events triage
 *    must tell apart (attack.ts): a password spray, a compromise from an Azure address, off-hours work.
 * Per-policy results come from the stack's own policies through the compiled evaluator, with a small
 * seeded share of records where "Microsoft" disagrees (so replay's fidelity figure has work to do).
 * The same seed and options always give the same records.
 */
import { CompiledPolicySet } from "../whatif/compiled";
import { reportOnlyResult } from "../whatif/outcome";
import { standInId, type StackPolicy } from "../whatif/fromProfile";
import type { Directory, NamedLocation } from "../whatif/types";
import { mulberry32 } from "../whatif/synthetic";
import { satisfiedControls, toSignIn } from "./toSignIn";
import { fromGraph } from "./record";
import { ATTACK_BACKGROUND, attackEvents } from "./attack";

export const SCENARIOS = ["normal", "canary-week", "april-2025", "attack"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface GeneratorOptions {
  scenario: Scenario;
  /** First day (UTC, YYYY-MM-DD). */
  start: string;
  days?: number;
  /** Sign-ins per user per day, on average. */
  perUserPerDay?: number;
  seed?: number;
  /** Share of records whose per-policy result is flipped (Microsoft and our evaluator disagree). */
  disagreement?: number;
}

export interface GeneratorInput {
  policies: readonly StackPolicy[];
  locations: readonly NamedLocation[];
  directory: Directory;
}

/** First-party clients and resources (well-known application ids). */
const CLIENTS = [
  ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"],
  ["d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"],
  ["4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome"],
  ["c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"],
  ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "Microsoft Azure CLI"],
] as const;
const RESOURCES = [
  ["00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online"],
  ["00000003-0000-0000-c000-000000000000", "Microsoft Graph"],
  ["00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online"],
  ["797f4846-ba00-4fd7-ba43-dac1f8f63013", "Windows Azure Service Management API"],
] as const;
const LEGACY_CLIENTS = ["Exchange ActiveSync", "IMAP4", "Authenticated SMTP"];
const OS = [["Windows10", 0.6], ["MacOs", 0.15], ["Ios", 0.15], ["Android", 0.1]] as const;
const TRAVEL = [["DE", "Berlin", "Berlin"], ["BE", "Brussels", "Brussels"], ["US", "Seattle", "Washington"], ["GB", "London", "London"]] as const;

/** Errors the log writes (entra-docs `reference-error-codes`; shared/reference/signin-logs.md). */
const ERRORS: Record<number, string> = {
  0: "Other.",
  53003: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  53000: "Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant.",
};

const hex = (r: () => number, n: number) => { let s = ""; for (let i = 0; i < n; i++) s += Math.floor(r() * 16).toString(16); return s; };
const guid = (r: () => number) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;

/** A host address inside a CIDR (IPv4), for sign-ins from a trusted office. */
function addressIn(cidr: string, r: () => number): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const base = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
  const size = 2 ** (32 - Number(m[5]));
  const a = (base + Math.floor(r() * size)) >>> 0;
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".");
}

const RESULT_FLIP: Record<string, string> = {
  reportOnlySuccess: "reportOnlyInterrupted", reportOnlyInterrupted: "reportOnlySuccess", reportOnlyFailure: "reportOnlyNotApplied",
  reportOnlyNotApplied: "reportOnlySuccess", success: "notApplied", failure: "notApplied", notApplied: "success",
};

/** Synthetic Graph `signIn` objects, in time order within each day. */
export function* syntheticSignIns(input: GeneratorInput, o: GeneratorOptions): Generator<Record<string, unknown>> {
  const r = mulberry32(o.seed ?? 20250418);
  const days = o.days ?? (o.scenario === "canary-week" || o.scenario === "attack" ? 7 : 1);
  const perUser = o.perUserPerDay ?? 12;
  const flip = o.disagreement ?? 0.002;
  const ctx = { locations: new Map(input.locations.map((l) => [l.id.toLowerCase(), l])) };
  const set = new CompiledPolicySet(input.policies.map((p) => p.policy), ctx);
  const offices = input.locations.filter((l) => l.kind === "ip" && l.isTrusted).flatMap((l) => l.ipRanges);
  const users = input.directory.users;
  const start = Date.parse(`${o.start}T00:00:00Z`);
  const wave = o.scenario === "april-2025" ? { from: start + 4 * 3600_000, to: start + 10 * 3600_000 } : undefined;
  const flagged = new Set(wave ? users.filter(() => r() < 0.2).map((u) => u.id) : []);
  const attack = o.scenario === "attack";
  for (let d = 0; d < days; d++) {
    // The attack week's day is sorted before it is written: office hours move interactive sign-ins.
    const day: Record<string, unknown>[] | undefined = attack ? [] : undefined;
    const count = Math.round(users.length * perUser);
    const dayStart = start + d * 86_400_000;
    const step = 86_400_000 / Math.max(count, 1);
    for (let k = 0; k < count; k++) {
      // Users are drawn with a skew: a few heavy users, a long tail of light ones.
      const user = users[Math.floor(users.length * r() ** 1.6)];
      let time = Math.floor(dayStart + k * step + r() * step);
      const interactive = r() < 0.25;
      if (attack && interactive) time = dayStart + ATTACK_BACKGROUND.officeStartHour * 3_600_000 + Math.floor(((time - dayStart) / 86_400_000) * ATTACK_BACKGROUND.officeHours * 3_600_000);
      const legacy = !attack && r() < 0.02;
      const [clientId, clientName] = CLIENTS[Math.floor(r() * CLIENTS.length)];
      const [resourceId, resourceName] = RESOURCES[Math.floor(r() * RESOURCES.length)];
      let x = r(), os: string = OS[0][0];
      for (const [name, share] of OS) { if (x < share) { os = name; break; } x -= share; }
      const travel = r() < 0.03 ? TRAVEL[Math.floor(r() * TRAVEL.length)] : undefined;
      const office = !travel && offices.length > 0 && r() < 0.5 ? addressIn(offices[Math.floor(r() * offices.length)], r) : undefined;
      // Token refreshes of first-party apps often carry a Microsoft service's address (the issuer's, for confidential clients).
      const microsoftService = attack && !interactive && r() < ATTACK_BACKGROUND.microsoftServiceShare;
      const ip = microsoftService ? `${ATTACK_BACKGROUND.microsoftServicePrefix}${1 + Math.floor(r() * 253)}` : office ?? `${travel ? 198 : 203}.${travel ? 51 : 0}.${100 + Math.floor(r() * 13)}.${1 + Math.floor(r() * 253)}`;
      const inWave = wave !== undefined && time >= wave.from && time < wave.to && flagged.has(user.id);
      const riskDuring = inWave || attack ? "none" : r() < 0.005 ? "medium" : r() < 0.02 ? "low" : "none";
      const riskAggregated = inWave ? "high" : riskDuring === "medium" ? "medium" : "none";
      const managed = os === "Windows10" || os === "MacOs";
      const compliant = managed && r() < 0.8;
      // A refresh token carries the MFA claim of the sign-in that issued it; interactive sign-ins prompt when needed.
      const mfa = attack ? !(interactive && office) || r() < 0.5 : interactive ? r() < 0.6 : r() < 0.98;
      const signIn: Record<string, unknown> = {
        id: guid(r),
        createdDateTime: new Date(time).toISOString(),
        userDisplayName: user.userPrincipalName.split("@")[0],
        userPrincipalName: user.userPrincipalName,
        userId: user.id,
        userType: user.userType === "Guest" ? "guest" : "member",
        appId: clientId, appDisplayName: clientName,
        resourceId, resourceDisplayName: resourceName,
        ipAddress: ip,
        clientAppUsed: legacy ? LEGACY_CLIENTS[Math.floor(r() * LEGACY_CLIENTS.length)] : interactive && r() < 0.6 ? "Browser" : "Mobile Apps and Desktop clients",
        correlationId: guid(r),
        isInteractive: interactive,
        signInEventTypes: [interactive ? "interactiveUser" : "nonInteractiveUser"],
        authenticationRequirement: mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
        tokenIssuerType: "AzureAD",
        autonomousSystemNumber: microsoftService ? 8075 : office ? 64500 : travel ? 64501 : 64496 + Math.floor(r() * 4),
        ...(attack ? { appOwnerTenantId: ATTACK_BACKGROUND.microsoftServicesTenant, userAgent: interactive ? "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0.0.0" : "" } : {}),
        riskDetail: "none",
        riskLevelAggregated: riskAggregated,
        riskLevelDuringSignIn: riskDuring,
        riskState: inWave ? "atRisk" : "none",
        riskEventTypes_v2: inWave ? ["leakedCredentials"] : [],
        deviceDetail: { deviceId: managed ? guid(r) : "", displayName: "", operatingSystem: os, browser: interactive ? "Edge 131.0.0" : "", isCompliant: compliant, isManaged: managed, trustType: managed ? "Microsoft Entra joined" : "" },
        location: travel
          ? { city: travel[1], state: travel[2], countryOrRegion: travel[0], geoCoordinates: { altitude: null, latitude: 0, longitude: 0 } }
          : { city: "Amsterdam", state: "Noord-Holland", countryOrRegion: "NL", geoCoordinates: { altitude: null, latitude: 52.37, longitude: 4.89 } },
      };
      const record = fromGraph(signIn);
      const s = toSignIn(record, user);
      const applying = set.applying(s);
      const satisfied = satisfiedControls(record);
      let blocked = false, needsMfa = false, device = false;
      const applied = input.policies.map((sp, i) => {
        const p = sp.policy;
        const applies = ((applying[i >>> 5] >>> (i & 31)) & 1) === 1;
        let result: string;
        if (p.state === "disabled") result = "notEnabled";
        else if (p.state === "enabledForReportingButNotEnforced") result = applies ? reportOnlyResult(p, s, satisfied) : "reportOnlyNotApplied";
        else if (!applies) result = "notApplied";
        else {
          const would = reportOnlyResult(p, s, satisfied);
          // Interactive users complete MFA; a token refresh cannot answer a prompt.
          result = would === "reportOnlySuccess" || (would === "reportOnlyInterrupted" && interactive) ? "success" : "failure";
          if (result === "failure") {
            if ((p.grantControls?.builtInControls ?? []).includes("block")) blocked = true;
            else if (would === "reportOnlyInterrupted") needsMfa = true;
            else device = true;
          }
        }
        if (r() < flip) result = RESULT_FLIP[result] ?? result;
        return { id: p.id ?? standInId("conditionalAccessPolicy", sp.key), displayName: p.displayName, enforcedGrantControls: p.grantControls?.builtInControls ?? [], enforcedSessionControls: [], result };
      });
      // A token refresh that cannot meet a grant is refused by Conditional Access: 53003, the April 2025 error.
      const code = blocked || needsMfa ? 53003 : device ? 53000 : 0;
      signIn.status = { errorCode: code, failureReason: ERRORS[code], additionalDetails: null };
      signIn.conditionalAccessStatus = applied.some((p) => p.result === "failure") ? "failure" : applied.some((p) => p.result === "success") ? "success" : "notApplied";
      signIn.appliedConditionalAccessPolicies = applied;
      if (day) day.push(signIn);
      else yield signIn;
    }
    if (day) {
      if (d === ATTACK_BACKGROUND.attackDay) day.push(...attackEvents(users, dayStart, r, guid));
      yield* day.sort((a, b) => String(a.createdDateTime).localeCompare(String(b.createdDateTime)));
    }
  }
}
