import type { GraphCaPolicy } from "../graph";

/**
 * What a catalog definition may use. References are names from the stack's directory and
 * named locations (resolved to object ids later) or Graph keywords such as `All`.
 */
export interface CatalogContext {
  /** Role names from `guardrails:directory.roles` that count as administrators. */
  adminRoles: readonly string[];
  /** Name of the named location that lists the allowed countries. */
  allowedCountriesLocation: string;
  /** Risk levels at or above this policy's threshold (`low`/`medium`/`high`). */
  riskLevels: readonly string[];
}

export interface CatalogPolicy {
  /** Stable logical key: the Pulumi resource name and the key under `guardrails:rollout.policies`. */
  key: string;
  /** Three-digit number shown in the display name (`GR-001 ...`). */
  number: string;
  title: string;
  /** Emergency relaxation may never touch this policy (admin protection, legacy-auth block). */
  neverRelax?: boolean;
  /** Which risk threshold of the stack applies; absent for policies without a risk condition. */
  risk?: "userRisk" | "signInRisk";
  /** The policy in Graph shape; `state` is set later by the rollout stage. */
  build(ctx: CatalogContext): Omit<GraphCaPolicy, "displayName" | "state">;
}

export function displayNameOf(p: CatalogPolicy): string {
  return `GR-${p.number} ${p.title}`;
}
