/**
 * Writing `guardrails:incident` into a stack config file and removing it again, keeping the rest of
 * the file (comments included) as it was: the yaml Document API edits one key.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse, parseDocument } from "yaml";
import { DEFAULT_MAX_HOURS, incidentFileSchema, type IncidentConfig, type IncidentFile } from "../../model/incident/profile";
import { PROJECT_ROOT, UsageError, writeAtomic } from "../io";

export const INCIDENT_KEY = "guardrails:incident";

/** A profile name (stacks/incident/<name>.yaml) or a path to a profile file. */
export function incidentProfilePath(name: string): string {
  if (name.includes("/") || /\.ya?ml$/.test(name)) return path.resolve(name);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`--profile: '${name}' is not a profile name`);
  return path.join(PROJECT_ROOT, "stacks", "incident", `${name}.yaml`);
}

export function readIncidentFile(file: string): IncidentFile {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${path.relative(process.cwd(), file) || file}: cannot read the incident profile (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split("\n")[0]})`);
  }
  const r = incidentFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${path.relative(process.cwd(), file)}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  return { ...r.data, maxDurationHours: r.data.maxDurationHours ?? DEFAULT_MAX_HOURS };
}

export function writeIncident(stackFile: string, incident: IncidentConfig | undefined): void {
  const doc = parseDocument(readFileSync(stackFile, "utf8"));
  const config = doc.get("config", true) as { has(k: string): boolean; delete(k: string): boolean } | undefined;
  if (!config) throw new UsageError(`${stackFile}: config: missing`);
  if (incident) doc.setIn(["config", INCIDENT_KEY], doc.createNode(incident));
  else config.delete(INCIDENT_KEY);
  writeAtomic(stackFile, doc.toString({ flowCollectionPadding: false }));
}
