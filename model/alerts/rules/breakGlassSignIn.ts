import { z } from "zod";
import { commonParams, logAlert } from "../params";
import { kqlDynamic, kqlString, tierOf, defineAlertRule, type AlertSpec } from "../types";

const SIGNIN = "SigninLogs";
const NON_INTERACTIVE = "AADNonInteractiveUserSignInLogs";

/**
 * Microsoft's emergency-access guidance: alert on any sign-in of a break-glass account, Sev0,
 * filtered by object id (or UPN), "greater than 0" (entra-docs `security-emergency-access.md`).
 * Successful and failed, interactive and non-interactive. When the non-interactive table is on
 * Basic, that half becomes a SimpleLogAlert on the single table (the only alert Basic allows).
 */
export const breakGlassSignIn = defineAlertRule({
  key: "breakGlassSignIn",
  title: "Break-glass account sign-in",
  description: "Any sign-in attempt, successful or failed, interactive or non-interactive, by an emergency-access (break-glass) account. These accounts are never used day to day: treat every hit as an incident.",
  params: z.strictObject(commonParams({ severity: 0, evaluationFrequency: "PT5M", windowSize: "PT5M" })),
  build(ctx) {
    const p = ctx.params;
    const filter = `UserId in (${kqlDynamic(ctx.breakGlass.objectIds)}) or UserPrincipalName in~ (${kqlDynamic(ctx.breakGlass.userPrincipalNames)})`;
    const alertable = [SIGNIN, NON_INTERACTIVE].filter((t) => ctx.planOf(t) === "Analytics");
    const specs: AlertSpec[] = [];
    if (alertable.length > 0) {
      const source = alertable.length > 1 ? `union ${alertable.join(", ")}` : alertable[0];
      specs.push(logAlert(this, p, {
        query: `${source}\n| where ${filter}\n| project TimeGenerated, Type, UserPrincipalName, UserId, ResultType, IPAddress, AppDisplayName`,
        tables: alertable,
        condition: { timeAggregation: "Count", operator: "GreaterThan", threshold: 0, dimensions: ["UserPrincipalName", "ResultType"] },
      }));
    }
    if (ctx.planOf(NON_INTERACTIVE) === "Basic") {
      // Simple log alerts accept only the transformation KQL subset: `in` with a literal list, no `in~`, no dynamic().
      const ids = ctx.breakGlass.objectIds.map((id) => id.toLowerCase());
      const upns = ctx.breakGlass.userPrincipalNames.map((u) => u.toLowerCase());
      const simpleFilter = [
        ...(ids.length ? [`tolower(UserId) in (${ids.map(kqlString).join(", ")})`] : []),
        `tolower(UserPrincipalName) in (${upns.map(kqlString).join(", ")})`,
      ].join(" or ");
      specs.push({
        name: `${this.key}-noninteractive`,
        rule: this.key,
        displayName: `${this.title} (non-interactive, Basic table)`,
        description: this.description,
        kind: "SimpleLogAlert",
        severity: p.severity,
        tier: tierOf(p.severity),
        query: `${NON_INTERACTIVE}\n| where ${simpleFilter}`,
        tables: [NON_INTERACTIVE],
        minRecurrenceCount: 1,
        enabled: p.enabled,
      });
    }
    return specs;
  },
});
