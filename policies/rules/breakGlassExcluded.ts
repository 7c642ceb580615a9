import { CA_POLICY_TYPE } from "../../model/azuread";
import { missingBreakGlassExclusions } from "../../model/rollout";
import { configuredBreakGlassIds } from "../../model/tenant";
import { graphOf } from "../framework/resources";
import { namesFor } from "../framework/rollout";
import type { ResourceRule } from "../framework/types";

/** Every CA policy, in any state, excludes every declared break-glass account and the break-glass group. */
export const breakGlassExcluded: ResourceRule = {
  kind: "resource",
  name: "break-glass-excluded",
  description: "Every Conditional Access policy, in any state, excludes every declared break-glass account and the break-glass group.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Deploy policies through StagedConditionalAccessPolicy, which injects the exclusions, or add the accounts and group to excludeUsers / excludeGroups.",
  types: [CA_POLICY_TYPE],
  check(resource, ctx) {
    const profile = ctx.profile();
    // With breakGlass.create the ids are assigned on deployment; the component injects them (tests/components).
    const bg = configuredBreakGlassIds(profile);
    if (!bg) return [];
    const policy = graphOf(resource);
    const missing = missingBreakGlassExclusions(policy, bg);
    const names = namesFor(profile);
    return [
      ...missing.userIds.map((id) => `policy '${policy.displayName}' does not exclude break-glass account ${names.name(id)} (${id})`),
      ...missing.groupIds.map((id) => `policy '${policy.displayName}' does not exclude the break-glass group ${names.name(id)} (${id})`),
    ];
  },
};
