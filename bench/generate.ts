/**
 * Deterministic generators for benchmarks: a stack config with Entra's maximum of 195
 * Conditional Access policies (entra-facts C.5), built from the prod stack plus custom policies.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { CATALOG } from "../model/catalog";

export const TENANT_POLICY_LIMIT = 195;

export function write195PolicyStack(root: string, outFile: string): void {
  const prod = parse(readFileSync(path.join(root, "stacks", "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, any> };
  const config = prod.config;
  const groups = config["guardrails:directory"].groups as Record<string, string>;
  for (let i = 0; i < 40; i++) groups[`Team-${i}`] = `eeeeeeee-00aa-4000-8000-${String(i).padStart(12, "0")}`;
  const stages = ["off", "reportOnly", "canary", "enforced"] as const;
  const since = { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-17" };
  const custom: Record<string, unknown> = {};
  const rollout = config["guardrails:rollout"].policies as Record<string, unknown>;
  for (let i = 0; i < TENANT_POLICY_LIMIT - CATALOG.length; i++) {
    const key = `generated${i}`;
    custom[key] = {
      displayName: `GEN-${String(i).padStart(3, "0")} generated policy`,
      conditions: {
        users: i % 3 === 0 ? { includeUsers: ["All"], excludeGroups: [`Team-${i % 40}`] } : { includeGroups: [`Team-${i % 40}`, `Team-${(i + 7) % 40}`] },
        applications: { includeApplications: i % 2 === 0 ? ["All"] : ["Office365"] },
        clientAppTypes: i % 5 === 0 ? ["exchangeActiveSync", "other"] : ["all"],
        ...(i % 4 === 0 ? { locations: { includeLocations: ["All"], excludeLocations: ["HQ egress", "AllTrusted"] } } : {}),
        ...(i % 6 === 0 ? { platforms: { includePlatforms: ["android", "iOS"] } } : {}),
        ...(i % 7 === 0 ? { signInRiskLevels: ["high"] } : {}),
      },
      grantControls: i % 5 === 0 ? { operator: "OR", builtInControls: ["block"] } : { operator: i % 2 ? "AND" : "OR", builtInControls: ["mfa", "compliantDevice"] },
    };
    const stage = stages[i % 4];
    rollout[key] = { stage, since: Object.fromEntries(Object.entries(since).slice(0, stages.indexOf(stage))) };
  }
  config["guardrails:customPolicies"] = custom;
  writeFileSync(outFile, stringify(prod));
}
