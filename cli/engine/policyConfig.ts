/**
 * Policy-pack config reconciled as the Pulumi CLI does (pulumi/pulumi `pkg/resource/analyzer/config.go`):
 * per policy, the level from GetAnalyzerInfo and the JSON-schema defaults; then the pack's initial
 * config; then the --policy-pack-config file (an `all` level first, then per-policy levels and
 * properties); then each policy's properties validated against its schema.
 */
import { Validator, type Schema } from "@cfworker/json-schema";
import { UsageError } from "../io";

const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"] as const;
type Level = (typeof LEVEL_NAMES)[number];

export interface PolicyInfo {
  name: string;
  description: string;
  enforcementLevel: Level;
  severity: string;
  schema: { properties: Record<string, { default?: unknown }>; required: string[] };
}

export type ReconciledConfig = Record<string, { enforcementLevel: Level; properties: Record<string, unknown> }>;

const isLevel = (v: unknown): v is Level => typeof v === "string" && (LEVEL_NAMES as readonly string[]).includes(v);

export function reconcilePolicyConfig(
  policies: readonly PolicyInfo[],
  initial: Record<string, { enforcementLevel?: string; properties?: Record<string, unknown> }>,
  file: unknown,
  fileName = "--policy-pack-config",
): ReconciledConfig {
  const out: ReconciledConfig = {};
  for (const p of policies) {
    const defaults: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(p.schema.properties)) if (s.default !== undefined) defaults[k] = s.default;
    out[p.name] = { enforcementLevel: p.enforcementLevel, properties: defaults };
  }
  const apply = (name: string, value: unknown, where: string) => {
    const target = out[name];
    if (!target) throw new UsageError(`${where}: unknown policy '${name}' (known: ${Object.keys(out).join(", ")})`);
    if (typeof value === "string") {
      if (!isLevel(value)) throw new UsageError(`${where}: ${name}: '${value}' is not an enforcement level (${LEVEL_NAMES.join(", ")})`);
      target.enforcementLevel = value;
      return;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new UsageError(`${where}: ${name}: must be an enforcement level or an object`);
    const { enforcementLevel, ...props } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined) {
      if (!isLevel(enforcementLevel)) throw new UsageError(`${where}: ${name}.enforcementLevel: '${String(enforcementLevel)}' is not an enforcement level`);
      target.enforcementLevel = enforcementLevel;
    }
    Object.assign(target.properties, props);
  };
  for (const [name, c] of Object.entries(initial)) apply(name, { ...(c.enforcementLevel ? { enforcementLevel: c.enforcementLevel } : {}), ...c.properties }, "the pack's initial config");
  if (file !== undefined) {
    if (file === null || typeof file !== "object" || Array.isArray(file)) throw new UsageError(`${fileName}: must be a JSON object of policy names`);
    const { all, ...rest } = file as Record<string, unknown>;
    if (all !== undefined) {
      if (!isLevel(all)) throw new UsageError(`${fileName}: all: '${String(all)}' is not an enforcement level`);
      for (const c of Object.values(out)) c.enforcementLevel = all;
    }
    for (const [name, v] of Object.entries(rest)) apply(name, v, fileName);
  }
  for (const p of policies) {
    const schema = withoutFormats({ type: "object", properties: p.schema.properties, required: p.schema.required }) as Schema;
    const result = new Validator(schema, "7", false).validate(out[p.name].properties);
    if (!result.valid) {
      // The deepest error names the property; the ones above it only say "a property does not match".
      const e = result.errors.reduce((a, b) => (b.instanceLocation.length > a.instanceLocation.length ? b : a));
      const where = e.instanceLocation.replace(/^#/, "").split("/").filter(Boolean).map(decodeURIComponent).map((k) => `.${k}`).join("");
      throw new UsageError(`${fileName}: ${p.name}${where}: ${e.error}`);
    }
  }
  return out;
}

/**
 * Formats (date-time) are checked by the rules themselves; gojsonschema in the CLI does not enforce
 * them either, so they are left out of the schema the config is validated against. (The validator
 * interprets the schema instead of generating code for it: ajv's code generation was 70 ms of every
 * plan, issue #15.)
 */
function withoutFormats(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const eachValue = (m: unknown) => (m && typeof m === "object" && !Array.isArray(m) ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, withoutFormats(v)])) : m);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "format") continue;
    if (k === "properties" || k === "patternProperties" || k === "definitions" || k === "$defs") out[k] = eachValue(v);
    else if (k === "anyOf" || k === "oneOf" || k === "allOf" || (k === "items" && Array.isArray(v))) out[k] = (v as unknown[]).map(withoutFormats);
    else if (k === "items" || k === "additionalProperties" || k === "not" || k === "additionalItems" || k === "contains") out[k] = withoutFormats(v);
    else out[k] = v;
  }
  return out;
}
