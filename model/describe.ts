/**
 * Names instead of GUIDs for reviewers (CIPP #4096: reviewers want names): an index of every id
 * the stack knows, and a structured summary of a Graph policy that plan, diff and what-if print.
 */
import { BUILT_IN_AUTHENTICATION_STRENGTHS, type GraphCaPolicy } from "./graph";
import type { TenantProfile } from "./profile/load";

export type PrincipalKind = "user" | "group" | "role" | "application" | "location";

export interface NamedRef {
  id: string;
  name: string;
  kind: PrincipalKind | "keyword";
}

export class NameIndex {
  private readonly byId = new Map<string, { name: string; kind: PrincipalKind }>();

  add(kind: PrincipalKind, name: string, id: string): void {
    this.byId.set(id.toLowerCase(), { name, kind });
  }

  /** A reference as `{id, name, kind}`; unknown ids keep the id as name, keywords (`All`) stay as they are. */
  ref(value: string, kind: PrincipalKind): NamedRef {
    const hit = this.byId.get(value.toLowerCase());
    if (hit) return { id: value, name: hit.name, kind: hit.kind };
    return /^[0-9a-f-]{36}$/i.test(value) ? { id: value, name: value, kind } : { id: value, name: value, kind: "keyword" };
  }

  name(value: string): string {
    return this.byId.get(value.toLowerCase())?.name ?? value;
  }

  /** Lower-cased id → name, for renaming ids wherever they appear. */
  toMap(): Map<string, string> {
    return new Map([...this.byId].map(([id, v]) => [id, v.name]));
  }
}

export function nameIndexFor(profile: TenantProfile, locationIds: Readonly<Record<string, string>> = {}): NameIndex {
  const idx = new NameIndex();
  const kinds: [keyof TenantProfile["directory"], PrincipalKind][] = [["users", "user"], ["groups", "group"], ["roles", "role"], ["applications", "application"]];
  for (const [key, kind] of kinds) for (const [name, id] of Object.entries(profile.directory[key])) idx.add(kind, name, id);
  for (const a of profile.breakGlass.accounts) if (a.objectId) idx.add("user", a.userPrincipalName, a.objectId);
  for (const [name, id] of Object.entries(locationIds)) idx.add("location", name, id);
  return idx;
}

export interface PolicySummary {
  include: NamedRef[];
  exclude: NamedRef[];
  applications: { include: NamedRef[]; exclude: NamedRef[]; userActions: string[] };
  /** Other conditions, one readable phrase each (e.g. `user risk: high`). */
  conditions: string[];
  /** e.g. `block`, `mfa AND passwordChange`, `authentication strength Phishing-resistant MFA`. */
  grant: string;
  session: string[];
}

const refs = (idx: NameIndex, kind: PrincipalKind, list: string[] | undefined) => (list ?? []).map((v) => idx.ref(v, kind));

export function summarizePolicy(p: GraphCaPolicy, idx: NameIndex): PolicySummary {
  const c = p.conditions;
  const u = c.users ?? {};
  const guests = (g: typeof u.includeGuestsOrExternalUsers): NamedRef[] =>
    g ? [{ id: "guestsOrExternalUsers", name: `guests (${g.guestOrExternalUserTypes.split(",").length} types)`, kind: "keyword" }] : [];
  const conditions: string[] = [];
  if (c.clientAppTypes && !(c.clientAppTypes.length === 1 && c.clientAppTypes[0] === "all")) conditions.push(`client apps: ${c.clientAppTypes.join(", ")}`);
  if (c.platforms?.includePlatforms?.length) {
    conditions.push(`platforms: ${c.platforms.includePlatforms.join(", ")}${c.platforms.excludePlatforms?.length ? ` except ${c.platforms.excludePlatforms.join(", ")}` : ""}`);
  }
  if (c.locations?.includeLocations?.length) {
    const ex = c.locations.excludeLocations?.length ? ` except ${c.locations.excludeLocations.map((l) => idx.name(l)).join(", ")}` : "";
    conditions.push(`locations: ${c.locations.includeLocations.map((l) => idx.name(l)).join(", ")}${ex}`);
  }
  if (c.userRiskLevels?.length) conditions.push(`user risk: ${c.userRiskLevels.join(", ")}`);
  if (c.signInRiskLevels?.length) conditions.push(`sign-in risk: ${c.signInRiskLevels.join(", ")}`);
  if (c.servicePrincipalRiskLevels?.length) conditions.push(`service principal risk: ${c.servicePrincipalRiskLevels.join(", ")}`);
  if (c.insiderRiskLevels) conditions.push(`insider risk: ${c.insiderRiskLevels}`);
  if (c.authenticationFlows?.transferMethods) conditions.push(`authentication flows: ${c.authenticationFlows.transferMethods}`);
  if (c.devices?.deviceFilter) conditions.push(`device filter (${c.devices.deviceFilter.mode}): ${c.devices.deviceFilter.rule}`);
  const g = p.grantControls;
  const grantParts = [
    ...(g?.builtInControls ?? []),
    ...(g?.authenticationStrength ? [`authentication strength ${BUILT_IN_AUTHENTICATION_STRENGTHS[g.authenticationStrength.id.toLowerCase()] ?? g.authenticationStrength.id}`] : []),
    ...(g?.termsOfUse ?? []).map((t) => `terms of use ${t}`),
    ...(g?.customAuthenticationFactors ?? []),
  ];
  const s = p.sessionControls;
  const session: string[] = [];
  if (s?.signInFrequency?.isEnabled !== false && s?.signInFrequency) {
    const f = s.signInFrequency;
    session.push(f.frequencyInterval === "everyTime" ? "sign-in frequency: every time" : `sign-in frequency: ${f.value} ${f.type}`);
  }
  if (s?.persistentBrowser?.isEnabled) session.push(`persistent browser: ${s.persistentBrowser.mode}`);
  if (s?.applicationEnforcedRestrictions?.isEnabled) session.push("app-enforced restrictions");
  if (s?.cloudAppSecurity?.isEnabled) session.push(`Defender for Cloud Apps: ${s.cloudAppSecurity.cloudAppSecurityType}`);
  if (s?.disableResilienceDefaults) session.push("resilience defaults disabled");
  return {
    include: [...refs(idx, "user", u.includeUsers), ...refs(idx, "group", u.includeGroups), ...refs(idx, "role", u.includeRoles), ...guests(u.includeGuestsOrExternalUsers)],
    exclude: [...refs(idx, "user", u.excludeUsers), ...refs(idx, "group", u.excludeGroups), ...refs(idx, "role", u.excludeRoles), ...guests(u.excludeGuestsOrExternalUsers)],
    applications: {
      include: refs(idx, "application", c.applications?.includeApplications),
      exclude: refs(idx, "application", c.applications?.excludeApplications),
      userActions: [...(c.applications?.includeUserActions ?? [])],
    },
    conditions,
    grant: grantParts.length === 0 ? "none" : grantParts.join(` ${g?.operator ?? "OR"} `),
    session,
  };
}
