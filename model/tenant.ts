/**
 * Catalog + tenant profile → the Conditional Access policies a stack declares, in Graph shape.
 * Pure: components, the offline plan and what-if all build policies through these functions.
 *
 * Two steps, because some ids exist only after deployment (named locations, created
 * break-glass accounts): `declarePolicies` stages each policy and resolves directory names;
 * `finalizePolicy` injects the break-glass exclusions and resolves named-location names once
 * those ids are known.
 */
import { clonePlain } from "./clone";
import { deployedCatalog, displayNameOf, type CatalogPolicy } from "./catalog";
import { own } from "./own";
import type { CatalogContext } from "./catalog/types";
import type { GraphCaPolicy } from "./graph";
import type { TenantProfile } from "./profile/load";
import { isGuid, referenceProblems, REFERENCE_FIELDS, REFERENCE_NAMESPACE, type ReferenceField } from "./references";
import { applyStage, withBreakGlassExclusions, type BreakGlassIds, type Stage } from "./rollout";

const RISK_ORDER = ["low", "medium", "high"] as const;

/** `medium` → `["medium", "high"]`. */
export function levelsAtOrAbove(min: (typeof RISK_ORDER)[number]): string[] {
  return RISK_ORDER.slice(RISK_ORDER.indexOf(min)) as string[];
}

/** A catalog policy or a stack's custom policy: what rollout, relaxation and the pack need to know. */
export interface PolicyDefinition {
  key: string;
  displayName: string;
  origin: "catalog" | "custom";
  neverRelax: boolean;
  risk?: "userRisk" | "signInRisk";
  build(ctx: CatalogContext): Omit<GraphCaPolicy, "displayName" | "state">;
}

export interface DeclaredPolicy {
  key: string;
  displayName: string;
  definition: PolicyDefinition;
  stage: Stage;
  since: Partial<Record<Stage, string>>;
  /** Risk levels that trigger a risk-based policy; undefined for the others. */
  riskLevels?: string[];
  /** Staged, directory names resolved, named locations still by name, break-glass not yet injected. */
  policy: GraphCaPolicy;
}

export class PolicyReferenceError extends Error {}


function mapField(policy: GraphCaPolicy, field: string, fn: (value: string) => string): void {
  const parts = field.split(".");
  let cur: Record<string, unknown> | undefined = policy as unknown as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    cur = cur?.[p] as Record<string, unknown> | undefined;
    if (!cur) return;
  }
  const last = parts[parts.length - 1];
  const list = cur?.[last];
  if (Array.isArray(list)) cur![last] = list.map((v: string) => fn(v));
}

function resolveDirectoryNames(policy: GraphCaPolicy, profile: TenantProfile): void {
  for (const field of Object.keys(REFERENCE_FIELDS) as ReferenceField[]) {
    const kind = REFERENCE_NAMESPACE[field];
    // Named locations are resolved later (their ids exist only after deployment): finalizePolicy.
    if (kind === undefined || kind === "locations") continue;
    const keywords: readonly string[] = REFERENCE_FIELDS[field];
    mapField(policy, field, (v) => {
      if (isGuid(v) || keywords.includes(v)) return v;
      const id = own(profile.directory[kind], v);
      if (!id) throw new PolicyReferenceError(`${profile.source}: policy '${policy.displayName}' ${field}: unknown ${kind.slice(0, -1)} '${v}' (not in guardrails:directory.${kind})`);
      return id;
    });
  }
}

function fromCatalog(c: CatalogPolicy): PolicyDefinition {
  return { key: c.key, displayName: displayNameOf(c), origin: "catalog", neverRelax: c.neverRelax === true, risk: c.risk, build: c.build };
}

