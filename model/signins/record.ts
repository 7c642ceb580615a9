/**
 * One sign-in, whatever export it came from: Graph `auditLogs/signIns` (v1.0, beta, portal JSON
 * download: camelCase), Log Analytics rows (`SigninLogs`, `AADNonInteractiveUserSignInLogs`:
 * PascalCase, dynamic columns as objects or as JSON text), diagnostic-setting records
 * (`{ time, category, properties: {…} }`) and the portal CSV (display headers, no per-policy
 * results). Field facts: shared/reference/signin-logs.md. Pure: plain objects in, records out.
 */

export type PolicyResult =
  | "success" | "failure" | "notApplied" | "notEnabled" | "unknown" | "unknownFutureValue"
  | "reportOnlySuccess" | "reportOnlyFailure" | "reportOnlyNotApplied" | "reportOnlyInterrupted";

export interface AppliedPolicy {
  id: string;
  displayName: string;
  result: string;
}

export interface SignInRecord {
  /** ISO 8601 UTC. */
  time: string;
  userId?: string;
  userPrincipalName?: string;
  appId?: string;
  appDisplayName?: string;
  resourceId?: string;
  resourceDisplayName?: string;
  /** Display text as exports carry it: "Browser", "Mobile Apps and Desktop clients", "Exchange ActiveSync", "IMAP4", … */
  clientAppUsed?: string;
  /** true interactive, false non-interactive; undefined when the source does not say. */
  interactive?: boolean;
  ipAddress?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  autonomousSystemNumber?: number;
  operatingSystem?: string;
  deviceId?: string;
  isCompliant?: boolean;
  trustType?: string;
  /** 0 = success. */
  errorCode?: number;
  failureReason?: string;
  authenticationRequirement?: string;
  riskLevelDuringSignIn?: string;
  /** Graph's aggregated risk of the user and sign-in; the log has no separate user-risk field. */
  riskLevelAggregated?: string;
  riskState?: string;
  riskEventTypes?: string[];
  tokenIssuerType?: string;
  conditionalAccessStatus?: string;
  /** Per-policy results; absent in the portal CSV (it has none). */
  policies?: AppliedPolicy[];
  userAgent?: string;
  /** Tenant that owns the client app (beta `appOwnerTenantId`): Microsoft's tenants mark first-party apps. */
  appOwnerTenantId?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  /** Methods the sign-in used: `authenticationDetails[].authenticationMethod` and `authenticationMethodsUsed[]` (beta). */
  authenticationMethods?: string[];
}

export class SignInRecordError extends Error {}

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" ? String(v) : undefined);
const num = (v: unknown): number | undefined => {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
};
const bool = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : typeof v === "string" ? (/^true$/i.test(v) ? true : /^false$/i.test(v) ? false : undefined) : undefined);
const obj = (v: unknown): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);

