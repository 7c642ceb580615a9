/**
 * Conditional Access policies in Microsoft Graph's own vocabulary (the JSON of
 * `/identity/conditionalAccess/policies`), which is what the Entra portal exports and
 * what the what-if evaluator consumes. Only the fields the kit reasons about are typed;
 * Graph sends more (`templateId`, `@odata.*`), which readers ignore.
 */

export type PolicyState = "enabled" | "disabled" | "enabledForReportingButNotEnforced";

export const POLICY_STATES: readonly PolicyState[] = ["enabled", "disabled", "enabledForReportingButNotEnforced"];

export interface GraphFilter {
  mode: "include" | "exclude";
  rule: string;
}

export interface GraphExternalTenants {
  "@odata.type"?: string;
  membershipKind: "all" | "enumerated" | "unknownFutureValue";
  members?: string[];
}

/** Graph keeps the guest types as one comma-separated flags string. */
export interface GraphGuestsOrExternalUsers {
  guestOrExternalUserTypes: string;
  externalTenants?: GraphExternalTenants | null;
}

export interface GraphUsers {
  includeUsers?: string[];
  excludeUsers?: string[];
  includeGroups?: string[];
  excludeGroups?: string[];
  includeRoles?: string[];
  excludeRoles?: string[];
  includeGuestsOrExternalUsers?: GraphGuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers?: GraphGuestsOrExternalUsers | null;
}

export interface GraphApplications {
  includeApplications?: string[];
  excludeApplications?: string[];
  includeUserActions?: string[];
  /** Not deployable through @pulumi/azuread 6.9.1; the evaluator still understands it. */
  includeAuthenticationContextClassReferences?: string[];
  /** Not deployable through @pulumi/azuread 6.9.1 (terraform-provider-azuread 3.9.0 only). */
  applicationFilter?: GraphFilter | null;
}

export interface GraphClientApplications {
  includeServicePrincipals?: string[];
  excludeServicePrincipals?: string[];
  servicePrincipalFilter?: GraphFilter | null;
}

export interface GraphConditions {
  applications?: GraphApplications | null;
  users?: GraphUsers | null;
  clientApplications?: GraphClientApplications | null;
  clientAppTypes?: string[];
  devices?: { deviceFilter?: GraphFilter | null } | null;
  locations?: { includeLocations?: string[]; excludeLocations?: string[] } | null;
  platforms?: { includePlatforms?: string[]; excludePlatforms?: string[] } | null;
  signInRiskLevels?: string[];
  userRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  /** A flags string in Graph; a single value in azuread 6.9.1. */
  insiderRiskLevels?: string | null;
  /** `transferMethods` is one comma-separated flags string in Graph. */
  authenticationFlows?: { transferMethods?: string } | null;
}

export interface GraphGrantControls {
  operator: "AND" | "OR";
  builtInControls?: string[];
  customAuthenticationFactors?: string[];
  termsOfUse?: string[];
  authenticationStrength?: { id: string; displayName?: string } | null;
}

export interface GraphSignInFrequency {
  isEnabled?: boolean;
  value?: number | null;
  type?: "hours" | "days" | null;
  authenticationType?: "primaryAndSecondaryAuthentication" | "secondaryAuthentication";
  frequencyInterval?: "timeBased" | "everyTime";
}

export interface GraphSessionControls {
  applicationEnforcedRestrictions?: { isEnabled: boolean } | null;
  cloudAppSecurity?: { isEnabled: boolean; cloudAppSecurityType?: string } | null;
  persistentBrowser?: { isEnabled: boolean; mode?: "always" | "never" } | null;
  signInFrequency?: GraphSignInFrequency | null;
  disableResilienceDefaults?: boolean | null;
}

export interface GraphCaPolicy {
  id?: string;
  displayName: string;
  state: PolicyState;
  conditions: GraphConditions;
  grantControls?: GraphGrantControls | null;
  sessionControls?: GraphSessionControls | null;
}

/** Microsoft's built-in authentication strength for phishing-resistant MFA (entra-facts C.1). */
export const PHISHING_RESISTANT_MFA_STRENGTH_ID = "00000000-0000-0000-0000-000000000004";

/**
 * Microsoft's three built-in authentication strengths, the same id in every tenant (Graph
 * "Authentication strengths API overview": Multifactor authentication, Passwordless MFA,
 * Phishing-resistant MFA; ids per entra-facts §C.2).
 */
export const BUILT_IN_AUTHENTICATION_STRENGTHS: Readonly<Record<string, string>> = {
  "00000000-0000-0000-0000-000000000002": "Multifactor authentication",
  "00000000-0000-0000-0000-000000000003": "Passwordless MFA",
  [PHISHING_RESISTANT_MFA_STRENGTH_ID]: "Phishing-resistant MFA",
};
