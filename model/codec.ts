/**
 * Lossless mapping between Graph conditionalAccessPolicy JSON and @pulumi/azuread 6.9.1
 * ConditionalAccessPolicy inputs. Every row of the mapping table in
 * shared/reference/entra-facts.md §C.2 (source: terraform-provider-azuread
 * `conditionalaccess.go` expand/flatten) has a case here and a round-trip test.
 */
import type {
  GraphCaPolicy, GraphConditions, GraphGrantControls, GraphGuestsOrExternalUsers, GraphSessionControls, PolicyState,
} from "./graph";
import type { AzureadCaPolicyArgs, AzureadConditions, AzureadGrantControls, AzureadGuests, AzureadSessionControls } from "./azuread";

export const AUTH_STRENGTH_PREFIX = "/policies/authenticationStrengthPolicies/";

const ALL_EXTERNAL_TENANTS = "#microsoft.graph.conditionalAccessAllExternalTenants";
const ENUMERATED_EXTERNAL_TENANTS = "#microsoft.graph.conditionalAccessEnumeratedExternalTenants";

export class UnsupportedByProviderError extends Error {}

const nonEmpty = <T>(xs: T[] | undefined | null): T[] | undefined => (xs && xs.length > 0 ? [...xs] : undefined);
const splitFlags = (s: string | undefined | null): string[] =>
  (s ?? "").split(",").map((x) => x.trim()).filter((x) => x.length > 0);

