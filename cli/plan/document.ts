/**
 * The plan document: what a stack would deploy, as recorded from the real program under the mock
 * runtime, plus a Conditional Access summary by name. `--format json` prints it as-is; its shape
 * is documented in README ("Plan JSON").
 */
import { CA_POLICY_TYPE, type AzureadCaPolicyArgs } from "../../model/azuread";
import { azureadToGraph } from "../../model/codec";
import { nameIndexFor, summarizePolicy, type PolicySummary } from "../../model/describe";
import type { TenantProfile } from "../../model/profile/load";
import type { Stage } from "../../model/rollout";
import type { PolicyReport } from "../engine/analyzer";
import type { ProgramRun } from "../engine/run";
import { alertsOf, logStreamsOf, type PlanAlert, type PlanLogStream } from "./monitoring";

export const PLAN_SCHEMA_VERSION = 1;

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  parent: string;
  protect: boolean;
  /** Custom resources: the provider id (offline: the mock's); a diff compares references to it as references. */
  id?: string;
  /** Entra objects: the object id other resources reference. */
  objectId?: string;
  dependencies: string[];
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface PlanPolicy extends PolicySummary {
  key: string;
  displayName: string;
  urn: string;
  stage: Stage;
  state: string;
  since: Partial<Record<Stage, string>>;
  canaryGroup?: string;
}

export interface PlanViolation {
  policy: string;
  enforcementLevel: string;
  severity: string;
  message: string;
  urn: string;
  /** The resource's name (empty for stack-wide findings). */
  resource: string;
}

export interface PlanPolicyPack {
  name: string;
  version: string;
  rules: number;
  mandatory: number;
  advisory: number;
  violations: PlanViolation[];
}

export interface PlanIncident {
  ticket: string;
  profile: string;
  reason: string;
  approvedBy: string[];
  startsAt: string;
  expiresAt: string;
  /** One phrase per knob, e.g. `reportOnly: userRiskRemediation`. */
  knobs: string[];
}

function incidentBanner(i: NonNullable<TenantProfile["incident"]>): PlanIncident {
  const knobs = Object.entries(i.changes).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : JSON.stringify(v)}`);
  return { ticket: i.ticket, profile: i.profile, reason: i.reason, approvedBy: i.approvedBy, startsAt: i.startsAt, expiresAt: i.expiresAt, knobs };
}

export interface PlanDocument {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  project: string;
  stack: string;
  tenant: string;
  production: boolean;
  source: string;
  resources: PlanResource[];
  conditionalAccess: PlanPolicy[];
  logStreams: PlanLogStream[];
  alerts: PlanAlert[];
  /** Address ranges whose risk detections the leaked-credential alert ignores (guardrails:alerts.microsoftIpRanges). */
  ignoredIpRanges: string[];
  /** An applied incident relaxation, shown as a banner. */
  incident?: PlanIncident;
  /** Absent with --no-policy-pack. */
  policyPack?: PlanPolicyPack;
  summary: { resources: number; byType: Record<string, number> };
}

const STAGED_TYPE = "guardrails:ca:StagedConditionalAccessPolicy";
const LOCATIONS_TYPE = "guardrails:ca:NamedLocations";

function packSummary(report: PolicyReport): PlanPolicyPack {
  const violations = report.diagnostics
    .map((d) => ({ policy: d.policyName, enforcementLevel: d.enforcementLevel, severity: d.severity, message: d.message, urn: d.urn, resource: d.urn ? d.urn.split("::").pop()! : "" }))
    .sort((a, b) => a.policy.localeCompare(b.policy) || a.resource.localeCompare(b.resource) || a.message.localeCompare(b.message));
  return {
    name: report.packName,
    version: report.packVersion,
    rules: report.policies.length,
    mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
    advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    violations,
  };
}

export function buildPlan(profile: TenantProfile, run: ProgramRun, report?: PolicyReport): PlanDocument {
  const ordered = [...run.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const resources: PlanResource[] = ordered.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    protect: r.protect,
    ...(r.id !== undefined ? { id: r.id } : {}),
    ...(r.custom && typeof r.wireOutputs?.objectId === "string" ? { objectId: r.wireOutputs.objectId } : {}),
    dependencies: r.dependencies,
    inputs: r.inputs,
    ...(r.custom ? {} : { outputs: r.outputs ?? {} }),
  }));
  const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
  const locationIds = (run.resources.find((r) => r.type === LOCATIONS_TYPE)?.outputs?.ids ?? {}) as Record<string, string>;
  const names = nameIndexFor(profile, locationIds);
  const conditionalAccess = ordered
    .filter((r) => r.type === CA_POLICY_TYPE)
    .map((r): PlanPolicy => {
      const graph = azureadToGraph(r.inputs as unknown as AzureadCaPolicyArgs);
      const staged = byUrn.get(r.parent);
      const meta = (staged?.type === STAGED_TYPE ? staged.outputs : undefined) ?? {};
      return {
        key: String(meta.key ?? r.name),
        displayName: graph.displayName,
        urn: r.urn,
        stage: meta.stage as Stage,
        state: graph.state,
        since: (meta.since ?? {}) as Partial<Record<Stage, string>>,
        ...(meta.canaryGroup ? { canaryGroup: String(meta.canaryGroup) } : {}),
        ...summarizePolicy(graph, names),
      };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    project: run.project,
    stack: run.stack,
    tenant: profile.tenant.name,
    production: profile.tenant.production,
    source: profile.source,
    resources,
    conditionalAccess,
    logStreams: logStreamsOf(ordered),
    alerts: alertsOf(ordered),
    ignoredIpRanges: [...profile.alerts.microsoftIpRanges],
    ...(profile.incident ? { incident: incidentBanner(profile.incident) } : {}),
    ...(report ? { policyPack: packSummary(report) } : {}),
    summary: { resources: resources.length, byType },
  };
}