/** A dynamic column: an object/array, or its JSON text (the non-interactive table's string columns). */
export function dynamic(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** Already canonical (`Date.prototype.toISOString` form): kept as it is, without a parse. */
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isoTime(v: unknown): string {
  if (typeof v === "string" && v.length === 24 && CANONICAL_TIME.test(v)) return v;
  const s = str(v);
  const t = s ? Date.parse(s) : NaN;
  if (Number.isNaN(t)) throw new SignInRecordError(`time: '${String(v)}' is not a date-time`);
  return new Date(t).toISOString();
}

function policies(v: unknown): AppliedPolicy[] | undefined {
  const list = dynamic(v);
  if (!Array.isArray(list)) return undefined;
  const out: AppliedPolicy[] = [];
  for (const p of list) {
    const o = obj(p);
    if (o) out.push({ id: str(o.id) ?? "", displayName: str(o.displayName) ?? "", result: str(o.result) ?? "unknown" });
  }
  return out;
}

/** A coordinate, when the log has one: (0, 0) is what the log writes for "unknown". */
function coordinates(geo: Obj | undefined): [number, number] | undefined {
  const la = numeric(geo?.latitude), lon = numeric(geo?.longitude);
  if (la === undefined || lon === undefined || (la === 0 && lon === 0) || Math.abs(la) > 90 || Math.abs(lon) > 180) return undefined;
  return [la, lon];
}
const numeric = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** Authentication methods named by `authenticationDetails[]` and `authenticationMethodsUsed[]`, distinct, in order. */
function methods(details: unknown, used: unknown): string[] | undefined {
  const out: string[] = [];
  const d = dynamic(details), u = dynamic(used);
  if (Array.isArray(d)) for (const x of d) { const m = str(obj(x)?.authenticationMethod); if (m && !out.includes(m)) out.push(m); }
  if (Array.isArray(u)) for (const x of u) { const m = str(x); if (m && !out.includes(m)) out.push(m); }
  return out.length ? out : undefined;
}

function eventTypesInteractive(v: unknown): boolean | undefined {
  if (!Array.isArray(v)) return undefined;
  if (v.includes("interactiveUser")) return true;
  if (v.includes("nonInteractiveUser")) return false;
  return undefined;
}

/** Drops undefined fields in place (records are compared and printed without them). */
function compact<T extends object>(o: T): T {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
}

/** Graph `signIn` (camelCase): API pages, the portal's JSON download, and diagnostic records' `properties`. */
export function fromGraph(o: Obj, interactiveHint?: boolean): SignInRecord {
  const status = obj(o.status) ?? {};
  const location = obj(o.location) ?? {};
  const device = obj(o.deviceDetail) ?? {};
  // Fields set one by one, only when defined, in one order: records share a few shapes and stay fast objects (the hot path).
  const r: SignInRecord = { time: isoTime(o.createdDateTime) };
  let v: string | number | boolean | string[] | AppliedPolicy[] | undefined;
  if ((v = str(o.userId)) !== undefined) r.userId = v;
  if ((v = str(o.userPrincipalName)) !== undefined) r.userPrincipalName = v;
  if ((v = str(o.appId)) !== undefined) r.appId = v;
  if ((v = str(o.appDisplayName)) !== undefined) r.appDisplayName = v;
  if ((v = str(o.resourceId)) !== undefined) r.resourceId = v;
  if ((v = str(o.resourceDisplayName)) !== undefined) r.resourceDisplayName = v;
  if ((v = str(o.clientAppUsed)) !== undefined) r.clientAppUsed = v;
  if ((v = bool(o.isInteractive) ?? eventTypesInteractive(o.signInEventTypes) ?? interactiveHint) !== undefined) r.interactive = v;
  if ((v = str(o.ipAddress)) !== undefined) r.ipAddress = v;
  if ((v = str(location.countryOrRegion)) !== undefined) r.country = v;
  if ((v = num(o.autonomousSystemNumber)) !== undefined) r.autonomousSystemNumber = v;
  if ((v = str(device.operatingSystem)) !== undefined) r.operatingSystem = v;
  if ((v = str(device.deviceId)) !== undefined) r.deviceId = v;
  if ((v = bool(device.isCompliant)) !== undefined) r.isCompliant = v;
  if ((v = str(device.trustType)) !== undefined) r.trustType = v;
  if ((v = num(status.errorCode)) !== undefined) r.errorCode = v;
  if ((v = str(status.failureReason)) !== undefined) r.failureReason = v;
  if ((v = str(o.authenticationRequirement)) !== undefined) r.authenticationRequirement = v;
  if ((v = str(o.riskLevelDuringSignIn)) !== undefined) r.riskLevelDuringSignIn = v;
  if ((v = str(o.riskLevelAggregated)) !== undefined) r.riskLevelAggregated = v;
  if ((v = str(o.riskState)) !== undefined) r.riskState = v;
  const risks = Array.isArray(o.riskEventTypes_v2) ? o.riskEventTypes_v2 : o.riskEventTypes;
  if (Array.isArray(risks)) r.riskEventTypes = risks.map(String);
  if ((v = str(o.tokenIssuerType)) !== undefined) r.tokenIssuerType = v;
  if ((v = str(o.conditionalAccessStatus)) !== undefined) r.conditionalAccessStatus = v;
  if ((v = policies(o.appliedConditionalAccessPolicies)) !== undefined) r.policies = v;
  if ((v = str(o.userAgent)) !== undefined) r.userAgent = v;
  if ((v = str(o.appOwnerTenantId)) !== undefined) r.appOwnerTenantId = v;
  if ((v = str(location.city)) !== undefined) r.city = v;
  const geo = coordinates(obj(location.geoCoordinates));
  if (geo) { r.latitude = geo[0]; r.longitude = geo[1]; }
  if ((v = methods(o.authenticationDetails, o.authenticationMethodsUsed)) !== undefined) r.authenticationMethods = v;
  return r;
}

/** A Log Analytics row (query API JSON or portal CSV export): PascalCase columns, dynamic values or JSON text. */
export function fromLogAnalytics(o: Obj, interactiveHint?: boolean): SignInRecord {
  const status = obj(dynamic(o.Status)) ?? {};
  const location = obj(dynamic(o.LocationDetails)) ?? {};
  const device = obj(dynamic(o.DeviceDetail)) ?? {};
  const table = str(o.Type);
  return compact({
    time: isoTime(o.TimeGenerated ?? o["TimeGenerated [UTC]"] ?? o.CreatedDateTime),
    userId: str(o.UserId), userPrincipalName: str(o.UserPrincipalName),
    appId: str(o.AppId), appDisplayName: str(o.AppDisplayName),
    resourceId: str(o.ResourceIdentity), resourceDisplayName: str(o.ResourceDisplayName),
    clientAppUsed: str(o.ClientAppUsed),
    interactive: bool(o.IsInteractive) ?? (table === "SigninLogs" ? true : table === "AADNonInteractiveUserSignInLogs" ? false : interactiveHint),
    ipAddress: str(o.IPAddress),
    country: str(o.Location) ?? str(location.countryOrRegion),
    autonomousSystemNumber: num(o.AutonomousSystemNumber),
    operatingSystem: str(device.operatingSystem), deviceId: str(device.deviceId), isCompliant: bool(device.isCompliant), trustType: str(device.trustType),
    errorCode: num(o.ResultType) ?? num(status.errorCode), failureReason: str(o.ResultDescription) ?? str(status.failureReason),
    authenticationRequirement: str(o.AuthenticationRequirement),
    riskLevelDuringSignIn: str(o.RiskLevelDuringSignIn),
    riskLevelAggregated: str(o.RiskLevelAggregated), riskState: str(o.RiskState),
    riskEventTypes: (() => { const r = dynamic(o.RiskEventTypes_V2); return Array.isArray(r) ? r.map(String) : undefined; })(),
    tokenIssuerType: str(o.TokenIssuerType),
    conditionalAccessStatus: str(o.ConditionalAccessStatus),
    policies: policies(o.ConditionalAccessPolicies),
    userAgent: str(o.UserAgent),
    appOwnerTenantId: str(o.AppOwnerTenantId),
    city: str(location.city),
    ...(() => { const g = coordinates(obj(location.geoCoordinates)); return g ? { latitude: g[0], longitude: g[1] } : {}; })(),
    authenticationMethods: methods(o.AuthenticationDetails, o.AuthenticationMethodsUsed),
  });
}

/** A diagnostic-settings record (storage / Event Hub): `{ time, category, properties: {…} }`. */
export function fromDiagnostic(o: Obj): SignInRecord {
  const category = str(o.category);
  const props = obj(o.properties);
  if (!props) throw new SignInRecordError("properties: missing (not a diagnostic sign-in record)");
  return fromGraph({ createdDateTime: o.time, ...props }, category === "SignInLogs" ? true : category === "NonInteractiveUserSignInLogs" ? false : undefined);
}

/** Any record: picks the shape by its keys. */
export function toSignInRecord(o: unknown, interactiveHint?: boolean): SignInRecord {
  const r = obj(o);
  if (!r) throw new SignInRecordError("not a sign-in object");
  if ("properties" in r && "category" in r) return fromDiagnostic(r);
  if ("createdDateTime" in r) return fromGraph(r, interactiveHint);
  if ("TimeGenerated" in r || "TimeGenerated [UTC]" in r || "UserPrincipalName" in r) return fromLogAnalytics(r, interactiveHint);
  throw new SignInRecordError("not a sign-in record (no createdDateTime, TimeGenerated or properties)");
}

/** The Log Analytics portal's CSV time (`9/19/2023, 1:45:17.287 PM`, UTC) or an ISO date-time. */
export function laTime(v: unknown): string {
  const s = str(v)?.trim() ?? "";
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(\.\d+)? ?(AM|PM)$/i.exec(s);
  if (!m) return isoTime(s);
  let hour = Number(m[4]) % 12;
  if (m[8].toUpperCase() === "PM") hour += 12;
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]), ms)).toISOString();
}

