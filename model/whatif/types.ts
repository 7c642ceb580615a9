/**
 * What-if inputs and outputs in Microsoft Graph's vocabulary (`conditionalAccess/evaluate`,
 * `whatIfAnalysisResult`), normalised for evaluation.
 */
export type RiskLevel = "none" | "low" | "medium" | "high" | "hidden";

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  userType: "Member" | "Guest";
  /** Graph guest/external types of this user (for `includeGuestsOrExternalUsers`). */
  guestOrExternalUserTypes?: string[];
  /** Home tenant of an external user (for enumerated external tenants). */
  externalTenantId?: string;
  /** Group ids (transitive membership, as the directory export states it). */
  memberOf: string[];
  /** Role template ids. */
  roles: string[];
}

export interface Directory {
  users: DirectoryUser[];
  groups: { id: string; displayName: string }[];
}

export interface NamedLocation {
  id: string;
  displayName: string;
  kind: "ip" | "country" | "other";
  isTrusted: boolean;
  /** Parsed CIDR ranges (ip). */
  ipRanges: string[];
  countries: string[];
  includeUnknownCountriesAndRegions: boolean;
}

/** Device attributes by their filter-rule names (`deviceOwnership`, `isCompliant`, `physicalIds`, …). */
export interface DeviceInfo {
  [property: string]: string | boolean | string[] | undefined;
}

/** One sign-in to evaluate: the Graph evaluate request, resolved against the directory. */
export interface SignIn {
  user?: DirectoryUser;
  servicePrincipalId?: string;
  /** Application ids (applicationContext), a user action (urn form) or an authentication context. */
  applications?: string[];
  userAction?: string;
  authenticationContext?: string;
  clientAppType?: string;
  devicePlatform?: string;
  ipAddress?: string;
  country?: string;
  signInRiskLevel?: RiskLevel;
  userRiskLevel?: RiskLevel;
  servicePrincipalRiskLevel?: RiskLevel;
  insiderRiskLevel?: string;
  deviceInfo?: DeviceInfo;
  authenticationFlow?: string;
}

/** Graph `whatIfAnalysisReasons` values used here. */
export type AnalysisReason =
  | "users" | "workloadIdentities" | "application" | "userActions" | "authenticationContext" | "clientApps"
  | "devicePlatform" | "location" | "signInRisk" | "userRisk" | "insiderRisk" | "servicePrincipalRisk"
  | "devices" | "authenticationFlow" | "policyNotEnabled" | "notEnoughInformation";

export interface PolicyEvaluation {
  applies: boolean;
  reasons: AnalysisReason[];
}