/** The catalog followed by the stack's custom policies. */
export function policyDefinitions(profile: TenantProfile): PolicyDefinition[] {
  const custom = Object.entries(profile.customPolicies).map(([key, p]): PolicyDefinition => ({
    key,
    displayName: p.displayName,
    origin: "custom",
    neverRelax: p.neverRelax,
    build: () => clonePlain({ conditions: p.conditions, grantControls: p.grantControls, sessionControls: p.sessionControls }) as Omit<GraphCaPolicy, "displayName" | "state">,
  }));
  return [...deployedCatalog(profile.rollout).map(fromCatalog), ...custom];
}

function riskLevelsFor(c: PolicyDefinition, profile: TenantProfile): string[] | undefined {
  if (!c.risk) return undefined;
  const override = own(profile.rollout.policies, c.key)?.riskLevels;
  return override ? [...override] : levelsAtOrAbove(profile.risk[c.risk]);
}

/** Every catalog and custom policy, staged for this stack. Policies without a rollout entry are `off`. */
export function declarePolicies(profile: TenantProfile): DeclaredPolicy[] {
  const canaryGroupId = own(profile.directory.groups, profile.rollout.canaryGroup) ?? "";
  return policyDefinitions(profile).map((c) => {
    const rollout = own(profile.rollout.policies, c.key) ?? { stage: "off" as const, since: {} };
    // An applied incident may put a policy in report-only for a while; its rollout history stays as it was.
    const stage = profile.incidentReportOnly.includes(c.key) && rollout.stage !== "off" ? "reportOnly" : rollout.stage;
    const riskLevels = riskLevelsFor(c, profile);
    const body = c.build({
      adminRoles: profile.adminRoles,
      allowedCountriesLocation: profile.namedLocations.allowedCountries?.name ?? "",
      riskLevels: riskLevels ?? [],
    });
    const displayName = c.displayName;
    const draft: GraphCaPolicy = { displayName, state: "disabled", ...body };
    resolveDirectoryNames(draft, profile);
    // An applied incident may answer user risk with remediation instead of block (Microsoft's guidance).
    if (profile.incidentRemediate.includes(c.key) && (draft.grantControls?.builtInControls ?? []).includes("block")) {
      draft.grantControls = { operator: "AND", builtInControls: ["mfa", "passwordChange"] };
    }
    const policy = applyStage(draft, stage, canaryGroupId);
    return { key: c.key, displayName, definition: c, stage, since: { ...rollout.since }, riskLevels, policy };
  });
}

/** Break-glass ids every policy must exclude; undefined when the accounts are created by the stack (ids unknown until deployed). */
export function configuredBreakGlassIds(profile: TenantProfile): BreakGlassIds | undefined {
  if (profile.breakGlass.create) return undefined;
  return {
    userIds: profile.breakGlass.accounts.map((a) => a.objectId!),
    groupIds: [own(profile.directory.groups, profile.breakGlass.exclusionGroup) ?? ""],
  };
}

/** Replaces named-location names by their object ids; keywords and GUIDs pass through. */
export function resolveLocations(policy: GraphCaPolicy, locationIds: Readonly<Record<string, string>>): GraphCaPolicy {
  const out = clonePlain(policy);
  for (const field of ["conditions.locations.includeLocations", "conditions.locations.excludeLocations"]) {
    mapField(out, field, (v) => locationIds[v] ?? v);
  }
  return out;
}

/** Throws when any reference would be rejected by Graph, naming the policy and the path. */
export function assertReferences(policy: GraphCaPolicy, onlyUnder?: string): void {
  const problems = referenceProblems(policy).filter((p) => !onlyUnder || p.path.startsWith(onlyUnder));
  if (problems.length > 0) {
    const p = problems[0];
    throw new PolicyReferenceError(`policy '${policy.displayName}' ${p.path}: ${p.message}`);
  }
}

/** The policy exactly as it will be deployed: break-glass excluded, locations resolved, references checked. */
export function finalizePolicy(policy: GraphCaPolicy, bg: BreakGlassIds, locationIds: Readonly<Record<string, string>>): GraphCaPolicy {
  const out = resolveLocations(withBreakGlassExclusions(policy, bg), locationIds);
  assertReferences(out);
  return out;
}
