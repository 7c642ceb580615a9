/**
 * Price list and volume assumptions behind `guardrails cost`. Prices are third-party list prices
 * (entra-facts §A.7: monitoringcost.com, 2026; verify with the Azure Retail Prices API for your
 * region); volumes are assumptions where Microsoft publishes none. Override any of them with
 * `guardrails cost --assumptions <file.yaml>`.
 */
import type { Category, TablePlan } from "./categories";

export interface PriceTable {
  asOf: string;
  source: string;
  currency: string;
  ingestionPerGb: Record<TablePlan, number>;
  /** Analytics interactive retention beyond the included days, per GB-month. */
  interactiveRetentionPerGbMonth: number;
  /** Long-term retention (beyond interactive), per GB-month, equal for every plan. */
  longTermRetentionPerGbMonth: number;
  includedAnalyticsRetentionDays: number;
}

export const DEFAULT_PRICES: PriceTable = {
  asOf: "2026-11-22",
  source: "monitoringcost.com 2026 list prices (third-party; pay-as-you-go, before the 5 GB/month free allowance)",
  currency: "USD",
  ingestionPerGb: { Analytics: 2.3, Basic: 0.5, Auxiliary: 0.05 },
  interactiveRetentionPerGbMonth: 0.1,
  longTermRetentionPerGbMonth: 0.02,
  includedAnalyticsRetentionDays: 31,
};

export interface VolumeAssumption {
  eventsPerUserPerDay: number;
  kbPerEvent: number;
  basis: string;
}

const SIGNIN_KB = 11.5; // MS-doc: average sign-in event ~11.5 KB
const AUDIT_KB = 2; // MS-doc: audit event ~2 KB

export const DEFAULT_VOLUMES: Record<Category, VolumeAssumption> = {
  SignInLogs: { eventsPerUserPerDay: 15, kbPerEvent: SIGNIN_KB, basis: "assumption; dirteam estimates 50-200 sign-in events per user per day in total" },
  NonInteractiveUserSignInLogs: { eventsPerUserPerDay: 100, kbPerEvent: SIGNIN_KB, basis: "assumption: token refreshes dominate; no Microsoft-published ratio (measure the Usage table in a pilot)" },
  ServicePrincipalSignInLogs: { eventsPerUserPerDay: 10, kbPerEvent: SIGNIN_KB, basis: "assumption" },
  ManagedIdentitySignInLogs: { eventsPerUserPerDay: 5, kbPerEvent: SIGNIN_KB, basis: "assumption" },
  MicrosoftGraphActivityLogs: { eventsPerUserPerDay: 50, kbPerEvent: AUDIT_KB, basis: "assumption: one row per Graph request" },
  AuditLogs: { eventsPerUserPerDay: 10, kbPerEvent: AUDIT_KB, basis: "dirteam: 5-20 audit events per user per day; MS-doc size" },
  ProvisioningLogs: { eventsPerUserPerDay: 1, kbPerEvent: AUDIT_KB, basis: "assumption" },
  ADFSSignInLogs: { eventsPerUserPerDay: 0, kbPerEvent: SIGNIN_KB, basis: "assumption: no AD FS (cloud-only tenant)" },
  RiskyUsers: { eventsPerUserPerDay: 0.01, kbPerEvent: AUDIT_KB, basis: "assumption" },
  UserRiskEvents: { eventsPerUserPerDay: 0.05, kbPerEvent: AUDIT_KB, basis: "assumption" },
  RiskyServicePrincipals: { eventsPerUserPerDay: 0.001, kbPerEvent: AUDIT_KB, basis: "assumption" },
  ServicePrincipalRiskEvents: { eventsPerUserPerDay: 0.001, kbPerEvent: AUDIT_KB, basis: "assumption" },
  EnrichedOffice365AuditLogs: { eventsPerUserPerDay: 0, kbPerEvent: AUDIT_KB, basis: "assumption: Global Secure Access not in use" },
  NetworkAccessTrafficLogs: { eventsPerUserPerDay: 0, kbPerEvent: AUDIT_KB, basis: "assumption: Global Secure Access not in use" },
};

/** Billed size is about 25% below the raw JSON size (MS-doc `cost-logs.md`). */
export const BILLED_SIZE_FACTOR = 0.75;
export const DAYS_PER_MONTH = 30.4;
