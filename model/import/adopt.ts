/**
 * Adopting a live tenant: Graph policies and named locations → the `guardrails:*` config of a stack
 * that declares exactly them. Pure: plain data in (validated exports, an optional directory, a
 * placeholder map, the base stack's config), plain data out (the config and a report).
 *
 * Each policy becomes a catalog policy when it is semantically a catalog definition (same users,
 * applications, conditions, grant and session), else a custom policy in Graph vocabulary, with ids
 * named where the directory can. Nothing is dropped silently: what `@pulumi/azuread` 6.9.1 cannot
 * express is refused by policy and field name.
 */
import { clonePlain } from "../clone";
import { CATALOG } from "../catalog";
import { graphToAzuread, UnsupportedByProviderError } from "../codec";
import { diffValues, normalize } from "../diff/diff";
import type { GraphCaPolicy } from "../graph";
import { customPolicySchema } from "../profile/policySchema";
import { isGuid, REFERENCE_FIELDS, REFERENCE_NAMESPACE, type ReferenceField } from "../references";
import { missingBreakGlassExclusions, type BreakGlassIds } from "../rollout";
import { isPlaceholder } from "../whatif/graphSchema";
import type { Directory, NamedLocation } from "../whatif/types";
import { BUILT_IN_ROLES, KNOWN_APPLICATIONS, NameBook, type DirectoryKind } from "./names";

export interface ImportInput {
  policies: GraphCaPolicy[];
  locations: NamedLocation[];
  directory?: Directory;
  /** `--map`: placeholder or id → a directory name. */
  map: Readonly<Record<string, string>>;
  /** The base stack's `guardrails:*` config (everything that is not Conditional Access), parsed. */
  base?: Record<string, unknown>;
  breakGlass?: BreakGlassIds;
  /** YYYY-MM-DD: the adoption date. */
  today: string;
}

export interface ImportReport {
  catalog: { policy: string; key: string }[];
  nearMisses: { policy: string; key: string; differs: string[] }[];
  custom: { policy: string; key: string }[];
  /** Policies the export has that the stack must not silently lose: refused, by policy and field. */
  unsupported: string[];
  /** Placeholders no `--map` entry resolved. */
  unresolvedPlaceholders: string[];
  /** Policies that lack the declared break-glass exclusions (the kit will add them). */
  missingBreakGlass: string[];
  warnings: string[];
}

export interface ImportResult {
  /** `guardrails:<key>` → value, for the new stack's `config:` map. */
  config: Record<string, unknown>;
  report: ImportReport;
}

const STAGE: Record<string, "enforced" | "reportOnly" | "off"> = { enabled: "enforced", enabledForReportingButNotEnforced: "reportOnly", disabled: "off" };

const camelKey = (displayName: string, taken: Set<string>) => {
  const words = displayName.replace(/[^A-Za-z0-9]+/g, " ").trim().split(/\s+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? (/^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : w[0].toLowerCase() + w.slice(1)) : w[0].toUpperCase() + w.slice(1))).join("") || "policy";
  if (!/^[A-Za-z]/.test(base)) base = `p${base}`;
  base = base.slice(0, 48); // a Pulumi resource name and a config key: short enough to read
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
  taken.add(key);
  return key;
};

const day = (iso: unknown, fallback: string) => (typeof iso === "string" && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : fallback);

/** Graph content without read-only fields, nulls and empty lists: what is compared and declared. */
function content(p: GraphCaPolicy): { conditions: Record<string, unknown>; grantControls?: Record<string, unknown>; sessionControls?: Record<string, unknown> } {
  const strength = p.grantControls?.authenticationStrength;
  const grant = p.grantControls ? { ...p.grantControls, authenticationStrength: strength ? { id: strength.id } : undefined } : undefined;
  const out = normalize({ conditions: p.conditions, grantControls: grant, sessionControls: p.sessionControls }) as Record<string, any> ?? {};
  return { conditions: out.conditions ?? {}, ...(out.grantControls ? { grantControls: out.grantControls } : {}), ...(out.sessionControls ? { sessionControls: out.sessionControls } : {}) };
}

