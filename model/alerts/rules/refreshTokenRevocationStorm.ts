import { z } from "zod";
import { MAX_USER_THRESHOLD, commonParams, KQL_ACTOR, logAlert } from "../params";
import { defineAlertRule } from "../types";

/** Mass session revocation ("Update StsRefreshTokenValidFrom Timestamp") by one initiator. */
export const refreshTokenRevocationStorm = defineAlertRule({
  key: "refreshTokenRevocationStorm",
  title: "Refresh-token revocation storm",
  description: "One initiator revoked the refresh tokens of many users in one window: either an incident response in progress or a compromised admin logging everyone out.",
  params: z.strictObject({
    ...commonParams({ severity: 2, evaluationFrequency: "PT15M", windowSize: "PT1H" }),
    threshold: z.number().int().positive().max(MAX_USER_THRESHOLD).default(50),
  }),
  build(ctx) {
    return [logAlert(this, ctx.params, {
      query: [
        "AuditLogs",
        `| where OperationName == "Update StsRefreshTokenValidFrom Timestamp"`,
        `| extend Initiator = ${KQL_ACTOR}`,
        "| summarize Revocations = count(), Users = dcount(tostring(TargetResources[0].id)) by Initiator",
      ].join("\n"),
      tables: ["AuditLogs"],
      condition: { timeAggregation: "Maximum", metricMeasureColumn: "Users", operator: "GreaterThanOrEqual", threshold: ctx.params.threshold, dimensions: ["Initiator"] },
    })];
  },
});
