/**
 * The shape of a Conditional Access policy as exports carry it, validated before anything reads
 * it: lists are lists of strings (a string where Graph has a list, `null` or a number inside one,
 * is refused with its key path), enum values are Graph's (a typo would read as "policy not
 * applied", i.e. allowed), device filters parse, and the flags that Graph keeps as one
 * comma-separated string (`guestOrExternalUserTypes`, `transferMethods`, `insiderRiskLevels`) are
 * accepted in both the string and the array form exports use. Fields the kit does not model pass
 * through untouched (beta fields, `templateId`).
 *
 * Graph's evolvable enums carry `unknownFutureValue` for "a value newer than this API version";
 * it is accepted with a warning, because Graph itself returns it. Enum values: Graph v1.0
 * conditionalAccess* resources (entra-facts §C.1).
 */
import { z } from "zod";
import { ISO_COUNTRIES } from "../profile/countries";
import { checkReference, REFERENCE_FIELDS, USER_ACTIONS, valueAt, type ReferenceField } from "../references";
import { DeviceFilterError, parseDeviceFilter } from "./deviceFilter";

const UNKNOWN_FUTURE = "unknownFutureValue";

const stringList = z.array(z.string());

/** One of `values`, matched case-insensitively and written in Graph's casing (`ios` → `iOS`, `or` → `OR`). */
const graphEnum = (values: readonly string[], message?: string) => {
  const canonical = new Map(values.map((v) => [v.toLowerCase(), v]));
  return z.preprocess((v) => (typeof v === "string" ? canonical.get(v.toLowerCase()) ?? v : v), z.enum(values as [string, ...string[]], message ? { message } : undefined));
};
const enumList = (values: readonly string[]) => z.array(graphEnum([UNKNOWN_FUTURE, ...values]));

/** A flags value: `"a,b"` (Graph) or `["a","b"]` (several exporters), normalised to Graph's string. */
const flags = (values: readonly string[]) => z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const items = (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (![...values, UNKNOWN_FUTURE].includes(item)) ctx.addIssue({ code: "custom", message: `'${item}' is not one of ${values.join(", ")}` });
  }
  return items.join(",");
});

const filter = z.looseObject({
  mode: graphEnum(["include", "exclude"]),
  rule: z.string().superRefine((rule, ctx) => {
    try {
      parseDeviceFilter(rule);
    } catch (e) {
      if (e instanceof DeviceFilterError) ctx.addIssue({ code: "custom", message: e.message });
      else throw e;
    }
  }),
});

const GUEST_TYPES = ["none", "internalGuest", "b2bCollaborationGuest", "b2bCollaborationMember", "b2bDirectConnectUser", "otherExternalUser", "serviceProvider"];
const guests = z.looseObject({
  guestOrExternalUserTypes: flags(GUEST_TYPES),
  externalTenants: z.looseObject({ membershipKind: z.enum(["all", "enumerated", UNKNOWN_FUTURE]), members: stringList.nullish() }).nullish(),
}).nullish();

const RISK = ["low", "medium", "high", "hidden", "none"];
const PLATFORMS = ["android", "iOS", "windows", "windowsPhone", "macOS", "linux", "all"];

const conditions = z.looseObject({
  users: z.looseObject({
    includeUsers: stringList.optional(), excludeUsers: stringList.optional(),
    includeGroups: stringList.optional(), excludeGroups: stringList.optional(),
    includeRoles: stringList.optional(), excludeRoles: stringList.optional(),
    includeGuestsOrExternalUsers: guests, excludeGuestsOrExternalUsers: guests,
  }).nullish(),
  applications: z.looseObject({
    includeApplications: stringList.optional(), excludeApplications: stringList.optional(),
    includeUserActions: z.array(z.enum(USER_ACTIONS, { message: `must be one of ${USER_ACTIONS.join(", ")}` })).optional(),
    includeAuthenticationContextClassReferences: stringList.optional(),
    applicationFilter: filter.nullish(),
  }).nullish(),
  clientApplications: z.looseObject({ includeServicePrincipals: stringList.optional(), excludeServicePrincipals: stringList.optional(), servicePrincipalFilter: filter.nullish() }).nullish(),
  clientAppTypes: enumList(["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"]).optional(),
  devices: z.looseObject({ deviceFilter: filter.nullish() }).nullish(),
  locations: z.looseObject({ includeLocations: stringList.optional(), excludeLocations: stringList.optional() }).nullish(),
  platforms: z.looseObject({ includePlatforms: enumList(PLATFORMS).optional(), excludePlatforms: enumList(PLATFORMS).optional() }).nullish(),
  signInRiskLevels: enumList(RISK).optional(),
  userRiskLevels: enumList(RISK).optional(),
  servicePrincipalRiskLevels: enumList(["low", "medium", "high", "none"]).optional(),
  insiderRiskLevels: flags(["minor", "moderate", "elevated"]).nullish(),
  authenticationFlows: z.looseObject({ transferMethods: flags(["none", "deviceCodeFlow", "authenticationTransfer"]).optional() }).nullish(),
});

