/**
 * The KQL twin of `guardrails evidence`: the same figures computed where the logs are, for tenants
 * whose sign-ins are too many to export. One query per figure group, separated by blank lines (Log
 * Analytics runs the block under the cursor; the workbook runs each as its own item). Both tables are
 * read, the non-interactive one's `ConditionalAccessPolicies` string parsed (signin-logs.md); each leg
 * is projected to one shape first so the union does not split columns by type. The definitions
 * mirror model/signins/evidence.ts: "applied" excludes the same results, rates use the same
 * denominator (all sign-ins carrying the policy), top lists break ties by name. Replay has no twin:
 * it is our evaluator, not a figure the logs hold. Type-checked against the table schemas in the tests.
 */
import { kqlString } from "../alerts/types";
import { NOT_APPLIED_RESULTS } from "./evidence";

export interface EvidenceQueryInput {
  policyNames: readonly string[];
  breakGlassUpns?: readonly string[];
  from?: string;
  to?: string;
  /**
   * One query per table instead of their union: a Basic-plan table accepts only single-table queries
   * (entra-facts.md, "Basic"), and the kit's default puts AADNonInteractiveUserSignInLogs on Basic.
   */
  perTable?: boolean;
}

export const SIGNIN_TABLES = ["SigninLogs", "AADNonInteractiveUserSignInLogs"] as const;
type Table = (typeof SIGNIN_TABLES)[number];

export interface EvidenceQuery {
  name: string;
  title: string;
  query: string;
}

const list = (xs: Iterable<string>) => `dynamic([${[...xs].map(kqlString).join(", ")}])`;

const LEGS: Record<Table, string> = {
  SigninLogs: "SigninLogs | project TimeGenerated, UserId, UserPrincipalName, App = coalesce(AppDisplayName, AppId), ClientAppUsed, Location, ResultType, Policies = ConditionalAccessPolicies, Interactive = true",
  AADNonInteractiveUserSignInLogs: "AADNonInteractiveUserSignInLogs | project TimeGenerated, UserId, UserPrincipalName, App = coalesce(AppDisplayName, AppId), ClientAppUsed, Location, ResultType, Policies = todynamic(ConditionalAccessPolicies), Interactive = false",
};

/** Both sign-in tables in one shape (their union, or one table), windowed, as a `let` statement. */
function signins(i: EvidenceQueryInput, table?: Table): string[] {
  const window = [
    ...(i.from ? [`TimeGenerated >= datetime(${new Date(i.from).toISOString()})`] : []),
    ...(i.to ? [`TimeGenerated < datetime(${new Date(i.to).toISOString()})`] : []),
  ];
  return [
    ...(table ? [`let signins = ${LEGS[table]}`] : ["let signins = union", `    (${LEGS.SigninLogs}),`, `    (${LEGS.AADNonInteractiveUserSignInLogs})`]),
    ...(window.length ? [`    | where ${window.join(" and ")}`] : []),
    "    ;",
  ];
}

/** Each sign-in's result for each declared policy, with whether the policy applied. */
function policyRows(i: EvidenceQueryInput, table?: Table): string[] {
  return [
    ...signins(i, table),
    "let rows = signins",
    "    | mv-expand Policy = Policies",
    "    | extend PolicyName = tostring(Policy.displayName), Result = tostring(Policy.result)",
    `    | where PolicyName in (${list(i.policyNames)})`,
    `    | extend Applied = Result !in (${list(NOT_APPLIED_RESULTS)});`,
  ];
}

const RESULTS = ["reportOnlySuccess", "reportOnlyFailure", "reportOnlyInterrupted", "reportOnlyNotApplied", "success", "failure", "notApplied", "notEnabled"];
const column = (r: string) => r[0].toUpperCase() + r.slice(1);

export function evidenceQueries(i: EvidenceQueryInput): EvidenceQuery[] {
  if (!i.perTable) return queriesFor(i);
  return SIGNIN_TABLES.flatMap((t) => queriesFor(i, t).map((q) => ({ name: `${q.name}-${t}`, title: `${q.title} (${t} only)`, query: q.query })));
}

function queriesFor(i: EvidenceQueryInput, table?: Table): EvidenceQuery[] {
  const queries: EvidenceQuery[] = [
    {
      name: "totals",
      title: "Sign-ins read: interactive and non-interactive",
      query: [...signins(i, table), "signins", "| summarize SignIns = count(), Interactive = countif(Interactive), NonInteractive = countif(not(Interactive))"].join("\n"),
    },
    {
      name: "policies",
      title: "Per policy: results, applied, users, rates",
      query: [
        ...policyRows(i, table),
        "rows",
        "| summarize SignIns = count(), Applied = countif(Applied), Users = count_distinctif(tolower(UserId), Applied),",
        "    Interactive = countif(Applied and Interactive), NonInteractive = countif(Applied and not(Interactive)), NonInteractiveSignIns = countif(not(Interactive)),",
        ...RESULTS.map((r) => `    ${column(r)} = countif(Result == ${kqlString(r)}),`),
        "    Failures = countif(Result in (\"failure\", \"reportOnlyFailure\")), Interruptions = countif(Result == \"reportOnlyInterrupted\")",
        "    by PolicyName",
        "| extend FailureRate = round(todouble(Failures) / SignIns, 4), InterruptionRate = round(todouble(Interruptions) / SignIns, 4), NonInteractiveShare = round(todouble(NonInteractiveSignIns) / SignIns, 4)",
        "| order by PolicyName asc",
      ].join("\n"),
    },
    ...(["App", "ClientAppUsed", "Location"] as const).map((c) => ({
      name: `top-${c}`,
      title: `Per policy: top ${c === "App" ? "applications" : c === "ClientAppUsed" ? "client apps" : "countries"} where the policy applied`,
      query: [
        ...policyRows(i, table),
        "rows",
        `| where Applied and isnotempty(${c})`,
        `| summarize N = count() by PolicyName, ${c}`,
        `| order by PolicyName asc, N desc, ${c} asc`,
        "| extend Rank = row_number(1, prev(PolicyName) != PolicyName)",
        "| where Rank <= 5",
      ].join("\n"),
    })),
  ];
  if (i.breakGlassUpns?.length) {
    queries.push({
      name: "break-glass",
      title: "Break-glass sign-ins",
      query: [...signins(i, table), "signins", `| where tolower(UserPrincipalName) in (${list(i.breakGlassUpns.map((u) => u.toLowerCase()))})`,
        "| summarize SignIns = count(), Failed = countif(ResultType != \"0\") by UserPrincipalName, UserId", "| order by UserPrincipalName asc"].join("\n"),
    });
  }
  return queries;
}

/** All queries as one text for the Log Analytics editor: a comment line names each, blank lines separate them. */
export function evidenceKql(i: EvidenceQueryInput): string {
  return evidenceQueries(i).map((q) => `// ${q.title}\n${q.query}`).join("\n\n");
}
