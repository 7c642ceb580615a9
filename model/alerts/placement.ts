/**
 * Whether an alert can run where the stack puts its tables: LogAlert rules read only Analytics
 * tables, SimpleLogAlert rules one Basic table, Auxiliary tables carry no alerts, and one rule's
 * tables share a workspace (entra-facts §A.4, §D.1). Config validation and the policy pack's
 * `alerts-on-alertable-tables` rule both call this.
 */
import type { EffectiveRoute } from "../logs/routes";
import type { AlertSpec } from "./types";

export function alertPlacementProblems(spec: Pick<AlertSpec, "kind" | "tables">, routes: readonly EffectiveRoute[]): string[] {
  const byTable = new Map(routes.map((r) => [r.table, r]));
  const problems: string[] = [];
  for (const table of spec.tables) {
    const route = byTable.get(table);
    if (!route) problems.push(`reads ${table}, which the stack does not route to any workspace`);
    else if (spec.kind === "LogAlert" && route.plan !== "Analytics") problems.push(`is a LogAlert on ${table}, which is on the ${route.plan} plan (log alerts need Analytics)`);
    else if (spec.kind === "SimpleLogAlert" && route.plan !== "Basic") problems.push(`is a SimpleLogAlert on ${table}, which is on the ${route.plan} plan (use a LogAlert on Analytics; Auxiliary tables carry no alerts)`);
  }
  const workspaces = new Set(spec.tables.map((t) => byTable.get(t)?.workspace).filter((w) => w !== undefined));
  if (workspaces.size > 1) problems.push(`reads tables in several workspaces (${[...workspaces].join(", ")}); route them to one workspace`);
  return problems;
}

/** The workspace an alert's tables live in. */
export function workspaceOf(spec: Pick<AlertSpec, "tables">, routes: readonly EffectiveRoute[]): string | undefined {
  return routes.find((r) => r.table === spec.tables[0])?.workspace;
}