/** Catalog definitions a policy may be: built for the policy's own risk levels and roles. */
function catalogMatch(p: GraphCaPolicy, allowedCountries: string | undefined, breakGlass: BreakGlassIds | undefined): { key: string; differs: string[] }[] {
  const mine = content(p);
  // The break-glass exclusions are the kit's to add; any other exclusion is content a catalog match must keep.
  const bg = new Set([...(breakGlass?.userIds ?? []), ...(breakGlass?.groupIds ?? [])].map((x) => x.toLowerCase()));
  const drop = (xs: unknown) => (Array.isArray(xs) ? xs.filter((x) => !bg.has(String(x).toLowerCase())) : xs);
  const ignoreExclusions = (c: Record<string, any>) => ({ ...c, conditions: { ...c.conditions, users: { ...c.conditions.users, excludeUsers: drop(c.conditions.users?.excludeUsers), excludeGroups: drop(c.conditions.users?.excludeGroups) } } });
  return CATALOG.map((c) => {
    const levels = p.conditions.userRiskLevels ?? p.conditions.signInRiskLevels ?? [];
    const body = c.build({ adminRoles: [...(p.conditions.users?.includeRoles ?? [])], allowedCountriesLocation: allowedCountries ?? "", riskLevels: levels });
    const theirs = content({ displayName: "", state: "enabled", ...body } as GraphCaPolicy);
    const differs = diffValues(normalize(ignoreExclusions(theirs)), normalize(ignoreExclusions(mine))).map((d) => d.path);
    return { key: c.key, differs: [...new Set(differs)] };
  });
}

