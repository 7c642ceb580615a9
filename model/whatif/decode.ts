/**
 * Reading what-if inputs in public formats: Graph JSON as the portal, Graph Explorer and PowerShell
 * export it (UTF-8, UTF-8 with BOM or UTF-16LE with BOM; `@odata` annotations ignored; PascalCase
 * keys of the Graph PowerShell SDK accepted), and the Graph `conditionalAccess/evaluate` body.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import type { GraphCaPolicy } from "../graph";
import { hostileShape } from "../own";
import { graphPolicySchema, namedLocationCountries, referenceFindings, unknownFutureValues } from "./graphSchema";
import { ISO_COUNTRIES } from "../profile/countries";
import type { DeviceInfo, Directory, NamedLocation, RiskLevel, SignIn } from "./types";

export class InputError extends Error {}

/** Bytes → JSON value, honouring a UTF-8 or UTF-16 byte-order mark. */
export function decodeJson(bytes: Uint8Array, source: string): unknown {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = new TextDecoder("utf-8").decode(bytes.subarray(3));
  else text = new TextDecoder("utf-8").decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const offset = jsonErrorOffset(text, message);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    const what = message.replace(/ in JSON at position \d+.*$/, "").replace(/^(Unexpected token '.+?'), .*$/s, "$1");
    throw new InputError(`${source}:${line}:${column}: not valid JSON (${what})`);
  }
}

/**
 * Where JSON.parse failed. V8 names a position for most errors but not for an unexpected token or
 * the end of input; then the longest prefix that is merely incomplete marks it (binary search:
 * a prefix that stops before the error fails only at its own end).
 */
function jsonErrorOffset(text: string, message: string): number {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const failsAtEnd = (k: number) => {
    try {
      JSON.parse(text.slice(0, k));
      return true;
    } catch (e) {
      const m = (e as Error).message;
      const pos = /position (\d+)/.exec(m);
      return /end of JSON input/.test(m) || (pos !== null && Number(pos[1]) >= k);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (failsAtEnd(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Drops `@odata` annotations and other `#…` metadata keys, and lower-cases PascalCase keys. */
export function normalizeGraphJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeGraphJson);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith("@") || k.startsWith("#") || k.includes("@odata") || k === "__proto__") continue;
    const key = /^[A-Z]/.test(k) ? k[0].toLowerCase() + k.slice(1) : k;
    out[key] = normalizeGraphJson(val);
  }
  return out;
}

/** A bare object, an array, Graph's `{ "value": [...] }`, or ScubaGear's `{ "conditional_access_policies": [...] }`. */
const LIST_KEYS = ["value", "conditional_access_policies"];
const listOf = (json: unknown): unknown[] => {
  if (Array.isArray(json)) return json;
  if (json && typeof json === "object") {
    for (const k of LIST_KEYS) {
      const v = (json as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v;
    }
  }
  return [json];
};

const issueText = (i: z.core.$ZodIssue) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`;

function refuseHostile(json: unknown, source: string): void {
  const hostile = hostileShape(json);
  if (hostile) throw new InputError(`${source}: ${hostile.path.join(".")}: ${hostile.problem}`);
}

/**
 * Graph policies from an export, validated (graphSchema.ts). Problems Graph would refuse throw
 * with the file and key path; placeholders and `unknownFutureValue` go to `warnings`.
 */
export function policiesFromJson(json: unknown, source: string, warnings: string[] = []): GraphCaPolicy[] {
  refuseHostile(json, source);
  const items = listOf(normalizeGraphJson(json));
  const indexed = items.length > 1 || Array.isArray(json) || (json !== null && typeof json === "object" && !("displayName" in (json as object)) && !("DisplayName" in (json as object)));
  return items.map((p, i) => {
    const where = indexed ? `${source}[${i}]` : source;
    if (!p || typeof p !== "object" || Array.isArray(p)) throw new InputError(`${where}: not a Conditional Access policy object`);
    const r = graphPolicySchema.safeParse(p);
    if (!r.success) throw new InputError(`${where}: ${issueText(r.error.issues[0])}${r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more problem${r.error.issues.length > 2 ? "s" : ""})` : ""}`);
    const findings = referenceFindings(r.data);
    const refused = findings.find((f) => f.kind === "error");
    if (refused) throw new InputError(`${where}: ${refused.path}: ${refused.message}`);
    for (const f of findings) warnings.push(`${where}: ${f.path}: ${f.message}`);
    for (const at of unknownFutureValues(r.data)) warnings.push(`${where}: ${at}: unknownFutureValue (a value newer than Graph v1.0) is evaluated as matching nothing`);
    return r.data as unknown as GraphCaPolicy;
  });
}

