/**
 * Triage's checks as KQL hunting queries over the Entra sign-in tables, for tenants whose logs are
 * too large to export: printed by `guardrails triage --kql` and deployed as saved functions in the
 * log workspace (components/triageHuntingQueries.ts). Type-checked against the shared table schemas
 * in the tests. Where KQL cannot mirror the offline check exactly, the query says how it differs.
 */
import { effectiveRoutes } from "../logs/routes";
import type { LogsConfig } from "../profile/monitoringSchema";
import type { TriageThresholds } from "./triage";
import { DEFAULT_THRESHOLDS } from "./triage";
import { HOSTING_ASNS, MICROSOFT_ASNS } from "./networks";
import { MICROSOFT_OWNER_TENANTS } from "./signals";

export interface HuntingQuery {
  /** Function alias in the workspace (letters and digits). */
  alias: string;
  title: string;
  /** Tables read: a query over a Basic-plan table cannot be saved as a function. */
  tables: ("SigninLogs" | "AADNonInteractiveUserSignInLogs")[];
  query: string;
}

const list = (xs: readonly (string | number)[]) => xs.map((x) => `"${x}"`).join(", ");
/** Credential failures (errorCodes.ts `kind: credential`). */
const FAILED = list([50126, 50053, 50055, 50057, 500121]);

export function huntingQueries(th: TriageThresholds = DEFAULT_THRESHOLDS): HuntingQuery[] {
  const msAsns = list(Object.keys(MICROSOFT_ASNS));
  const hosting = list(Object.keys(HOSTING_ASNS));
  return [
    {
      alias: "GuardrailsTriageSpray", title: "Password spray: one IP failing against many users", tables: ["SigninLogs"],
      query: [
        "SigninLogs",
        `| where ResultType in (${FAILED})`,
        `| summarize Users = dcount(UserPrincipalName), Attempts = count(), First = min(TimeGenerated), Last = max(TimeGenerated), Sample = make_set(UserPrincipalName, 10) by IPAddress, AutonomousSystemNumber, Window = bin(TimeGenerated, ${th.sprayWindowMinutes}m)`,
        `| where Users >= ${th.sprayUsers}`,
        "| order by Users desc",
      ].join("\n"),
    },
    {
      alias: "GuardrailsTriageFailuresThenSuccess", title: "Single-factor success after failed attempts (same user)", tables: ["SigninLogs"],
      query: [
        "// Counts the user's failures in the window before each success (the offline check restarts the count at each success).",
        `let failures = SigninLogs | where ResultType in (${FAILED}) | project UserPrincipalName, FailedAt = TimeGenerated, FailedIp = IPAddress;`,
        "SigninLogs",
        "| where ResultType == \"0\" and AuthenticationRequirement == \"singleFactorAuthentication\"",
        "| project UserPrincipalName, SucceededAt = TimeGenerated, IPAddress, AutonomousSystemNumber, AppDisplayName, UserAgent",
        "| join kind=inner failures on UserPrincipalName",
        `| where FailedAt between ((SucceededAt - ${th.failureWindowHours}h) .. SucceededAt)`,
        "| summarize FailuresBefore = count(), FailedFrom = make_set(FailedIp, 10) by UserPrincipalName, SucceededAt, IPAddress, AutonomousSystemNumber, AppDisplayName, UserAgent",
        `| where FailuresBefore >= ${th.failuresBeforeSuccess}`,
        `| extend HostingAsn = AutonomousSystemNumber in (${hosting}), MicrosoftAsn = AutonomousSystemNumber in (${msAsns})`,
        "| order by SucceededAt desc",
      ].join("\n"),
    },
    {
      alias: "GuardrailsTriageOffHours", title: "Interactive sign-ins outside the user's usual hours, at hours the tenant rarely works", tables: ["SigninLogs"],
      query: [
        "// The user's usual hours are the 5th-95th percentile of their hours (the offline check uses the span of their other sign-ins).",
        "let total = toscalar(SigninLogs | count);",
        "let tenantHours = SigninLogs | summarize N = count() by Hour = hourofday(TimeGenerated) | extend Share = todouble(N) / total;",
        `let usual = SigninLogs | summarize Lo = percentile(hourofday(TimeGenerated), 5), Hi = percentile(hourofday(TimeGenerated), 95), SignIns = count() by UserPrincipalName | where SignIns >= ${th.baselineSignIns};`,
        "SigninLogs",
        "| extend Hour = hourofday(TimeGenerated)",
        "| join kind=inner usual on UserPrincipalName",
        "| join kind=inner tenantHours on Hour",
        "| where (Hour < Lo - 1 or Hour > Hi + 1) and Share < 0.02",
        "| project TimeGenerated, UserPrincipalName, Hour, Lo, Hi, Share, IPAddress, AppDisplayName, ResultType",
      ].join("\n"),
    },
    {
      alias: "GuardrailsTriageImpossibleTravel", title: "Impossible travel between consecutive successful sign-ins", tables: ["SigninLogs"],
      query: [
        "SigninLogs",
        "| where ResultType == \"0\"",
        "| extend Lat = toreal(LocationDetails.geoCoordinates.latitude), Lon = toreal(LocationDetails.geoCoordinates.longitude), City = tostring(LocationDetails.city)",
        "| where isnotnull(Lat) and isnotnull(Lon) and not(Lat == 0 and Lon == 0)",
        "| sort by UserPrincipalName asc, TimeGenerated asc",
        "| extend PrevUser = prev(UserPrincipalName), PrevTime = prev(TimeGenerated), PrevLat = prev(Lat), PrevLon = prev(Lon), PrevCity = prev(City)",
        "| where UserPrincipalName == PrevUser",
        "| extend Km = geo_distance_2points(Lon, Lat, PrevLon, PrevLat) / 1000.0, Hours = max_of(datetime_diff('second', TimeGenerated, PrevTime) / 3600.0, 1.0 / 60)",
        `| where Km >= ${th.travelMinKm} and Km / Hours > ${th.travelKmh}`,
        "| project TimeGenerated, UserPrincipalName, PrevCity, City, Km, KmPerHour = Km / Hours, IPAddress",
      ].join("\n"),
    },
    {
      alias: "GuardrailsTriageLegacyAndHosting", title: "Legacy protocols, hosting-provider addresses and risk signals", tables: ["SigninLogs"],
      query: [
        "SigninLogs",
        "| extend Legacy = isnotempty(ClientAppUsed) and ClientAppUsed !in (\"Browser\", \"Mobile Apps and Desktop clients\")",
        `| extend HostingAsn = AutonomousSystemNumber in (${hosting})`,
        "| extend Risky = RiskLevelDuringSignIn in (\"low\", \"medium\", \"high\") or (isnotempty(RiskEventTypes_V2) and RiskEventTypes_V2 != \"[]\")",
        "| extend OtherIssuer = isnotempty(TokenIssuerType) and TokenIssuerType != \"AzureAD\"",
        "| where Legacy or HostingAsn or Risky or OtherIssuer",
        "| summarize SignIns = count(), Failures = countif(ResultType != \"0\"), Users = dcount(UserPrincipalName) by IPAddress, AutonomousSystemNumber, ClientAppUsed, Legacy, HostingAsn, Risky, OtherIssuer",
        "| order by SignIns desc",
      ].join("\n"),
    },
    {
      alias: "GuardrailsTriageServiceTraffic", title: "Token refreshes: expected Microsoft service traffic versus the rest", tables: ["AADNonInteractiveUserSignInLogs"],
      query: [
        "AADNonInteractiveUserSignInLogs",
        `| extend FirstParty = AppOwnerTenantId in (${list([...MICROSOFT_OWNER_TENANTS])}), MicrosoftAsn = AutonomousSystemNumber in (${msAsns})`,
        "| extend Risky = RiskLevelDuringSignIn in (\"low\", \"medium\", \"high\") or (isnotempty(RiskEventTypes_V2) and RiskEventTypes_V2 != \"[]\")",
        "| summarize SignIns = count(), ExpectedServiceTraffic = countif(FirstParty and MicrosoftAsn and not(Risky)), Risky = countif(Risky), Users = dcount(UserPrincipalName) by AppDisplayName",
        "| order by SignIns desc",
      ].join("\n"),
    },
  ];
}

