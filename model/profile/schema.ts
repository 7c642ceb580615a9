/**
 * The typed tenant profile behind `guardrails:*` stack config keys. Field-level rules live
 * in the zod schemas; cross-references (names that must exist in the directory) in
 * `crossChecks`, so every error carries the key path of the offending value.
 */
import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { CATALOG_KEYS, deployedCatalog } from "../catalog";
import { cidrProblem, isCalendarDate } from "../inputFormats";
import { isGuid, REFERENCE_FIELDS, REFERENCE_NAMESPACE, type ReferenceField } from "../references";
import { STAGES } from "../rollout";
import { ISO_COUNTRIES } from "./countries";
import { alertSpecs } from "../alerts/build";
import { alertLimitProblems } from "../alerts/limits";
import { alertPlacementProblems } from "../alerts/placement";
import { effectiveRoutes, routeIssues } from "../logs/routes";
import { incidentConfigSchema } from "../incident/profile";
import { alertsSchema, logsSchema } from "./monitoringSchema";
import { hasOwn } from "../own";
import { identityIssues, NIL_GUID } from "./identityChecks";
import { customPolicySchema } from "./policySchema";
import { evidenceRecordSchema } from "../signins/promotion";

const guid = z.string()
  .refine(isGuid, { message: "must be a bare object id (GUID)" })
  .refine((s) => s !== NIL_GUID, { message: "is the all-zero GUID, a placeholder, not an object id" });

const isoDate = z.string().refine(isCalendarDate, {
  message: "must be an ISO date that exists (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)",
});

/** IPv4 or IPv6 CIDR with a prefix of /8 or longer (azuread validator `PrefixLengthAtLeast(8)`, entra-facts C.4). */
const cidr = z.string().superRefine((s, ctx) => {
  const problem = cidrProblem(s);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return;
  }
  const [, prefix] = ipaddr.parseCIDR(s);
  if (prefix < 8) ctx.addIssue({ code: "custom", message: `'${s}' is wider than /8; Entra named locations accept /8 or longer` });
});

const country = z.string().refine((s) => ISO_COUNTRIES.has(s), { message: "must be an ISO 3166-1 alpha-2 country code in capitals (e.g. GB, not UK)" });

const nameMap = z.record(z.string().min(1), guid);
const riskLevel = z.enum(["low", "medium", "high"]);
const stage = z.enum(STAGES);

export const tenantSchema = z.strictObject({
  name: z.string().min(1),
  production: z.boolean().default(false),
  tenantId: guid.optional(),
  /** Member users in the directory: the default for `guardrails cost --users` and the canary share cap. */
  userCount: z.number().int().positive().optional(),
});

export const directorySchema = z.strictObject({
  groups: nameMap.default({}),
  users: nameMap.default({}),
  roles: nameMap.default({}),
  applications: nameMap.default({}),
  /** Group name → member count: the canary blast-radius cap compares the canary group with `tenant.userCount`. */
  memberCounts: z.record(z.string().min(1), z.number().int().nonnegative()).default({}),
});

const breakGlassAccount = z.strictObject({
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: "must be a user principal name (name@domain)" }),
  objectId: guid.optional(),
  displayName: z.string().min(1).optional(),
});

export const breakGlassSchema = z.strictObject({
  /** Microsoft's emergency-access guidance: at least two accounts. */
  accounts: z.array(breakGlassAccount).min(2, { message: "at least two emergency-access accounts are required (Microsoft's emergency-access guidance)" }),
  /** Group name in `guardrails:directory.groups` (or the name of the group to create). */
  exclusionGroup: z.string().min(1),
  /** Create the accounts and the group instead of referencing existing ones (initial password: secret `guardrails:breakGlassPassword`). */
  create: z.boolean().default(false),
});

const countryList = z.strictObject({
  name: z.string().min(1).default("Allowed countries"),
  countries: z.array(country).min(1),
  includeUnknown: z.boolean().default(false),
});

export const namedLocationsSchema = z.strictObject({
  trusted: z.array(z.strictObject({ name: z.string().min(1), ipRanges: z.array(cidr).min(1) })).default([]),
  /** IP locations that are not trusted (a partner's egress, a hosting range a policy blocks). */
  untrusted: z.array(z.strictObject({ name: z.string().min(1), ipRanges: z.array(cidr).min(1) })).default([]),
  /** The countries the catalog's country block allows; required when that policy is deployed. */
  allowedCountries: countryList.optional(),
  /** Further country locations custom policies may name. */
  countries: z.array(countryList.required({ name: true })).default([]),
});

/** Every named location a stack declares, by name. */
export function namedLocationNames(n: z.output<typeof namedLocationsSchema>): string[] {
  return [...n.trusted.map((t) => t.name), ...n.untrusted.map((t) => t.name), ...(n.allowedCountries ? [n.allowedCountries.name] : []), ...n.countries.map((c) => c.name)];
}

