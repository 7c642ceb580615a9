import { z } from "zod";
import { durationMinutes } from "../limits";
import { MAX_RATIO, MAX_USER_THRESHOLD, commonParams, logAlert } from "../params";
import { defineAlertRule } from "../types";

const tierParams = (ratio: number, floor: number) => z.strictObject({
  /** Distinct users in the window ÷ the hourly mean of the rest of the 2-day lookback. */
  ratio: z.number().positive().max(MAX_RATIO).default(ratio),
  /** And at least this many distinct users, so a quiet tenant does not page on 1 → 3. */
  floor: z.number().int().positive().max(MAX_USER_THRESHOLD).default(floor),
}).default({ ratio, floor });

/**
 * Tenant-wide risk spike (entra-facts §D.2a): distinct users newly at medium/high risk in the last
 * window against a trailing baseline inside the 2-day alert lookback (a 14-day baseline cannot
 * run in a log alert, §D.1). One rule per severity tier with its own ratio and floor.
 */
export const riskSpike = defineAlertRule({
  key: "riskSpike",
  title: "Tenant-wide risk spike",
  description: "Distinct users with new medium or high risk detections in the last window, against the mean per window over the rest of the 2-day lookback. April 2025: a faulty detection flagged thousands of users within hours.",
  params: z.strictObject({
    ...commonParams({ severity: 1, evaluationFrequency: "PT15M", windowSize: "PT1H" }),
    sev1: tierParams(3, 10),
    sev0: tierParams(10, 100),
  }),
  build(ctx) {
    const p = ctx.params;
    const minutes = durationMinutes(p.windowSize);
    const query = (ratio: number, floor: number) => [
      `let recent = ${minutes}m;`,
      `let risky = AADUserRiskEvents`,
      `    | where TimeGenerated > ago(2d) and RiskLevel in ("medium", "high")`,
      `    | where RiskState !in ("dismissed", "remediated", "confirmedSafe");`,
      `let meanPerWindow = toscalar(risky`,
      `    | make-series Users = dcount(UserId) default = 0 on TimeGenerated from ago(2d) to ago(recent) step recent`,
      `    | extend Mean = todouble(series_stats_dynamic(Users)["avg"])`,
      `    | project Mean);`,
      `risky`,
      `| where TimeGenerated > ago(recent)`,
      `| summarize CurrentUsers = dcount(UserId)`,
      `| extend BaselineUsers = coalesce(meanPerWindow, 0.0)`,
      `| extend Ratio = todouble(CurrentUsers) / max_of(BaselineUsers, 1.0)`,
      `| where Ratio >= ${ratio} and CurrentUsers >= ${floor}`,
    ].join("\n");
    return ([["sev1", 1], ["sev0", 0]] as const).map(([tier, severity]) => logAlert(this, p, {
      name: `${this.key}-${tier}`,
      displayName: `${this.title} (Sev${severity}: ratio ≥ ${p[tier].ratio}, ≥ ${p[tier].floor} users)`,
      severity,
      query: query(p[tier].ratio, p[tier].floor),
      tables: ["AADUserRiskEvents"],
      overrideQueryTimeRange: "P2D",
      condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: 0, dimensions: [] },
    }));
  },
});