const ipRange = z.looseObject({ cidrAddress: z.string().refine((c) => ipaddr.isValidCIDR(c), { message: "is not a CIDR range" }) });
const locationSchema = z.looseObject({
  id: z.string().optional(),
  displayName: z.string().optional(),
  isTrusted: z.boolean().nullish(),
  ipRanges: z.array(ipRange).nullish(),
  countriesAndRegions: namedLocationCountries.nullish(),
  includeUnknownCountriesAndRegions: z.boolean().nullish(),
});

/**
 * Graph ipNamedLocation / countryNamedLocation objects; other kinds (compliant network) never match
 * offline. A location without `id` (a template, or an export made for re-import) is keyed by its
 * display name, so policies that name it resolve.
 */
export function locationsFromJson(json: unknown, source: string): NamedLocation[] {
  refuseHostile(json, source);
  const items = listOf(json);
  return items.map((raw, i) => {
    const where = items.length > 1 || Array.isArray(json) ? `${source}[${i}]` : source;
    const type = String((raw as Record<string, unknown>)?.["@odata.type"] ?? "");
    const r = locationSchema.safeParse(normalizeGraphJson(raw));
    if (!r.success) throw new InputError(`${where}: ${issueText(r.error.issues[0])}`);
    const o = r.data;
    const key = o.id ?? o.displayName;
    if (!key) throw new InputError(`${where}: id: missing (and no displayName to key it by)`);
    const ranges = (o.ipRanges ?? []).map((x) => x.cidrAddress);
    const kind = type.endsWith("ipNamedLocation") || o.ipRanges ? "ip" : type.endsWith("countryNamedLocation") || o.countriesAndRegions ? "country" : "other";
    return {
      id: key,
      displayName: o.displayName ?? key,
      kind,
      isTrusted: o.isTrusted === true,
      ipRanges: ranges,
      countries: o.countriesAndRegions ?? [],
      includeUnknownCountriesAndRegions: o.includeUnknownCountriesAndRegions === true,
    };
  });
}

const directorySchema = z.strictObject({
  users: z.array(z.strictObject({
    id: z.string().min(1),
    userPrincipalName: z.string().min(1),
    userType: z.enum(["Member", "Guest"]).default("Member"),
    guestOrExternalUserTypes: z.array(z.string()).optional(),
    externalTenantId: z.string().optional(),
    memberOf: z.array(z.string()).default([]),
    roles: z.array(z.string()).default([]),
  })),
  groups: z.array(z.strictObject({ id: z.string().min(1), displayName: z.string() })).default([]),
});

