import type { CatalogPolicy } from "./types";

/**
 * High user risk is remediated (secure password change after MFA), not blocked: Microsoft's
 * template "Require secure password change for elevated user risk", which also sets sign-in
 * frequency to every time. Blocking here is what locked organisations out in April 2025.
 */
export const userRiskRemediation: CatalogPolicy = {
  key: "userRiskRemediation",
  number: "007",
  title: "Password change and MFA for risky users",
  risk: "userRisk",
  build: (ctx) => ({
    conditions: {
      users: { includeUsers: ["All"] },
      applications: { includeApplications: ["All"] },
      clientAppTypes: ["all"],
      userRiskLevels: [...ctx.riskLevels],
    },
    grantControls: { operator: "AND", builtInControls: ["mfa", "passwordChange"] },
    sessionControls: { signInFrequency: { isEnabled: true, authenticationType: "primaryAndSecondaryAuthentication", frequencyInterval: "everyTime" } },
  }),
};
