import { alertRules } from "../framework/resources";
import type { StackRule } from "../framework/types";

/** Microsoft's emergency-access guidance: a Sev0 alert on any sign-in of each break-glass account. */
export const breakGlassAlertPresent: StackRule = {
  kind: "stack",
  name: "break-glass-alert-present",
  description: "An enabled Sev0 log alert on SigninLogs covers every break-glass account (by object id or UPN).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Keep the breakGlassSignIn alert enabled at severity 0 (guardrails:alerts.rules.breakGlassSignIn).",
  check(resources, ctx) {
    const profile = ctx.profile();
    const sev0 = alertRules(resources).filter((a) => a.enabled && a.kind === "LogAlert" && a.severity === 0 && a.tables.includes("SigninLogs"));
    const uncovered = profile.breakGlass.accounts.filter((acct) =>
      !sev0.some((a) => (acct.objectId && a.query.includes(acct.objectId)) || a.query.toLowerCase().includes(acct.userPrincipalName.toLowerCase())));
    return uncovered.length === 0 ? [] : [{ message: `no enabled Sev0 sign-in alert covers break-glass account(s) ${uncovered.map((a) => a.userPrincipalName).join(", ")}` }];
  },
};
