import { z } from "zod";
import { EVALUATION_FREQUENCIES, WINDOW_SIZES } from "./limits";
import type { AlertRuleDefinition, AlertSpec, CommonParams, Severity } from "./types";
import { tierOf } from "./types";

/**
 * Upper bounds on thresholds: a threshold no tenant can reach switches the alert off in all but
 * name (an incident profile could otherwise "relax" a burst alert to 10^12 users). Entra's largest
 * tenants have a few million users; a ratio of 1,000 over the baseline is beyond any real spike.
 */
export const MAX_USER_THRESHOLD = 1_000_000;
export const MAX_RATIO = 1_000;

const severity = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** `enabled`, `severity`, `evaluationFrequency`, `windowSize` with a rule's own defaults. */
export function commonParams(defaults: { severity: Severity; evaluationFrequency: (typeof EVALUATION_FREQUENCIES)[number]; windowSize: (typeof WINDOW_SIZES)[number] }) {
  return {
    enabled: z.boolean().default(true),
    severity: severity.default(defaults.severity),
    evaluationFrequency: z.enum(EVALUATION_FREQUENCIES).default(defaults.evaluationFrequency),
    windowSize: z.enum(WINDOW_SIZES).default(defaults.windowSize),
  };
}

/** A LogAlert spec carrying the rule's common settings. */
export function logAlert(
  def: Pick<AlertRuleDefinition, "key" | "title" | "description">,
  p: CommonParams,
  spec: Pick<AlertSpec, "query" | "tables" | "condition"> & Partial<Pick<AlertSpec, "name" | "displayName" | "overrideQueryTimeRange" | "severity">>,
): AlertSpec {
  const sev = spec.severity ?? p.severity;
  return {
    name: spec.name ?? def.key,
    rule: def.key,
    displayName: spec.displayName ?? def.title,
    description: def.description,
    kind: "LogAlert",
    severity: sev,
    tier: tierOf(sev),
    evaluationFrequency: p.evaluationFrequency,
    windowSize: p.windowSize,
    overrideQueryTimeRange: spec.overrideQueryTimeRange,
    query: spec.query,
    tables: spec.tables,
    condition: spec.condition,
    enabled: p.enabled,
  };
}

/** Initiator of an AuditLogs row: the user's UPN, else the app's name. */
export const KQL_ACTOR = `coalesce(tostring(InitiatedBy.user.userPrincipalName), tostring(InitiatedBy.app.displayName), "unknown")`;