export function directoryFromJson(json: unknown, source: string): Directory {
  const r = directorySchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InputError(`${source}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return r.data;
}

const USER_ACTIONS: Record<string, string> = {
  registerSecurityInformation: "urn:user:registersecurityinfo",
  registerOrJoinDevices: "urn:user:registerdevice",
};

const RISK_LEVEL = z.enum(["none", "low", "medium", "high", "hidden"]);
const text = z.string().min(1);
/** Graph `conditionalAccessWhatIfConditions` / `whatIfApplicationContext` (v1.0 evaluate API). */
const requestSchema = z.looseObject({
  signInIdentity: z.looseObject({ userId: text.optional(), servicePrincipalId: text.optional() }).optional(),
  signInContext: z.looseObject({
    includeApplications: z.array(text).optional(),
    userAction: z.enum(Object.keys(USER_ACTIONS) as [string, ...string[]], { message: `must be one of ${Object.keys(USER_ACTIONS).join(", ")}` }).optional(),
    authenticationContextValue: text.optional(),
  }).optional(),
  signInConditions: z.looseObject({
    clientAppType: z.enum(["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"]).optional(),
    devicePlatform: z.enum(["android", "iOS", "windows", "windowsPhone", "macOS", "linux", "all"]).optional(),
    ipAddress: z.string().refine((ip) => ipaddr.isValid(ip), { message: "is not an IP address" }).optional(),
    country: z.string().refine((c) => ISO_COUNTRIES.has(c.toUpperCase()), { message: "is not an ISO 3166-1 alpha-2 country code" }).optional(),
    signInRiskLevel: RISK_LEVEL.nullish(),
    userRiskLevel: RISK_LEVEL.nullish(),
    servicePrincipalRiskLevel: RISK_LEVEL.nullish(),
    insiderRiskLevel: z.enum(["minor", "moderate", "elevated"]).nullish(),
    deviceInfo: z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())]).nullable()).optional(),
    authenticationFlow: z.looseObject({ transferMethod: z.enum(["none", "deviceCodeFlow", "authenticationTransfer"]) }).optional(),
  }).optional(),
});

/** A Graph `conditionalAccess/evaluate` request body, with the user resolved in the directory. */
export function signInFromRequest(json: unknown, directory: Directory, source: string): SignIn {
  refuseHostile(json, source);
  const parsed = requestSchema.safeParse(normalizeGraphJson(json));
  if (!parsed.success) throw new InputError(`${source}: ${issueText(parsed.error.issues[0])}`);
  const body = parsed.data;
  const identity = body.signInIdentity ?? {};
  const context = body.signInContext ?? {};
  const c = body.signInConditions ?? {};
  const s: SignIn = {};
  if (identity.servicePrincipalId) s.servicePrincipalId = identity.servicePrincipalId;
  else if (identity.userId) {
    const id = identity.userId.toLowerCase();
    s.user = directory.users.find((u) => u.id.toLowerCase() === id || u.userPrincipalName.toLowerCase() === id);
    if (!s.user) throw new InputError(`${source}: signInIdentity.userId: '${identity.userId}' is not in the directory`);
  } else throw new InputError(`${source}: signInIdentity: needs userId or servicePrincipalId`);
  if (context.includeApplications) s.applications = context.includeApplications;
  else if (context.userAction) s.userAction = USER_ACTIONS[context.userAction];
  else if (context.authenticationContextValue) s.authenticationContext = context.authenticationContextValue;
  else throw new InputError(`${source}: signInContext: needs includeApplications, userAction or authenticationContextValue`);
  if (c.clientAppType) s.clientAppType = c.clientAppType;
  if (c.devicePlatform) s.devicePlatform = c.devicePlatform;
  if (c.ipAddress) s.ipAddress = c.ipAddress;
  if (c.country) s.country = c.country.toUpperCase();
  if (c.signInRiskLevel) s.signInRiskLevel = c.signInRiskLevel as RiskLevel;
  if (c.userRiskLevel) s.userRiskLevel = c.userRiskLevel as RiskLevel;
  if (c.servicePrincipalRiskLevel) s.servicePrincipalRiskLevel = c.servicePrincipalRiskLevel as RiskLevel;
  if (c.insiderRiskLevel) s.insiderRiskLevel = c.insiderRiskLevel;
  if (c.deviceInfo) s.deviceInfo = deviceAttributes(c.deviceInfo);
  if (c.authenticationFlow?.transferMethod) s.authenticationFlow = c.authenticationFlow.transferMethod;
  return s;
}

/**
 * Graph's `deviceInfo` names → the device-filter rule's attribute names (Microsoft's "Filter for
 * devices" attribute table): `ownership` is `device.deviceOwnership` in rules; the rest share names.
 */
const DEVICE_INFO_TO_RULE: Record<string, string> = { ownership: "deviceOwnership" };

function deviceAttributes(info: Record<string, string | boolean | string[] | null>): DeviceInfo {
  const out: DeviceInfo = {};
  for (const [k, v] of Object.entries(info)) {
    if (v === null) continue;
    out[Object.hasOwn(DEVICE_INFO_TO_RULE, k) ? DEVICE_INFO_TO_RULE[k] : k] = v;
  }
  return out;
}
