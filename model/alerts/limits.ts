/**
 * Azure Monitor log alert limits (entra-facts §B.5, §D.1; MS-doc `alerts/resource-manager-alerts-log.md`,
 * `alerts/alerts-create-log-alert-rule.md`, `azure-monitor-limits-alerts.md`).
 */
import { transformSubsetProblems } from "../kql/transformSubset";
import type { AlertSpec } from "./types";

export const WINDOW_SIZES = ["PT1M", "PT5M", "PT10M", "PT15M", "PT30M", "PT45M", "PT1H", "PT2H", "PT3H", "PT4H", "PT5H", "PT6H", "P1D", "P2D"] as const;
/**
 * PT12H is not offered: Microsoft's template reference lists it only in parentheses and the
 * azurerm provider's validation of `evaluation_frequency` (terraform-provider-azurerm,
 * monitor_scheduled_query_rules_alert_v2) accepts PT1M-PT6H and P1D only.
 */
export const EVALUATION_FREQUENCIES = ["PT1M", "PT5M", "PT10M", "PT15M", "PT30M", "PT45M", "PT1H", "PT2H", "PT3H", "PT4H", "PT5H", "PT6H", "P1D"] as const;
export const MAX_QUERY_RANGE_MINUTES = 2 * 24 * 60;
export const MAX_DIMENSIONS = 6;
export const MAX_DESCRIPTION = 4096;

/** ISO-8601 durations of the forms above → minutes. */
export function durationMinutes(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m || iso === "P" || iso === "PT") throw new Error(`'${iso}' is not an ISO-8601 duration such as PT5M or P1D`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Every way the rule breaks a documented limit; empty when it is deployable. */
export function alertLimitProblems(spec: AlertSpec): string[] {
  const problems: string[] = [];
  if (spec.description.length > MAX_DESCRIPTION) problems.push(`description is ${spec.description.length} characters (limit ${MAX_DESCRIPTION})`);
  if (spec.kind === "SimpleLogAlert") {
    if (spec.tables.length !== 1) problems.push("a SimpleLogAlert reads exactly one table");
    const subset = transformSubsetProblems(spec.query);
    if (subset.length > 0) problems.push(`a SimpleLogAlert query must stay in the transformation KQL subset: ${subset.join("; ")}`);
    return problems;
  }
  const freq = spec.evaluationFrequency ?? "";
  const window = spec.windowSize ?? "";
  if (!(EVALUATION_FREQUENCIES as readonly string[]).includes(freq)) problems.push(`evaluationFrequency '${freq}' is not one of ${EVALUATION_FREQUENCIES.join(", ")}`);
  if (!(WINDOW_SIZES as readonly string[]).includes(window)) problems.push(`windowSize '${window}' is not one of ${WINDOW_SIZES.join(", ")}`);
  const range = spec.overrideQueryTimeRange ?? window;
  if (range && /^P/.test(range) && durationMinutes(range) > MAX_QUERY_RANGE_MINUTES) problems.push(`query time range ${range} exceeds the 2-day lookback of log alerts`);
  if (freq === "PT1M" && /\bunion\b/.test(spec.query)) problems.push("a 1-minute rule cannot use union (use PT5M or more)");
  if ((spec.condition?.dimensions.length ?? 0) > MAX_DIMENSIONS) problems.push(`${spec.condition!.dimensions.length} dimensions (limit ${MAX_DIMENSIONS})`);
  return problems;
}
