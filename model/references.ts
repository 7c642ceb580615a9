/**
 * Which strings a Conditional Access reference field may hold. Graph wants bare object ids
 * (GUIDs) or a documented keyword; the provider passes strings through unchanged, so a Pulumi
 * resource id such as `/identity/conditionalAccess/namedLocations/<guid>` reaches Graph as-is
 * and fails (entra-facts C.1, C.4). Keywords: Graph `conditionalAccessUsers`,
 * `conditionalAccessApplications`, `conditionalAccessLocations`, `conditionalAccessClientApplications`.
 */
import type { GraphCaPolicy } from "./graph";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Reference fields by Graph path, with the keywords each one accepts besides a GUID. */
export const REFERENCE_FIELDS = {
  "conditions.users.includeUsers": ["All", "None", "GuestsOrExternalUsers"],
  "conditions.users.excludeUsers": ["GuestsOrExternalUsers"],
  "conditions.users.includeGroups": [],
  "conditions.users.excludeGroups": [],
  "conditions.users.includeRoles": [],
  "conditions.users.excludeRoles": [],
  // AllAgentIdResources: agent identity resources (Entra Agent ID, 2025), seen in real exports (tests/fixtures/graph).
  "conditions.applications.includeApplications": ["All", "None", "Office365", "MicrosoftAdminPortals", "AllAgentIdResources"],
  "conditions.applications.excludeApplications": ["Office365", "MicrosoftAdminPortals"],
  "conditions.locations.includeLocations": ["All", "AllTrusted"],
  "conditions.locations.excludeLocations": ["AllTrusted"],
  "conditions.clientApplications.includeServicePrincipals": ["ServicePrincipalsInMyTenant"],
  "conditions.clientApplications.excludeServicePrincipals": [],
} as const satisfies Record<string, readonly string[]>;

export type ReferenceField = keyof typeof REFERENCE_FIELDS;

/** Where a name in each field is looked up: a `guardrails:directory` map or the named locations. */
export const REFERENCE_NAMESPACE: Record<ReferenceField, "users" | "groups" | "roles" | "applications" | "locations" | undefined> = {
  "conditions.users.includeUsers": "users",
  "conditions.users.excludeUsers": "users",
  "conditions.users.includeGroups": "groups",
  "conditions.users.excludeGroups": "groups",
  "conditions.users.includeRoles": "roles",
  "conditions.users.excludeRoles": "roles",
  "conditions.applications.includeApplications": "applications",
  "conditions.applications.excludeApplications": "applications",
  "conditions.locations.includeLocations": "locations",
  "conditions.locations.excludeLocations": "locations",
  "conditions.clientApplications.includeServicePrincipals": undefined,
  "conditions.clientApplications.excludeServicePrincipals": undefined,
};

export const USER_ACTIONS = ["urn:user:registersecurityinfo", "urn:user:registerdevice"] as const;

export interface ReferenceProblem {
  path: string;
  value: string;
  message: string;
}

/** The value at a dotted path (`conditions.users.includeUsers`), or undefined. */
export function valueAt(policy: unknown, path: string): unknown {
  let cur: unknown = policy;
  for (const part of path.split(".")) {
    if (cur === null || cur === undefined || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Explains why `value` is not acceptable in `field`, or returns undefined when it is. */
export function checkReference(field: ReferenceField, value: string): string | undefined {
  const keywords: readonly string[] = REFERENCE_FIELDS[field];
  if (isGuid(value) || keywords.includes(value)) return undefined;
  const lastSegment = value.split("/").pop() ?? "";
  if (value.startsWith("/") && isGuid(lastSegment)) {
    return `'${value}' is a Pulumi resource id; Graph wants the bare object id '${lastSegment}' (use .objectId, not .id)`;
  }
  const caseFixed = keywords.find((k) => k.toLowerCase() === value.toLowerCase());
  if (caseFixed) return `'${value}' must be spelled '${caseFixed}'`;
  const allowed = keywords.length > 0 ? ` or one of ${keywords.join(", ")}` : "";
  return `'${value}' is not a GUID${allowed}`;
}

/** Every reference in the policy that Graph would reject, with its path (e.g. `conditions.users.excludeGroups[1]`). */
export function referenceProblems(policy: GraphCaPolicy): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  for (const field of Object.keys(REFERENCE_FIELDS) as ReferenceField[]) {
    const values = valueAt(policy, field);
    if (!Array.isArray(values)) continue;
    values.forEach((value, i) => {
      const message = typeof value === "string" ? checkReference(field, value) : `${JSON.stringify(value)} is not a string`;
      if (message) problems.push({ path: `${field}[${i}]`, value: String(value), message });
    });
  }
  const actions = policy.conditions.applications?.includeUserActions ?? [];
  actions.forEach((value, i) => {
    if (!(USER_ACTIONS as readonly string[]).includes(value)) {
      problems.push({ path: `conditions.applications.includeUserActions[${i}]`, value, message: `'${value}' is not one of ${USER_ACTIONS.join(", ")}` });
    }
  });
  for (const side of ["includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"] as const) {
    const members = policy.conditions.users?.[side]?.externalTenants?.members ?? [];
    members.forEach((value, i) => {
      if (!isGuid(value)) problems.push({ path: `conditions.users.${side}.externalTenants.members[${i}]`, value, message: `'${value}' is not a tenant id (GUID)` });
    });
  }
  return problems;
}
