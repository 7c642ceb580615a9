import { REQUIRED_CATEGORIES } from "../../model/logs/categories";
import { DIAGNOSTIC_SETTING_TYPE, routesOf } from "../framework/resources";
import type { StackRule } from "../framework/types";

interface Config { categories: string[] }

/** CISA SCuBA MS.AAD.4.1 categories (plus managed identity and provisioning) reach a Log Analytics workspace. */
export const requiredLogCategories: StackRule<Config> = {
  kind: "stack",
  name: "required-log-categories",
  description: "Every required Entra log category (CISA MS.AAD.4.1, plus ManagedIdentitySignInLogs and ProvisioningLogs) is routed to a Log Analytics workspace.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { categories: { type: "array", items: { type: "string" }, default: [...REQUIRED_CATEGORIES], description: "Categories that must be routed." } } },
  remediationSteps: "Route the category in guardrails:logs (every required category is routed by default).",
  check(resources, ctx) {
    const routed = new Set(routesOf(resources).map((r) => r.category as string));
    const anchor = resources.find((r) => r.type === DIAGNOSTIC_SETTING_TYPE)?.urn;
    return ctx.config.categories.filter((c) => !routed.has(c)).map((c) => ({ urn: anchor, message: `log category ${c} is not routed to any Log Analytics workspace` }));
  },
};
