import { missingBreakGlassExclusions } from "../../model/rollout";
import { configuredBreakGlassIds } from "../../model/tenant";
import { caPolicies } from "../framework/resources";
import { namesFor } from "../framework/rollout";
import type { StackRule } from "../framework/types";

/**
 * No enabled policy blocks a break-glass account. Exclusion-based: an enforced block that does not
 * exclude every account (directly or through the group) can lock the tenant's last way in.
 */
export const breakGlassNeverBlocked: StackRule = {
  kind: "stack",
  name: "break-glass-never-blocked",
  description: "No enabled Conditional Access policy can block a break-glass account.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Exclude every break-glass account and the break-glass group from the blocking policy.",
  check(resources, ctx) {
    const profile = ctx.profile();
    const bg = configuredBreakGlassIds(profile);
    if (!bg) return [];
    const names = namesFor(profile);
    return caPolicies(resources)
      .filter(({ policy }) => policy.state === "enabled" && (policy.grantControls?.builtInControls ?? []).includes("block"))
      .flatMap(({ resource, policy }) => {
        const m = missingBreakGlassExclusions(policy, bg);
        // Excluding the group covers its members; excluding each account covers them without the group.
        const covered = m.groupIds.length === 0 || m.userIds.length === 0;
        return covered ? [] : [{ urn: resource.urn, message: `enabled policy '${policy.displayName}' blocks break-glass account(s) ${m.userIds.map((id) => names.name(id)).join(", ")}` }];
      });
  },
};