export function huntingKql(queries: readonly HuntingQuery[]): string {
  return queries.map((q) => `// ${q.title} (function ${q.alias})\n${q.query}`).join("\n\n") + "\n";
}

const CATEGORY_OF_TABLE = { SigninLogs: "SignInLogs", AADNonInteractiveUserSignInLogs: "NonInteractiveUserSignInLogs" } as const;

/**
 * Where each hunting query is saved: the workspace its table is routed to, when that table is on the
 * Analytics plan. Basic-plan queries take one table and no user-defined functions
 * (learn.microsoft.com/azure/azure-monitor/logs/basic-logs-query), so those stay printed only.
 */
export function huntingDeployments(logs: LogsConfig, queries: readonly HuntingQuery[] = huntingQueries()): { deploy: { query: HuntingQuery; workspace: string }[]; skipped: { query: HuntingQuery; reason: string }[] } {
  const routes = effectiveRoutes(logs);
  const deploy: { query: HuntingQuery; workspace: string }[] = [];
  const skipped: { query: HuntingQuery; reason: string }[] = [];
  for (const q of queries) {
    const rs = q.tables.map((t) => routes.find((r) => r.category === CATEGORY_OF_TABLE[t]));
    const missing = q.tables.filter((_t, i) => !rs[i]);
    if (missing.length) { skipped.push({ query: q, reason: `${missing.join(", ")} is not routed to a workspace in this stack` }); continue; }
    const basic = q.tables.filter((_t, i) => rs[i]!.plan !== "Analytics");
    if (basic.length) { skipped.push({ query: q, reason: `${basic.join(", ")} is on the ${rs[0]!.plan} plan, which takes no saved functions` }); continue; }
    const workspaces = new Set(rs.map((r) => r!.workspace));
    if (workspaces.size > 1) { skipped.push({ query: q, reason: `its tables are in different workspaces (${[...workspaces].join(", ")})` }); continue; }
    deploy.push({ query: q, workspace: rs[0]!.workspace });
  }
  return { deploy, skipped };
}
