import { CA_POLICY_TYPE } from "../../model/azuread";
import { graphOf } from "../framework/resources";
import { rolloutOf } from "../framework/rollout";
import type { ResourceRule } from "../framework/types";

/** A policy with no rollout history may only be off or report-only (Microsoft/CISA: report-only first). */
export const newPolicyReportOnly: ResourceRule = {
  kind: "resource",
  name: "new-policy-report-only",
  description: "A Conditional Access policy with no rollout history (no report-only date) may only be off or report-only.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Deploy it as reportOnly first and record guardrails:rollout.policies.<key>.since.reportOnly.",
  types: [CA_POLICY_TYPE],
  check(resource, ctx) {
    const policy = graphOf(resource);
    if (policy.state !== "enabled") return [];
    const rollout = rolloutOf(ctx.profile(), resource.name);
    if (!rollout) return [`policy '${policy.displayName}' is enabled but has no rollout entry (guardrails:rollout.policies.${resource.name})`];
    // An adopted policy was enabled in the tenant before the kit managed it: that is history, not a promotion.
    if (rollout.adopted && !Object.values(rollout.since).some((d) => d && d > rollout.adopted!)) return [];
    if (!rollout.since.reportOnly) return [`policy '${policy.displayName}' is enabled (${rollout.stage}) without ever having been report-only`];
    return [];
  },
};
