import type { CatalogPolicy } from "./types";

/** Microsoft's template "Require multifactor authentication for elevated sign-in risk". */
export const signInRiskMfa: CatalogPolicy = {
  key: "signInRiskMfa",
  number: "008",
  title: "MFA for risky sign-ins",
  risk: "signInRisk",
  build: (ctx) => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      signInRiskLevels: [...ctx.riskLevels],
    },
    grantControls: { operator: "OR", builtInControls: ["mfa"] },
    sessionControls: { signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "everyTime" } },
  }),
};
