import { PHISHING_RESISTANT_MFA_STRENGTH_ID } from "../graph";
import type { CatalogPolicy } from "./types";

/** Admin roles must use the built-in "Phishing-resistant MFA" authentication strength. */
export const adminPhishingResistantMfa: CatalogPolicy = {
  key: "adminPhishingResistantMfa",
  number: "002",
  title: "Phishing-resistant MFA for administrators",
  neverRelax: true,
  build: (ctx) => ({
    conditions: {
      users: { includeRoles: [...ctx.adminRoles] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
    },
    grantControls: { operator: "OR", authenticationStrength: { id: PHISHING_RESISTANT_MFA_STRENGTH_ID } },
  }),
};
