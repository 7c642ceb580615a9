/** Every alert rule a stack deploys, built from its profile and log split. Pure. */
import * as ipaddr from "ipaddr.js";
import { effectiveRoutes } from "../logs/routes";
import type { TenantProfile } from "../profile/load";
import { ALERT_RULES } from "./rules";
import type { AlertContext, AlertSpec, BreakGlassIdentity } from "./types";

type AlertInputs = Pick<TenantProfile, "logs" | "alerts" | "breakGlass" | "directory">;

export function breakGlassIdentity(profile: Pick<TenantProfile, "breakGlass" | "directory">): BreakGlassIdentity {
  const bg = profile.breakGlass;
  const groupId = profile.directory.groups[bg.exclusionGroup];
  return {
    // With `create`, object ids exist only after deployment; the UPNs still identify the accounts.
    objectIds: bg.accounts.flatMap((a) => (a.objectId ? [a.objectId] : [])),
    userPrincipalNames: bg.accounts.map((a) => a.userPrincipalName),
    groupIds: groupId ? [groupId] : [],
    groupName: bg.exclusionGroup,
  };
}

function splitRanges(ranges: readonly string[]): { v4: string[]; v6: string[] } {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const r of ranges) (ipaddr.parseCIDR(r)[0].kind() === "ipv4" ? v4 : v6).push(r);
  return { v4, v6 };
}

export function alertSpecs(profile: AlertInputs): AlertSpec[] {
  const plans = new Map(effectiveRoutes(profile.logs).map((r) => [r.table, r.plan]));
  const base: Omit<AlertContext<unknown>, "params"> = {
    planOf: (table) => plans.get(table),
    breakGlass: breakGlassIdentity(profile),
    microsoftIpRanges: splitRanges(profile.alerts.microsoftIpRanges),
    ignoreInitiators: profile.alerts.ignoreInitiators,
  };
  const configured = profile.alerts.rules as Record<string, unknown>;
  return ALERT_RULES.flatMap((rule) => {
    const params = configured[rule.key] ?? rule.params.parse({});
    return rule.build({ ...base, params });
  });
}
