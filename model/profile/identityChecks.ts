/**
 * One identity per name: every object id in a stack stands for exactly one directory name, a
 * break-glass account is the directory user of the same name, and the break-glass exclusion group
 * is used for nothing else. Names are labels; ids are what Entra evaluates, so a group id pasted
 * under the wrong name (the break-glass group given the id of All-Staff) must not pass.
 */
import { deployedCatalog, displayNameOf } from "../catalog";
import { own } from "../own";
import { isGuid } from "../references";
import type { CrossCheckIssue, ProfileConfig } from "./schema";

type Path = (string | number)[];
const DIRECTORY_KINDS = ["users", "groups", "roles", "applications"] as const;
const SINGULAR: Record<(typeof DIRECTORY_KINDS)[number], string> = { users: "user", groups: "group", roles: "role", applications: "application" };

/** Each id names one thing: the same id under two directory names is refused. */
function uniqueIds(p: ProfileConfig, issues: CrossCheckIssue[]): void {
  const owner = new Map<string, string>();
  for (const kind of DIRECTORY_KINDS) {
    for (const [name, id] of Object.entries(p.directory[kind])) {
      const key = id.toLowerCase();
      const label = `${SINGULAR[kind]} '${name}'`;
      const first = owner.get(key);
      if (first) issues.push({ path: ["directory", kind, name], message: `id ${id} is already the id of ${first}; one id may stand for one directory name only` });
      else owner.set(key, label);
    }
  }
}

/** Break-glass accounts: distinct UPNs, distinct ids, and the directory's id where it names the same UPN. */
function breakGlassAccounts(p: ProfileConfig, issues: CrossCheckIssue[]): void {
  const upns = new Map<string, number>();
  const ids = new Map<string, number>();
  const directoryUsers = new Map(Object.entries(p.directory.users).map(([n, id]) => [n.toLowerCase(), id]));
  p.breakGlass.accounts.forEach((a, i) => {
    const at: Path = ["breakGlass", "accounts", i];
    const upn = a.userPrincipalName.toLowerCase();
    if (upns.has(upn)) issues.push({ path: [...at, "userPrincipalName"], message: `'${a.userPrincipalName}' is already accounts[${upns.get(upn)}]; two distinct emergency-access accounts are required` });
    else upns.set(upn, i);
    if (!a.objectId) return;
    const id = a.objectId.toLowerCase();
    if (ids.has(id)) issues.push({ path: [...at, "objectId"], message: `${a.objectId} is already the id of accounts[${ids.get(id)}]; two distinct emergency-access accounts are required` });
    else ids.set(id, i);
    const listed = directoryUsers.get(upn);
    if (listed && listed.toLowerCase() !== id) {
      issues.push({ path: [...at, "objectId"], message: `${a.objectId} differs from guardrails:directory.users['${a.userPrincipalName}'] (${listed}); one name, one id` });
    }
    for (const [name, uid] of Object.entries(p.directory.users)) {
      if (uid.toLowerCase() === id && name.toLowerCase() !== upn) issues.push({ path: [...at, "objectId"], message: `${a.objectId} is the id of directory user '${name}', not of '${a.userPrincipalName}'` });
    }
    for (const kind of ["groups", "roles", "applications"] as const) {
      for (const [name, oid] of Object.entries(p.directory[kind])) {
        if (oid.toLowerCase() === id) issues.push({ path: [...at, "objectId"], message: `${a.objectId} is the id of ${SINGULAR[kind]} '${name}'` });
      }
    }
  });
}

/** The break-glass group is excluded everywhere and included nowhere. */
function breakGlassGroupOnlyExcluded(p: ProfileConfig, issues: CrossCheckIssue[]): void {
  const name = p.breakGlass.exclusionGroup;
  const id = own(p.directory.groups, name)?.toLowerCase();
  const isBreakGlassGroup = (v: string) => v === name || (id !== undefined && v.toLowerCase() === id);
  if (p.rollout.canaryGroup !== name && id && own(p.directory.groups, p.rollout.canaryGroup)?.toLowerCase() === id) {
    issues.push({ path: ["rollout", "canaryGroup"], message: "has the id of the break-glass exclusion group" });
  }
  for (const [key, policy] of Object.entries(p.customPolicies)) {
    (policy.conditions.users.includeGroups ?? []).forEach((g, i) => {
      if (isBreakGlassGroup(g)) issues.push({ path: ["customPolicies", key, "conditions", "users", "includeGroups", i], message: `is the break-glass exclusion group '${name}', which may only ever be excluded` });
    });
  }
}

/** Two policies may not share a display name: Graph allows it, reviewers and what-if cannot tell them apart. */
function uniqueDisplayNames(p: ProfileConfig, issues: CrossCheckIssue[]): void {
  const seen = new Map<string, string>();
  for (const c of deployedCatalog(p.rollout)) seen.set(displayNameOf(c).trim().toLowerCase(), `catalog policy '${c.key}'`);
  for (const [key, policy] of Object.entries(p.customPolicies)) {
    const k = policy.displayName.trim().toLowerCase();
    const first = seen.get(k);
    if (first) issues.push({ path: ["customPolicies", key, "displayName"], message: `'${policy.displayName}' is already the display name of ${first}; display names must be unique` });
    else seen.set(k, `custom policy '${key}'`);
  }
}

const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/** The all-zero GUID is never an object id: a placeholder left in a custom policy is refused. */
function noNilIds(p: ProfileConfig, issues: CrossCheckIssue[]): void {
  for (const [key, policy] of Object.entries(p.customPolicies)) {
    for (const [section, lists] of Object.entries(policy.conditions as Record<string, unknown>)) {
      if (!lists || typeof lists !== "object" || Array.isArray(lists)) continue;
      for (const [list, values] of Object.entries(lists as Record<string, unknown>)) {
        if (!Array.isArray(values)) continue;
        values.forEach((v, i) => {
          if (typeof v === "string" && isGuid(v) && v === NIL_GUID) issues.push({ path: ["customPolicies", key, "conditions", section, list, i], message: "is the all-zero GUID, a placeholder, not an object id" });
        });
      }
    }
  }
}

export function identityIssues(p: ProfileConfig): CrossCheckIssue[] {
  const issues: CrossCheckIssue[] = [];
  uniqueIds(p, issues);
  breakGlassAccounts(p, issues);
  breakGlassGroupOnlyExcluded(p, issues);
  uniqueDisplayNames(p, issues);
  noNilIds(p, issues);
  return issues;
}

export { NIL_GUID };
