import type { CatalogPolicy } from "./types";

/**
 * Security-info registration only from trusted locations (Microsoft's template "Securing
 * security info registration"). Report-only cannot evaluate user-action policies
 * (entra-facts C.5), so its report-only stage produces no sign-in log results.
 */
export const securityInfoFromTrustedLocations: CatalogPolicy = {
  key: "securityInfoFromTrustedLocations",
  number: "010",
  title: "Security info registration only from trusted locations",
  build: () => ({
    conditions: {
      users: { includeUsers: ["All"], excludeUsers: ["GuestsOrExternalUsers"] },
      applications: { includeUserActions: ["urn:user:registersecurityinfo"] },
      clientAppTypes: ["all"],
      locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  }),
};
