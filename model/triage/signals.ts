/**
 * The checklist's per-sign-in questions (when, which operation, how many attempts, whose IP, was MFA
 * used, what risk) as named signals, each with the evidence in words. Verdicts are drawn from them
 * in triage.ts. Thresholds are options with defaults documented in the README.
 */
import { clientAppType } from "../signins/toSignIn";
import { OFFICE365_APPS } from "../whatif/office365";
import type { SignInRecord } from "../signins/record";
import { explainError, isFailedAttempt } from "./errorCodes";
import type { IpOwner } from "./networks";

/** Tenants that own Microsoft's first-party apps (troubleshoot docs, "Verify first-party Microsoft applications in sign-in reports"). */
export const MICROSOFT_OWNER_TENANTS: ReadonlySet<string> = new Set(["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"]);

/**
 * First-party app ids for logs without `appOwnerTenantId` (v1.0, portal CSV): the Office 365 suite
 * members the kit knows (model/whatif/office365.ts), the Microsoft-tenant apps the same troubleshoot
 * page lists, and Microsoft's public client tools.
 */
export const FIRST_PARTY_APPS: ReadonlySet<string> = new Set([
  ...Object.keys(OFFICE365_APPS),
  "de8bc8b5-d9f9-48b1-a8ad-b748da725064", "14d82eec-204b-4c2f-b7e8-296a70dab67e", "7ae974c5-1af7-4923-af3a-fb1fd14dcb7e", "5572c4c0-d078-44ce-b81c-6cbf8d3ed39e",
  "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "d3590ed6-52b3-4102-aeff-aad2292ab01c", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
]);

export function isFirstParty(r: SignInRecord): boolean {
  if (r.appOwnerTenantId) return MICROSOFT_OWNER_TENANTS.has(r.appOwnerTenantId.toLowerCase());
  return r.appId !== undefined && FIRST_PARTY_APPS.has(r.appId.toLowerCase());
}

/** Risk event types that mean a token or credential is in someone else's hands (Entra ID Protection). */
const TOKEN_RISKS = new Set(["anomalousToken", "tokenIssuerAnomaly", "leakedCredentials", "attackerinTheMiddle", "adversaryInTheMiddle", "passwordSpray", "suspiciousAPITraffic", "mcasSuspiciousInboxManipulationRules"]);

export type SignalCode =
  | "off-hours" | "burst" | "impossible-travel" | "legacy-protocol" | "failed-attempt" | "failures-before-success"
  | "spray-source" | "single-factor-success" | "cloud-hosted-source" | "microsoft-network-interactive"
  | "risk-level" | "risk-event" | "token-issuer";

export interface Signal { code: SignalCode; text: string }

export const isRisky = (r: SignInRecord) =>
  ["low", "medium", "high"].includes(r.riskLevelDuringSignIn ?? "") || ["medium", "high"].includes(r.riskLevelAggregated ?? "") || (r.riskEventTypes ?? []).length > 0;

export const isSuccess = (r: SignInRecord) => r.errorCode === 0 || (r.errorCode === undefined && r.conditionalAccessStatus !== "failure");

/** What the record says about itself, without context from other sign-ins. */
export function ownSignals(r: SignInRecord, owner: IpOwner | undefined): Signal[] {
  const out: Signal[] = [];
  const type = clientAppType(r.clientAppUsed);
  if (type === "exchangeActiveSync" || type === "other") out.push({ code: "legacy-protocol", text: `legacy protocol '${r.clientAppUsed}' (no MFA possible)` });
  if (isFailedAttempt(r.errorCode)) out.push({ code: "failed-attempt", text: `failed: ${explainError(r.errorCode)}` });
  // Single-factor inside a trusted network is what "MFA outside trusted locations" allows; elsewhere it is a finding.
  if (r.interactive !== false && isSuccess(r) && /^singleFactorAuthentication$/i.test(r.authenticationRequirement ?? "") && owner?.declared?.kind !== "trusted") {
    out.push({ code: "single-factor-success", text: `single-factor success${r.authenticationMethods?.length ? ` (${r.authenticationMethods.join(", ")})` : ""}` });
  }
  if (owner?.cloudHosted) out.push({ code: "cloud-hosted-source", text: `from a cloud-hosted address: ${owner.summary}` });
  else if (owner?.network === "microsoft" && r.interactive === true && !owner.declared && !owner.serviceTag) {
    out.push({ code: "microsoft-network-interactive", text: `interactive sign-in from Microsoft's network (${owner.summary}): Azure compute or a Microsoft proxy; give --service-tags to tell` });
  }
  const level = r.riskLevelDuringSignIn;
  if (level === "low" || level === "medium" || level === "high") out.push({ code: "risk-level", text: `risk during sign-in: ${level}` });
  else if (r.riskLevelAggregated === "medium" || r.riskLevelAggregated === "high") out.push({ code: "risk-level", text: `aggregated risk: ${r.riskLevelAggregated}` });
  const events = r.riskEventTypes ?? [];
  if (events.length) out.push({ code: "risk-event", text: `risk detections: ${events.join(", ")}${events.some((e) => TOKEN_RISKS.has(e)) ? " (token or credential compromise type)" : ""}` });
  if (r.tokenIssuerType && !/^AzureAD$/i.test(r.tokenIssuerType)) out.push({ code: "token-issuer", text: `token issued by ${r.tokenIssuerType}, not Microsoft Entra` });
  return out;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
