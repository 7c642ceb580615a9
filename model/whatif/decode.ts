/**
 * Reading what-if inputs in public formats: Graph JSON as the portal, Graph Explorer and PowerShell
 * export it (UTF-8, UTF-8 with BOM or UTF-16LE with BOM; `@odata` annotations ignored; PascalCase
 * keys of the Graph PowerShell SDK accepted), and the Graph `conditionalAccess/evaluate` body.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import type { GraphCaPolicy } from "../graph";
import { POLICY_STATES } from "../graph";
import type { Directory, NamedLocation, RiskLevel, SignIn } from "./types";

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
    throw new InputError(`${source}: not valid JSON (${(e as Error).message})`);
  }
}

/** Drops `@odata` annotations and other `#…` metadata keys, and lower-cases PascalCase keys. */
export function normalizeGraphJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeGraphJson);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith("@") || k.startsWith("#") || k.includes("@odata")) continue;
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

export function policiesFromJson(json: unknown, source: string): GraphCaPolicy[] {
  return listOf(normalizeGraphJson(json)).map((p, i) => {
    const where = listOf(json).length > 1 || Array.isArray(json) ? `${source}[${i}]` : source;
    if (!p || typeof p !== "object") throw new InputError(`${where}: not a Conditional Access policy object`);
    const o = p as Record<string, unknown>;
    if (typeof o.displayName !== "string") throw new InputError(`${where}: displayName: missing`);
    if (!POLICY_STATES.includes(o.state as GraphCaPolicy["state"])) throw new InputError(`${where}: state: '${String(o.state)}' is not one of ${POLICY_STATES.join(", ")}`);
    if (!o.conditions || typeof o.conditions !== "object") throw new InputError(`${where}: conditions: missing`);
    return o as unknown as GraphCaPolicy;
  });
}

/** Graph ipNamedLocation / countryNamedLocation objects; other kinds (compliant network) never match offline. */
export function locationsFromJson(json: unknown, source: string): NamedLocation[] {
  return listOf(json).map((raw, i) => {
    const type = String((raw as Record<string, unknown>)?.["@odata.type"] ?? "");
    const o = normalizeGraphJson(raw) as Record<string, unknown>;
    if (typeof o.id !== "string") throw new InputError(`${source}[${i}]: id: missing`);
    const ranges = ((o.ipRanges ?? []) as { cidrAddress?: string }[]).map((r) => String(r.cidrAddress));
    for (const r of ranges) if (!ipaddr.isValidCIDR(r)) throw new InputError(`${source}[${i}]: ipRanges: '${r}' is not a CIDR range`);
    const kind = type.endsWith("ipNamedLocation") || o.ipRanges ? "ip" : type.endsWith("countryNamedLocation") || o.countriesAndRegions ? "country" : "other";
    return {
      id: o.id,
      displayName: String(o.displayName ?? o.id),
      kind,
      isTrusted: o.isTrusted === true,
      ipRanges: ranges,
      countries: ((o.countriesAndRegions ?? []) as string[]).map(String),
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

const risk = (v: unknown) => (v === undefined || v === null ? undefined : (String(v) as RiskLevel));

/** A Graph `conditionalAccess/evaluate` request body, with the user resolved in the directory. */
export function signInFromRequest(json: unknown, directory: Directory, source: string): SignIn {
  const body = normalizeGraphJson(json) as Record<string, any>;
  const identity = body.signInIdentity ?? {};
  const context = body.signInContext ?? {};
  const c = body.signInConditions ?? {};
  const s: SignIn = {};
  if (identity.servicePrincipalId) s.servicePrincipalId = String(identity.servicePrincipalId);
  else if (identity.userId) {
    const id = String(identity.userId).toLowerCase();
    s.user = directory.users.find((u) => u.id.toLowerCase() === id || u.userPrincipalName.toLowerCase() === id);
    if (!s.user) throw new InputError(`${source}: signInIdentity.userId: '${identity.userId}' is not in the directory`);
  } else throw new InputError(`${source}: signInIdentity: needs userId or servicePrincipalId`);
  if (context.includeApplications) s.applications = (context.includeApplications as unknown[]).map(String);
  else if (context.userAction) {
    s.userAction = USER_ACTIONS[String(context.userAction)] ?? String(context.userAction);
  } else if (context.authenticationContextValue) s.authenticationContext = String(context.authenticationContextValue);
  else throw new InputError(`${source}: signInContext: needs includeApplications, userAction or authenticationContextValue`);
  if (c.clientAppType) s.clientAppType = String(c.clientAppType);
  if (c.devicePlatform) s.devicePlatform = String(c.devicePlatform);
  if (c.ipAddress) {
    if (!ipaddr.isValid(String(c.ipAddress))) throw new InputError(`${source}: signInConditions.ipAddress: '${c.ipAddress}' is not an IP address`);
    s.ipAddress = String(c.ipAddress);
  }
  if (c.country) s.country = String(c.country).toUpperCase();
  s.signInRiskLevel = risk(c.signInRiskLevel);
  s.userRiskLevel = risk(c.userRiskLevel);
  s.servicePrincipalRiskLevel = risk(c.servicePrincipalRiskLevel);
  if (c.insiderRiskLevel) s.insiderRiskLevel = String(c.insiderRiskLevel);
  if (c.deviceInfo) s.deviceInfo = c.deviceInfo;
  if (c.authenticationFlow?.transferMethod) s.authenticationFlow = String(c.authenticationFlow.transferMethod);
  for (const k of Object.keys(s) as (keyof SignIn)[]) if (s[k] === undefined) delete s[k];
  return s;
}
