/**
 * Stack config → typed tenant profile. The same function validates a `stacks/Pulumi.<stack>.yaml`
 * read offline and the config the real Pulumi CLI hands the program, so both fail the same way:
 * one line naming the file and the key path.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { hostileShape } from "../own";
import { parseYamlInput, YamlInputError } from "../yamlInput";
import type { z } from "zod";
import { applyIncidentToConfig } from "../incident/profile";
import { relaxableTenant } from "../incident/relaxable";
import { CONFIG_KEYS, crossChecks, profileSchema, SECRET_KEYS, type ProfileConfig } from "./schema";

export const NAMESPACE = "guardrails";

export class ConfigError extends Error {
  constructor(readonly file: string, readonly key: string, readonly detail: string) {
    super(`${file}: ${key ? `${key}: ` : ""}${detail}`);
    this.name = "ConfigError";
  }
}

export interface TenantProfile extends ProfileConfig {
  stack: string;
  /** Where the config came from, for messages (a file path, or "stack config" under the CLI). */
  source: string;
  protect: boolean;
  /** Secret keys (`guardrails:<name>`) present in the config; their values are never kept here. */
  secretKeys: string[];
  /** Policies an applied incident puts in report-only for now (their rollout history is unchanged). */
  incidentReportOnly: string[];
  /** User-risk policies an applied incident switches from block to MFA + password change for now. */
  incidentRemediate: string[];
  /**
   * The whole stack config as the Pulumi CLI hands it to programs and policy packs (`PULUMI_CONFIG`):
   * `namespace:key` → string, structured values as JSON, secrets as `[secret]` (never decrypted here).
   * Present when loaded from a file.
   */
  flatConfig?: Record<string, string>;
}

/** `["breakGlass","accounts",0,"objectId"]` → `guardrails:breakGlass.accounts[0].objectId`. */
export function formatKeyPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return "";
  const [head, ...rest] = segments;
  let out = `${NAMESPACE}:${String(head)}`;
  for (const s of rest) out += typeof s === "number" ? `[${s}]` : `.${String(s)}`;
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code === "unrecognized_keys") {
    return { path: issue.path, message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}` };
  }
  // zod 4 does not keep the input on issues; a missing key reads "received undefined".
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return { path: issue.path, message: "is required" };
  return { path: issue.path, message: issue.message };
}

const isSecureValue = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && "secure" in (v as object);

/**
 * Validates the `guardrails:*` entries of a stack config map (keys with the namespace, values
 * parsed). `secretsDecrypted` is true under the real CLI, which hands secrets over as plaintext;
 * a config file must hold them encrypted (`{ secure: ... }`).
 */
export function parseProfile(config: Record<string, unknown>, source: string, stack: string, secretsDecrypted = false): TenantProfile {
  const hostile = hostileShape(config);
  if (hostile) throw new ConfigError(source, formatKeyPath(hostile.path.map((k, i) => (i === 0 ? String(k).replace(`${NAMESPACE}:`, "") : k))), hostile.problem);
  const ours: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const known = [...Object.keys(CONFIG_KEYS), ...SECRET_KEYS];
  for (const [key, value] of Object.entries(config)) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    const name = key.slice(NAMESPACE.length + 1);
    if ((SECRET_KEYS as readonly string[]).includes(name)) {
      if (!secretsDecrypted && !isSecureValue(value)) throw new ConfigError(source, key, `must be a secret: pulumi config set --secret ${key}`);
      secretKeys.add(name);
      continue;
    }
    if (!Object.hasOwn(CONFIG_KEYS, name)) throw new ConfigError(source, key, `unknown key (known: ${known.map((k) => `${NAMESPACE}:${k}`).join(", ")})`);
    if (isSecureValue(value)) throw new ConfigError(source, key, "must not be a secret value");
    ours[name] = value;
  }
  const parsed = profileSchema.safeParse(ours);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(describeIssue);
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    throw new ConfigError(source, formatKeyPath(first.path), first.message + more);
  }
  const cross = crossChecks(parsed.data, secretKeys);
  if (cross.length > 0) {
    const more = cross.length > 1 ? ` (and ${cross.length - 1} more problem${cross.length > 2 ? "s" : ""})` : "";
    throw new ConfigError(source, formatKeyPath(cross[0].path), cross[0].message + more);
  }
  // An applied incident overlays its whitelisted knobs; anything else in it is left for the pack to refuse.
  const effective = parsed.data.incident
    ? applyIncidentToConfig(parsed.data, parsed.data.incident, relaxableTenant(parsed.data))
    : { ...parsed.data, incidentReportOnly: [] as string[], incidentRemediate: [] as string[] };
  return { ...effective, stack, source, protect: parsed.data.protect ?? parsed.data.tenant.production, secretKeys: [...secretKeys] };
}

/** The `config:` map of a Pulumi stack config file. */
export function readStackConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, "", `cannot read the stack config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseStackConfigText(text, file);
}

/** The `config:` map of a stack config file's text (`file` names it in errors). */
export function parseStackConfigText(text: string, file: string): Record<string, unknown> {
  let root: unknown;
  try {
    root = parseYamlInput(text);
  } catch (e) {
    if (!(e instanceof YamlInputError)) throw e;
    const key = e.keyPath.length > 1 && e.keyPath[0] === "config" ? String(e.keyPath[1]) + e.keyPath.slice(2).map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("") : e.keyPath.join(".");
    throw new ConfigError(file, key, e.line !== undefined ? `invalid YAML at line ${e.line}: ${e.detail.replace(/^invalid YAML: /, "")}` : e.detail);
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) throw new ConfigError(file, "", "must be a YAML mapping with a `config:` key");
  const config = (root as Record<string, unknown>).config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) throw new ConfigError(file, "config", "must be a mapping of `namespace:key` entries");
  return config as Record<string, unknown>;
}

/** Reads a Pulumi stack config file (`config:` map, as `pulumi --config-file` takes); `extra` entries are added on top. */
export function loadProfileFile(file: string, stack = stackNameFromFile(file), extra: Record<string, unknown> = {}): TenantProfile {
  return profileFromConfig({ ...readStackConfig(file), ...extra }, file, stack);
}

/** A stack config file's text, validated exactly as `loadProfileFile` would read it once written. */
export function loadProfileText(text: string, file: string, stack = stackNameFromFile(file)): TenantProfile {
  return profileFromConfig(parseStackConfigText(text, file), file, stack);
}

function profileFromConfig(config: Record<string, unknown>, file: string, stack: string): TenantProfile {
  const profile = parseProfile(config, file, stack);
  profile.flatConfig = Object.fromEntries(Object.entries(config as Record<string, unknown>).map(([k, v]) => [
    k,
    isSecureValue(v) ? "[secret]" : typeof v === "string" ? v : JSON.stringify(v),
  ]));
  return profile;
}

export function stackConfigPath(projectRoot: string, stack: string): string {
  return path.join(projectRoot, "stacks", `Pulumi.${stack}.yaml`);
}

export function stackNameFromFile(file: string): string {
  const m = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
  return m ? m[1] : path.basename(file).replace(/\.ya?ml$/, "");
}
