/**
 * Entra diagnostic-setting categories, the Log Analytics table each lands in, and which table
 * plans each table supports. Sources: shared/reference/entra-facts.md §A.1 (MicrosoftDocs
 * entra-docs `concept-diagnostic-settings-logs-options.md`; azure-reference-other table pages)
 * and §A.3 "current" (azure-monitor-docs `tables-features.md`, ms.date 09/28/2026). Table
 * support changes over time; re-check before relying on Basic/Auxiliary for a new table.
 */

export type TablePlan = "Analytics" | "Basic" | "Auxiliary";

export interface CategoryInfo {
  /** Log Analytics table the category writes to. */
  table: string;
  plans: readonly TablePlan[];
}

const ALL_PLANS: readonly TablePlan[] = ["Analytics", "Basic", "Auxiliary"];

export const CATEGORIES = {
  AuditLogs: { table: "AuditLogs", plans: ["Analytics", "Auxiliary"] },
  SignInLogs: { table: "SigninLogs", plans: ALL_PLANS },
  NonInteractiveUserSignInLogs: { table: "AADNonInteractiveUserSignInLogs", plans: ALL_PLANS },
  ServicePrincipalSignInLogs: { table: "AADServicePrincipalSignInLogs", plans: ALL_PLANS },
  ManagedIdentitySignInLogs: { table: "AADManagedIdentitySignInLogs", plans: ALL_PLANS },
  ProvisioningLogs: { table: "AADProvisioningLogs", plans: ALL_PLANS },
  ADFSSignInLogs: { table: "ADFSSignInLogs", plans: ALL_PLANS },
  RiskyUsers: { table: "AADRiskyUsers", plans: ALL_PLANS },
  UserRiskEvents: { table: "AADUserRiskEvents", plans: ALL_PLANS },
  RiskyServicePrincipals: { table: "AADRiskyServicePrincipals", plans: ALL_PLANS },
  ServicePrincipalRiskEvents: { table: "AADServicePrincipalRiskEvents", plans: ALL_PLANS },
  MicrosoftGraphActivityLogs: { table: "MicrosoftGraphActivityLogs", plans: ALL_PLANS },
  // Not in the table-features list: assume Analytics only until Microsoft documents more.
  EnrichedOffice365AuditLogs: { table: "EnrichedMicrosoft365AuditLogs", plans: ["Analytics"] },
  NetworkAccessTrafficLogs: { table: "NetworkAccessTraffic", plans: ALL_PLANS },
} as const satisfies Record<string, CategoryInfo>;

export type Category = keyof typeof CATEGORIES;

export const CATEGORY_NAMES = Object.keys(CATEGORIES) as Category[];

/**
 * CISA SCuBA MS.AAD.4.1 requires these categories to reach the agency's log platform; the kit
 * adds ManagedIdentitySignInLogs and ProvisioningLogs (issue #3).
 */
export const CISA_MS_AAD_4_1: readonly Category[] = [
  "AuditLogs", "SignInLogs", "RiskyUsers", "UserRiskEvents", "NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs",
  "ADFSSignInLogs", "RiskyServicePrincipals", "ServicePrincipalRiskEvents", "EnrichedOffice365AuditLogs", "MicrosoftGraphActivityLogs",
];
export const REQUIRED_CATEGORIES: readonly Category[] = [...CISA_MS_AAD_4_1, "ManagedIdentitySignInLogs", "ProvisioningLogs"];

export function tableOf(category: Category): string {
  return CATEGORIES[category].table;
}

/** Tables that can carry a regular (LogAlert) rule: only the Analytics plan (entra-facts §A.4, §D.1). */
export function isAlertablePlan(plan: TablePlan): boolean {
  return plan === "Analytics";
}

/**
 * Retention limits (entra-facts §A.5; pkg `operationalinsights/table.d.ts`): analytics retention
 * 4–730 days or -1 (workspace default); total retention 4–730 or one of the whole-year values.
 */
export const TOTAL_RETENTION_YEAR_VALUES = [1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383] as const;

export function validRetention(days: number): boolean {
  return days === -1 || (Number.isInteger(days) && days >= 4 && days <= 730);
}

export function validTotalRetention(days: number): boolean {
  return validRetention(days) || (TOTAL_RETENTION_YEAR_VALUES as readonly number[]).includes(days);
}
