/** Reading the tenant model back out of analyzer resources (props are azuread / azure-native inputs). */
import { CA_POLICY_TYPE, type AzureadCaPolicyArgs } from "../../model/azuread";
import { azureadToGraph } from "../../model/codec";
import type { GraphCaPolicy } from "../../model/graph";
import type { TablePlan } from "../../model/logs/categories";
import { CATEGORIES } from "../../model/logs/categories";
import type { EffectiveRoute } from "../../model/logs/routes";
import type { PackResource } from "./types";

export const TABLE_TYPE = "azure-native:operationalinsights:Table";
export const DIAGNOSTIC_SETTING_TYPE = "azure-native:aadiam:DiagnosticSetting";
export const ALERT_RULE_TYPE = "azure-native:monitor:ScheduledQueryRule";

export function graphOf(r: PackResource): GraphCaPolicy {
  return azureadToGraph(r.props as unknown as AzureadCaPolicyArgs);
}

export function caPolicies(resources: readonly PackResource[]): { resource: PackResource; policy: GraphCaPolicy }[] {
  return resources.filter((r) => r.type === CA_POLICY_TYPE).map((resource) => ({ resource, policy: graphOf(resource) }));
}

const lastSegment = (armId: unknown) => String(armId ?? "").split("/").pop() ?? "";

/** Where each category lands and on which plan, as the stack's resources declare it. */
export function routesOf(resources: readonly PackResource[]): EffectiveRoute[] {
  const plans = new Map(resources.filter((r) => r.type === TABLE_TYPE)
    .map((r) => [`${String(r.props.workspaceName)}/${String(r.props.tableName)}`, r.props]));
  const routes: EffectiveRoute[] = [];
  for (const d of resources.filter((r) => r.type === DIAGNOSTIC_SETTING_TYPE && r.props.workspaceId !== undefined)) {
    const workspace = lastSegment(d.props.workspaceId);
    for (const log of (d.props.logs ?? []) as { category: string; enabled?: boolean }[]) {
      if (log.enabled === false) continue;
      const table = CATEGORIES[log.category as keyof typeof CATEGORIES]?.table;
      if (!table) continue;
      const t = plans.get(`${workspace}/${table}`);
      routes.push({
        category: log.category as EffectiveRoute["category"],
        table,
        workspace,
        plan: (t?.plan ?? "Analytics") as TablePlan,
        totalRetentionInDays: Number(t?.totalRetentionInDays ?? -1),
      });
    }
  }
  return routes;
}

export interface AlertRuleView {
  resource: PackResource;
  kind: "LogAlert" | "SimpleLogAlert";
  severity?: number;
  enabled: boolean;
  query: string;
  /** Known Entra tables the query names. */
  tables: string[];
}

const KNOWN_TABLES = [...new Set(Object.values(CATEGORIES).map((c) => c.table))];

export function alertRules(resources: readonly PackResource[]): AlertRuleView[] {
  return resources.filter((r) => r.type === ALERT_RULE_TYPE).map((resource) => {
    const p = resource.props as Record<string, any>;
    const query = String(p.criteria?.allOf?.[0]?.query ?? "");
    return {
      resource,
      kind: (p.kind ?? "LogAlert") as AlertRuleView["kind"],
      severity: p.severity === undefined ? undefined : Number(p.severity),
      enabled: p.enabled !== false,
      query,
      tables: KNOWN_TABLES.filter((t) => new RegExp(`\\b${t}\\b`).test(query)),
    };
  });
}

/** Whole days between two dates (b − a). */
export function daysBetween(a: Date, b: Date): number {
  return Math.floor((b.getTime() - a.getTime()) / 86_400_000);
}
