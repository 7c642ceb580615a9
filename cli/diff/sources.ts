/**
 * The two sides of a diff. Each side brings its resources and the names of the ids it knows, so
 * CA principals, groups, locations and apps are compared and shown by name.
 */
import { readFileSync } from "node:fs";
import { nameIndexFor } from "../../model/describe";
import type { DiffResource } from "../../model/diff/diff";
import type { TenantProfile } from "../../model/profile/load";
import { toDisplayValue } from "../engine/values";
import type { ProgramRun } from "../engine/run";
import { UsageError } from "../io";

export interface DiffSide {
  label: string;
  resources: DiffResource[];
  /** Lower-cased id → name. */
  names: Map<string, string>;
}

const NAMED_LOCATIONS_COMPONENT = "guardrails:ca:NamedLocations";

function profileNames(profile: TenantProfile, locationIds: Record<string, string>): Map<string, string> {
  return nameIndexFor(profile, locationIds).toMap();
}

/** The offline plan of a profile (the program run under the mock runtime). */
export function planSide(profile: TenantProfile, run: ProgramRun): DiffSide {
  const locationIds = (run.resources.find((r) => r.type === NAMED_LOCATIONS_COMPONENT)?.outputs?.ids ?? {}) as Record<string, string>;
  return {
    label: `${profile.stack} (${profile.source})`,
    resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs })),
    names: profileNames(profile, locationIds),
  };
}

function readJson(file: string, what: string): any {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`${file}: cannot read the ${what} (${err.code ?? err.message.split("\n")[0]})`);
  }
}

/** A plan saved with `guardrails plan --format json`. */
export function savedPlanSide(file: string, profile?: TenantProfile): DiffSide {
  const plan = readJson(file, "saved plan");
  if (plan?.schemaVersion !== 1 || !Array.isArray(plan.resources)) throw new UsageError(`${file}: schemaVersion: not a guardrails plan (expected schemaVersion 1 with resources[])`);
  const locationIds = (plan.resources.find((r: { type: string }) => r.type === NAMED_LOCATIONS_COMPONENT)?.outputs?.ids ?? {}) as Record<string, string>;
  const names = profile ? profileNames(profile, locationIds) : new Map(Object.entries(locationIds).map(([n, id]) => [id.toLowerCase(), n]));
  return { label: `saved plan ${file}`, resources: plan.resources, names };
}

/**
 * Real Pulumi state from `pulumi stack export` (deployment schema v3): state inputs per URN, `__`
 * keys ignored, secrets shown as `[secret]`, the Stack root and providers excluded.
 */
export function exportSide(file: string, profile?: TenantProfile): DiffSide {
  const doc = readJson(file, "stack export");
  if (doc?.version !== 3 || !Array.isArray(doc?.deployment?.resources)) throw new UsageError(`${file}: version: not a Pulumi stack export of deployment schema v3 (expected { "version": 3, "deployment": { "resources": [...] } })`);
  const resources: DiffResource[] = [];
  const locationIds: Record<string, string> = {};
  for (const r of doc.deployment.resources as { urn: string; type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; delete?: boolean }[]) {
    if (r.delete) continue;
    const inputs = toDisplayValue(r.inputs ?? {}) as Record<string, unknown>;
    resources.push({ urn: r.urn, type: r.type, name: r.urn.split("::").pop() ?? "", inputs });
    if (r.type === "azuread:index/namedLocation:NamedLocation" && typeof r.outputs?.objectId === "string") locationIds[String(inputs.displayName)] = r.outputs.objectId;
  }
  return { label: `stack export ${file}`, resources, names: profile ? profileNames(profile, locationIds) : new Map(Object.entries(locationIds).map(([n, id]) => [id.toLowerCase(), n])) };
}
