/**
 * The KQL twin of `guardrails evidence`: the same per-policy figures computed where the logs are,
 * for tenants whose sign-ins are too many to export. Both tables are read, the non-interactive one's
 * `ConditionalAccessPolicies` string parsed (signin-logs.md); each leg is projected to one shape first
 * so the union does not split columns by type. Type-checked against the table schemas in the tests.
 */
import { kqlString } from "../alerts/types";

export interface EvidenceQueryInput {
  policyNames: readonly string[];
  from?: string;
  to?: string;
}

const list = (xs: readonly string[]) => `dynamic([${xs.map(kqlString).join(", ")}])`;

/** The declared policies' results, one row per policy and result, plus totals per policy. */
export function evidenceKql(i: EvidenceQueryInput): string {
  const window = [
    ...(i.from ? [`TimeGenerated >= datetime(${new Date(i.from).toISOString()})`] : []),
    ...(i.to ? [`TimeGenerated < datetime(${new Date(i.to).toISOString()})`] : []),
  ];
  return [
    "let signins = union",
    "    (SigninLogs | project TimeGenerated, UserId, AppDisplayName, ClientAppUsed, Location, Policies = ConditionalAccessPolicies, Interactive = true),",
    "    (AADNonInteractiveUserSignInLogs | project TimeGenerated, UserId, AppDisplayName, ClientAppUsed, Location, Policies = todynamic(ConditionalAccessPolicies), Interactive = false);",
    "signins",
    ...(window.length ? [`| where ${window.join(" and ")}`] : []),
    "| mv-expand Policy = Policies",
    "| extend PolicyName = tostring(Policy.displayName), Result = tostring(Policy.result)",
    `| where PolicyName in (${list(i.policyNames)})`,
    "| summarize SignIns = count(), Users = dcount(UserId), InteractiveSignIns = countif(Interactive), NonInteractiveSignIns = countif(not(Interactive)),",
    "    ReportOnlySuccess = countif(Result == \"reportOnlySuccess\"), ReportOnlyFailure = countif(Result == \"reportOnlyFailure\"),",
    "    ReportOnlyInterrupted = countif(Result == \"reportOnlyInterrupted\"), ReportOnlyNotApplied = countif(Result == \"reportOnlyNotApplied\"),",
    "    Success = countif(Result == \"success\"), Failure = countif(Result == \"failure\"), NotApplied = countif(Result == \"notApplied\"),",
    "    Applications = make_set(AppDisplayName, 50), ClientApps = make_set(ClientAppUsed, 20), Countries = make_set(Location, 50)",
    "    by PolicyName",
    "| order by PolicyName asc",
  ].join("\n");
}