export function adoptTenant(input: ImportInput): ImportResult {
  const base = input.base ?? {};
  const baseDirectory = (base.directory ?? {}) as Partial<Record<DirectoryKind, Record<string, string>>>;
  const books: Record<DirectoryKind, NameBook> = {
    users: new NameBook(baseDirectory.users), groups: new NameBook(baseDirectory.groups),
    roles: new NameBook(baseDirectory.roles), applications: new NameBook(baseDirectory.applications),
  };
  const directoryNames = {
    users: new Map((input.directory?.users ?? []).map((u) => [u.id.toLowerCase(), u.userPrincipalName])),
    groups: new Map((input.directory?.groups ?? []).map((g) => [g.id.toLowerCase(), g.displayName])),
    roles: new Map(Object.entries(BUILT_IN_ROLES)),
    applications: new Map(Object.entries(KNOWN_APPLICATIONS)),
  };
  const report: ImportReport = { catalog: [], nearMisses: [], custom: [], unsupported: [], unresolvedPlaceholders: [], missingBreakGlass: [], warnings: [] };

  // Named locations by display name; the country list the catalog's block uses is chosen later.
  const locationName = new Map(input.locations.map((l) => [l.id.toLowerCase(), l.displayName]));
  const namedLocations = {
    trusted: input.locations.filter((l) => l.kind === "ip" && l.isTrusted).map((l) => ({ name: l.displayName, ipRanges: l.ipRanges })),
    untrusted: input.locations.filter((l) => l.kind === "ip" && !l.isTrusted).map((l) => ({ name: l.displayName, ipRanges: l.ipRanges })),
    countries: input.locations.filter((l) => l.kind === "country").map((l) => ({ name: l.displayName, countries: l.countries, includeUnknown: l.includeUnknownCountriesAndRegions })),
  };
  for (const l of input.locations.filter((x) => x.kind === "other")) report.warnings.push(`named location '${l.displayName}' (${l.id}) is not an IP or country location; policies keep its id`);

  const unnamed = new Map<string, Set<string>>();
  /** A reference value in names, or undefined when it cannot be resolved (collected as a problem). */
  const name = (field: ReferenceField, value: string, policy: string): string => {
    const keywords: readonly string[] = REFERENCE_FIELDS[field];
    if (keywords.includes(value)) return value;
    const mapped = Object.hasOwn(input.map, value) ? input.map[value] : undefined;
    const kind = REFERENCE_NAMESPACE[field];
    if (isPlaceholder(value) && !mapped) {
      report.unresolvedPlaceholders.push(`policy '${policy}' ${field}: '${value}'`);
      return value;
    }
    if (kind === "locations") return mapped ?? locationName.get(value.toLowerCase()) ?? value;
    if (!kind) return value;
    if (mapped) {
      if (!books[kind].idOf(mapped)) report.unresolvedPlaceholders.push(`policy '${policy}' ${field}: --map names '${mapped}' for '${value}', which is not in guardrails:directory.${kind}`);
      return mapped;
    }
    if (!isGuid(value)) return value;
    const named = books[kind].nameFor(value, directoryNames[kind].get(value.toLowerCase()));
    if (!named) unnamed.set(`${kind.slice(0, -1)} ${value}`, (unnamed.get(`${kind.slice(0, -1)} ${value}`) ?? new Set()).add(policy));
    return named ?? value;
  };

  const withNames = (p: GraphCaPolicy) => {
    const c = clonePlain(content(p));
    for (const field of Object.keys(REFERENCE_FIELDS) as ReferenceField[]) {
      const [, section, list] = field.split(".");
      const holder = c.conditions[section] as Record<string, unknown> | undefined;
      if (holder && Array.isArray(holder[list])) holder[list] = (holder[list] as string[]).map((v) => name(field, v, p.displayName));
    }
    return c;
  };

  const taken = new Set<string>(CATALOG.map((c) => c.key));
  const customPolicies: Record<string, unknown> = {};
  const rollout: Record<string, unknown> = {};
  let adminRoles: string[] | undefined = base.adminRoles as string[] | undefined;
  let allowedCountries: { name: string; countries: string[]; includeUnknown: boolean } | undefined;
  const adopted = (p: GraphCaPolicy) => {
    const stage = STAGE[p.state];
    const since = stage === "off" ? {} : { [stage]: day((p as unknown as Record<string, unknown>).modifiedDateTime ?? (p as unknown as Record<string, unknown>).createdDateTime, input.today) };
    return { stage, since, adopted: input.today };
  };

  for (const p of input.policies) {
    try {
      graphToAzuread(p);
    } catch (e) {
      if (!(e instanceof UnsupportedByProviderError)) throw e;
      report.unsupported.push(e.message);
      continue;
    }
    const countryLocation = (p.conditions.locations?.excludeLocations ?? []).map((id) => input.locations.find((l) => l.id.toLowerCase() === id.toLowerCase() && l.kind === "country")).find(Boolean);
    const matches = catalogMatch(p, countryLocation?.id, input.breakGlass);
    const exact = matches.find((m) => m.differs.length === 0 && !Object.hasOwn(rollout, m.key));
    const roles = (p.conditions.users?.includeRoles ?? []).map((r) => name("conditions.users.includeRoles", r, p.displayName));
    const rolesAgree = !exact || roles.length === 0 || !adminRoles || JSON.stringify([...roles].sort()) === JSON.stringify([...adminRoles].sort());
    const lacksBreakGlass = () => {
      const miss = input.breakGlass ? missingBreakGlassExclusions(p, input.breakGlass) : undefined;
      if (miss && miss.userIds.length + miss.groupIds.length > 0) report.missingBreakGlass.push(p.displayName);
    };
    if (exact && rolesAgree && !(exact.key === "blockDisallowedCountries" && allowedCountries)) {
      lacksBreakGlass();
      report.catalog.push({ policy: p.displayName, key: exact.key });
      rollout[exact.key] = adopted(p);
      if (roles.length > 0) adminRoles ??= roles;
      if (exact.key === "blockDisallowedCountries" && countryLocation) {
        allowedCountries = { name: countryLocation.displayName, countries: countryLocation.countries, includeUnknown: countryLocation.includeUnknownCountriesAndRegions };
        namedLocations.countries = namedLocations.countries.filter((c) => c.name !== countryLocation.displayName);
      }
      continue;
    }
    // The closest catalog definition, when it differs in at most two places: what a reviewer could align.
    const near = matches.filter((x) => x.differs.length > 0 && x.differs.length <= 2).sort((a, b) => a.differs.length - b.differs.length)[0];
    if (near) report.nearMisses.push({ policy: p.displayName, key: near.key, differs: near.differs });
    const key = camelKey(p.displayName, taken);
    const body = { displayName: p.displayName, ...withNames(p) };
    const checked = customPolicySchema.safeParse(body);
    if (!checked.success) {
      const i = checked.error.issues[0];
      report.unsupported.push(`policy '${p.displayName}' ${i.path.join(".")}: ${i.message} (the stack cannot declare it)`);
      continue;
    }
    lacksBreakGlass();
    customPolicies[key] = body;
    rollout[key] = adopted(p);
    report.custom.push({ policy: p.displayName, key });
  }

  for (const [what, policies] of unnamed) report.warnings.push(`${what} has no name in the directory (it stays an id); named by ${policies.size} polic${policies.size === 1 ? "y" : "ies"}`);
  const directory: Record<string, unknown> = { ...(base.directory as Record<string, unknown> ?? {}) };
  for (const kind of ["users", "groups", "roles", "applications"] as const) directory[kind] = books[kind].entries;
  const baseRollout = (base.rollout ?? {}) as Record<string, unknown>;
  const config: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(base).filter(([k]) => !["customPolicies", "rollout", "namedLocations", "incident", "directory", "adminRoles"].includes(k))),
    directory,
    ...(adminRoles ? { adminRoles } : {}),
    namedLocations: { ...namedLocations, ...(allowedCountries ? { allowedCountries } : {}) },
    rollout: { ...(baseRollout.canaryGroup ? { canaryGroup: baseRollout.canaryGroup } : {}), catalog: "listed", policies: rollout },
    customPolicies,
  };
  return { config, report };
}
