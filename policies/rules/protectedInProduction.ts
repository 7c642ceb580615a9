import { CA_POLICY_TYPE } from "../../model/azuread";
import { DIAGNOSTIC_SETTING_TYPE } from "../framework/resources";
import type { ResourceRule } from "../framework/types";

interface Config { allStacks: boolean }

/** Tenant-critical resources cannot be deleted by a stray `pulumi up` in production. */
export const protectedInProduction: ResourceRule<Config> = {
  kind: "resource",
  name: "protected-in-production",
  description: "Conditional Access policies and Entra diagnostic settings carry `protect` in production stacks.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allStacks: { type: "boolean", default: false, description: "Require protect in every stack, not only where guardrails:tenant.production is true." } } },
  remediationSteps: "Leave guardrails:protect unset (it follows tenant.production) or set it to true.",
  types: [CA_POLICY_TYPE, DIAGNOSTIC_SETTING_TYPE],
  check(resource, ctx) {
    if (resource.protect || !(ctx.config.allStacks || ctx.profile().tenant.production)) return [];
    return [`${resource.type === CA_POLICY_TYPE ? "policy" : "diagnostic setting"} '${String(resource.props.displayName ?? resource.props.name ?? resource.name)}' is not protected`];
  },
};