const grant = z.looseObject({
  operator: graphEnum(["AND", "OR"], "must be AND or OR"),
  builtInControls: enumList(["block", "mfa", "compliantDevice", "domainJoinedDevice", "approvedApplication", "compliantApplication", "passwordChange", "riskRemediation"]).optional(),
  customAuthenticationFactors: stringList.optional(),
  termsOfUse: stringList.optional(),
  authenticationStrength: z.looseObject({ id: z.string() }).nullish(),
}).nullish();

export const graphPolicySchema = z.looseObject({
  id: z.string().optional(),
  displayName: z.string({ message: "is required (a string)" }),
  state: graphEnum(["enabled", "disabled", "enabledForReportingButNotEnforced"]),
  conditions,
  grantControls: grant,
  sessionControls: z.looseObject({}).nullish(),
});

export const namedLocationCountries = z.array(z.string().refine((c) => ISO_COUNTRIES.has(c), { message: "is not an ISO 3166-1 alpha-2 country code" }));

/** Placeholders left in templates: `<EmergencyAccessGroup>`, `%GroupId%`, `{{id}}`, `xxxxxxxx-…`, the all-zero GUID. */
const PLACEHOLDER = /^(<[^>]*>|%[^%]*%|\{\{?[^}]*\}?\}|\$\{[^}]*\}|x{8}-x{4}-x{4}-x{4}-x{12}|0{8}-0{4}-0{4}-0{4}-0{12})$/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

export interface ReferenceFinding {
  path: string;
  value: string;
  /** `error`: Graph would refuse it; `placeholder`: a template value left in. */
  kind: "error" | "placeholder";
  message: string;
}

/** Every reference that is neither a GUID nor a keyword of its field: placeholders (warned) and everything else (refused). */
export function referenceFindings(policy: unknown): ReferenceFinding[] {
  const out: ReferenceFinding[] = [];
  for (const field of Object.keys(REFERENCE_FIELDS) as ReferenceField[]) {
    const values = valueAt(policy, field);
    if (!Array.isArray(values)) continue;
    values.forEach((v: string, i) => {
      const message = checkReference(field, v);
      if (!message) return;
      out.push(isPlaceholder(v)
        ? { path: `${field}[${i}]`, value: v, kind: "placeholder", message: `'${v}' is a placeholder, not an object id; it matches nothing` }
        : { path: `${field}[${i}]`, value: v, kind: "error", message });
    });
  }
  return out;
}

/** `unknownFutureValue` anywhere in the policy: Graph's marker for a value newer than the API version. */
export function unknownFutureValues(policy: unknown, path = ""): string[] {
  if (policy === UNKNOWN_FUTURE) return [path];
  if (Array.isArray(policy)) return policy.flatMap((v, i) => unknownFutureValues(v, `${path}[${i}]`));
  if (policy && typeof policy === "object") return Object.entries(policy).flatMap(([k, v]) => unknownFutureValues(v, path ? `${path}.${k}` : k));
  if (typeof policy === "string" && policy.split(",").includes(UNKNOWN_FUTURE)) return [path];
  return [];
}

/**
 * Ids a policy names that the given directory or named locations do not know: evaluated as
 * matching nobody, which can change an outcome silently (a missing exclusion group excludes no one).
 */
export function unresolvedReferences(
  policies: readonly { displayName: string; conditions: unknown }[],
  known: { users?: ReadonlySet<string>; groups?: ReadonlySet<string>; locations?: ReadonlySet<string> },
): string[] {
  const fields: [string, ReadonlySet<string> | undefined, string][] = [
    ["users.includeUsers", known.users, "user"], ["users.excludeUsers", known.users, "user"],
    ["users.includeGroups", known.groups, "group"], ["users.excludeGroups", known.groups, "group"],
    ["locations.includeLocations", known.locations, "named location"], ["locations.excludeLocations", known.locations, "named location"],
  ];
  const missing = new Map<string, Set<string>>();
  for (const p of policies) {
    for (const [field, set, what] of fields) {
      if (!set) continue;
      const values = valueAt(p.conditions, field);
      if (!Array.isArray(values)) continue;
      for (const v of values as string[]) {
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) && !set.has(v.toLowerCase()) && !isPlaceholder(v)) {
          const key = `${what} ${v}`;
          missing.set(key, (missing.get(key) ?? new Set()).add(`'${p.displayName}' (${field.split(".")[1]})`));
        }
      }
    }
  }
  return [...missing].map(([key, where]) => `${key} is not in the ${key.startsWith("named location") ? "--locations" : "--directory"} input, so it matches nobody; named by ${[...where].join(", ")}`);
}
