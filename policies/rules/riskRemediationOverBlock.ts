import { CA_POLICY_TYPE } from "../../model/azuread";
import { graphOf } from "../framework/resources";
import type { ResourceRule } from "../framework/types";

interface Config { allowBlock: boolean }

/**
 * Microsoft's guidance for user risk is remediation (MFA + secure password change), not block: a
 * block turns a faulty detection into a lockout, as in April 2025.
 */
export const riskRemediationOverBlock: ResourceRule<Config> = {
  kind: "resource",
  name: "risk-remediation-over-block",
  description: "User-risk policies require MFA and a password change rather than blocking.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { allowBlock: { type: "boolean", default: false, description: "Accept block as the answer to user risk." } } },
  remediationSteps: "Grant with AND mfa + passwordChange instead of block.",
  types: [CA_POLICY_TYPE],
  check(resource, ctx) {
    const policy = graphOf(resource);
    const userRisk = policy.conditions.userRiskLevels ?? [];
    const blocks = (policy.grantControls?.builtInControls ?? []).includes("block");
    return userRisk.length > 0 && blocks && !ctx.config.allowBlock
      ? [`policy '${policy.displayName}' blocks on user risk ${userRisk.join(", ")}; require MFA and a password change instead`]
      : [];
  },
};
