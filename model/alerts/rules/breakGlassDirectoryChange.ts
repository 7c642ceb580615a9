import { z } from "zod";
import { commonParams, KQL_ACTOR, logAlert } from "../params";
import { kqlDynamic, defineAlertRule } from "../types";

/** Microsoft's emergency-access guidance also recommends an AuditLogs alert on changes to those accounts. */
export const breakGlassDirectoryChange = defineAlertRule({
  key: "breakGlassDirectoryChange",
  title: "Break-glass account or group changed",
  description: "A directory change (password reset, authentication method, role, group membership, deletion) that targets an emergency-access account or the break-glass exclusion group.",
  params: z.strictObject(commonParams({ severity: 0, evaluationFrequency: "PT5M", windowSize: "PT5M" })),
  build(ctx) {
    const bg = ctx.breakGlass;
    const targets = [...bg.objectIds, ...bg.userPrincipalNames, ...bg.groupIds, bg.groupName];
    return [logAlert(this, ctx.params, {
      query: `AuditLogs\n| where TargetResources has_any (${kqlDynamic(targets)})\n| extend Actor = ${KQL_ACTOR}\n| project TimeGenerated, OperationName, Actor, Result`,
      tables: ["AuditLogs"],
      condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: 0, dimensions: ["OperationName"] },
    })];
  },
});
