/**
 * The effective log split of a stack: every required category routed exactly once, to one
 * workspace, with a table plan and retention. Defaults keep everything alerts read on Analytics and
 * move the high-volume token and API streams to Basic (README "Log split").
 */
import type { LogsConfig } from "../profile/monitoringSchema";
import { CATEGORIES, CATEGORY_NAMES, REQUIRED_CATEGORIES, validRetention, validTotalRetention, type Category, type TablePlan } from "./categories";

export interface EffectiveRoute {
  category: Category;
  table: string;
  workspace: string;
  plan: TablePlan;
  /** Analytics only; Basic/Auxiliary have a fixed 30-day interactive period (entra-facts §A.5). */
  retentionInDays?: number;
  totalRetentionInDays: number;
}

interface RouteDefault {
  plan: TablePlan;
  retentionInDays?: number;
  totalRetentionInDays: number;
}

const ANALYTICS_YEAR: RouteDefault = { plan: "Analytics", retentionInDays: 90, totalRetentionInDays: 365 };
const BASIC_90: RouteDefault = { plan: "Basic", totalRetentionInDays: 90 };

/** The default split: alert sources on Analytics, token refreshes and API call streams on Basic. */
export const DEFAULT_ROUTES: Partial<Record<Category, RouteDefault>> = {
  SignInLogs: ANALYTICS_YEAR,
  AuditLogs: ANALYTICS_YEAR,
  RiskyUsers: ANALYTICS_YEAR,
  UserRiskEvents: ANALYTICS_YEAR,
  RiskyServicePrincipals: ANALYTICS_YEAR,
  ServicePrincipalRiskEvents: ANALYTICS_YEAR,
  ADFSSignInLogs: ANALYTICS_YEAR,
  ProvisioningLogs: ANALYTICS_YEAR,
  EnrichedOffice365AuditLogs: ANALYTICS_YEAR,
  // The short-lived token-refresh stream behind the April 2025 false positives: by far the largest.
  NonInteractiveUserSignInLogs: BASIC_90,
  ServicePrincipalSignInLogs: BASIC_90,
  ManagedIdentitySignInLogs: BASIC_90,
  MicrosoftGraphActivityLogs: BASIC_90,
};

/**
 * `@pulumi/azure-native` 3.28's `operationalinsights.Table` calls REST API 2023-09-01, whose
 * `TablePlanEnum` holds only Analytics and Basic (node_modules/@pulumi/azure-native/types/enums/
 * operationalinsights); Microsoft's Auxiliary samples use 2023-01-01-preview or later (entra-facts §B.3).
 */
export const AUXILIARY_NOT_DEPLOYABLE =
  "plan 'Auxiliary' cannot be deployed by this kit: @pulumi/azure-native 3.28's operationalinsights.Table uses API version 2023-09-01, which knows only Analytics and Basic. Use Basic (or Analytics) here; to use Auxiliary, switch the table outside this stack and list the category under guardrails:logs.omit";

export interface RouteIssue {
  path: (string | number)[];
  message: string;
}

function isCategory(name: string): name is Category {
  return (CATEGORY_NAMES as string[]).includes(name);
}

/** Configuration mistakes in `guardrails:logs`, with their key paths. */
export function routeIssues(logs: LogsConfig): RouteIssue[] {
  const issues: RouteIssue[] = [];
  const workspaces = new Set<string>();
  logs.workspaces.forEach((w, i) => {
    if (workspaces.has(w.name)) issues.push({ path: ["logs", "workspaces", i, "name"], message: `duplicate workspace '${w.name}'` });
    workspaces.add(w.name);
  });
  logs.omit.forEach((c, i) => {
    if (Object.hasOwn(logs.routes, c)) issues.push({ path: ["logs", "omit", i], message: `'${c}' is both omitted and routed (guardrails:logs.routes.${c})` });
  });
  for (const [name, r] of Object.entries(logs.routes)) {
    const at = ["logs", "routes", name];
    if (!isCategory(name)) {
      issues.push({ path: at, message: `is not an Entra diagnostic category (known: ${CATEGORY_NAMES.join(", ")})` });
      continue;
    }
    if (r.workspace !== undefined && !workspaces.has(r.workspace)) issues.push({ path: [...at, "workspace"], message: `unknown workspace '${r.workspace}' (not in guardrails:logs.workspaces)` });
    const plan = r.plan ?? DEFAULT_ROUTES[name]?.plan ?? "Analytics";
    const supported: readonly TablePlan[] = CATEGORIES[name].plans;
    if (plan === "Auxiliary") issues.push({ path: [...at, "plan"], message: AUXILIARY_NOT_DEPLOYABLE });
    else if (!supported.includes(plan)) issues.push({ path: [...at, "plan"], message: `table ${CATEGORIES[name].table} does not support the ${plan} plan (supports ${supported.join(", ")})` });
    if (r.retentionInDays !== undefined) {
      if (plan !== "Analytics") issues.push({ path: [...at, "retentionInDays"], message: `cannot be set on a ${plan} table: its interactive retention is fixed at 30 days (the API rejects it)` });
      else if (!validRetention(r.retentionInDays)) issues.push({ path: [...at, "retentionInDays"], message: "must be 4-730 days, or -1 for the workspace default" });
    }
    if (r.totalRetentionInDays !== undefined && !validTotalRetention(r.totalRetentionInDays)) {
      issues.push({ path: [...at, "totalRetentionInDays"], message: "must be 4-730 days, a whole number of years (1095, 1460, … 4383), or -1" });
    } else if (r.totalRetentionInDays !== undefined && r.retentionInDays !== undefined && r.totalRetentionInDays !== -1 && r.retentionInDays > r.totalRetentionInDays) {
      issues.push({ path: [...at, "totalRetentionInDays"], message: `must be at least retentionInDays (${r.retentionInDays})` });
    }
  }
  return issues;
}

/** Required categories with their defaults, overridden by `routes`; extra configured categories appended. */
export function effectiveRoutes(logs: LogsConfig): EffectiveRoute[] {
  const omitted = new Set<string>(logs.omit);
  const names: Category[] = [...REQUIRED_CATEGORIES, ...Object.keys(logs.routes).filter(isCategory).filter((c) => !REQUIRED_CATEGORIES.includes(c))]
    .filter((c) => !omitted.has(c));
  return names.map((category) => {
    const base: RouteDefault = DEFAULT_ROUTES[category] ?? ANALYTICS_YEAR;
    const o = (Object.hasOwn(logs.routes, category) ? logs.routes[category] : undefined) ?? {};
    const plan = o.plan ?? base.plan;
    return {
      category,
      table: CATEGORIES[category].table,
      workspace: o.workspace ?? logs.workspaces[0].name,
      plan,
      ...(plan === "Analytics" ? { retentionInDays: o.retentionInDays ?? base.retentionInDays ?? 90 } : {}),
      totalRetentionInDays: o.totalRetentionInDays ?? base.totalRetentionInDays,
    };
  });
}

export function archiveCategories(logs: LogsConfig): Category[] {
  if (!logs.archive) return [];
  return (logs.archive.categories?.filter(isCategory) ?? [...REQUIRED_CATEGORIES]).filter((c) => !logs.omit.includes(c));
}