const rolloutPolicy = z.strictObject({
  stage,
  /** The date each stage began; the current stage's date is required. */
  since: z.strictObject(Object.fromEntries(STAGES.map((s) => [s, isoDate.optional()])) as Record<(typeof STAGES)[number], z.ZodOptional<typeof isoDate>>).default({}),
  /** Overrides the stack's risk threshold for a risk-based policy: the levels that trigger it. */
  riskLevels: z.array(riskLevel).min(1).optional(),
  /**
   * The date the policy was adopted from a live tenant (`guardrails import`): its stage and dates up to
   * then are the tenant's history, and the pack judges only promotions made after it.
   */
  adopted: isoDate.optional(),
  /** Sign-in evidence for the next promotion, written by `guardrails evidence --record` (judged by `promotion-evidence`). */
  evidence: evidenceRecordSchema.optional(),
});

export const rolloutSchema = z.strictObject({
  canaryGroup: z.string().min(1),
  /**
   * Which catalog policies the stack deploys: `all` (default; one without a rollout entry is deployed
   * `off`, i.e. disabled) or `listed` (only those with a rollout entry: an adopted tenant gets exactly
   * its own policies). `off` always means "deployed, disabled"; not deployed means not listed.
   */
  catalog: z.enum(["all", "listed"]).default("all"),
  policies: z.record(z.string(), rolloutPolicy).default({}),
});

/**
 * What `guardrails triage` knows of the tenant's own networks: VPN and egress ranges that are not
 * Conditional Access named locations, and hosting providers' ASNs beyond the built-in list.
 */
export const triageSchema = z.strictObject({
  knownNetworks: z.array(z.strictObject({
    name: z.string().min(1),
    kind: z.enum(["vpn", "egress", "partner"]),
    ipRanges: z.array(z.string().superRefine((s, ctx) => { const p = cidrProblem(s); if (p) ctx.addIssue({ code: "custom", message: p }); })).min(1),
  })).default([]),
  hostingAsns: z.record(z.string().regex(/^\d+$/, { message: "ASN keys are numbers (e.g. '64512')" }), z.string().min(1)).default({}),
});

export const riskSchema = z.strictObject({
  /** Lowest user-risk level that triggers the user-risk policy. */
  userRisk: riskLevel.default("high"),
  /** Lowest sign-in-risk level that triggers the sign-in-risk policy. */
  signInRisk: riskLevel.default("medium"),
});

/** Keys that hold secrets: never validated or printed, only checked to be present and encrypted. */
export const SECRET_KEYS = ["breakGlassPassword", "sev0WebhookUrl", "sev1WebhookUrl", "sev2WebhookUrl"] as const;

/** One schema per `guardrails:<key>`; the loader reports unknown keys. */
export const CONFIG_KEYS = {
  tenant: tenantSchema,
  directory: directorySchema,
  breakGlass: breakGlassSchema,
  namedLocations: namedLocationsSchema,
  rollout: rolloutSchema,
  risk: riskSchema.default({ userRisk: "high", signInRisk: "medium" }),
  adminRoles: z.array(z.string().min(1)).min(1),
  protect: z.boolean().optional(),
  /** Team-owned policies in Graph vocabulary; references by directory or named-location name, GUID or keyword. */
  logs: logsSchema,
  alerts: alertsSchema,
  /** An applied incident relaxation (written by `guardrails incident apply`, removed by `revert`). */
  incident: incidentConfigSchema.optional(),
  triage: triageSchema.default({ knownNetworks: [], hostingAsns: {} }),
  customPolicies: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { message: "policy keys are letters and digits (they become Pulumi resource names)" }), customPolicySchema).default({}),
} as const;

export const profileSchema = z.strictObject(CONFIG_KEYS);
export type ProfileConfig = z.output<typeof profileSchema>;

export interface CrossCheckIssue {
  path: (string | number)[];
  message: string;
}

