/**
 * Strict schema of a Conditional Access policy body in Graph vocabulary (model/graph.ts), for
 * `guardrails:customPolicies`. Enum values: entra-facts §C.1 (without `unknownFutureValue`,
 * which Graph rejects: terraform-provider-azuread #730).
 */
import { z } from "zod";
import { isGuid, USER_ACTIONS } from "../references";
import { DeviceFilterError, parseDeviceFilter } from "../whatif/deviceFilter";

const list = z.array(z.string().min(1));
const filter = z.strictObject({
  mode: z.enum(["include", "exclude"]),
  // Parsed at load, so a rule the evaluator cannot read never reaches the program or the pack.
  rule: z.string().min(1).superRefine((rule, ctx) => {
    try {
      parseDeviceFilter(rule);
    } catch (e) {
      if (!(e instanceof DeviceFilterError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
    }
  }),
});
const risk = z.array(z.enum(["low", "medium", "high", "hidden", "none"]));

const guests = z.strictObject({
  guestOrExternalUserTypes: z.string().regex(
    /^(internalGuest|b2bCollaborationGuest|b2bCollaborationMember|b2bDirectConnectUser|otherExternalUser|serviceProvider)(,(internalGuest|b2bCollaborationGuest|b2bCollaborationMember|b2bDirectConnectUser|otherExternalUser|serviceProvider))*$/,
    { message: "must be a comma-separated list of guest types (internalGuest, b2bCollaborationGuest, b2bCollaborationMember, b2bDirectConnectUser, otherExternalUser, serviceProvider)" },
  ),
  externalTenants: z.strictObject({
    membershipKind: z.enum(["all", "enumerated"]),
    // Graph wants tenant ids here; a domain name is refused by Graph (and used to hang the offline engine).
    members: z.array(z.string().refine(isGuid, { message: "must be a tenant id (GUID), not a domain name" })).optional(),
  }).optional(),
});

export const conditionsSchema = z.strictObject({
  users: z.strictObject({
    includeUsers: list.optional(), excludeUsers: list.optional(),
    includeGroups: list.optional(), excludeGroups: list.optional(),
    includeRoles: list.optional(), excludeRoles: list.optional(),
    includeGuestsOrExternalUsers: guests.optional(), excludeGuestsOrExternalUsers: guests.optional(),
  }),
  applications: z.strictObject({
    includeApplications: list.optional(), excludeApplications: list.optional(),
    includeUserActions: z.array(z.enum(USER_ACTIONS, { message: `must be one of ${USER_ACTIONS.join(", ")}` })).optional(),
  }),
  clientAppTypes: z.array(z.enum(["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"])).min(1),
  clientApplications: z.strictObject({ includeServicePrincipals: list.optional(), excludeServicePrincipals: list.optional(), servicePrincipalFilter: filter.optional() }).optional(),
  devices: z.strictObject({ deviceFilter: filter }).optional(),
  locations: z.strictObject({ includeLocations: list.min(1), excludeLocations: list.optional() }).optional(),
  platforms: z.strictObject({
    includePlatforms: z.array(z.enum(["all", "android", "iOS", "linux", "macOS", "windows", "windowsPhone"])).min(1),
    excludePlatforms: z.array(z.enum(["android", "iOS", "linux", "macOS", "windows", "windowsPhone"])).optional(),
  }).optional(),
  signInRiskLevels: risk.optional(),
  userRiskLevels: risk.optional(),
  servicePrincipalRiskLevels: z.array(z.enum(["low", "medium", "high", "none"])).optional(),
  insiderRiskLevels: z.enum(["minor", "moderate", "elevated"]).optional(),
  authenticationFlows: z.strictObject({ transferMethods: z.string().regex(/^(deviceCodeFlow|authenticationTransfer)(,(deviceCodeFlow|authenticationTransfer))?$/) }).optional(),
});

export const grantSchema = z.strictObject({
  operator: z.enum(["AND", "OR"]),
  builtInControls: z.array(z.enum(["block", "mfa", "approvedApplication", "compliantApplication", "compliantDevice", "domainJoinedDevice", "passwordChange"])).optional(),
  customAuthenticationFactors: list.optional(),
  termsOfUse: list.optional(),
  authenticationStrength: z.strictObject({ id: z.string().min(1) }).optional(),
}).refine((g) => (g.builtInControls?.length ?? 0) + (g.termsOfUse?.length ?? 0) + (g.customAuthenticationFactors?.length ?? 0) > 0 || g.authenticationStrength, {
  message: "needs at least one of builtInControls, termsOfUse, customAuthenticationFactors or authenticationStrength (terraform-provider-azuread #1168)",
});

export const sessionSchema = z.strictObject({
  applicationEnforcedRestrictions: z.strictObject({ isEnabled: z.boolean() }).optional(),
  cloudAppSecurity: z.strictObject({ isEnabled: z.boolean(), cloudAppSecurityType: z.enum(["blockDownloads", "mcasConfigured", "monitorOnly"]) }).optional(),
  persistentBrowser: z.strictObject({ isEnabled: z.boolean(), mode: z.enum(["always", "never"]) }).optional(),
  signInFrequency: z.strictObject({
    isEnabled: z.boolean().default(true),
    value: z.number().int().positive().optional(),
    type: z.enum(["hours", "days"]).optional(),
    authenticationType: z.enum(["primaryAndSecondaryAuthentication", "secondaryAuthentication"]).optional(),
    frequencyInterval: z.enum(["timeBased", "everyTime"]).optional(),
  }).optional(),
  disableResilienceDefaults: z.boolean().optional(),
});

export const customPolicySchema = z.strictObject({
  displayName: z.string().min(1).max(256),
  /** Emergency relaxation may never touch it. */
  neverRelax: z.boolean().default(false),
  conditions: conditionsSchema,
  grantControls: grantSchema.optional(),
  sessionControls: sessionSchema.optional(),
}).refine((p) => p.grantControls || p.sessionControls, { message: "needs grantControls or sessionControls" });
