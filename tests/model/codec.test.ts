import { AUTH_STRENGTH_PREFIX, azureadToGraph, graphToAzuread, UnsupportedByProviderError } from "../../model/codec";
import type { AzureadCaPolicyArgs } from "../../model/azuread";
import type { GraphCaPolicy, GraphConditions } from "../../model/graph";

const G1 = "11111111-1111-4111-8111-111111111111";
const G2 = "22222222-2222-4222-8222-222222222222";

/** Minimal valid policy on both sides; each case below adds the fields of one mapping row. */
const graphBase = (conditions: Partial<GraphConditions> = {}, rest: Partial<GraphCaPolicy> = {}): GraphCaPolicy => ({
  displayName: "p",
  state: "enabled",
  conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] }, clientAppTypes: ["all"], ...conditions },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  ...rest,
});
const azureadBase = (conditions: Partial<AzureadCaPolicyArgs["conditions"]> = {}, rest: Partial<AzureadCaPolicyArgs> = {}): AzureadCaPolicyArgs => ({
  displayName: "p",
  state: "enabled",
  conditions: { applications: { includedApplications: ["All"] }, users: { includedUsers: ["All"] }, clientAppTypes: ["all"], ...conditions },
  grantControls: { operator: "OR", builtInControls: ["mfa"] },
  ...rest,
});

