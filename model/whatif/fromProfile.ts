/**
 * The stack's policies and named locations as the what-if evaluator needs them, from the model alone
 * (no Pulumi runtime): `evidence` and the sign-in generator start in well under a second. Objects the
 * stack creates have no id before deployment; they get stand-in GUIDs derived from their names, so
 * the policies pass the same reference checks as the deployed ones.
 */
import { createHash } from "node:crypto";
import type { GraphCaPolicy } from "../graph";
import { own } from "../own";
import type { TenantProfile } from "../profile/load";
import { applyStage, type BreakGlassIds, type Stage } from "../rollout";
import { configuredBreakGlassIds, declarePolicies, finalizePolicy, type DeclaredPolicy } from "../tenant";
import { syntheticDirectory } from "./synthetic";
import type { Directory, DirectoryUser, NamedLocation } from "./types";

/** A GUID that stands for an object the stack creates (`kind`, `name`), stable across runs. */
export function standInId(kind: string, name: string): string {
  const h = createHash("sha256").update(`${kind}\0${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The stack's named locations, by the ids its policies reference. */
export function stackLocations(profile: TenantProfile): NamedLocation[] {
  const l = profile.namedLocations;
  const ip = (t: { name: string; ipRanges: string[] }, trusted: boolean): NamedLocation => ({
    id: standInId("namedLocation", t.name), displayName: t.name, kind: "ip", isTrusted: trusted, ipRanges: [...t.ipRanges], countries: [], includeUnknownCountriesAndRegions: false,
  });
  const country = (c: { name: string; countries: string[]; includeUnknown: boolean }): NamedLocation => ({
    id: standInId("namedLocation", c.name), displayName: c.name, kind: "country", isTrusted: false, ipRanges: [], countries: [...c.countries], includeUnknownCountriesAndRegions: c.includeUnknown,
  });
  return [...l.trusted.map((t) => ip(t, true)), ...l.untrusted.map((t) => ip(t, false)), ...(l.allowedCountries ? [country(l.allowedCountries)] : []), ...l.countries.map(country)];
}

/** The break-glass accounts as directory users and the ids every policy excludes, consistent with each other. */
export function stackBreakGlass(profile: TenantProfile): { ids: BreakGlassIds; users: DirectoryUser[] } {
  const configured = configuredBreakGlassIds(profile);
  const groupId = own(profile.directory.groups, profile.breakGlass.exclusionGroup) ?? standInId("group", profile.breakGlass.exclusionGroup);
  const users = profile.breakGlass.accounts.map((a): DirectoryUser => ({
    id: a.objectId ?? standInId("user", a.userPrincipalName),
    userPrincipalName: a.userPrincipalName,
    userType: "Member",
    memberOf: [groupId],
    // Conservative: an emergency-access account is assumed to hold every admin role the stack names.
    roles: Object.values(profile.directory.roles),
  }));
  return { ids: configured ?? { userIds: users.map((u) => u.id), groupIds: [groupId] }, users };
}

export interface StackPolicy {
  key: string;
  declared: DeclaredPolicy;
  /** The policy as deployed at `stage`. */
  policy: GraphCaPolicy;
  stage: Stage;
}

/**
 * Every declared policy as it would be deployed, each at the stage `stageOf` picks (default: as
 * declared). Break-glass exclusions and location ids are applied exactly as the components apply them.
 */
export function stackPolicies(profile: TenantProfile, stageOf: (d: DeclaredPolicy) => Stage = (d) => d.stage): StackPolicy[] {
  const bg = stackBreakGlass(profile).ids;
  const locationIds = Object.fromEntries(stackLocations(profile).map((l) => [l.displayName, l.id]));
  const canaryGroupId = own(profile.directory.groups, profile.rollout.canaryGroup) ?? standInId("group", profile.rollout.canaryGroup);
  return declarePolicies(profile).map((declared) => {
    const stage = stageOf(declared);
    // declarePolicies staged the policy already; restaging starts from the unstaged scope when it changes.
    const base = stage === declared.stage ? declared.policy : applyStage(unstaged(profile, declared), stage, canaryGroupId);
    return { key: declared.key, declared, stage, policy: finalizePolicy(base, bg, locationIds) };
  });
}

/** The declared policy before staging (canary replaces the user scope, so it is rebuilt from the enforced form). */
function unstaged(profile: TenantProfile, declared: DeclaredPolicy): GraphCaPolicy {
  if (declared.stage !== "canary") return declared.policy;
  const enforced = declarePolicies({ ...profile, rollout: { ...profile.rollout, policies: { ...profile.rollout.policies, [declared.key]: { ...own(profile.rollout.policies, declared.key)!, stage: "enforced" } } } });
  return enforced.find((d) => d.key === declared.key)!.policy;
}

/**
 * A synthetic directory shaped like the stack's: 1 % of users in the canary group, most in the
 * stack's other groups, about 1 % admins holding the stack's admin roles, and the break-glass accounts.
 */
export function stackSyntheticDirectory(profile: TenantProfile, users: number, seed?: number): Directory {
  const g = stackGroupIds(profile);
  const groups: Record<string, [string, number]> = { [profile.rollout.canaryGroup]: [g.canary, 0.01] };
  for (const [name, id] of Object.entries(g.members)) groups[name] ??= [id, 0.9];
  return syntheticDirectory({ users, seed, groups, adminRoleIds: adminRoleIds(profile), extraUsers: stackBreakGlass(profile).users });
}

/** The canary group's id, and the other groups an ordinary member is in (all but the canary and break-glass exclusion groups), by name. */
export function stackGroupIds(profile: TenantProfile): { canary: string; members: Record<string, string> } {
  const canary = profile.rollout.canaryGroup;
  const members: Record<string, string> = {};
  for (const [name, id] of Object.entries(profile.directory.groups)) if (name !== canary && name !== profile.breakGlass.exclusionGroup) members[name] = id;
  return { canary: own(profile.directory.groups, canary) ?? standInId("group", canary), members };
}

/** The role template ids of the stack's admin roles. */
export const adminRoleIds = (profile: TenantProfile): string[] => profile.adminRoles.map((r) => own(profile.directory.roles, r) ?? r);