/** Removes keys whose value is undefined so mapped objects compare cleanly. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function guestsToAzuread(g: GraphGuestsOrExternalUsers | null | undefined): AzureadGuests[] | undefined {
  if (!g) return undefined;
  const out: AzureadGuests = { guestOrExternalUserTypes: splitFlags(g.guestOrExternalUserTypes) };
  if (g.externalTenants) {
    const kind = g.externalTenants.membershipKind;
    // The provider sends `members` only for `enumerated` (terraform-provider-azuread #1601).
    out.externalTenants = [compact({ membershipKind: kind, members: kind === "enumerated" ? nonEmpty(g.externalTenants.members) : undefined })];
  }
  return [out];
}

function guestsToGraph(a: AzureadGuests[] | undefined): GraphGuestsOrExternalUsers | undefined {
  const g = a?.[0];
  if (!g) return undefined;
  const out: GraphGuestsOrExternalUsers = { guestOrExternalUserTypes: g.guestOrExternalUserTypes.join(",") };
  const t = g.externalTenants?.[0];
  if (t) {
    out.externalTenants = t.membershipKind === "enumerated"
      ? { "@odata.type": ENUMERATED_EXTERNAL_TENANTS, membershipKind: "enumerated", members: [...(t.members ?? [])] }
      : { "@odata.type": ALL_EXTERNAL_TENANTS, membershipKind: t.membershipKind as "all" };
  }
  return out;
}

function conditionsToAzuread(c: GraphConditions, where: string): AzureadConditions {
  const apps = c.applications ?? {};
  if (nonEmpty(apps.includeAuthenticationContextClassReferences)) {
    throw new UnsupportedByProviderError(`${where}: conditions.applications.includeAuthenticationContextClassReferences is not supported by @pulumi/azuread 6.9.1`);
  }
  if (apps.applicationFilter) {
    throw new UnsupportedByProviderError(`${where}: conditions.applications.applicationFilter needs terraform-provider-azuread 3.9.0; @pulumi/azuread 6.9.1 cannot deploy it`);
  }
  const insider = splitFlags(c.insiderRiskLevels);
  if (insider.length > 1) {
    throw new UnsupportedByProviderError(`${where}: conditions.insiderRiskLevels holds several levels; @pulumi/azuread 6.9.1 accepts one`);
  }
  const u = c.users ?? {};
  const ca = c.clientApplications;
  return compact({
    applications: compact({
      includedApplications: nonEmpty(apps.includeApplications),
      excludedApplications: nonEmpty(apps.excludeApplications),
      includedUserActions: nonEmpty(apps.includeUserActions),
    }),
    users: compact({
      includedUsers: nonEmpty(u.includeUsers),
      excludedUsers: nonEmpty(u.excludeUsers),
      includedGroups: nonEmpty(u.includeGroups),
      excludedGroups: nonEmpty(u.excludeGroups),
      includedRoles: nonEmpty(u.includeRoles),
      excludedRoles: nonEmpty(u.excludeRoles),
      includedGuestsOrExternalUsers: guestsToAzuread(u.includeGuestsOrExternalUsers),
      excludedGuestsOrExternalUsers: guestsToAzuread(u.excludeGuestsOrExternalUsers),
    }),
    clientAppTypes: [...(c.clientAppTypes ?? [])],
    clientApplications: ca && (nonEmpty(ca.includeServicePrincipals) || nonEmpty(ca.excludeServicePrincipals) || ca.servicePrincipalFilter)
      ? compact({
        includedServicePrincipals: nonEmpty(ca.includeServicePrincipals),
        excludedServicePrincipals: nonEmpty(ca.excludeServicePrincipals),
        filter: ca.servicePrincipalFilter ? { ...ca.servicePrincipalFilter } : undefined,
      })
      : undefined,
    devices: c.devices?.deviceFilter ? { filter: { ...c.devices.deviceFilter } } : undefined,
    locations: c.locations && nonEmpty(c.locations.includeLocations)
      ? compact({ includedLocations: [...c.locations.includeLocations!], excludedLocations: nonEmpty(c.locations.excludeLocations) })
      : undefined,
    platforms: c.platforms && nonEmpty(c.platforms.includePlatforms)
      ? compact({ includedPlatforms: [...c.platforms.includePlatforms!], excludedPlatforms: nonEmpty(c.platforms.excludePlatforms) })
      : undefined,
    signInRiskLevels: nonEmpty(c.signInRiskLevels),
    userRiskLevels: nonEmpty(c.userRiskLevels),
    servicePrincipalRiskLevels: nonEmpty(c.servicePrincipalRiskLevels),
    insiderRiskLevels: insider[0],
    authenticationFlowTransferMethods: nonEmpty(splitFlags(c.authenticationFlows?.transferMethods)),
  });
}

function conditionsToGraph(a: AzureadConditions): GraphConditions {
  const u = a.users;
  const ca = a.clientApplications;
  return compact({
    applications: compact({
      includeApplications: nonEmpty(a.applications.includedApplications),
      excludeApplications: nonEmpty(a.applications.excludedApplications),
      includeUserActions: nonEmpty(a.applications.includedUserActions),
    }),
    users: compact({
      includeUsers: nonEmpty(u.includedUsers),
      excludeUsers: nonEmpty(u.excludedUsers),
      includeGroups: nonEmpty(u.includedGroups),
      excludeGroups: nonEmpty(u.excludedGroups),
      includeRoles: nonEmpty(u.includedRoles),
      excludeRoles: nonEmpty(u.excludedRoles),
      includeGuestsOrExternalUsers: guestsToGraph(u.includedGuestsOrExternalUsers),
      excludeGuestsOrExternalUsers: guestsToGraph(u.excludedGuestsOrExternalUsers),
    }),
    clientAppTypes: [...a.clientAppTypes],
    clientApplications: ca
      ? compact({
        includeServicePrincipals: nonEmpty(ca.includedServicePrincipals),
        excludeServicePrincipals: nonEmpty(ca.excludedServicePrincipals),
        servicePrincipalFilter: ca.filter ? { mode: ca.filter.mode as "include" | "exclude", rule: ca.filter.rule } : undefined,
      })
      : undefined,
    devices: a.devices?.filter ? { deviceFilter: { mode: a.devices.filter.mode as "include" | "exclude", rule: a.devices.filter.rule } } : undefined,
    locations: a.locations ? compact({ includeLocations: [...a.locations.includedLocations], excludeLocations: nonEmpty(a.locations.excludedLocations) }) : undefined,
    platforms: a.platforms ? compact({ includePlatforms: [...a.platforms.includedPlatforms], excludePlatforms: nonEmpty(a.platforms.excludedPlatforms) }) : undefined,
    signInRiskLevels: nonEmpty(a.signInRiskLevels),
    userRiskLevels: nonEmpty(a.userRiskLevels),
    servicePrincipalRiskLevels: nonEmpty(a.servicePrincipalRiskLevels),
    insiderRiskLevels: a.insiderRiskLevels,
    authenticationFlows: nonEmpty(a.authenticationFlowTransferMethods) ? { transferMethods: a.authenticationFlowTransferMethods!.join(",") } : undefined,
  });
}

function grantToAzuread(g: GraphGrantControls | null | undefined): AzureadGrantControls | undefined {
  if (!g) return undefined;
  const strength = g.authenticationStrength?.id;
  const out = compact({
    operator: g.operator,
    builtInControls: nonEmpty(g.builtInControls),
    customAuthenticationFactors: nonEmpty(g.customAuthenticationFactors),
    termsOfUses: nonEmpty(g.termsOfUse),
    authenticationStrengthPolicyId: strength ? AUTH_STRENGTH_PREFIX + strength : undefined,
  });
  // Graph returns `{operator: "OR", builtInControls: []}` for session-only policies; the provider wants no block then (TF #1150).
  return out.builtInControls || out.customAuthenticationFactors || out.termsOfUses || out.authenticationStrengthPolicyId ? out : undefined;
}

function grantToGraph(a: AzureadGrantControls | undefined): GraphGrantControls | undefined {
  if (!a) return undefined;
  const id = a.authenticationStrengthPolicyId;
  return compact({
    operator: a.operator as "AND" | "OR",
    builtInControls: nonEmpty(a.builtInControls),
    customAuthenticationFactors: nonEmpty(a.customAuthenticationFactors),
    termsOfUse: nonEmpty(a.termsOfUses),
    authenticationStrength: id ? { id: id.startsWith(AUTH_STRENGTH_PREFIX) ? id.slice(AUTH_STRENGTH_PREFIX.length) : id } : undefined,
  });
}

function sessionToAzuread(s: GraphSessionControls | null | undefined): AzureadSessionControls | undefined {
  if (!s) return undefined;
  const sif = s.signInFrequency?.isEnabled === false ? undefined : s.signInFrequency ?? undefined;
  const out = compact({
    applicationEnforcedRestrictionsEnabled: s.applicationEnforcedRestrictions?.isEnabled ? true : undefined,
    cloudAppSecurityPolicy: s.cloudAppSecurity?.isEnabled ? s.cloudAppSecurity.cloudAppSecurityType : undefined,
    disableResilienceDefaults: s.disableResilienceDefaults ? true : undefined,
    persistentBrowserMode: s.persistentBrowser?.isEnabled ? s.persistentBrowser.mode : undefined,
    signInFrequency: sif?.value ?? undefined,
    signInFrequencyPeriod: sif?.type ?? undefined,
    signInFrequencyAuthenticationType: sif?.authenticationType,
    signInFrequencyInterval: sif?.frequencyInterval,
  });
  // Only-default session controls are sent as null by the provider (entra-facts C.3).
  return Object.keys(out).length > 0 ? out : undefined;
}

function sessionToGraph(a: AzureadSessionControls | undefined): GraphSessionControls | undefined {
  if (!a) return undefined;
  const hasSif = a.signInFrequency !== undefined || a.signInFrequencyPeriod !== undefined
    || a.signInFrequencyAuthenticationType !== undefined || a.signInFrequencyInterval !== undefined;
  return compact({
    applicationEnforcedRestrictions: a.applicationEnforcedRestrictionsEnabled ? { isEnabled: true } : undefined,
    cloudAppSecurity: a.cloudAppSecurityPolicy ? { isEnabled: true, cloudAppSecurityType: a.cloudAppSecurityPolicy } : undefined,
    persistentBrowser: a.persistentBrowserMode ? { isEnabled: true, mode: a.persistentBrowserMode as "always" | "never" } : undefined,
    signInFrequency: hasSif
      ? compact({
        isEnabled: true,
        value: a.signInFrequency,
        type: a.signInFrequencyPeriod as "hours" | "days" | undefined,
        authenticationType: a.signInFrequencyAuthenticationType as "primaryAndSecondaryAuthentication" | undefined,
        frequencyInterval: a.signInFrequencyInterval as "timeBased" | "everyTime" | undefined,
      })
      : undefined,
    disableResilienceDefaults: a.disableResilienceDefaults ? true : undefined,
  });
}

/** Graph policy → azuread inputs. Throws UnsupportedByProviderError for Graph features 6.9.1 cannot deploy. */
export function graphToAzuread(p: GraphCaPolicy): AzureadCaPolicyArgs {
  const where = `policy '${p.displayName}'`;
  return compact({
    displayName: p.displayName,
    state: p.state,
    conditions: conditionsToAzuread(p.conditions, where),
    grantControls: grantToAzuread(p.grantControls),
    sessionControls: sessionToAzuread(p.sessionControls),
  });
}

/** azuread inputs → Graph policy (no `id`: that is the resource's `objectId` output). */
export function azureadToGraph(a: AzureadCaPolicyArgs): GraphCaPolicy {
  return compact({
    displayName: a.displayName,
    state: a.state as PolicyState,
    conditions: conditionsToGraph(a.conditions),
    grantControls: grantToGraph(a.grantControls),
    sessionControls: sessionToGraph(a.sessionControls),
  });
}
