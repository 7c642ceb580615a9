/** Every alert rule a stack deploys, built from its profile and log split. Pure. */
import * as ipaddr from "ipaddr.js";
import { effectiveRoutes } from "../logs/routes";
import { own } from "../own";
import type { TenantProfile } from "../profile/load";
import { ALERT_RULES } from "./rules";
import type { AlertContext, AlertSpec, BreakGlassIdentity } from "./types";

type AlertInputs = Pick<TenantProfile, "logs" | "alerts" | "breakGlass" | "directory" | "incident">;

export function breakGlassIdentity(profile: Pick<TenantProfile, "breakGlass" | "directory">): BreakGlassIdentity {
  const bg = profile.breakGlass;
  const groupId = own(profile.directory.groups, bg.exclusionGroup);
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
  const specs = ALERT_RULES.flatMap((rule) => {
    const params = configured[rule.key] ?? rule.params.parse({});
    return rule.build({ ...base, params });
  });
  return profile.incident ? [...specs, incidentExpiryReminder(profile.incident)] : specs;
}

/**
 * While an incident relaxation is applied, a Sev2 reminder fires every hour once it has expired,
 * until `guardrails incident revert` and a deployment remove it (README "Incident profile").
 */
export function incidentExpiryReminder(i: NonNullable<TenantProfile["incident"]>): AlertSpec {
  const when = new Date(i.expiresAt).toISOString();
  return {
    name: "incidentExpired",
    rule: "incidentExpired",
    displayName: `Incident relaxation ${i.ticket} expired: revert it`,
    description: `The incident profile '${i.profile}' (${i.ticket}) relaxed risk policies and alert thresholds until ${when}. Run guardrails incident revert and deploy.`,
    kind: "LogAlert",
    severity: 2,
    tier: "sev2",
    evaluationFrequency: "PT1H",
    windowSize: "PT1H",
    query: `AuditLogs\n| summarize Events = count()\n| where now() > datetime(${when})`,
    tables: ["AuditLogs"],
    condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: 0, dimensions: [] },
    enabled: true,
  };
}
