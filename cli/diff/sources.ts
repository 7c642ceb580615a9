/**
 * The two sides of a diff. Each side brings its resources and the names of the ids it knows, so
 * CA principals, groups, locations and apps are compared and shown by name.
 */
import { readFileSync } from "node:fs";
import { nameIndexFor, type NameIndex } from "../../model/describe";
import { resourceKey, type DiffResource } from "../../model/diff/diff";
import type { TenantProfile } from "../../model/profile/load";
import { toDisplayValue } from "../engine/values";
import type { ProgramRun } from "../engine/run";
import { UsageError } from "../io";

export interface DiffSide {
  label: string;
  resources: DiffResource[];
  /** Lower-cased id → name (directory objects, break-glass accounts, named locations). */
  names: Map<string, string>;
  index: NameIndex;
  /**
   * Lower-cased id of one of the side's own resources (a named location's object id, a workspace's
   * ARM id) → its resource key. References to them are compared as references, because offline ids
   * are the mock's and real state's are Azure's.
   */
  ownIds: Map<string, string>;
}

const NAMED_LOCATIONS_COMPONENT = "guardrails:ca:NamedLocations";

interface IdentifiedResource { urn: string; id?: unknown; objectId?: unknown }

function ownIdsOf(resources: readonly IdentifiedResource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of resources) {
    for (const id of [r.id, r.objectId]) if (typeof id === "string" && id.length > 0) out.set(id.toLowerCase(), resourceKey(r.urn));
  }
  return out;
}

function side(label: string, resources: DiffResource[], index: NameIndex, own: readonly IdentifiedResource[]): DiffSide {
  return { label, resources, names: index.toMap(), index, ownIds: ownIdsOf(own) };
}

/** The offline plan of a profile (the program run under the mock runtime). */
export function planSide(profile: TenantProfile, run: ProgramRun): DiffSide {
  const locationIds = (run.resources.find((r) => r.type === NAMED_LOCATIONS_COMPONENT)?.outputs?.ids ?? {}) as Record<string, string>;
  return side(
    `${profile.stack} (${profile.source})`,
    run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs, protect: r.protect })),
    nameIndexFor(profile, locationIds),
    run.resources.map((r) => ({ urn: r.urn, id: r.id, objectId: r.wireOutputs?.objectId })),
  );
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
export function savedPlanSide(file: string, profile: TenantProfile): DiffSide {
  const plan = readJson(file, "saved plan");
  if (plan?.schemaVersion !== 1 || !Array.isArray(plan.resources)) throw new UsageError(`${file}: schemaVersion: not a guardrails plan (expected schemaVersion 1 with resources[])`);
  const resources = (plan.resources as (DiffResource & IdentifiedResource)[]).filter((r) => r && typeof r.urn === "string" && typeof r.type === "string");
  const locationIds = (resources.find((r) => r.type === NAMED_LOCATIONS_COMPONENT) as { outputs?: { ids?: Record<string, string> } } | undefined)?.outputs?.ids ?? {};
  return side(`saved plan ${file}`, resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs ?? {}, protect: r.protect === true })), nameIndexFor(profile, locationIds), resources);
}

/**
 * Real Pulumi state from `pulumi stack export` (deployment schema v3): state inputs per URN, `__`
 * keys ignored, secrets shown as `[secret]`, the Stack root and providers excluded.
 */
export function exportSide(file: string, profile: TenantProfile): DiffSide {
  const doc = readJson(file, "stack export");
  if (doc?.version !== 3 || !Array.isArray(doc?.deployment?.resources)) throw new UsageError(`${file}: version: not a Pulumi stack export of deployment schema v3 (expected { "version": 3, "deployment": { "resources": [...] } })`);
  const resources: DiffResource[] = [];
  const own: IdentifiedResource[] = [];
  const locationIds: Record<string, string> = {};
  for (const r of doc.deployment.resources as { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; delete?: boolean; protect?: boolean }[]) {
    if (r.delete || typeof r?.urn !== "string") continue;
    const inputs = toDisplayValue(r.inputs ?? {}) as Record<string, unknown>;
    resources.push({ urn: r.urn, type: r.type, name: r.urn.split("::").pop() ?? "", inputs, protect: r.protect === true });
    own.push({ urn: r.urn, id: r.id, objectId: r.outputs?.objectId });
    if (r.type === "azuread:index/namedLocation:NamedLocation" && typeof r.outputs?.objectId === "string") locationIds[String(inputs.displayName)] = r.outputs.objectId;
  }
  return side(`stack export ${file}`, resources, nameIndexFor(profile, locationIds), own);
}
