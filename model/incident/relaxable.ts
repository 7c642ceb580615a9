import { deployedCatalog } from "../catalog";
import type { ProfileConfig } from "../profile/schema";
import type { RelaxableTenant } from "./profile";

/** Which policies an incident may touch: every catalog and custom policy not marked neverRelax. */
export function relaxableTenant(p: Pick<ProfileConfig, "customPolicies" | "rollout">): RelaxableTenant {
  const custom = Object.entries(p.customPolicies);
  const CATALOG = deployedCatalog(p.rollout);
  return {
    policyKeys: [...CATALOG.map((c) => c.key), ...custom.map(([k]) => k)],
    neverRelax: new Set([...CATALOG.filter((c) => c.neverRelax).map((c) => c.key), ...custom.filter(([, c]) => c.neverRelax).map(([k]) => k)]),
    riskBased: new Set(CATALOG.filter((c) => c.risk).map((c) => c.key)),
    userRisk: new Set([
      ...CATALOG.filter((c) => c.risk === "userRisk").map((c) => c.key),
      ...custom.filter(([, c]) => (c.conditions.userRiskLevels ?? []).length > 0).map(([k]) => k),
    ]),
  };
}
