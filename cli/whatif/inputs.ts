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
import type { RecordedResource } from "../engine/recordingMonitor";
import { UsageError } from "../io";

/** Largest input file read (a real tenant's policy export is a few MB; `x.json` → /dev/zero is not). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

function readBytes(file: string): Uint8Array {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // A FIFO would block for ever, a device never ends: only regular files are read.
  if (!st.isFile()) throw new UsageError(`${file}: not a regular file`);
  if (st.size > MAX_INPUT_BYTES) throw new UsageError(`${file}: ${st.size} bytes, more than the ${MAX_INPUT_BYTES / 1024 / 1024} MiB an input may have`);
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Every `.json` regular file below a folder, sub-folders included, in a stable order; links to folders are not followed. */
function jsonFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.toLowerCase().endsWith(".json") && (e.isFile() || e.isSymbolicLink())) out.push(full);
    }
  };
  walk(dir);
  return out;
}

export interface ReadOptions {
  /** Go on past a file that cannot be read, listing it in `skipped`. */
  skipInvalid?: boolean;
  skipped?: string[];
  warnings?: string[];
}

/** A JSON file, or every `.json` file below a folder. */
function jsonInputs<T>(p: string, parse: (json: unknown, source: string) => T[], o: ReadOptions): T[] {
  let files = [p];
  try {
    if (statSync(p).isDirectory()) files = jsonFilesBelow(p);
  } catch (e) {
    throw new UsageError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (files.length === 0) throw new UsageError(`${p}: no .json files (sub-folders included)`);
  const out: T[] = [];
  for (const f of files) {
    try {
      out.push(...wrap(() => parse(decodeJson(readBytes(f), f), f)));
    } catch (e) {
      if (!(e instanceof UsageError) || !o.skipInvalid || files.length === 1) throw e;
      o.skipped?.push(e.message);
    }
  }
  if (out.length === 0 && o.skipped?.length) throw new UsageError(`${p}: every file was refused (first: ${o.skipped[0]})`);
  return out;
}

const wrap = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
};

export const policiesFromFiles = (p: string, o: ReadOptions = {}): GraphCaPolicy[] => jsonInputs(p, (json, source) => policiesFromJson(json, source, o.warnings), o);
export const locationsFromFiles = (p: string, o: ReadOptions = {}): NamedLocation[] => jsonInputs(p, locationsFromJson, o);
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
export async function stackPoliciesAndLocations(profile: TenantProfile): Promise<{ policies: GraphCaPolicy[]; locations: NamedLocation[]; resources: RecordedResource[] }> {
  const { runProgram } = require("../engine/run") as typeof import("../engine/run");
  return policiesAndLocationsOf((await runProgram(profile)).resources);
}

/** The Conditional Access policies and named locations a program run registered, in Graph's vocabulary. */
export function policiesAndLocationsOf(resources: RecordedResource[]): { policies: GraphCaPolicy[]; locations: NamedLocation[]; resources: RecordedResource[] } {
  const objectId = (r: { wireOutputs?: Record<string, unknown> }) => String(r.wireOutputs?.objectId ?? "");
  const policies = resources.filter((r) => r.type === CA_POLICY_TYPE)
    .map((r) => ({ id: objectId(r), ...azureadToGraph(r.inputs as unknown as AzureadCaPolicyArgs) }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const locations = resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromAzuread(r.inputs, objectId(r)));
  return { policies, locations, resources };
}
