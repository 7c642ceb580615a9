/** What-if inputs from files (Graph formats) or from a stack's offline plan (what would be deployed). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseYamlInput, YamlInputError } from "../../model/yamlInput";
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE, type AzureadCaPolicyArgs } from "../../model/azuread";
import { azureadToGraph } from "../../model/codec";
import type { GraphCaPolicy } from "../../model/graph";
import type { TenantProfile } from "../../model/profile/load";
import { decodeJson, directoryFromJson, InputError, locationsFromJson, policiesFromJson } from "../../model/whatif/decode";
import { scenarioSchema, type Scenario } from "../../model/whatif/scenario";
import { breakGlassDirectoryUsers, namedLocationFromAzuread } from "../../model/whatif/fromTenant";
import type { Directory, DirectoryUser, NamedLocation } from "../../model/whatif/types";
import { UsageError } from "../io";

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** A JSON file, or every `.json` file of a directory (sorted). */
function jsonInputs(p: string): { source: string; json: unknown }[] {
  let files = [p];
  try {
    if (statSync(p).isDirectory()) files = readdirSync(p).filter((f) => f.toLowerCase().endsWith(".json")).sort().map((f) => path.join(p, f));
  } catch (e) {
    throw new UsageError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (files.length === 0) throw new UsageError(`${p}: no .json files`);
  return files.map((f) => ({ source: f, json: decodeJson(readBytes(f), f) }));
}

const wrap = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
};

export const policiesFromFiles = (p: string): GraphCaPolicy[] => wrap(() => jsonInputs(p).flatMap(({ source, json }) => policiesFromJson(json, source)));
export const locationsFromFiles = (p: string): NamedLocation[] => wrap(() => jsonInputs(p).flatMap(({ source, json }) => locationsFromJson(json, source)));
export const directoryFromFile = (f: string): Directory => wrap(() => directoryFromJson(decodeJson(readBytes(f), f), f));
export const requestFromFile = (f: string): unknown => wrap(() => decodeJson(readBytes(f), f));

export function scenarioFromFile(f: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYamlInput(readFileSync(f, "utf8"));
  } catch (e) {
    if (e instanceof YamlInputError) throw new UsageError(`${f}: ${e.keyPath.length ? `${e.keyPath.join(".")}: ` : ""}${e.message}`);
    throw new UsageError(`${f}: cannot read the scenario (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split("\n")[0]})`);
  }
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${f}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return r.data;
}


/** The stack's directory config as a what-if directory (names only: no memberships but break-glass). */
export function stackDirectory(profile: TenantProfile): Directory {
  const bg = breakGlassDirectoryUsers(profile);
  const bgIds = new Set(bg.map((u) => u.id.toLowerCase()));
  const others = Object.entries(profile.directory.users)
    .filter(([, id]) => !bgIds.has(id.toLowerCase()))
    .map(([upn, id]): DirectoryUser => ({ id, userPrincipalName: upn, userType: "Member", memberOf: [], roles: [] }));
  return { users: [...bg, ...others], groups: Object.entries(profile.directory.groups).map(([displayName, id]) => ({ id, displayName })) };
}

/** Policies and named locations exactly as the stack would deploy them (offline plan; ids are the plan's stand-ins). */
export async function stackPoliciesAndLocations(profile: TenantProfile): Promise<{ policies: GraphCaPolicy[]; locations: NamedLocation[] }> {
  const { runProgram } = require("../engine/run") as typeof import("../engine/run");
  const { resources } = await runProgram(profile);
  const objectId = (r: { wireOutputs?: Record<string, unknown> }) => String(r.wireOutputs?.objectId ?? "");
  const policies = resources.filter((r) => r.type === CA_POLICY_TYPE)
    .map((r) => ({ id: objectId(r), ...azureadToGraph(r.inputs as unknown as AzureadCaPolicyArgs) }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const locations = resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromAzuread(r.inputs, objectId(r)));
  return { policies, locations };
}
