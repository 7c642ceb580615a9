import type { CatalogPolicy } from "./types";

export const mfaOutsideTrustedLocations: CatalogPolicy = {
  key: "mfaOutsideTrustedLocations",
  number: "003",
  title: "MFA for all users outside trusted locations",
  build: () => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] },
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
  }),
};
