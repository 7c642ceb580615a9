import { CA_POLICY_TYPE } from "../../model/azuread";
import { own } from "../../model/own";
import { graphOf } from "../framework/resources";
import { declaredFor } from "../framework/rollout";
import type { ResourceRule } from "../framework/types";

interface Config { maxCanaryShare: number }

/** A canary policy targets only the canary group, and that group stays small (blast-radius cap). */
export const canaryScope: ResourceRule<Config> = {
  kind: "resource",
  name: "canary-scope",
  description: "A canary-stage policy targets only the canary group (never All users, roles or guests), and the canary group stays under a share of the directory.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: { maxCanaryShare: { type: "number", minimum: 0, maximum: 1, default: 0.1, description: "Largest canary group as a share of tenant.userCount." } },
  },
  remediationSteps: "Use a small pilot group as guardrails:rollout.canaryGroup and declare its size in guardrails:directory.memberCounts and the directory size in guardrails:tenant.userCount.",
  types: [CA_POLICY_TYPE],
  check(resource, ctx) {
    const profile = ctx.profile();
    // The effective stage: an applied incident may have put a canary policy in report-only.
    if (declaredFor(profile).find((d) => d.key === resource.name)?.stage !== "canary") return [];
    const policy = graphOf(resource);
    const u = policy.conditions.users ?? {};
    const canaryName = profile.rollout.canaryGroup;
    const canaryId = own(profile.directory.groups, canaryName);
    const out: string[] = [];
    if ((u.includeUsers ?? []).length > 0) out.push(`includes users ${u.includeUsers!.join(", ")}; a canary policy includes only the canary group`);
    if ((u.includeRoles ?? []).length > 0) out.push("includes directory roles; a canary policy includes only the canary group");
    if (u.includeGuestsOrExternalUsers) out.push("includes guests; a canary policy includes only the canary group");
    const groups = u.includeGroups ?? [];
    if (groups.length !== 1 || groups[0].toLowerCase() !== canaryId?.toLowerCase()) out.push(`includes groups ${groups.join(", ") || "none"}; expected only the canary group ${canaryName} (${canaryId})`);
    const size = own(profile.directory.memberCounts, canaryName);
    const total = profile.tenant.userCount;
    if (size === undefined || total === undefined) {
      out.push(`the canary group's size is unknown: declare guardrails:directory.memberCounts.${canaryName} and guardrails:tenant.userCount`);
    } else if (size / total > ctx.config.maxCanaryShare) {
      out.push(`the canary group ${canaryName} holds ${size} of ${total} users (${((100 * size) / total).toFixed(1)}%), above the ${(100 * ctx.config.maxCanaryShare).toFixed(0)}% cap`);
    }
    return out.map((m) => `policy '${policy.displayName}' in canary: ${m}`);
  },
};
