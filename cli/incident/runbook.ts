/**
 * The admin procedure after a risk false-positive wave (April 2025 post-mortem): find the risky
 * sign-ins and detections of the window, the affected users, whom to reset, then relax and revert.
 * Every query is type-checked against the Entra table schemas in the tests.
 */
export interface RunbookStep {
  title: string;
  text: string;
  kql?: string;
  commands?: string[];
}

export function runbookSteps(from: string, to: string, stack: string, profile = "relaxed-risk", detection = "leakedCredentials"): RunbookStep[] {
  const window = `TimeGenerated between (datetime(${from}) .. datetime(${to}))`;
  return [
    {
      title: "Confirm the wave: risk detections by type",
      text: `A false-positive wave shows one riskEventType (here ${detection}) for many users at once.`,
      kql: `AADUserRiskEvents\n| where ${window}\n| summarize Users = dcount(UserId), Detections = count() by RiskEventType, RiskLevel, DetectionTimingType\n| order by Users desc`,
    },
    {
      title: "Risky sign-ins and Conditional Access blocks in the window",
      text: "Interactive sign-ins that were risky or blocked by Conditional Access (53003).",
      kql: `SigninLogs\n| where ${window}\n| where RiskLevelDuringSignIn in ("medium", "high") or ResultType == "53003"\n| summarize SignIns = count(), Blocked = countif(ResultType == "53003") by UserPrincipalName, RiskLevelDuringSignIn\n| order by Blocked desc`,
    },
    {
      title: "Affected users: currently at risk",
      text: "Users still atRisk after the window; export this list for the reset step.",
      kql: `AADRiskyUsers\n| where RiskLastUpdatedDateTime between (datetime(${from}) .. datetime(${to}))\n| where RiskState == "atRisk" and RiskLevel in ("medium", "high")\n| summarize arg_max(RiskLastUpdatedDateTime, RiskLevel, RiskDetail) by UserPrincipalName`,
    },
    {
      title: "Users to reset: real detections, not the false-positive type",
      text: "Users with detections other than the wave's type need a password reset, MFA re-registration and session revocation; the rest are dismissed in Identity Protection once Microsoft confirms the false positive.",
      kql: `let wave = dynamic(["${detection}"]);\nAADUserRiskEvents\n| where ${window}\n| where RiskEventType !in (wave) and RiskState !in ("dismissed", "remediated", "confirmedSafe")\n| summarize Detections = make_set(RiskEventType), LastSeen = max(TimeGenerated) by UserPrincipalName, UserId`,
    },
    {
      title: "Relax, with a ticket and an expiry",
      text: "Preview the relaxation, apply it, and deploy with the policy pack.",
      commands: [
        `npx guardrails incident plan --stack ${stack} --profile ${profile}`,
        `npx guardrails incident apply --stack ${stack} --profile ${profile} --ticket <INC-number> --expires 8h`,
        `pulumi up --stack ${stack} --policy-pack policies --parallel 2`,
      ],
    },
    {
      title: "Reset the users found above",
      text: "Per user: reset the password, require MFA re-registration, revoke sessions.",
      commands: [
        "az rest --method POST --url https://graph.microsoft.com/v1.0/users/<user-id>/revokeSignInSessions",
        "Entra admin center → Users → <user> → Authentication methods → Require re-register multifactor authentication",
        "Entra admin center → Identity Protection → Risky users → Reset password / Confirm compromised",
      ],
    },
    {
      title: "Revert before the expiry",
      text: "The pack blocks every deployment once the relaxation has expired, and a Sev2 alert fires hourly until it is reverted.",
      commands: [`npx guardrails incident revert --stack ${stack}`, `pulumi up --stack ${stack} --policy-pack policies --parallel 2`],
    },
  ];
}

export function renderRunbook(steps: RunbookStep[], from: string, to: string): string {
  const out = [`Incident runbook for ${from} .. ${to}`, ""];
  steps.forEach((s, i) => {
    out.push(`${i + 1}. ${s.title}`, `   ${s.text}`);
    if (s.kql) out.push("", ...s.kql.split("\n").map((l) => `   ${l}`));
    if (s.commands) out.push("", ...s.commands.map((c) => `   $ ${c}`));
    out.push("");
  });
  return out.join("\n");
}
