import { z } from "zod";
import { commonParams, KQL_ACTOR, logAlert } from "../params";
import { kqlDynamic, defineAlertRule } from "../types";

/**
 * CA change audit: a policy deleted, disabled, switched from enabled to report-only, or with its
 * user exclusions changed. Operation names and the `modifiedProperties[0]` old/new JSON follow
 * Microsoft Sentinel's "Conditional Access - …" analytic rules (entra-facts §C.3). Deployments by
 * this kit also fire it; list the deploying principal in `guardrails:alerts.ignoreInitiators`.
 */
export const caPolicyChange = defineAlertRule({
  key: "caPolicyChange",
  title: "Conditional Access policy weakened",
  description: "A Conditional Access policy was deleted, disabled, switched from enforced to report-only, or had its user or group exclusions changed, outside the deployment pipeline.",
  params: z.strictObject(commonParams({ severity: 1, evaluationFrequency: "PT15M", windowSize: "PT15M" })),
  build(ctx) {
    const ignore = ctx.ignoreInitiators.length > 0 ? [`| where Actor !in (${kqlDynamic(ctx.ignoreInitiators)})`] : [];
    return [logAlert(this, ctx.params, {
      query: [
        "AuditLogs",
        `| where OperationName in ("Update conditional access policy", "Delete conditional access policy")`,
        "| extend Target = TargetResources[0]",
        "| extend PolicyName = tostring(Target.displayName)",
        "| extend NewValue = parse_json(tostring(Target.modifiedProperties[0].newValue)), OldValue = parse_json(tostring(Target.modifiedProperties[0].oldValue))",
        "| extend NewState = tostring(NewValue.state), OldState = tostring(OldValue.state)",
        "| extend ExclusionsChanged = tostring(NewValue.conditions.users.excludeUsers) != tostring(OldValue.conditions.users.excludeUsers)",
        "    or tostring(NewValue.conditions.users.excludeGroups) != tostring(OldValue.conditions.users.excludeGroups)",
        `| extend Change = case(OperationName == "Delete conditional access policy", "deleted",`,
        `    NewState == "disabled" and OldState != "disabled", "disabled",`,
        `    NewState == "enabledForReportingButNotEnforced" and OldState == "enabled", "switched to report-only",`,
        `    ExclusionsChanged, "exclusions changed", "")`,
        `| where Change != ""`,
        `| extend Actor = ${KQL_ACTOR}`,
        ...ignore,
        "| project TimeGenerated, PolicyName, Change, Actor",
      ].join("\n"),
      tables: ["AuditLogs"],
      condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: 0, dimensions: ["PolicyName", "Change"] },
    })];
  },
});
