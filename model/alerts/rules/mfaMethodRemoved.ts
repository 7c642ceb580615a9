import { z } from "zod";
import { MAX_USER_THRESHOLD, commonParams, KQL_ACTOR, logAlert } from "../params";
import { defineAlertRule } from "../types";

/**
 * Security info (MFA methods) removed, or per-user MFA disabled. Operation names as they appear in
 * Entra audit logs and Microsoft Sentinel content: "User deleted security info", "Admin deleted
 * security info" (also seen with "for a user"), "Disable Strong Authentication".
 */
export const mfaMethodRemoved = defineAlertRule({
  key: "mfaMethodRemoved",
  title: "MFA method removed or MFA disabled",
  description: "Security info (an MFA method) was deleted for users, or per-user MFA was disabled: a common persistence and takeover step.",
  params: z.strictObject({
    ...commonParams({ severity: 2, evaluationFrequency: "PT15M", windowSize: "PT15M" }),
    /** Fire above this many events per window (0: every removal). */
    threshold: z.number().int().min(0).max(MAX_USER_THRESHOLD).default(0),
  }),
  build(ctx) {
    return [logAlert(this, ctx.params, {
      query: [
        "AuditLogs",
        `| where OperationName has "deleted security info" or OperationName == "Disable Strong Authentication"`,
        `| extend TargetUser = tostring(TargetResources[0].userPrincipalName), Actor = ${KQL_ACTOR}`,
        "| project TimeGenerated, OperationName, TargetUser, Actor",
      ].join("\n"),
      tables: ["AuditLogs"],
      condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: ctx.params.threshold, dimensions: ["OperationName"] },
    })];
  },
});
