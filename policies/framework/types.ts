/**
 * The shape of a rule: metadata kept in one place plus a pure check over plain resources and the
 * tenant model. No @pulumi/policy types here, so rules are unit-testable without a pack.
 */
import type { TenantProfile } from "../../model/profile/load";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical";

/** A JSON-schema property with a default, as `configSchema.properties` holds. */
export interface ConfigProperty {
  type: "string" | "number" | "integer" | "boolean" | "array" | "object";
  description: string;
  default?: unknown;
  enum?: unknown[];
  items?: { type: string; enum?: unknown[] };
  minimum?: number;
  maximum?: number;
  format?: string;
}

export interface RuleMeta {
  /** kebab-case; the name in --policy-pack-config files. */
  name: string;
  description: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  configSchema: { properties: Record<string, ConfigProperty> };
  remediationSteps: string;
}

/** A resource as the analyzer presents it (`args.props` / `PolicyResource`). */
export interface PackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  protect: boolean;
  parent?: string;
}

export interface RuleContext<C> {
  config: C;
  /** The stack's tenant profile, parsed from the stack config the CLI passes to the pack. Throws when unavailable. */
  profile(): TenantProfile;
  now(): Date;
}

export interface Finding {
  message: string;
  /** The resource it is about (stack rules). */
  urn?: string;
}

export interface ResourceRule<C = Record<string, unknown>> extends RuleMeta {
  kind: "resource";
  /** Resource type tokens the rule applies to. */
  types: readonly string[];
  check(resource: PackResource, ctx: RuleContext<C>): string[];
}

export interface StackRule<C = Record<string, unknown>> extends RuleMeta {
  kind: "stack";
  check(resources: readonly PackResource[], ctx: RuleContext<C>): Finding[];
}

export type GuardrailRule = ResourceRule<any> | StackRule<any>;

/** Schema defaults, then the given config (the SDK passes config without defaults; the CLI fills them). */
export function withDefaults<C>(schema: RuleMeta["configSchema"], given: Record<string, unknown>): C {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties)) if (p.default !== undefined) out[k] = p.default;
  return { ...out, ...given } as C;
}

/** Every date rule takes `now` so tests and reviews can pin the clock. */
export const NOW_PROPERTY: ConfigProperty = {
  type: "string",
  format: "date-time",
  description: "Evaluate dates as of this ISO date-time instead of the current time (pins the clock for tests and reviews).",
};