/** Names used in the config must exist where they point. Returns every broken reference. */
export function crossChecks(p: ProfileConfig, secretKeys: ReadonlySet<string>): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const groups = p.directory.groups;
  const need = (map: Record<string, string>, name: string, path: (string | number)[], where: string) => {
    if (!hasOwn(map, name)) issues.push({ path, message: `unknown ${where} '${name}' (not in guardrails:directory.${where === "role" ? "roles" : "groups"})` });
  };
  if (!p.breakGlass.create) {
    need(groups, p.breakGlass.exclusionGroup, ["breakGlass", "exclusionGroup"], "group");
    p.breakGlass.accounts.forEach((a, i) => {
      if (!a.objectId) issues.push({ path: ["breakGlass", "accounts", i, "objectId"], message: "is required unless breakGlass.create is true" });
    });
  } else {
    if (!secretKeys.has("breakGlassPassword")) issues.push({ path: ["breakGlass", "create"], message: "needs the secret guardrails:breakGlassPassword (pulumi config set --secret guardrails:breakGlassPassword)" });
    p.breakGlass.accounts.forEach((a, i) => {
      if (a.objectId) issues.push({ path: ["breakGlass", "accounts", i, "objectId"], message: "must be omitted when breakGlass.create is true (the id is assigned on creation)" });
    });
  }
  issues.push(...identityIssues(p));
  need(groups, p.rollout.canaryGroup, ["rollout", "canaryGroup"], "group");
  for (const name of Object.keys(p.directory.memberCounts)) need(groups, name, ["directory", "memberCounts", name], "group");
  if (p.rollout.canaryGroup === p.breakGlass.exclusionGroup) {
    issues.push({ path: ["rollout", "canaryGroup"], message: "must not be the break-glass exclusion group" });
  }
  p.adminRoles.forEach((r, i) => need(p.directory.roles, r, ["adminRoles", i], "role"));
  const customKeys = Object.keys(p.customPolicies);
  for (const key of customKeys) {
    if (CATALOG_KEYS.includes(key)) issues.push({ path: ["customPolicies", key], message: "has the key of a catalog policy; choose another key" });
  }
  issues.push(...customPolicyReferenceIssues(p));
  for (const [key, entry] of Object.entries(p.rollout.policies)) {
    if (!CATALOG_KEYS.includes(key) && !customKeys.includes(key)) {
      issues.push({ path: ["rollout", "policies", key], message: `is not a catalog or custom policy (catalog: ${CATALOG_KEYS.join(", ")})` });
      continue;
    }
    if (entry.stage !== "off" && !entry.since[entry.stage]) {
      issues.push({ path: ["rollout", "policies", key, "since", entry.stage], message: `is required: the date stage '${entry.stage}' began` });
    }
  }
  issues.push(...routeIssues(p.logs));
  for (const tier of ["sev0", "sev1", "sev2"] as const) {
    if (p.alerts.receivers[tier].webhook && !secretKeys.has(`${tier}WebhookUrl`)) {
      issues.push({ path: ["alerts", "receivers", tier, "webhook"], message: `needs the secret guardrails:${tier}WebhookUrl (pulumi config set --secret guardrails:${tier}WebhookUrl <url>)` });
    }
  }
  if (issues.length === 0) {
    const routes = effectiveRoutes(p.logs);
    for (const spec of alertSpecs(p)) {
      const problems = [...alertLimitProblems(spec), ...alertPlacementProblems(spec, routes)];
      if (problems.length > 0) issues.push({ path: ["alerts", "rules", spec.rule], message: `rule '${spec.name}': ${problems.join("; ")}` });
    }
  }
  const names = new Set<string>();
  const n = p.namedLocations;
  const locations: [string, (string | number)[]][] = [
    ...n.trusted.map((t, i): [string, (string | number)[]] => [t.name, ["namedLocations", "trusted", i, "name"]]),
    ...n.untrusted.map((t, i): [string, (string | number)[]] => [t.name, ["namedLocations", "untrusted", i, "name"]]),
    ...(n.allowedCountries ? [[n.allowedCountries.name, ["namedLocations", "allowedCountries", "name"]] as [string, (string | number)[]]] : []),
    ...n.countries.map((c, i): [string, (string | number)[]] => [c.name, ["namedLocations", "countries", i, "name"]]),
  ];
  if (!n.allowedCountries && deployedCatalog(p.rollout).some((c) => c.key === "blockDisallowedCountries")) {
    issues.push({ path: ["namedLocations", "allowedCountries"], message: "is required while the catalog policy blockDisallowedCountries is deployed (or set guardrails:rollout.catalog: listed and leave it out)" });
  }
  for (const [name, path] of locations) {
    if (names.has(name)) issues.push({ path, message: `duplicate named location '${name}'` });
    names.add(name);
  }
  return issues;
}


/** Every name in a custom policy must be a GUID, a keyword of its field, or a name the stack defines. */
function customPolicyReferenceIssues(p: ProfileConfig): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  const locationNames = new Set(namedLocationNames(p.namedLocations));
  for (const [key, policy] of Object.entries(p.customPolicies)) {
    for (const field of Object.keys(REFERENCE_FIELDS) as ReferenceField[]) {
      const [, section, list] = field.split(".");
      const values = ((policy.conditions as unknown as Record<string, Record<string, unknown> | undefined>)[section]?.[list] ?? []) as string[];
      const where = REFERENCE_NAMESPACE[field];
      const keywords: readonly string[] = REFERENCE_FIELDS[field];
      values.forEach((v, i) => {
        if (isGuid(v) || keywords.includes(v)) return;
        const known = where === "locations" ? locationNames.has(v) : where ? hasOwn(p.directory[where], v) : false;
        if (!known) {
          const hint = where === "locations" ? "not a named location of guardrails:namedLocations" : where ? `not in guardrails:directory.${where}` : "not a GUID";
          issues.push({ path: ["customPolicies", key, ...field.split("."), i], message: `unknown name '${v}' (${hint}${keywords.length ? ` or one of ${keywords.join(", ")}` : ""})` });
        }
      });
    }
  }
  return issues;
}
