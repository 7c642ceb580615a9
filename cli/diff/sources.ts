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
import { z } from "zod";
import { hostileShape } from "../../model/own";
import { decodeJson } from "../../model/whatif/decode";
import { UsageError } from "../io";
import { PROJECT } from "../engine/project";

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

function readJson(file: string, what: string): unknown {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let json: unknown;
  try {
    // Windows PowerShell saves `pulumi stack export > state.json` as UTF-16LE with a BOM.
    json = decodeJson(bytes, file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read the ${what}: ${(e as Error).message.replace(`${file}: `, "")}`);
  }
  const hostile = hostileShape(json);
  if (hostile) throw new UsageError(`${file}: ${hostile.path.join(".")}: ${hostile.problem}`);
  return json;
}

const urn = z.string().regex(/^urn:pulumi:[^:]+::[^:]+::[^:]+(:[^:]+)*::.+$/, { message: "must be a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)" });
const planResource = z.looseObject({ urn, type: z.string().min(1), name: z.string(), inputs: z.record(z.string(), z.unknown()).optional(), protect: z.boolean().optional(), id: z.string().optional(), objectId: z.string().optional(), outputs: z.record(z.string(), z.unknown()).optional() });
const savedPlanSchema = z.looseObject({ schemaVersion: z.literal(1, { message: "not a guardrails plan (expected schemaVersion 1 with resources[])" }), project: z.string(), resources: z.array(planResource) });
const exportResource = z.looseObject({ urn, type: z.string().min(1), id: z.string().optional(), inputs: z.record(z.string(), z.unknown()).optional(), outputs: z.record(z.string(), z.unknown()).optional(), delete: z.boolean().optional(), protect: z.boolean().optional() });
const exportSchema = z.looseObject({
  version: z.literal(3, { message: "not a Pulumi stack export of deployment schema v3 (expected { \"version\": 3, \"deployment\": { \"resources\": [...] } })" }),
  deployment: z.looseObject({ resources: z.array(exportResource).default([]) }),
});

function validated<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${file}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return r.data;
}

/** Refuses state or a plan of another Pulumi project: comparing it would report everything, or nothing, as changed. */
function sameProject(file: string, urns: readonly string[], declared?: string): void {
  const projects = new Set([...(declared ? [declared] : []), ...urns.map((u) => u.split("::")[1])]);
  const foreign = [...projects].filter((p) => p !== PROJECT);
  if (foreign.length > 0) throw new UsageError(`${file}: project: '${foreign[0]}' is not ${PROJECT}; compare state and plans of this project only`);
}

/** A plan saved with `guardrails plan --format json`. */
export function savedPlanSide(file: string, profile: TenantProfile): DiffSide {
  const plan = validated(savedPlanSchema, readJson(file, "saved plan"), file);
  sameProject(file, plan.resources.map((r) => r.urn), plan.project);
  const locationIds = (plan.resources.find((r) => r.type === NAMED_LOCATIONS_COMPONENT)?.outputs?.ids ?? {}) as Record<string, string>;
  return side(`saved plan ${file}`, plan.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs ?? {}, protect: r.protect === true })), nameIndexFor(profile, locationIds), plan.resources);
}

/**
 * Real Pulumi state from `pulumi stack export` (deployment schema v3): state inputs per URN, `__`
 * keys ignored, secrets shown as `[secret]`, the Stack root and providers excluded.
 */
/** A `pulumi stack export` file, validated: BOMs read, shape checked, another project refused. */
export function readStateExport(file: string): z.output<typeof exportSchema> {
  const doc = validated(exportSchema, readJson(file, "stack export"), file);
  sameProject(file, doc.deployment.resources.map((r) => r.urn));
  return doc;
}

export function exportSide(file: string, profile: TenantProfile): DiffSide {
  const doc = readStateExport(file);
  const resources: DiffResource[] = [];
  const own: IdentifiedResource[] = [];
  const locationIds: Record<string, string> = {};
  for (const r of doc.deployment.resources) {
    if (r.delete) continue;
    const inputs = toDisplayValue(r.inputs ?? {}) as Record<string, unknown>;
    resources.push({ urn: r.urn, type: r.type, name: r.urn.split("::").pop() ?? "", inputs, protect: r.protect === true });
    own.push({ urn: r.urn, id: r.id, objectId: r.outputs?.objectId });
    if (r.type === "azuread:index/namedLocation:NamedLocation" && typeof r.outputs?.objectId === "string") locationIds[String(inputs.displayName)] = r.outputs.objectId;
  }
  return side(`stack export ${file}`, resources, nameIndexFor(profile, locationIds), own);
}

/** Each resource's object id in a `pulumi stack export`, with its URN and type (drift and evidence match on these). */
export function stateObjectIds(file: string): { urn: string; type: string; objectId: string }[] {
  return readStateExport(file).deployment.resources.flatMap((r) => (typeof r.outputs?.objectId === "string" ? [{ urn: r.urn, type: r.type, objectId: r.outputs.objectId }] : []));
}
