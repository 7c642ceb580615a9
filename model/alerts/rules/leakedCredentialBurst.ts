import { z } from "zod";
import { MAX_USER_THRESHOLD, commonParams, logAlert } from "../params";
import { kqlDynamic, defineAlertRule } from "../types";

/**
 * Many users flagged by the same riskEventType in a short window: the April 2025 pattern, when
 * short-lived refresh tokens were flagged as leaked credentials. Event types: entra-facts §D.3.
 * Detections from Microsoft-owned address space can be ignored (`guardrails:alerts.microsoftIpRanges`):
 * sign-ins from Microsoft IPs are usually SSO and token-refresh traffic. No Microsoft column flags
 * Microsoft IPs (§D.2d), so the ranges are configuration; `leakedCredentials` is offline and often
 * has no IP, and such rows are always kept.
 */
export const leakedCredentialBurst = defineAlertRule({
  key: "leakedCredentialBurst",
  title: "Leaked-credential / anomalous-token burst",
  description: "Many distinct users flagged by the same token or credential risk detection in one window, optionally ignoring detections from Microsoft-owned address space.",
  params: z.strictObject({
    ...commonParams({ severity: 1, evaluationFrequency: "PT15M", windowSize: "PT1H" }),
    threshold: z.number().int().positive().max(MAX_USER_THRESHOLD).default(20),
    riskEventTypes: z.array(z.string().min(1)).min(1).default([
      "leakedCredentials", "anomalousToken", "tokenIssuerAnomaly", "attackerinTheMiddle", "attemptedPrtAccess", "suspiciousAPITraffic",
    ]),
  }),
  build(ctx) {
    const p = ctx.params;
    const { v4, v6 } = ctx.microsoftIpRanges;
    const ignore = v4.length + v6.length > 0
      ? [`| where isempty(IpAddress) or not(coalesce(ipv4_is_in_any_range(IpAddress, ${kqlDynamic(v4)}), false) or coalesce(ipv6_is_in_any_range(IpAddress, ${kqlDynamic(v6)}), false))`]
      : [];
    return [logAlert(this, p, {
      query: [
        "AADUserRiskEvents",
        `| where RiskEventType in (${kqlDynamic(p.riskEventTypes)})`,
        `| where RiskState !in ("dismissed", "remediated", "confirmedSafe")`,
        ...ignore,
        "| summarize Users = dcount(UserId) by RiskEventType",
      ].join("\n"),
      tables: ["AADUserRiskEvents"],
      condition: { timeAggregation: "Maximum", metricMeasureColumn: "Users", operator: "GreaterThanOrEqual", threshold: p.threshold, dimensions: ["RiskEventType"] },
    })];
  },
});
