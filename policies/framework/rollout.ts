/** Rollout facts the rules share, read from the stack profile. */
import { nameIndexFor, type NameIndex } from "../../model/describe";
import type { TenantProfile } from "../../model/profile/load";
import type { Stage } from "../../model/rollout";
import { declarePolicies, type DeclaredPolicy } from "../../model/tenant";
import type { PackResource } from "./types";

export function rolloutOf(profile: TenantProfile, key: string): { stage: Stage; since: Partial<Record<Stage, string>>; adopted?: string } | undefined {
  return Object.hasOwn(profile.rollout.policies, key) ? profile.rollout.policies[key] : undefined;
}

const declaredCache = new WeakMap<TenantProfile, DeclaredPolicy[]>();

/** The stack's declared policies, computed once per profile (resource rules ask once per resource). */
export function declaredFor(profile: TenantProfile): DeclaredPolicy[] {
  let d = declaredCache.get(profile);
  if (!d) declaredCache.set(profile, (d = declarePolicies(profile)));
  return d;
}

/** Declared policies by key, with the CA resource that deploys each (resource name = key). */
export function declaredWithResources(profile: TenantProfile, resources: readonly PackResource[]): { declared: DeclaredPolicy; urn?: string }[] {
  const byName = new Map(resources.filter((r) => r.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy").map((r) => [r.name, r.urn]));
  return declaredFor(profile).map((declared) => ({ declared, urn: byName.get(declared.key) }));
}

const indexCache = new WeakMap<TenantProfile, NameIndex>();
export function namesFor(profile: TenantProfile): NameIndex {
  let idx = indexCache.get(profile);
  if (!idx) indexCache.set(profile, (idx = nameIndexFor(profile)));
  return idx;
}

export const toDate = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
