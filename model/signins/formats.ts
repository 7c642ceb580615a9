/**
 * A Graph `signIn` object rendered as the other exports carry it: a Log Analytics row (PascalCase;
 * the non-interactive table's dynamic columns as JSON text), a diagnostic-setting record, a Log
 * Analytics portal CSV row (`TimeGenerated [UTC]` in the portal's display time) and an Entra portal
 * CSV row (display headers with their stray spaces, no per-policy results). Facts: signin-logs.md.
 * The reader must give the same figures from every one of them (tests/signins).
 */
type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v && typeof v === "object" ? (v as Obj) : {});

export const SIGNIN_FORMATS = ["graph-pages", "graph-array", "ndjson", "diagnostic", "la-json", "la-csv", "portal-csv"] as const;
export type SignInFormat = (typeof SIGNIN_FORMATS)[number];

/** A Log Analytics row: `SigninLogs` for interactive sign-ins, `AADNonInteractiveUserSignInLogs` otherwise. */
export function laRow(s: Obj): Obj {
  const interactive = s.isInteractive !== false;
  const dyn = (v: unknown) => (interactive ? v : JSON.stringify(v ?? null));
  const status = o(s.status);
  return {
    TimeGenerated: s.createdDateTime, Type: interactive ? "SigninLogs" : "AADNonInteractiveUserSignInLogs",
    Id: s.id, CorrelationId: s.correlationId,
    UserId: s.userId, UserPrincipalName: s.userPrincipalName, UserDisplayName: s.userDisplayName, UserType: s.userType,
    AppId: s.appId, AppDisplayName: s.appDisplayName, ResourceIdentity: s.resourceId, ResourceDisplayName: s.resourceDisplayName,
    ClientAppUsed: s.clientAppUsed, IsInteractive: interactive, IPAddress: s.ipAddress, AutonomousSystemNumber: s.autonomousSystemNumber,
    Location: o(s.location).countryOrRegion, LocationDetails: dyn(s.location), DeviceDetail: dyn(s.deviceDetail), Status: dyn(s.status),
    ResultType: String(status.errorCode ?? ""), ResultDescription: status.failureReason,
    AuthenticationRequirement: s.authenticationRequirement, TokenIssuerType: s.tokenIssuerType,
    RiskLevelDuringSignIn: s.riskLevelDuringSignIn, RiskLevelAggregated: s.riskLevelAggregated, RiskState: s.riskState,
    RiskEventTypes_V2: s.riskEventTypes_v2 === undefined ? undefined : dyn(s.riskEventTypes_v2),
    ConditionalAccessStatus: s.conditionalAccessStatus, ConditionalAccessPolicies: dyn(s.appliedConditionalAccessPolicies ?? []),
    UserAgent: s.userAgent, AppOwnerTenantId: s.appOwnerTenantId,
    // String-typed in both tables' schemas (shared/reference/la-schemas).
    AuthenticationDetails: s.authenticationDetails === undefined ? undefined : JSON.stringify(s.authenticationDetails),
  };
}

/** A diagnostic-setting record (storage account / Event Hub): `{ time, category, properties }`. */
export function diagnosticRecord(s: Obj): Obj {
  const { createdDateTime, ...properties } = s;
  const status = o(s.status);
  return {
    time: createdDateTime, resourceId: "/tenants/00000000-0000-0000-0000-000000000000/providers/Microsoft.aadiam",
    operationName: "Sign-in activity", category: s.isInteractive === false ? "NonInteractiveUserSignInLogs" : "SignInLogs",
    resultType: String(status.errorCode ?? ""), properties,
  };
}

export const csvField = (v: unknown): string => {
  const t = v === undefined || v === null ? "" : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
export const csvLine = (values: readonly unknown[]) => values.map(csvField).join(",") + "\r\n";

/** The Log Analytics portal's display time: `11/20/2026, 8:00:07.013 AM` (UTC). */
export function portalTime(iso: string): string {
  const d = new Date(iso);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/** Log Analytics CSV export: the row's columns, time renamed and reformatted as the portal writes it. */
export function laCsvHeader(): string[] {
  return ["TimeGenerated [UTC]", ...Object.keys(laRow({})).filter((k) => k !== "TimeGenerated")];
}
export function laCsvValues(s: Obj): unknown[] {
  const { TimeGenerated, ...rest } = laRow(s);
  return [portalTime(String(TimeGenerated)), ...Object.values(rest)];
}

/**
 * The Entra portal's CSV download header, with its quirks (signin-logs.md, *unverified* 56-column
 * list): trailing spaces, a doubled space, a repeated column. A subset of its columns is written.
 */
export const PORTAL_CSV_HEADER = [
  "Date (UTC)", "Request ID", "User agent", "Correlation ID", "User ID", "User", "Username", "User type", "Incoming token type",
  "Application", "Application ID ", "Resource", "Resource ID ", "IP address", "Location", "Status", "Sign-in error code", "Failure reason",
  "Client app", "Device ID", "Browser", "Operating System", "Compliant", "Managed", "Join Type", "Authentication requirement",
  "Token issuer type", "Autonomous system  number", "Risk level (aggregated)", "Risk level (during sign-in)", "Risk state",
  "Conditional Access", "Incoming token type",
];

export function portalCsvValues(s: Obj): unknown[] {
  const status = o(s.status), loc = o(s.location), dev = o(s.deviceDetail);
  const ok = status.errorCode === 0;
  return [
    s.createdDateTime, s.id, s.userAgent, s.correlationId, s.userId, s.userDisplayName, s.userPrincipalName, s.userType === "guest" ? "Guest" : "Member", "none",
    s.appDisplayName, s.appId, s.resourceDisplayName, s.resourceId, s.ipAddress, [loc.city, loc.state, loc.countryOrRegion].filter(Boolean).join(", "),
    ok ? "Success" : "Failure", status.errorCode, status.failureReason,
    s.clientAppUsed, dev.deviceId, dev.browser, dev.operatingSystem, dev.isCompliant === true ? "True" : "False", dev.isManaged === true ? "True" : "False", dev.trustType,
    s.authenticationRequirement, s.tokenIssuerType, s.autonomousSystemNumber, s.riskLevelAggregated, s.riskLevelDuringSignIn, s.riskState,
    ({ success: "Success", failure: "Failure", notApplied: "Not Applied" } as Record<string, string>)[String(s.conditionalAccessStatus)] ?? "", "none",
  ];
}
