import type { z } from "zod";
import type { TablePlan } from "../logs/categories";

export type Tier = "sev0" | "sev1" | "sev2";
export type Severity = 0 | 1 | 2 | 3 | 4;

/** The action group tier a severity pages: Sev0 on-call, Sev1 SOC, everything else email. */
export function tierOf(severity: Severity): Tier {
  return severity === 0 ? "sev0" : severity === 1 ? "sev1" : "sev2";
}

export interface AlertCondition {
  /** LogAlert: how rows aggregate per dimension combination; omitted = count rows. */
  timeAggregation: "Count" | "Maximum" | "Total";
  metricMeasureColumn?: string;
  /** Static-threshold operators of the ScheduledQueryRules API (not azure-native's `ConditionOperator`, which is another API's enum: entra-facts §B.5). */
  operator: "GreaterThan" | "GreaterThanOrEqual";
  threshold: number;
  dimensions: string[];
}

/** One scheduled query rule the stack deploys, in plain data. */
export interface AlertSpec {
  /** Pulumi resource name and Azure rule name suffix. */
  name: string;
  /** The alert definition (rule file) it comes from. */
  rule: string;
  displayName: string;
  description: string;
  /** `SimpleLogAlert` only where a table is on the Basic plan (entra-facts §A.4). */
  kind: "LogAlert" | "SimpleLogAlert";
  severity: Severity;
  tier: Tier;
  /** LogAlert only. */
  evaluationFrequency?: string;
  windowSize?: string;
  overrideQueryTimeRange?: string;
  query: string;
  /** Tables the query reads. */
  tables: string[];
  /** LogAlert only. */
  condition?: AlertCondition;
  /** SimpleLogAlert only: matching rows needed to fire. */
  minRecurrenceCount?: number;
  enabled: boolean;
}

export interface BreakGlassIdentity {
  objectIds: string[];
  userPrincipalNames: string[];
  /** Exclusion group, by id when known and by display name. */
  groupIds: string[];
  groupName: string;
}

export interface AlertContext<P> {
  params: P;
  /** The plan each table is on in this stack; undefined when the table is not routed. */
  planOf(table: string): TablePlan | undefined;
  breakGlass: BreakGlassIdentity;
  microsoftIpRanges: { v4: string[]; v6: string[] };
  ignoreInitiators: string[];
}

/** Settings every rule accepts (validated against the allowed values of §B.5). */
export interface CommonParams {
  enabled: boolean;
  severity: Severity;
  evaluationFrequency: string;
  windowSize: string;
}

export interface AlertRuleDefinition<S extends z.ZodType = z.ZodType> {
  key: string;
  title: string;
  /** Why it exists and what fires it: shown in README and the rule description. */
  description: string;
  /** Schema of `guardrails:alerts.rules.<key>`, with the documented defaults. */
  params: S;
  build(ctx: AlertContext<z.output<S>>): AlertSpec[];
}

/** `["a","b"]` → `dynamic(["a", "b"])`, escaping for a KQL string literal. */
export function kqlDynamic(values: readonly string[]): string {
  return `dynamic([${values.map((v) => JSON.stringify(v)).join(", ")}])`;
}

export function kqlString(value: string): string {
  return JSON.stringify(value);
}

/** Declares a rule with its parameter types inferred from its schema. */
export function defineAlertRule<S extends z.ZodType>(definition: AlertRuleDefinition<S>): AlertRuleDefinition<S> {
  return definition;
}
