/**
 * Reviewed incident profiles: `stacks/incident/<name>.yaml`, the only source of an incident's limits
 * (maximum duration, knobs). Like `profile/load.ts`, this is the file boundary of the model: the
 * CLI and the policy pack read the same file through it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseYamlInput, YamlInputError } from "../yamlInput";
import { PROJECT_ROOT } from "../paths";
import { ConfigError } from "../profile/load";
import { DEFAULT_MAX_HOURS, incidentFileSchema, type IncidentFile } from "./profile";

const display = (file: string) => path.relative(process.cwd(), file) || file;

/** A profile name (stacks/incident/<name>.yaml) or a path to a profile file. */
export function incidentProfilePath(name: string, root = PROJECT_ROOT): string {
  if (name.includes("/") || /\.ya?ml$/.test(name)) return path.resolve(name);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new ConfigError("--profile", "", `'${name}' is not a profile name`);
  return path.join(root, "stacks", "incident", `${name}.yaml`);
}

export function readIncidentFile(file: string): IncidentFile {
  let raw: unknown;
  try {
    raw = parseYamlInput(readFileSync(file, "utf8"));
  } catch (e) {
    if (e instanceof YamlInputError) throw new ConfigError(display(file), e.keyPath.join("."), e.message);
    throw new ConfigError(display(file), "", `cannot read the incident profile (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split("\n")[0]})`);
  }
  const r = incidentFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ConfigError(display(file), i.path.join(".") || "(root)", i.message);
  }
  return { ...r.data, maxDurationHours: r.data.maxDurationHours ?? DEFAULT_MAX_HOURS };
}

/** The reviewed profile an applied incident names, or why it cannot be read (for `incidentProblems`). */
export function reviewedProfileOf(profileName: string, root = PROJECT_ROOT): { file: string; profile?: IncidentFile; error?: string } {
  let file = `stacks/incident/${profileName}.yaml`;
  try {
    file = incidentProfilePath(profileName, root);
    return { file: path.relative(root, file) || file, profile: readIncidentFile(file) };
  } catch (e) {
    // Named from the project root: the CLI and the pack (which runs in policies/) say the same.
    return { file: path.relative(root, file) || file, error: e instanceof ConfigError ? e.detail : String(e) };
  }
}
