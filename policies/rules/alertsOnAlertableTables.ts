import { alertPlacementProblems } from "../../model/alerts/placement";
import { alertRules, routesOf } from "../framework/resources";
import type { StackRule } from "../framework/types";

/** Log alerts need Analytics tables; Basic allows only simple log alerts; Auxiliary none (entra-facts §A.4). */
export const alertsOnAlertableTables: StackRule = {
  kind: "stack",
  name: "alerts-on-alertable-tables",
  description: "No LogAlert rule reads a table on the Basic or Auxiliary plan, and every table an alert reads is routed.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Keep alert sources on Analytics, or use a SimpleLogAlert on a single Basic table.",
  check(resources) {
    const routes = routesOf(resources);
    return alertRules(resources).flatMap((a) => alertPlacementProblems({ kind: a.kind, tables: a.tables }, routes)
      .map((p) => ({ urn: a.resource.urn, message: `alert rule '${String(a.resource.props.displayName ?? a.resource.name)}' ${p}` })));
  },
};
