import * as pulumi from "@pulumi/pulumi";
import { alertSpecs } from "../model/alerts/build";
import type { Tier } from "../model/alerts/types";
import { effectiveRoutes } from "../model/logs/routes";
import type { TenantProfile } from "../model/profile/load";
import { configuredBreakGlassIds } from "../model/tenant";
import { RiskAlerts } from "./riskAlerts";
import { SignInLogStreams } from "./signInLogStreams";
import { BreakGlassAccess } from "./breakGlassAccess";
import { ConditionalAccessBaseline } from "./conditionalAccessBaseline";
import { NamedLocations } from "./namedLocations";
import { RolloutEvidenceWorkbook } from "./rolloutEvidenceWorkbook";
import { TriageHuntingQueries } from "./triageHuntingQueries";
import { signInTablesNeedPerTableQueries, signInWorkspaces } from "../model/signins/workbook";
import { declarePolicies } from "../model/tenant";

export interface TenantSecrets {
  /** Initial password for created break-glass accounts (only with `breakGlass.create`). */
  breakGlassPassword?: pulumi.Input<string>;
  /** Webhook URL per alert tier (`guardrails:<tier>WebhookUrl`). */
  webhookUrls?: Partial<Record<Tier, pulumi.Input<string>>>;
}

export interface Tenant {
  breakGlass: BreakGlassAccess;
  namedLocations: NamedLocations;
  conditionalAccess: ConditionalAccessBaseline;
  logStreams: SignInLogStreams;
  alerts: RiskAlerts;
  evidenceWorkbook: RolloutEvidenceWorkbook;
  huntingQueries: TriageHuntingQueries;
}

/**
 * Everything a stack deploys. No import-time side effects: `index.ts` calls it under the real
 * CLI, the offline engine and the tests call it under the mock runtime.
 */
export function createTenant(profile: TenantProfile, secrets: TenantSecrets = {}): Tenant {
  const breakGlass = new BreakGlassAccess("breakglass", {
    breakGlass: profile.breakGlass,
    existing: configuredBreakGlassIds(profile),
    initialPassword: secrets.breakGlassPassword,
    protect: profile.protect,
  });
  const namedLocations = new NamedLocations("locations", { locations: profile.namedLocations, protect: profile.protect });
  const conditionalAccess = new ConditionalAccessBaseline("baseline", {
    profile,
    breakGlass: { userIds: breakGlass.userIds, groupIds: breakGlass.groupIds },
    locationIds: namedLocations.ids,
  });
  const logStreams = new SignInLogStreams("logs", { logs: profile.logs, protect: profile.protect });
  const alerts = new RiskAlerts("alerts", {
    alerts: profile.alerts,
    specs: alertSpecs(profile),
    routes: effectiveRoutes(profile.logs),
    resourceGroupName: logStreams.resourceGroupName,
    location: profile.logs.location,
    workspaceIds: logStreams.workspaceIds,
    webhookUrls: secrets.webhookUrls ?? {},
  });
  const evidenceWorkbook = new RolloutEvidenceWorkbook("evidence", {
    stack: profile.stack,
    queries: {
      policyNames: declarePolicies(profile).map((d) => d.displayName),
      breakGlassUpns: profile.breakGlass.accounts.map((a) => a.userPrincipalName),
      perTable: signInTablesNeedPerTableQueries(profile.logs),
    },
    resourceGroupName: logStreams.resourceGroupName,
    location: profile.logs.location,
    workspaceIds: signInWorkspaces(profile.logs).map((w) => logStreams.workspaceIds[w]),
  });
  // The workspace must exist before a saved search goes into it.
  const huntingQueries = new TriageHuntingQueries("triage", { logs: profile.logs, resourceGroupName: logStreams.resourceGroupName }, { dependsOn: [logStreams] });
  return { breakGlass, namedLocations, conditionalAccess, logStreams, alerts, evidenceWorkbook, huntingQueries };
}
