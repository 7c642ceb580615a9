/**
 * Plain-data mirror of `azuread.ConditionalAccessPolicyArgs` (@pulumi/azuread 6.9.1,
 * `types/input.d.ts`), so the model can map to it without importing Pulumi. Every field is
 * assignable to the SDK's `Input<...>` types because plain values are inputs.
 */

export interface AzureadGuests {
  guestOrExternalUserTypes: string[];
  externalTenants?: { membershipKind: string; members?: string[] }[];
}

export interface AzureadConditions {
  applications: {
    includedApplications?: string[];
    excludedApplications?: string[];
    includedUserActions?: string[];
  };
  users: {
    includedUsers?: string[];
    excludedUsers?: string[];
    includedGroups?: string[];
    excludedGroups?: string[];
    includedRoles?: string[];
    excludedRoles?: string[];
    includedGuestsOrExternalUsers?: AzureadGuests[];
    excludedGuestsOrExternalUsers?: AzureadGuests[];
  };
  clientAppTypes: string[];
  clientApplications?: {
    includedServicePrincipals?: string[];
    excludedServicePrincipals?: string[];
    filter?: { mode: string; rule: string };
  };
  devices?: { filter?: { mode: string; rule: string } };
  locations?: { includedLocations: string[]; excludedLocations?: string[] };
  platforms?: { includedPlatforms: string[]; excludedPlatforms?: string[] };
  signInRiskLevels?: string[];
  userRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  insiderRiskLevels?: string;
  authenticationFlowTransferMethods?: string[];
}

export interface AzureadGrantControls {
  operator: string;
  builtInControls?: string[];
  customAuthenticationFactors?: string[];
  termsOfUses?: string[];
  authenticationStrengthPolicyId?: string;
}

export interface AzureadSessionControls {
  applicationEnforcedRestrictionsEnabled?: boolean;
  cloudAppSecurityPolicy?: string;
  disableResilienceDefaults?: boolean;
  persistentBrowserMode?: string;
  signInFrequency?: number;
  signInFrequencyPeriod?: string;
  signInFrequencyAuthenticationType?: string;
  signInFrequencyInterval?: string;
}

export interface AzureadCaPolicyArgs {
  displayName: string;
  state: string;
  conditions: AzureadConditions;
  grantControls?: AzureadGrantControls;
  sessionControls?: AzureadSessionControls;
}

/** The resource type token the plan, the policy pack and the diff recognise CA policies by. */
export const CA_POLICY_TYPE = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
export const NAMED_LOCATION_TYPE = "azuread:index/namedLocation:NamedLocation";
