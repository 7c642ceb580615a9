import type { CatalogPolicy } from "./types";

/** Legacy protocols cannot do MFA; Microsoft's template "Block legacy authentication". */
export const blockLegacyAuthentication: CatalogPolicy = {
  key: "blockLegacyAuthentication",
  number: "001",
  title: "Block legacy authentication",
  neverRelax: true,
  build: () => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["exchangeActiveSync", "other"],
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  }),
};
