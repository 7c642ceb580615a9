import { runProgram } from "../../cli/engine/run";
import type { TenantProfile } from "../../model/profile/load";
import { withDefaults, type PackResource, type ResourceRule, type RuleContext, type StackRule } from "../../policies/framework/types";

/** The resources of a real offline plan, as the analyzer presents them (props = inputs / state). */
export async function packResources(profile: TenantProfile): Promise<PackResource[]> {
  const { resources } = await runProgram(profile);
  return resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: structuredClone(r.inputs), protect: r.protect, parent: r.parent }));
}

export const NOW = "2026-11-22T12:00:00Z";

export function context<C>(rule: { configSchema: ResourceRule["configSchema"] }, profile: TenantProfile, config: Record<string, unknown> = {}): RuleContext<C> {
  const c = withDefaults<C & { now?: string }>(rule.configSchema, { now: NOW, ...config });
  return { config: c, profile: () => profile, now: () => new Date(c.now ?? NOW) };
}

export function checkResources(rule: ResourceRule<any>, resources: readonly PackResource[], profile: TenantProfile, config: Record<string, unknown> = {}): string[] {
  const ctx = context(rule, profile, config);
  return resources.filter((r) => rule.types.includes(r.type)).flatMap((r) => rule.check(r, ctx).map((m) => `${r.name}: ${m}`));
}

export function checkStack(rule: StackRule<any>, resources: readonly PackResource[], profile: TenantProfile, config: Record<string, unknown> = {}): string[] {
  return rule.check(resources, context(rule, profile, config)).map((f) => `${f.urn ? f.urn.split("::").pop() : "stack"}: ${f.message}`);
}

export const byName = (resources: PackResource[], name: string, type = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy") =>
  resources.find((r) => r.name === name && r.type === type)!;
