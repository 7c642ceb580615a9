import { z } from "zod";
import { MAX_USER_THRESHOLD, commonParams, logAlert } from "../params";
import { kqlDynamic, defineAlertRule } from "../types";

/**
 * Mass CA block / lockout (entra-facts §D.2b): distinct users failing with 53003 (blocked by
 * Conditional Access) or 50053 (locked / malicious IP) per window. Non-interactive sign-ins count
 * only while that table is on Analytics: a Basic table allows no aggregation alert.
 */
export const lockoutStorm = defineAlertRule({
  key: "lockoutStorm",
  title: "Conditional Access block / lockout storm",
  description: "Many distinct users blocked by Conditional Access (53003) or locked out (50053) in one window: the signature of a policy or risk detection gone wrong.",
  params: z.strictObject({
    ...commonParams({ severity: 1, evaluationFrequency: "PT5M", windowSize: "PT15M" }),
    threshold: z.number().int().positive().max(MAX_USER_THRESHOLD).default(25),
    resultTypes: z.array(z.string().regex(/^\d+$/)).min(1).default(["53003", "50053"]),
  }),
  build(ctx) {
    const p = ctx.params;
    const tables = ["SigninLogs", "AADNonInteractiveUserSignInLogs"].filter((t) => ctx.planOf(t) === "Analytics");
    if (tables.length === 0) return [];
    return [logAlert(this, p, {
      query: [
        tables.length > 1 ? `union ${tables.join(", ")}` : tables[0],
        // ResultType is a string column (entra-facts §A.2).
        `| where ResultType in (${kqlDynamic(p.resultTypes)})`,
        "| summarize DistinctUsers = dcount(UserId), SourceIPs = dcount(IPAddress) by ResultType",
      ].join("\n"),
      tables,
      condition: { timeAggregation: "Maximum", metricMeasureColumn: "DistinctUsers", operator: "GreaterThanOrEqual", threshold: p.threshold, dimensions: ["ResultType"] },
    })];
  },
});
