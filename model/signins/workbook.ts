/**
 * The "Rollout evidence" Azure Monitor workbook: the KQL twin of `guardrails evidence` (kql.ts) as a
 * shared workbook in the log workspace, so the figures are one click away for tenants too large to
 * export. Workbook content format: `Notebook/1.0` items (text = type 1, query = type 3 `KqlItem/1.0`,
 * queryType 0 = Logs), resource `Microsoft.Insights/workbooks` 2023-06-01 (the azure-native API version;
 * name must be a GUID, kind `shared`). Pure: returns the serialized content.
 */
import type { LogsConfig } from "../profile/monitoringSchema";
import { effectiveRoutes } from "../logs/routes";
import { evidenceQueries, type EvidenceQueryInput } from "./kql";

export const WORKBOOK_DISPLAY_NAME = "Rollout evidence";
/** Fourteen days: the kit's default report-only soak. */
const TIME_RANGE_MS = 14 * 86_400_000;

/** Whether either sign-in table is on a plan that takes only single-table queries. */
export function signInTablesNeedPerTableQueries(logs: LogsConfig): boolean {
  return effectiveRoutes(logs).some((r) => (r.category === "SignInLogs" || r.category === "NonInteractiveUserSignInLogs") && r.plan !== "Analytics");
}

/** The workspaces (by name) that hold the two sign-in tables. */
export function signInWorkspaces(logs: LogsConfig): string[] {
  return [...new Set(effectiveRoutes(logs).filter((r) => r.category === "SignInLogs" || r.category === "NonInteractiveUserSignInLogs").map((r) => r.workspace))];
}

export function rolloutEvidenceWorkbook(input: EvidenceQueryInput, workspaceIds: readonly string[]): string {
  const intro = [
    `## ${WORKBOOK_DISPLAY_NAME}`,
    "What report-only and enforcement recorded per Conditional Access policy, interactive and non-interactive sign-ins together.",
    "The same figures as `guardrails evidence` computes offline from exports; replay and the promotion gate stay in `guardrails evidence --record`.",
    ...(input.perTable ? ["", "A sign-in table is on the Basic plan here, which takes single-table queries only: each figure is shown per table."] : []),
  ].join("\n");
  const items: unknown[] = [{ type: 1, content: { json: intro }, name: "intro" }];
  for (const q of evidenceQueries(input)) {
    items.push({
      type: 3,
      name: q.name,
      content: {
        version: "KqlItem/1.0",
        title: q.title,
        query: q.query,
        size: 0,
        queryType: 0,
        resourceType: "microsoft.operationalinsights/workspaces",
        crossComponentResources: [...workspaceIds],
        timeContext: { durationMs: TIME_RANGE_MS },
        visualization: "table",
      },
    });
  }
  return JSON.stringify({ version: "Notebook/1.0", items, isLocked: false, fallbackResourceIds: [...workspaceIds] });
}