// One row per line of the mapping table in shared/reference/entra-facts.md §C.2.
const rows: [string, GraphCaPolicy, AzureadCaPolicyArgs][] = [
  ["displayName and state", graphBase({}, { displayName: "Report only", state: "enabledForReportingButNotEnforced" }), azureadBase({}, { displayName: "Report only", state: "enabledForReportingButNotEnforced" })],
  ["include/exclude applications", graphBase({ applications: { includeApplications: ["Office365"], excludeApplications: [G1] } }), azureadBase({ applications: { includedApplications: ["Office365"], excludedApplications: [G1] } })],
  ["includeUserActions", graphBase({ applications: { includeUserActions: ["urn:user:registersecurityinfo"] } }), azureadBase({ applications: { includedUserActions: ["urn:user:registersecurityinfo"] } })],
  ["include/exclude users", graphBase({ users: { includeUsers: [G1], excludeUsers: [G2] } }), azureadBase({ users: { includedUsers: [G1], excludedUsers: [G2] } })],
  ["include/exclude groups", graphBase({ users: { includeGroups: [G1], excludeGroups: [G2] } }), azureadBase({ users: { includedGroups: [G1], excludedGroups: [G2] } })],
  ["include/exclude roles", graphBase({ users: { includeRoles: [G1], excludeRoles: [G2] } }), azureadBase({ users: { includedRoles: [G1], excludedRoles: [G2] } })],
  [
    "guest types: comma-separated string ↔ list, all external tenants",
    graphBase({ users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: "internalGuest,b2bCollaborationGuest", externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", membershipKind: "all" } } } }),
    azureadBase({ users: { includedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: ["internalGuest", "b2bCollaborationGuest"], externalTenants: [{ membershipKind: "all" }] }] } }),
  ],
  [
    "excluded guests with enumerated tenants keep members",
    graphBase({ users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "serviceProvider", externalTenants: { "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants", membershipKind: "enumerated", members: [G1] } } } }),
    azureadBase({ users: { includedUsers: ["All"], excludedGuestsOrExternalUsers: [{ guestOrExternalUserTypes: ["serviceProvider"], externalTenants: [{ membershipKind: "enumerated", members: [G1] }] }] } }),
  ],
  [
    "client applications with servicePrincipalFilter → filter",
    graphBase({ clientApplications: { includeServicePrincipals: ["ServicePrincipalsInMyTenant"], excludeServicePrincipals: [G1], servicePrincipalFilter: { mode: "include", rule: "CustomSecurityAttribute.x -eq \"y\"" } } }),
    azureadBase({ clientApplications: { includedServicePrincipals: ["ServicePrincipalsInMyTenant"], excludedServicePrincipals: [G1], filter: { mode: "include", rule: "CustomSecurityAttribute.x -eq \"y\"" } } }),
  ],
  ["clientAppTypes", graphBase({ clientAppTypes: ["exchangeActiveSync", "other"] }), azureadBase({ clientAppTypes: ["exchangeActiveSync", "other"] })],
  ["devices.deviceFilter → devices.filter", graphBase({ devices: { deviceFilter: { mode: "exclude", rule: "device.isCompliant -eq True" } } }), azureadBase({ devices: { filter: { mode: "exclude", rule: "device.isCompliant -eq True" } } })],
  ["include/exclude locations", graphBase({ locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted", G1] } }), azureadBase({ locations: { includedLocations: ["All"], excludedLocations: ["AllTrusted", G1] } })],
  ["include/exclude platforms", graphBase({ platforms: { includePlatforms: ["all"], excludePlatforms: ["iOS"] } }), azureadBase({ platforms: { includedPlatforms: ["all"], excludedPlatforms: ["iOS"] } })],
  [
    "risk levels keep their names",
    graphBase({ signInRiskLevels: ["medium", "high"], userRiskLevels: ["high"], servicePrincipalRiskLevels: ["low"] }),
    azureadBase({ signInRiskLevels: ["medium", "high"], userRiskLevels: ["high"], servicePrincipalRiskLevels: ["low"] }),
  ],
  ["insiderRiskLevels single value", graphBase({ insiderRiskLevels: "elevated" }), azureadBase({ insiderRiskLevels: "elevated" })],
  ["authenticationFlows.transferMethods string ↔ list", graphBase({ authenticationFlows: { transferMethods: "deviceCodeFlow,authenticationTransfer" } }), azureadBase({ authenticationFlowTransferMethods: ["deviceCodeFlow", "authenticationTransfer"] })],
  ["grant operator and builtInControls", graphBase({}, { grantControls: { operator: "AND", builtInControls: ["mfa", "passwordChange"] } }), azureadBase({}, { grantControls: { operator: "AND", builtInControls: ["mfa", "passwordChange"] } })],
  ["customAuthenticationFactors", graphBase({}, { grantControls: { operator: "OR", customAuthenticationFactors: ["RequireDuoMfa"] } }), azureadBase({}, { grantControls: { operator: "OR", customAuthenticationFactors: ["RequireDuoMfa"] } })],
  ["termsOfUse → termsOfUses (plural)", graphBase({}, { grantControls: { operator: "OR", termsOfUse: [G1] } }), azureadBase({}, { grantControls: { operator: "OR", termsOfUses: [G1] } })],
  [
    "authenticationStrength.id ↔ prefixed authenticationStrengthPolicyId",
    graphBase({}, { grantControls: { operator: "OR", authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } } }),
    azureadBase({}, { grantControls: { operator: "OR", authenticationStrengthPolicyId: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004" } }),
  ],
  ["applicationEnforcedRestrictions.isEnabled", graphBase({}, { sessionControls: { applicationEnforcedRestrictions: { isEnabled: true } } }), azureadBase({}, { sessionControls: { applicationEnforcedRestrictionsEnabled: true } })],
  ["cloudAppSecurity → cloudAppSecurityPolicy", graphBase({}, { sessionControls: { cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: "blockDownloads" } } }), azureadBase({}, { sessionControls: { cloudAppSecurityPolicy: "blockDownloads" } })],
  ["persistentBrowser → persistentBrowserMode", graphBase({}, { sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } } }), azureadBase({}, { sessionControls: { persistentBrowserMode: "never" } })],
  [
    "signInFrequency value/type",
    graphBase({}, { sessionControls: { signInFrequency: { isEnabled: true, value: 4, type: "hours", authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "timeBased" } } }),
    azureadBase({}, { sessionControls: { signInFrequency: 4, signInFrequencyPeriod: "hours", signInFrequencyAuthenticationType: "primaryAndSecondaryAuthentication", signInFrequencyInterval: "timeBased" } }),
  ],
  [
    "signInFrequency everyTime without value",
    graphBase({}, { sessionControls: { signInFrequency: { isEnabled: true, authenticationType: "secondaryAuthentication", frequencyInterval: "everyTime" } } }),
    azureadBase({}, { sessionControls: { signInFrequencyAuthenticationType: "secondaryAuthentication", signInFrequencyInterval: "everyTime" } }),
  ],
  ["disableResilienceDefaults", graphBase({}, { sessionControls: { disableResilienceDefaults: true } }), azureadBase({}, { sessionControls: { disableResilienceDefaults: true } })],
];

describe("Graph ↔ azuread mapping (entra-facts §C.2)", () => {
  test.each(rows)("%s: Graph → azuread", (_name, graph, azuread) => {
    expect(graphToAzuread(graph)).toEqual(azuread);
  });

  test.each(rows)("%s: azuread → Graph", (_name, graph, azuread) => {
    expect(azureadToGraph(azuread)).toEqual(graph);
  });

  test("empty Graph lists, nulls and disabled session controls map to absent fields", () => {
    const graph: GraphCaPolicy = {
      ...graphBase({ signInRiskLevels: [], userRiskLevels: [], platforms: null, locations: null, devices: null, clientApplications: null, insiderRiskLevels: null }),
      grantControls: { operator: "OR", builtInControls: ["block"], customAuthenticationFactors: [], termsOfUse: [] },
      sessionControls: { persistentBrowser: { isEnabled: false, mode: "always" }, signInFrequency: { isEnabled: false, value: 1, type: "days" }, disableResilienceDefaults: false },
    };
    expect(graphToAzuread(graph)).toEqual(azureadBase({}, { grantControls: { operator: "OR", builtInControls: ["block"] } }));
  });

  test("a session-only policy has no grant block (Graph sends an empty one)", () => {
    const graph = graphBase({}, { grantControls: { operator: "OR", builtInControls: [] }, sessionControls: { persistentBrowser: { isEnabled: true, mode: "never" } } });
    expect(graphToAzuread(graph).grantControls).toBeUndefined();
  });

  test("authentication strength prefix is the documented one", () => {
    expect(AUTH_STRENGTH_PREFIX).toBe("/policies/authenticationStrengthPolicies/");
  });

  test("Graph features @pulumi/azuread 6.9.1 cannot deploy are refused, naming the field", () => {
    expect(() => graphToAzuread(graphBase({ applications: { includeApplications: ["All"], includeAuthenticationContextClassReferences: ["c1"] } })))
      .toThrow(new UnsupportedByProviderError("policy 'p': conditions.applications.includeAuthenticationContextClassReferences is not supported by @pulumi/azuread 6.9.1"));
    expect(() => graphToAzuread(graphBase({ applications: { includeApplications: ["All"], applicationFilter: { mode: "include", rule: "x" } } })))
      .toThrow(/applicationFilter/);
    expect(() => graphToAzuread(graphBase({ insiderRiskLevels: "minor,elevated" }))).toThrow(/insiderRiskLevels holds several levels/);
  });
});
