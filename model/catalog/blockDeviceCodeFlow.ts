import type { CatalogPolicy } from "./types";

/** Device-code phishing; Graph `conditions.authenticationFlows.transferMethods`. */
export const blockDeviceCodeFlow: CatalogPolicy = {
  key: "blockDeviceCodeFlow",
  number: "009",
  title: "Block device code flow",
  build: () => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      authenticationFlows: { transferMethods: "deviceCodeFlow" },
    },
    grantControls: { operator: "OR", builtInControls: ["block"] },
  }),
};
