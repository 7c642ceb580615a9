/**
 * Log-stream and alert summaries for the plan, read back from the registered resources' inputs so
 * they show exactly what would be deployed.
 */
import { CATEGORIES, type Category } from "../../model/logs/categories";
import type { RecordedResource } from "../engine/recordingMonitor";

export interface PlanLogStream {
  category: string;
  table: string;
  plan: string;
  retentionInDays?: number;
  totalRetentionInDays?: number;
  destination: { kind: "workspace" | "storage"; name: string };
  diagnosticSetting: string;
}

export interface PlanAlert {
  name: string;
  displayName: string;
  kind: string;
  severity?: number;
  evaluationFrequency?: string;
  windowSize?: string;
  /** e.g. `DistinctUsers ≥ 25 (Maximum per ResultType)`, `rows > 0`, `1 matching row` */
  condition: string;
  actionGroup: string;
  query: string;
}

const lastSegment = (armId: unknown) => String(armId ?? "").split("/").pop() ?? "";
const OPERATORS: Record<string, string> = { GreaterThan: ">", GreaterThanOrEqual: "≥", LessThan: "<", LessThanOrEqual: "≤", Equals: "=" };

export function logStreamsOf(resources: readonly RecordedResource[]): PlanLogStream[] {
  const tables = new Map(resources
    .filter((r) => r.type === "azure-native:operationalinsights:Table")
    .map((r) => [`${String(r.inputs.workspaceName)}/${String(r.inputs.tableName)}`, r.inputs]));
  const out: PlanLogStream[] = [];
  for (const d of resources.filter((r) => r.type === "azure-native:aadiam:DiagnosticSetting")) {
    const toWorkspace = d.inputs.workspaceId !== undefined;
    const destination = toWorkspace
      ? { kind: "workspace" as const, name: lastSegment(d.inputs.workspaceId) }
      : { kind: "storage" as const, name: lastSegment(d.inputs.storageAccountId) };
    for (const log of (d.inputs.logs ?? []) as { category: string }[]) {
      const table = CATEGORIES[log.category as Category]?.table ?? "?";
      const t = toWorkspace ? tables.get(`${destination.name}/${table}`) : undefined;
      out.push({
        category: log.category,
        table,
        plan: toWorkspace ? String(t?.plan ?? "Analytics") : "archive",
        ...(t?.retentionInDays !== undefined ? { retentionInDays: Number(t.retentionInDays) } : {}),
        ...(t?.totalRetentionInDays !== undefined ? { totalRetentionInDays: Number(t.totalRetentionInDays) } : {}),
        destination,
        diagnosticSetting: String(d.inputs.name),
      });
    }
  }
  return out.sort((a, b) => a.destination.kind.localeCompare(b.destination.kind) || a.category.localeCompare(b.category));
}

export function alertsOf(resources: readonly RecordedResource[]): PlanAlert[] {
  return resources.filter((r) => r.type === "azure-native:monitor:ScheduledQueryRule").map((r) => {
    const i = r.inputs as Record<string, any>;
    const c = i.criteria?.allOf?.[0] ?? {};
    const dims = (c.dimensions ?? []).map((d: { name: string }) => d.name);
    const per = dims.length > 0 ? ` per ${dims.join(", ")}` : "";
    const condition = i.kind === "SimpleLogAlert"
      ? `${c.minRecurrenceCount ?? 1} matching row${(c.minRecurrenceCount ?? 1) === 1 ? "" : "s"}`
      : c.metricMeasureColumn
        ? `${c.metricMeasureColumn} ${OPERATORS[c.operator] ?? c.operator} ${c.threshold} (${c.timeAggregation}${per})`
        : `rows ${OPERATORS[c.operator] ?? c.operator} ${c.threshold}${per}`;
    return {
      name: String(i.ruleName),
      displayName: String(i.displayName),
      kind: String(i.kind),
      ...(i.severity !== undefined ? { severity: Number(i.severity) } : {}),
      ...(i.evaluationFrequency ? { evaluationFrequency: String(i.evaluationFrequency), windowSize: String(i.windowSize) } : {}),
      condition,
      actionGroup: lastSegment(i.actions?.actionGroups?.[0]),
      query: String(c.query),
    };
  }).sort((a, b) => (a.severity ?? 9) - (b.severity ?? 9) || a.name.localeCompare(b.name));
}
