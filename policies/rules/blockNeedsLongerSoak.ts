import { own } from "../../model/own";
import { declaredWithResources, toDate } from "../framework/rollout";
import { daysBetween } from "../framework/resources";
import type { StackRule } from "../framework/types";

interface Config { blockCanarySoakDays: number }

/** A block on All users or All apps can lock out the whole tenant: it soaks longer in canary. */
export const blockNeedsLongerSoak: StackRule<Config> = {
  kind: "stack",
  name: "block-needs-longer-soak",
  description: "A policy that blocks All users or All applications spends a longer canary soak before enforcement.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: { blockCanarySoakDays: { type: "integer", minimum: 0, default: 14, description: "Minimum days in canary for broad block policies." } } },
  remediationSteps: "Keep the policy in canary longer before promoting it.",
  check(resources, ctx) {
    const profile = ctx.profile();
    return declaredWithResources(profile, resources).flatMap(({ declared, urn }) => {
      const body = declared.definition.build({ adminRoles: profile.adminRoles, allowedCountriesLocation: "", riskLevels: declared.riskLevels ?? [] });
      const blocks = (body.grantControls?.builtInControls ?? []).includes("block");
      const broad = (body.conditions.users?.includeUsers ?? []).includes("All") || (body.conditions.applications?.includeApplications ?? []).includes("All");
      const { canary, enforced } = declared.since;
      const adopted = own(profile.rollout.policies, declared.key)?.adopted;
      if (!blocks || !broad || declared.stage !== "enforced" || !canary || !enforced || (adopted && enforced <= adopted)) return [];
      const soak = daysBetween(toDate(canary), toDate(enforced));
      return soak < ctx.config.blockCanarySoakDays
        ? [{ urn, message: `policy '${declared.displayName}' blocks broadly but soaked only ${soak} days in canary (recommended ${ctx.config.blockCanarySoakDays})` }]
        : [];
    });
  },
};