/** Portal CSV headers, matched after trimming, collapsing spaces and lower-casing (they carry stray spaces). */
export const headerKey = (h: string) => h.replace(/\s+/g, " ").trim().toLowerCase();

const CA_STATUS: Record<string, string> = { success: "success", failure: "failure", "not applied": "notApplied" };

/** A row of the Entra portal's CSV download. It has no per-policy results: `policies` stays absent. */
export function fromPortalCsv(row: Readonly<Record<string, string>>, interactiveHint?: boolean): SignInRecord {
  const g = (k: string) => {
    const v = row[k];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const location = g("location");
  const lastPart = location?.split(",").pop()?.trim();
  const ca = g("conditional access")?.toLowerCase();
  return compact({
    time: isoTime(g("date (utc)") ?? g("date")),
    userId: g("user id"), userPrincipalName: g("username") ?? g("user principal name"),
    appId: g("application id"), appDisplayName: g("application"),
    resourceId: g("resource id"), resourceDisplayName: g("resource"),
    clientAppUsed: g("client app"),
    interactive: interactiveHint,
    ipAddress: g("ip address"),
    country: lastPart && /^[A-Za-z]{2}$/.test(lastPart) ? lastPart.toUpperCase() : undefined,
    autonomousSystemNumber: num(g("autonomous system number")),
    operatingSystem: g("operating system"), deviceId: g("device id"), isCompliant: bool(g("compliant")), trustType: g("join type"),
    errorCode: num(g("sign-in error code")), failureReason: g("failure reason"),
    authenticationRequirement: g("authentication requirement"),
    // Risk headers as the portal labels its risk columns (signin-logs.md: the CSV header list is unverified).
    riskLevelDuringSignIn: g("risk level (during sign-in)"), riskLevelAggregated: g("risk level (aggregated)"), riskState: g("risk state"),
    tokenIssuerType: g("token issuer type"),
    conditionalAccessStatus: ca ? CA_STATUS[ca] ?? ca : undefined,
    userAgent: g("user agent"),
    // "City, State, CC": the city is the first of three parts.
    city: location && location.split(",").length >= 3 ? location.split(",")[0].trim() || undefined : undefined,
  });
}

/** A CSV row: the portal download or a Log Analytics export, told apart by their headers. */
export function csvRowToSignIn(row: Readonly<Record<string, string>>, interactiveHint?: boolean): SignInRecord {
  if ("TimeGenerated [UTC]" in row || "TimeGenerated" in row) {
    const time = laTime(row["TimeGenerated [UTC]"] ?? row.TimeGenerated);
    return { ...fromLogAnalytics({ ...row, TimeGenerated: time }, interactiveHint), time };
  }
  const keyed: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) keyed[headerKey(k)] ??= v; // a repeated header keeps its first value
  return fromPortalCsv(keyed, interactiveHint);
}
