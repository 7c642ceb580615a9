import { own } from "../../model/own";
import type { StackRule } from "../framework/types";

/**
 * The exclusion group is only as safe as its membership: every policy excludes it, so a group with
 * more members than the emergency-access accounts (the id of All-Staff pasted under the break-glass
 * name, or staff added "temporarily") exempts those people from every policy.
 */
export const breakGlassGroupSize: StackRule = {
  kind: "stack",
  name: "break-glass-group-size",
  description: "The break-glass exclusion group's declared member count (guardrails:directory.memberCounts) is no more than the number of break-glass accounts.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Keep only the emergency-access accounts in the exclusion group, and check that guardrails:directory.groups gives the group's real id.",
  check(_resources, ctx) {
    const p = ctx.profile();
    const group = p.breakGlass.exclusionGroup;
    const members = own(p.directory.memberCounts, group);
    const accounts = p.breakGlass.accounts.length;
    if (members === undefined || members <= accounts) return [];
    return [{ message: `break-glass exclusion group '${group}' (${own(p.directory.groups, group) ?? "created by the stack"}) has ${members} members, more than the ${accounts} break-glass accounts: every policy excludes all of them` }];
  },
};
